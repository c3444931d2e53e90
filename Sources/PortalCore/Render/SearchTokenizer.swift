/// How search text becomes tokens. `site-templates/assets/search.js` implements the very same rules
/// (`tokenize` there); `SearchIndexTests` writes cases into the JS test fixture so the two cannot drift.
///
/// Rules (version 1):
/// 1. Fold each scalar: full-width ASCII (U+FF01–FF5E) → ASCII, U+3000 → space, A–Z → a–z,
///    À–Þ (not ×) → à–þ. Nothing else is case-folded (JS and Swift agree on these exactly).
/// 2. Han characters (U+3400–4DBF, U+4E00–9FFF, U+F900–FAFF, U+20000–323AF, 〇) form runs; every pair
///    of neighbours in a run is a token (bigrams): 卫生健康局 → 卫生 生健 健康 康局, so any two-character
///    piece of a name is found. Single Han characters are not indexed: their postings would be as long
///    as the corpus and say little; a one-character query gets a hint to type two.
/// 3. Word characters (0–9, a–z, ß–ÿ except ÷, U+0100–024F) form words; a word of two or more
///    characters is one token (years such as 2023, Latin names). Single letters and digits are dropped.
/// 4. Everything else (punctuation, spaces, other scripts) separates tokens.
public enum SearchTokenizer {
    public static let version = 1

    /// The distinct tokens of `text`, in order of first appearance.
    public static func tokens(_ text: String) -> [String] {
        struct Collect: TokenSink {
            var seen = Set<String>()
            var out: [String] = []
            mutating func add(_ t: String) { if seen.insert(t).inserted { out.append(t) } }
            mutating func bigram(_ a: UInt32, _ b: UInt32) { add(SearchTokenizer.string([a, b])) }
            mutating func word(_ w: [UInt32]) { add(SearchTokenizer.string(w)) }
        }
        var sink = Collect()
        scan(text, into: &sink)
        return sink.out
    }

    static func string(_ scalars: [UInt32]) -> String {
        var s = String.UnicodeScalarView()
        for c in scalars { s.append(Unicode.Scalar(c) ?? "\u{FFFD}") }
        return String(s)
    }

    @inline(__always) static func fold(_ scalar: UInt32) -> UInt32 {
        var c = scalar
        if c >= 0xFF01 && c <= 0xFF5E { c -= 0xFEE0 }  // then lower-cased below: Ｇ → G → g
        switch c {
        case 0x3000: return 0x20
        case 0x41...0x5A: return c + 0x20
        case 0xC0...0xDE where c != 0xD7: return c + 0x20
        default: return c
        }
    }

    @inline(__always) static func isHan(_ c: UInt32) -> Bool {
        (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF)
            || (c >= 0x20000 && c <= 0x323AF) || c == 0x3007
    }

    /// Applies to folded scalars.
    @inline(__always) static func isWord(_ c: UInt32) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || (c >= 0xDF && c <= 0xFF && c != 0xF7) || (c >= 0x100 && c <= 0x24F)
    }

    /// Visits every token occurrence: Han bigrams as two scalar values, words as their folded scalars
    /// (a reused buffer). No String is made per token: this is the hot path of indexing 10k reports.
    static func scan<Sink: TokenSink>(_ text: String, into sink: inout Sink) {
        var text = text
        text.withUTF8 { bytes in
            var previousHan: UInt32 = 0
            var word: [UInt32] = []
            word.reserveCapacity(32)
            var i = 0
            let n = bytes.count
            while i < n {
                // Decode one scalar (Swift strings hold valid UTF-8).
                let b0 = UInt32(bytes[i])
                var u: UInt32
                if b0 < 0x80 {
                    u = b0; i += 1
                } else if b0 < 0xE0 {
                    u = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F); i += 2
                } else if b0 < 0xF0 {
                    u = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F); i += 3
                } else {
                    u = (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                        | UInt32(bytes[i + 3] & 0x3F)
                    i += 4
                }
                let c = fold(u)
                if isHan(c) {
                    if !word.isEmpty { if word.count >= 2 { sink.word(word) }; word.removeAll(keepingCapacity: true) }
                    if previousHan != 0 { sink.bigram(previousHan, c) }
                    previousHan = c
                } else if isWord(c) {
                    previousHan = 0
                    word.append(c)
                } else {
                    previousHan = 0
                    if !word.isEmpty { if word.count >= 2 { sink.word(word) }; word.removeAll(keepingCapacity: true) }
                }
            }
            if word.count >= 2 { sink.word(word) }
        }
    }

    /// FNV-1a (32 bit) of the token's UTF-8: the shard a token's postings live in. Stable across runs
    /// and platforms (unlike Swift's `hashValue`), and the same in search.js.
    public static func fnv1a(_ token: String) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for b in token.utf8 { h ^= UInt32(b); h = h &* 16_777_619 }
        return h
    }
}

/// Receives the tokens `SearchTokenizer.scan` finds.
protocol TokenSink {
    mutating func bigram(_ a: UInt32, _ b: UInt32)
    mutating func word(_ scalars: [UInt32])
}
