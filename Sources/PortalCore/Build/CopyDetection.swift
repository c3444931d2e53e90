/// 内容雷同: sections 五 (problems) and 六 (other matters) that repeat, nearly word for word, an earlier year
/// of the same agency or another agency's report.
///
/// Each section becomes a set of hashed 8-character shingles of its normalised text (only CJK, letters and
/// digits; a run of digits counts as one `0`, so a copied text with its years updated still matches). A
/// fixed quarter of the shingle space is kept (hash-based sampling: the same shingle is kept in every
/// section, so shares stay unbiased). Candidate pairs come only from shingles two sections share, through
/// an inverted index built by sorting (hash, section) keys — never from all pairs — so the cost grows with
/// the amount of text. A shingle found in more than `postingCap` sections is boilerplate and ignored.
public enum CopyDetection {
    public static let rule = "copy-paste"

    public struct Options: Sendable {
        public var shingleLength = 8
        /// Sections shorter than this (normalised characters) are too short to call copied.
        public var minimumLength = 60
        /// A shingle is kept when `hash & sampleMask == 0`: 3 keeps a quarter.
        public var sampleMask: UInt64 = 3
        /// Sections with fewer kept shingles than this give too noisy a share.
        public var minimumShingles = 5
        /// Shingles shared by more sections than this are boilerplate (无其他需要报告的事项 and the like).
        public var postingCap = 100
        /// Share of a section's shingles found in the other section, from which it counts as copied.
        public var threshold = 0.8
        public init() {}
    }

    public static let sectionsCompared: [SectionKey] = [.problems, .otherMatters]

    /// One section found in another report.
    public struct Match: Sendable, Equatable {
        public var source: String
        public var section: SectionKey
        public var other: String
        public var share: Double
        /// Further reports the section is also found in (beyond `other`).
        public var alsoIn: Int
    }

    /// Copy-paste checks keyed by the source of the report that repeats the text.
    public static func checks(_ agencies: [Agency], options: Options = Options()) -> [String: [Check]] {
        let reports = agencies.flatMap(\.reports).sorted { $0.source < $1.source }
        var bySource: [String: Report] = [:]
        for r in reports { bySource[r.source] = r }
        var out: [String: [Check]] = [:]
        for m in matches(reports, options: options) {
            guard let r = bySource[m.source], let other = bySource[m.other] else { continue }
            out[m.source, default: []].append(check(m, report: r, other: other))
        }
        return out
    }

    static func check(_ m: Match, report: Report, other: Report) -> Check {
        let sameAgency = report.agency != nil && report.agency == other.agency
        let year = other.year.map { "\($0) 年" } ?? "年度不明的"
        let whose = sameAgency ? "本机关 \(year)报告" : "「\(other.agency?.name ?? other.printedAgency ?? other.source)」\(year)报告"
        var message = "「\(m.section.heading)」与\(whose)（\(other.source)）几乎逐字相同：\(Int((m.share * 100).rounded(.down)))% 的文字重复"
        if m.alsoIn > 0 { message += "；另有 \(m.alsoIn) 份报告的该部分与之雷同" }
        let share = (m.share * 100).rounded(.down) / 100
        return Check(rule: rule, severity: m.section == .problems ? .warning : .notice,
                     cells: ["sections.\(m.section.rawValue)"], expected: nil, found: share,
                     message: message, line: report.sections[m.section]?.line, related: other.source)
    }

