/// The ways a run of glued digits (`801000081`) can be cut back into the numbers of adjacent cells.
///
/// A number has no leading zero unless it is 0; a decimal point stays inside one number and only where
/// the cell holds money; a space the source kept between digits is a certain cut. Nothing here chooses
/// among the ways: callers keep a split only when it is the only one, or the only one the arithmetic
/// rules allow.
struct DigitSplitter {
    /// The digits and decimal points of the run, as ASCII bytes.
    let bytes: [UInt8]
    /// Offsets in `bytes` where the source separated the digits (a space): every split cuts there.
    let forcedCuts: Set<Int>
    /// Parts longer than this are not counts a report states (a billion applications); bounds the search.
    var maxPartLength = 9
    /// Stop after this many results; a run with more is not going to be certain.
    var limit = 20_000

    /// Reads a run: ASCII or full-width digits, `.`/`．` decimal points; spaces become forced cuts.
    init?(_ text: String) {
        var bytes: [UInt8] = []
        var cuts = Set<Int>()
        var pendingSpace = false
        for u in text.unicodeScalars {
            switch u.value {
            case 0x30...0x39: bytes.append(UInt8(u.value)); if pendingSpace { cuts.insert(bytes.count - 1) }; pendingSpace = false
            case 0xFF10...0xFF19: bytes.append(UInt8(u.value - 0xFF10 + 0x30)); if pendingSpace { cuts.insert(bytes.count - 1) }; pendingSpace = false
            case 0x2E, 0xFF0E: bytes.append(0x2E); pendingSpace = false
            default:
                if TextNormalization.isSpace(u) { pendingSpace = !bytes.isEmpty } else { return nil }
            }
        }
        guard !bytes.isEmpty else { return nil }
        self.bytes = bytes
        self.forcedCuts = cuts
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The number bytes[a..<b] states, or nil when that is not how a cell writes a number.
    func number(_ a: Int, _ b: Int, decimal: Bool) -> Double? {
        guard b > a, b - a <= maxPartLength + (decimal ? 8 : 0) else { return nil }
        for c in forcedCuts where c > a && c < b { return nil }
        let part = bytes[a..<b]
        guard part.first != 0x2E, part.last != 0x2E else { return nil }
        let dots = part.filter { $0 == 0x2E }.count
        if dots > (decimal ? 1 : 0) { return nil }
        let integerPart = part.prefix { $0 != 0x2E }
        if integerPart.count > 1 && integerPart.first == 0x30 { return nil }  // no leading zeros
        if integerPart.count > maxPartLength { return nil }
        return Double(String(decoding: part, as: UTF8.self))
    }

    /// Every split into `count` numbers that `check` accepts; `check` sees each prefix of parts as it
    /// grows (so a rule can prune early) and must return true for the parts so far to go on.
    /// `decimal(i)` says whether part i may hold a decimal point.
    func splits(count: Int, decimal: (Int) -> Bool = { _ in false },
                check: ([Double]) -> Bool = { _ in true }) -> (splits: [[Double]], complete: Bool) {
        var out: [[Double]] = []
        var parts: [Double] = []
        parts.reserveCapacity(count)
        var complete = true
        func walk(_ start: Int) {
            if out.count >= limit { complete = false; return }
            let remaining = count - parts.count
            if remaining == 0 {
                if start == bytes.count { out.append(parts) }
                return
            }
            if remaining == 1 {
                guard let n = number(start, bytes.count, decimal: decimal(parts.count)) else { return }
                parts.append(n)
                if check(parts) { out.append(parts) }
                parts.removeLast()
                return
            }
            // Each remaining part needs at least one byte.
            let maxEnd = bytes.count - (remaining - 1)
            guard start < maxEnd else { return }
            for end in (start + 1)...maxEnd {
                if end - start > maxPartLength + 9 { break }
                guard let n = number(start, end, decimal: decimal(parts.count)) else { continue }
                parts.append(n)
                if check(parts) { walk(end) }
                parts.removeLast()
            }
        }
        walk(0)
        return (out, complete)
    }

    /// How many ways the digits split into `count` valid numbers at all, counting no further than 2:
    /// 1 means the digits alone are certain, whatever the rules say.
    func waysToSplit(count: Int, decimal: (Int) -> Bool = { _ in false }) -> Int {
        var s = self
        s.limit = 2
        return s.splits(count: count, decimal: decimal).splits.count
    }
}
