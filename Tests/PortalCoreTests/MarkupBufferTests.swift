import XCTest
@testable import PortalCore

/// MarkupBuffer's appenders write exactly what the String helpers they replace return.
final class MarkupBufferTests: XCTestCase {
    static let samples: [String] = [
        "", "plain", "中文，全角。", "<&>\"'", "a\"\u{301}b '\u{301}", "\u{0}\u{1}\u{8}\t\n\r\u{B}\u{1B}\u{1F}\u{7F}",
        "\u{FFFE}\u{FFFF}\u{FFFD}\u{FEFF}\u{EFBF}", "\u{202E}rtl\u{202A}\u{2066}\u{2069}\u{200E}\u{200F}\u{61C}", "\u{2028}\u{2029}\u{85}",
        "emoji 👩‍👩‍👧 🇨🇳", "\u{D7FF}\u{E000}\u{10FFFF}", "ؠ\u{600}x", "—–…“”",
    ]

    /// Random strings from the characters escaping cares about and their neighbours.
    static var randomSamples: [String] {
        var rng = SplitMix64(seed: 7)
        let pool: [Unicode.Scalar] = ["a", " ", "<", ">", "&", "\"", "'", "\u{0}", "\u{9}", "\u{A}", "\u{D}", "\u{1F}", "\u{7F}", "\u{80}",
                                      "\u{301}", "\u{61C}", "\u{200E}", "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{2070}", "\u{FFFD}",
                                      "\u{FFFE}", "\u{FFFF}", "\u{FEFF}", "中", "\u{1F600}", "\u{E2}", "\u{D8}"]
        return (0..<500).map { _ in
            var s = String.UnicodeScalarView()
            for _ in 0..<Int(rng.next() % 12) { s.append(pool[Int(rng.next() % UInt64(pool.count))]) }
            return String(s)
        }
    }

    func written(_ f: (inout MarkupBuffer) -> Void) -> String {
        var b = MarkupBuffer()
        f(&b)
        return b.string
    }

    func testEscapersMatchTheStringHelpers() {
        for s in Self.samples + Self.randomSamples {
            XCTAssertEqual(written { $0.append(escaping: s) }, HTML.escape(s), s.debugDescription)
            XCTAssertEqual(written { $0.append(text: s) }, HTML.text(s), s.debugDescription)
            XCTAssertEqual(written { $0.append(svgEscaping: s) }, SVGText.escape(s), s.debugDescription)
        }
    }

    /// The byte test for bidi controls agrees with the scalar test, wherever in the text they sit.
    func testBidiByteTestMatchesScalarTest() {
        let controls: [Unicode.Scalar] = ["\u{61C}", "\u{200E}", "\u{200F}", "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}"]
        let near: [Unicode.Scalar] = ["\u{61B}", "\u{61D}", "\u{200D}", "\u{2010}", "\u{2029}", "\u{202F}", "\u{2065}", "\u{206A}", "\u{201C}", "\u{D8}", "\u{E2}"]
        var cases = Self.samples + Self.randomSamples
        for c in controls + near { cases += [String(c), "a" + String(c), String(c) + "a", "中文“引号”" + String(c) + "。"] }
        for s in cases {
            var t = s
            XCTAssertEqual(t.withUTF8(HTML.containsBidiControl), s.unicodeScalars.contains(where: HTML.isBidiControl), s.debugDescription)
        }
    }

    func testNumbersMatchTheStringHelpers() {
        var rng = SplitMix64(seed: 11)
        var values: [Double] = [0, -0.0, 1, -1, 9, 10, 99, 100, 0.05, 0.04, -0.05, 0.15, 12.25, -12.25, 1e14, 1e15, -1e15, 1e16, 1.5e300,
                                .nan, .infinity, -.infinity, 123_456_789, 0.1 + 0.2, 2.5, -2.5, 7.0000001]
        for _ in 0..<2000 { values.append(Double(Int64(bitPattern: rng.next()) % 2_000_000) / Double(1 + rng.next() % 1000)) }
        for v in values {
            if v.isFinite && abs(v) < 1e17 { XCTAssertEqual(written { $0.append(svgNumber: v) }, SVGText.num(v), "\(v)") }
            if !v.isNaN { XCTAssertEqual(written { $0.append(number: v) }, formatNumber(v), "\(v)") }
        }
        for n in [0, 1, -1, 9, 10, -10, 1234567890, Int.max, Int.min] { XCTAssertEqual(written { $0.append(int: n) }, String(n)) }
    }

    /// Its own storage behaves as a value: a copy is independent; growth and insertion keep every byte.
    func testStorageIsAValueAndGrows() {
        var a = MarkupBuffer(capacity: 1)
        for i in 0..<1000 { a.append(int: i) }
        var b = a
        b.append("x")
        XCTAssertEqual(a.count + 1, b.count)
        XCTAssertEqual(a.string, (0..<1000).map(String.init).joined())
        XCTAssertEqual(b.string, a.string + "x")
        var c = MarkupBuffer()
        c.append("a\nb")
        c.insert(Array("  ".utf8), at: 2)
        XCTAssertEqual(c.string, "a\n  b")
        XCTAssertEqual(c.bytes, Array("a\n  b".utf8))
    }
}