    /// The best match of every repeated section, ordered by source then section. A text is charged to the
    /// later report when years differ; in the same year (or when a year is unknown) both are named.
    public static func matches(_ reports: [Report], options: Options = Options()) -> [Match] {
        var out: [Match] = []
        for section in sectionsCompared {
            var docs: [Int] = []          // doc → report index
            var sizes: [Int32] = []       // doc → kept shingles
            var postings: [UInt64] = []   // high 40 bits of the shingle hash | doc (24 bits)
            var buffer: [UInt64] = []
            for (index, report) in reports.enumerated() {
                guard let markdown = report.sections[section]?.markdown else { continue }
                shingles(of: markdown, options: options, into: &buffer)
                guard buffer.count >= options.minimumShingles, docs.count < (1 << 24) else { continue }
                let doc = UInt64(docs.count)
                docs.append(index)
                sizes.append(Int32(buffer.count))
                for h in buffer { postings.append(h | doc) }
            }
            guard docs.count > 1 else { continue }
            postings.sort()

            // Pairs of docs that share a shingle, one key per shared shingle: (a << 32) | b, a < b.
            var pairs: [UInt64] = []
            var start = 0
            let docMask: UInt64 = (1 << 24) - 1
            while start < postings.count {
                var end = start + 1
                while end < postings.count && postings[end] & ~docMask == postings[start] & ~docMask { end += 1 }
                let size = end - start
                if size >= 2 && size <= options.postingCap {
                    for i in start..<(end - 1) {
                        let a = postings[i] & docMask
                        for j in (i + 1)..<end { pairs.append(a << 32 | (postings[j] & docMask)) }
                    }
                }
                start = end
            }
            pairs.sort()

            // Shared counts → shares; keep each doc's best match.
            var best: [Int: (other: Int, share: Double, count: Int)] = [:]
            func consider(_ doc: Int, _ other: Int, _ share: Double) {
                guard share >= options.threshold else { return }
                let a = reports[docs[doc]], b = reports[docs[other]]
                if let ya = a.year, let yb = b.year, yb > ya { return }  // the later report repeats, not the earlier
                guard let current = best[doc] else { best[doc] = (other, share, 1); return }
                let better = preferred(share, b, over: current.share, reports[docs[current.other]], for: a)
                best[doc] = better ? (other, share, current.count + 1) : (current.other, current.share, current.count + 1)
            }
            var i = 0
            while i < pairs.count {
                var j = i + 1
                while j < pairs.count && pairs[j] == pairs[i] { j += 1 }
                let a = Int(pairs[i] >> 32), b = Int(pairs[i] & 0xFFFF_FFFF)
                let shared = Double(j - i)
                consider(a, b, shared / Double(sizes[a]))
                consider(b, a, shared / Double(sizes[b]))
                i = j
            }
            for (doc, m) in best {
                out.append(Match(source: reports[docs[doc]].source, section: section,
                                 other: reports[docs[m.other]].source, share: min(1, m.share), alsoIn: m.count - 1))
            }
        }
        let order = Dictionary(uniqueKeysWithValues: sectionsCompared.enumerated().map { ($1, $0) })
        return out.sorted { ($0.source, order[$0.section]!) < ($1.source, order[$1.section]!) }
    }

    /// Which of two matches to name: the higher share; then the agency's own earlier report (the usual
    /// case of a text carried over from last year), the nearest year first; then the smaller source path.
    static func preferred(_ share: Double, _ candidate: Report, over currentShare: Double, _ current: Report,
                          for report: Report) -> Bool {
        if share != currentShare { return share > currentShare }
        let ownCandidate = report.agency != nil && candidate.agency == report.agency
        let ownCurrent = report.agency != nil && current.agency == report.agency
        if ownCandidate != ownCurrent { return ownCandidate }
        let yc = candidate.year ?? Int.min, yk = current.year ?? Int.min
        if yc != yk { return yc > yk }
        return candidate.source < current.source
    }

    /// The kept shingle hashes of a text (high 40 bits, sorted, unique) into `out`.
    static func shingles(of markdown: String, options: Options, into out: inout [UInt64]) {
        out.removeAll(keepingCapacity: true)
        let text = normalized(markdown)
        let k = options.shingleLength
        guard text.count >= max(options.minimumLength, k) else { return }
        // Polynomial rolling hash, then a 64-bit finaliser so that low bits (sampling) and high bits
        // (the index key) are independent.
        let base: UInt64 = 1_000_003
        var power: UInt64 = 1
        for _ in 1..<k { power = power &* base }
        var h: UInt64 = 0
        for i in 0..<k { h = h &* base &+ UInt64(text[i]) }
        var i = 0
        while true {
            let mixed = mix(h)
            if mixed & options.sampleMask == 0 { out.append(mixed & 0xFFFF_FFFF_FF00_0000) }
            if i + k >= text.count { break }
            h = (h &- UInt64(text[i]) &* power) &* base &+ UInt64(text[i + k])
            i += 1
        }
        out.sort()
        var unique = 0
        for v in out where unique == 0 || out[unique - 1] != v { out[unique] = v; unique += 1 }
        out.removeLast(out.count - unique)
    }

    /// CJK characters, ASCII letters (lower-cased) and digits (a run as one `0`); everything else —
    /// punctuation, spaces, Markdown escapes — dropped, so layout and punctuation changes do not hide a copy.
    static func normalized(_ markdown: String) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(markdown.utf8.count / 3 + 8)
        var lastWasDigit = false
        for u in markdown.unicodeScalars {
            var v = u.value
            if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }   // full-width ASCII
            if v >= 0x30 && v <= 0x39 {
                if !lastWasDigit { out.append(0x30) }
                lastWasDigit = true
                continue
            }
            lastWasDigit = false
            if v >= 0x41 && v <= 0x5A { out.append(v + 0x20) }
            else if v >= 0x61 && v <= 0x7A { out.append(v) }
            else if (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) { out.append(v) }
        }
        return out
    }

    /// splitmix64's finaliser.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
