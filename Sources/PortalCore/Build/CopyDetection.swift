import Foundation

/// 内容雷同: sections 五 (problems) and 六 (other matters) that repeat, nearly word for word, an earlier year
/// of the same agency or another agency's report.
///
/// Each section becomes a set of hashed 8-character shingles of its normalised text (only CJK, letters and
/// digits; a run of digits counts as one `0`, so a copied text with its years updated still matches). A
/// fixed quarter of the shingle space is kept (hash-based sampling: the same shingle is kept in every
/// section, so shares stay unbiased). Candidate pairs come only from shingles two sections share, through
/// an inverted index built by radix-sorting (hash, section) keys — never from all pairs — and only from the
/// rarest part of each section (a prefix filter, exact for the threshold), so the cost grows with the
/// amount of text. A shingle found in more than `postingCap` sections is boilerplate and ignored.
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
        let meta = reports.map { Meta(source: $0.source, year: $0.year, agency: $0.agency?.name) }
        // Each section compared is an index of its own, made one after the other: side by side, two
        // indexes of 100,000 reports' shingles took 0.4 GB more at once.
        let out = sectionsCompared.map { section -> [Match] in
            let shingled = shingleAll(reports, section: section, options: options)
            let docs = shingled.docs
            var postings = shingled.postings
            guard docs.count > 1 else { return [] }
            sortByShingle(&postings)
            let index = InvertedIndex(sortedPostings: postings, documents: docs.count, cap: options.postingCap)
            let docMeta = docs.map { meta[$0] }
            let best = bestMatches(index, sizes: index.sizes, meta: docMeta, threshold: options.threshold)
            return best.enumerated().compactMap { doc, m in
                m.map { Match(source: docMeta[doc].source, section: section, other: docMeta[Int($0.other)].source,
                              share: min(1, $0.share), alsoIn: Int($0.count) - 1) }
            }
        }.flatMap { $0 }
        let order = Dictionary(uniqueKeysWithValues: sectionsCompared.enumerated().map { ($1, $0) })
        return out.sorted { ($0.source, order[$0.section]!) < ($1.source, order[$1.section]!) }
    }

    struct Meta { var source: String; var year: Int?; var agency: String? }

    /// Shingle → documents (only shingles in 2…cap documents), and document → its shingles, both as
    /// flat arrays with offsets (no per-shingle allocation). Shingles are numbered rarest first, so each
    /// document's list, sorted by number, starts with its rarest shingles: what the prefix filter reads.
    struct InvertedIndex {
        var groupStart: [Int32] = [0]   // group g's documents: groupDocs[groupStart[g]..<groupStart[g + 1]]
        var groupDocs: [Int32] = []
        var docStart: [Int32]           // document d's groups, ascending: docGroups[docStart[d]..<docStart[d + 1]]
        var docGroups: [Int32]
        /// Distinct kept shingles of each document (the denominator of its share).
        var sizes: [Int32]

        init(sortedPostings postings: [UInt64], documents: Int, cap: Int) {
            let docMask: UInt64 = (1 << 24) - 1
            sizes = [Int32](repeating: 0, count: documents)
            // Pass 1: the shared shingles' member lists, in hash order.
            var rawStart: [Int32] = [0]
            var rawDocs: [Int32] = []
            var members: [Int32] = []
            var start = 0
            while start < postings.count {
                var end = start + 1
                while end < postings.count && postings[end] & ~docMask == postings[start] & ~docMask { end += 1 }
                // A shingle repeated inside one document counts once (equal keys sit side by side).
                members.removeAll(keepingCapacity: true)
                for i in start..<end where i == start || postings[i] != postings[i - 1] {
                    let d = Int32(truncatingIfNeeded: postings[i] & docMask)
                    members.append(d)
                    sizes[Int(d)] += 1
                }
                if members.count >= 2 && members.count <= cap {
                    rawDocs += members
                    rawStart.append(Int32(rawDocs.count))
                }
                start = end
            }
            // Pass 2: renumber the groups by size (a counting sort, stable), rarest first.
            let groups = rawStart.count - 1
            var bySize = [Int](repeating: 0, count: cap + 2)
            for g in 0..<groups { bySize[Int(rawStart[g + 1] - rawStart[g]) + 1] += 1 }
            for i in 1..<bySize.count { bySize[i] += bySize[i - 1] }
            var order = [Int32](repeating: 0, count: groups)
            for g in 0..<groups {
                let size = Int(rawStart[g + 1] - rawStart[g])
                order[bySize[size]] = Int32(g)
                bySize[size] += 1
            }
            groupDocs.reserveCapacity(rawDocs.count)
            var perDoc = [Int32](repeating: 0, count: documents + 1)
            for old in order {
                for i in Int(rawStart[Int(old)])..<Int(rawStart[Int(old) + 1]) {
                    groupDocs.append(rawDocs[i])
                    perDoc[Int(rawDocs[i]) + 1] += 1
                }
                groupStart.append(Int32(groupDocs.count))
            }
            // Pass 3: document → groups, filled in group order so each list is ascending.
            for d in 0..<documents { perDoc[d + 1] += perDoc[d] }
            docStart = perDoc
            docGroups = [Int32](repeating: 0, count: Int(perDoc[documents]))
            var fill = perDoc
            for g in 0..<groups {
                for i in Int(groupStart[g])..<Int(groupStart[g + 1]) {
                    let d = Int(groupDocs[i])
                    docGroups[Int(fill[d])] = Int32(g)
                    fill[d] += 1
                }
            }
        }

        /// Shared groups of two documents: a merge of their ascending lists.
        func overlap(_ a: Int, _ b: Int) -> Int {
            var i = Int(docStart[a]), j = Int(docStart[b])
            let ea = Int(docStart[a + 1]), eb = Int(docStart[b + 1])
            var shared = 0
            while i < ea && j < eb {
                let x = docGroups[i], y = docGroups[j]
                if x == y { shared += 1; i += 1; j += 1 } else if x < y { i += 1 } else { j += 1 }
            }
            return shared
        }
    }

    /// For every document, its best match among the documents holding at least `threshold` of its shingles.
    ///
    /// Prefix filter: a document B that holds ⌈t·|A|⌉ of A's shingles must hold one of A's first
    /// |shared(A)| − ⌈t·|A|⌉ + 1 shingles in any fixed order. Read rarest first, that prefix names few
    /// candidates, and each is verified exactly by merging two sorted lists. Nothing that passes the
    /// threshold is missed; the common shingles that make all-pairs counting slow are never walked.
    static func bestMatches(_ index: InvertedIndex, sizes: [Int32], meta: [Meta], threshold: Double)
        -> [(other: Int32, share: Double, count: Int32)?] {
        let n = sizes.count
        var best = [(other: Int32, share: Double, count: Int32)?](repeating: nil, count: n)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, n / 256 + 1))
        best.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var seen = [Bool](repeating: false, count: n)
                var candidates: [Int32] = []
                for a in stride(from: w, to: n, by: workers) {
                    let size = Int(sizes[a])
                    let required = minimumShared(size: size, threshold: threshold)
                    let listed = Int(index.docStart[a + 1] - index.docStart[a])
                    let prefix = listed - required + 1
                    guard size > 0, prefix > 0 else { continue }
                    for gi in Int(index.docStart[a])..<(Int(index.docStart[a]) + prefix) {
                        let g = Int(index.docGroups[gi])
                        for i in Int(index.groupStart[g])..<Int(index.groupStart[g + 1]) {
                            let b = Int(index.groupDocs[i])
                            if b != a && !seen[b] { seen[b] = true; candidates.append(Int32(b)) }
                        }
                    }
                    var found: (other: Int32, share: Double, count: Int32)?
                    for b32 in candidates {
                        let b = Int(b32)
                        seen[b] = false
                        // The later report repeats the earlier one, not the other way round.
                        if let ya = meta[a].year, let yb = meta[b].year, yb > ya { continue }
                        let shared = index.overlap(a, b)
                        guard shared >= required else { continue }
                        let share = Double(shared) / Double(size)
                        guard let current = found else { found = (b32, share, 1); continue }
                        let better = preferred(share, meta[b], over: current.share, meta[Int(current.other)], for: meta[a])
                        found = better ? (b32, share, current.count + 1) : (current.other, current.share, current.count + 1)
                    }
                    candidates.removeAll(keepingCapacity: true)
                    (base + a).pointee = found
                }
            }
        }
        return best
    }

    /// The fewest shared shingles that make `shared / size >= threshold`, computed as the comparison is made.
    static func minimumShared(size: Int, threshold: Double) -> Int {
        var r = Int((threshold * Double(size)).rounded(.up))
        while r > 0 && Double(r - 1) / Double(size) >= threshold { r -= 1 }
        while Double(r) / Double(size) < threshold { r += 1 }
        return r
    }

    /// Which of two matches to name: the higher share; then the agency's own earlier report (the usual
    /// case of a text carried over from last year), the nearest year first; then the smaller source path.
    static func preferred(_ share: Double, _ candidate: Meta, over currentShare: Double, _ current: Meta,
                          for report: Meta) -> Bool {
        if share != currentShare { return share > currentShare }
        let ownCandidate = report.agency != nil && candidate.agency == report.agency
        let ownCurrent = report.agency != nil && current.agency == report.agency
        if ownCandidate != ownCurrent { return ownCandidate }
        let yc = candidate.year ?? Int.min, yk = current.year ?? Int.min
        if yc != yk { return yc > yk }
        return candidate.source < current.source
    }

    /// Sorts postings by their shingle (the high 40 bits), keeping the order of documents within a shingle:
    /// a stable LSD radix sort, five byte passes, several times faster than a comparison sort here.
    static func sortByShingle(_ a: inout [UInt64]) {
        var other = [UInt64](repeating: 0, count: a.count)
        var counts = [Int](repeating: 0, count: 257)
        for shift in stride(from: UInt64(24), to: 64, by: 8) {
            for i in counts.indices { counts[i] = 0 }
            a.withUnsafeBufferPointer { src in
                other.withUnsafeMutableBufferPointer { dst in
                    for v in src { counts[Int((v >> shift) & 0xFF) + 1] += 1 }
                    for i in 1..<257 { counts[i] += counts[i - 1] }
                    for v in src {
                        let b = Int((v >> shift) & 0xFF)
                        dst[counts[b]] = v
                        counts[b] += 1
                    }
                }
            }
            swap(&a, &other)
        }
    }

    /// The kept shingle hashes of a text (high 40 bits; a shingle may repeat) into `out`.
    /// Every section's shingles as postings (high 40 bits of the hash | document number), documents
    /// numbered in report order. Shingling is most of the work; chunks of reports run on all cores.
    static func shingleAll(_ reports: [Report], section: SectionKey, options: Options) -> (docs: [Int], postings: [UInt64]) {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, reports.count / 512 + 1))
        let chunk = (reports.count + workers - 1) / workers
        var parts = [(docs: [Int], postings: [UInt64])](repeating: ([], []), count: workers)
        parts.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var docs: [Int] = []
                var postings: [UInt64] = []
                var buffer: [UInt64] = []
                var text: [UInt32] = []
                for index in (w * chunk)..<min(reports.count, (w + 1) * chunk) {
                    guard let markdown = reports[index].sections[section]?.markdown else { continue }
                    shingles(of: markdown, options: options, text: &text, into: &buffer)
                    guard buffer.count >= options.minimumShingles else { continue }
                    let doc = UInt64(docs.count)   // local; offset when the chunks are joined
                    docs.append(index)
                    for h in buffer { postings.append(h | doc) }
                }
                (base + w).pointee = (docs, postings)
            }
        }
        var docs: [Int] = []
        var postings: [UInt64] = []
        postings.reserveCapacity(parts.reduce(0) { $0 + $1.postings.count })
        for part in parts {
            let offset = UInt64(docs.count)
            guard offset + UInt64(part.docs.count) < (1 << 24) else { break }  // 16M sections: beyond any corpus
            docs += part.docs
            for p in part.postings { postings.append(p + offset) }
        }
        return (docs, postings)
    }

    static func shingles(of markdown: String, options: Options, into out: inout [UInt64]) {
        var text: [UInt32] = []
        shingles(of: markdown, options: options, text: &text, into: &out)
    }

    static func shingles(of markdown: String, options: Options, text: inout [UInt32], into out: inout [UInt64]) {
        out.removeAll(keepingCapacity: true)
        normalize(markdown, into: &text)
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
    }

    /// CJK characters, ASCII letters (lower-cased) and digits (a run as one `0`); everything else —
    /// punctuation, spaces, Markdown escapes — dropped, so layout and punctuation changes do not hide a copy.
    static func normalized(_ markdown: String) -> [UInt32] {
        var out: [UInt32] = []
        normalize(markdown, into: &out)
        return out
    }

    static func normalize(_ markdown: String, into out: inout [UInt32]) {
        out.removeAll(keepingCapacity: true)
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
    }

    /// splitmix64's finaliser.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
