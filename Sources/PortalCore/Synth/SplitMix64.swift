/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast PRNG whose sequence depends only on its seed, so a
/// synthesized corpus is the same on every machine and run (Swift's own hashing is seeded per process).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// An independent stream for item `index` of a seeded whole: each agency gets its own, so agencies can be
    /// generated in any order (or in parallel) and still come out the same.
    public init(seed: UInt64, stream index: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (index &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next() ^ index
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `range` (Lemire's multiply-shift; the tiny bias is irrelevant for test data).
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        let r = next().multipliedFullWidth(by: span).high
        return range.lowerBound + Int(r)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    public mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// `count` distinct items in random order (or all of them when there are fewer).
    public mutating func sample<T>(_ items: [T], _ count: Int) -> [T] {
        var pool = items
        var out: [T] = []
        while out.count < count && !pool.isEmpty { out.append(pool.remove(at: int(0...(pool.count - 1)))) }
        return out
    }

    /// Log-uniform between `low` and `high` (≥ 1): many small agencies, a few very busy ones.
    public mutating func logUniform(_ low: Double, _ high: Double) -> Double {
        low * exp2Approx(logApprox(high / low) / 0.6931471805599453 * unit())
    }

    /// Splits `total` into parts by `weights`: proportional shares, the remainder given out one by one at
    /// random, so the parts always add up exactly (the synthesizer's arithmetic must hold).
    public mutating func split(_ total: Int, weights: [Double]) -> [Int] {
        guard total > 0 else { return Array(repeating: 0, count: weights.count) }
        let sum = weights.reduce(0, +)
        var parts = weights.map { Int((Double(total) * $0 / sum * (0.6 + 0.8 * unit())).rounded(.down)) }
        // Scale back down when the jitter overshot.
        while parts.reduce(0, +) > total {
            let i = int(0...(parts.count - 1))
            if parts[i] > 0 { parts[i] -= 1 }
        }
        var left = total - parts.reduce(0, +)
        while left > 0 {
            // Hand the rest out by weight.
            var r = unit() * sum
            var i = 0
            while i < weights.count - 1 && r >= weights[i] { r -= weights[i]; i += 1 }
            parts[i] += 1
            left -= 1
        }
        return parts
    }
}

/// Plain-Swift exp2/log without Foundation, so the generator stays pure and portable; accuracy far beyond
/// what the magnitudes of test data need.
private func exp2Approx(_ x: Double) -> Double {
    let whole = x.rounded(.down)
    let frac = x - whole
    // e^(frac·ln2) by its series: frac ∈ [0, 1).
    let y = frac * 0.6931471805599453
    var term = 1.0, sum = 1.0
    for n in 1...20 { term *= y / Double(n); sum += term }
    return sum * Double(sign: .plus, exponent: Int(whole), significand: 1)
}

private func logApprox(_ x: Double) -> Double {
    precondition(x > 0)
    // x = m · 2^e with m ∈ [1, 2); ln m by atanh series.
    let e = x.exponent
    let m = x.significand
    let t = (m - 1) / (m + 1)
    var sum = 0.0, power = t
    var n = 1.0
    while n < 60 { sum += power / n; power *= t * t; n += 2 }
    return 2 * sum + Double(e) * 0.6931471805599453
}
