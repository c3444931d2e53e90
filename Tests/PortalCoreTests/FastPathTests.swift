import Foundation
import XCTest
@testable import PortalCore

/// The load stage's fast paths give exactly the answers of the general code they stand in for.
final class FastPathTests: XCTestCase {
    static let plainRanges: [ClosedRange<UInt32>] = [0x00...0x0C, 0x0E...0x7F, 0xA0...0xBF, 0xD7...0xD7, 0xF7...0xF7,
        0x2010...0x2027, 0x2030...0x205E, 0x2460...0x24FF, 0x25A0...0x25FF,
        0x3000...0x3029, 0x3030...0x303F, 0x4E00...0x9FFF, 0xFF01...0xFF5E]

    /// Every plain scalar is a Character of its own next to any other plain scalar and has no decomposition.
    func testPlainScalarsAreCharactersOfTheirOwn() {
        var plain = 0
        for v in UInt32(0)...0xFFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            let inRanges = Self.plainRanges.contains { $0.contains(v) } && v != 0xAD
            XCTAssertEqual(isPlainScalar(v), inRanges, "U+\(String(v, radix: 16))")
            guard isPlainScalar(v) else { continue }
            plain += 1
            let s = String(u)
            for neighbour in ["a", "中", "\n", "\t", "，", s] {
                XCTAssertEqual((neighbour + s).count, 2, "U+\(String(v, radix: 16)) after \(neighbour.unicodeScalars.first!.value)")
                XCTAssertEqual((s + neighbour).count, 2, "U+\(String(v, radix: 16)) before \(neighbour.unicodeScalars.first!.value)")
            }
            XCTAssertEqual(Array(s.decomposedStringWithCanonicalMapping.unicodeScalars), [u], "U+\(String(v, radix: 16)) decomposes")
            XCTAssertEqual(Array(s.precomposedStringWithCanonicalMapping.unicodeScalars), [u], "U+\(String(v, radix: 16)) composes")
            XCTAssertEqual(Character(u).isWhitespace, u.properties.isWhitespace)
        }
        XCTAssertGreaterThan(plain, 21_000)
        XCTAssertFalse("e\u{301}".isPlainText)
        XCTAssertFalse("a\r\nb".isPlainText)
        XCTAssertTrue("一、总体情况（2023年）".isPlainText)
    }

    /// Cells of every shape: the quick reading agrees with the general one.
    func testCellQuickShapeAgreesWithGeneralReading() {
        var cells = ["", " ", "\t", " \n ", "\r\n", "0", "7", "12", "007", "123456789012345", "1234567890123456", " 12", "12 ",
                     "1 2", "1,330", "12.5", "-3", "１２", "无", " 无", "无\u{200E}", "自然人", " 自然人", "\n商业\n企业", "——", "-",
                     "0万元", "789(医、护士)", "1.属于国家秘密", "3、其他", "12件", "\u{3000}5", "中", "丁", "丿", "龥", "\u{4DFF}",
                     "\u{A0}", "\u{200B}", "〇", "二", "a", "/", "N/A", "（一）予以公开", "1.属于国家秘密", "12、其他", "Ａ", "—", "─",
                     "−5", "－5", "／", "＼", "\\", "\u{301}x", " \u{301}", "１.属于", "1.\n属于", "1. 属于", "1.1", "2、3", "\u{200E}5",
                     "\u{FEFF}7", "\u{2212}", "+1", ".5", "\u{1}", "1.𠀀", "𠀀", "é", "\u{85}3", "2. 重复申请", "2.\t重复", "2.", "2. ", "-2", "-0",
                     " -12 \n", "--2", "-", "-a", "- 2", "0万元", "０", "\n\n0", "12\n34", "1234567890123456789012", "-1234567890123456"]
        var rng = SplitMix64(seed: 42)
        let pieces = [" ", "\n", "1", "0", "9", "中", "无", "-", ".", ",", "万", "\u{3000}", "１", "a", "（", "\t", "\u{A0}", "、", "—", "/", "\r"]
        for _ in 0..<5000 {
            var s = ""
            for _ in 0..<Int(rng.next() % 6) { s += pieces[Int(rng.next() % UInt64(pieces.count))] }
            cells.append(s)
        }
        for c in cells {
            XCTAssertEqual(CellValue.parse(c), CellValue.parseGeneral(c), "«\(c)»")
            XCTAssertEqual(CellValue.looksLikeValue(c), CellValue.looksLikeValueGeneral(c), "«\(c)»")
        }
    }

    /// The HTML test on bytes agrees with the one on Characters wherever it answers.
    func testPlainHeadHTMLTestAgrees() {
        let long = String(repeating: "报告正文，", count: 1000)
        let inputs = ["<html><body>", "  <!DOCTYPE HTML>\n<p>", "<P>x", "<TABLE>", "\u{3000}<div>", "\u{1C}<div>", "\u{A0}<html>",
                      "text <body", "text", "<x>", "\n\n<TaBle", "<!doctype htm", long + "<body>", String(long.prefix(4095)) + "<body>",
                      String(repeating: "a", count: 4094) + "<body>", String(repeating: "a", count: 4091) + "<body>",
                      "<p>e\u{301}", "\u{FEFF}<html>", "\r\n<html>", "<ＨＴＭＬ><body>", "Ⓐ<body>"]
        var answered = 0
        for text in inputs {
            if let fast = FormDetection.plainHeadLooksLikeHTML(text) {
                answered += 1
                XCTAssertEqual(fast, FormDetection.headLooksLikeHTML(text), "«\(text.prefix(30))»")
            }
        }
        XCTAssertGreaterThan(answered, 15)
        XCTAssertTrue(Character("\r\n").isWhitespace)
        for text in ["\r\n<html>", "\r<p>", String(repeating: "\r\n", count: 4095) + "<body>", String(repeating: "\r\n", count: 4096) + "<body>",
                     String(repeating: "a\r\n", count: 1365) + "<body>", String(repeating: "\r", count: 4093) + "<body>"] {
            XCTAssertEqual(FormDetection.plainHeadLooksLikeHTML(text), FormDetection.headLooksLikeHTML(text), "«\(text.suffix(10))»")
        }
        XCTAssertNil(FormDetection.plainHeadLooksLikeHTML("<p>e\u{301}"))
    }

    /// Splitting plain text on scalars gives the pieces the Character split gives.
    func testSplitPlainAgreesWithCharacterSplit() {
        for text in ["", "。", "a。b；c;d\n\ne，f,g", "一、总体情况。收到申请3件；", "。。x。", "abc"] {
            XCTAssertEqual(splitPlain(text, where: { $0 == "。" || $0 == "；" || $0 == ";" || $0 == "，" || $0 == "," || $0 == "\n" }),
                           text.split(whereSeparator: { "。；;，,\n".contains($0) }).map(String.init))
        }
    }

    /// Numbering is stripped as the general rule (numeric type, or 一…十) says.
    func testStrippingNumbering() {
        XCTAssertEqual(TextNormalization.strippingNumbering("1属于国家秘密"), "属于国家秘密")
        XCTAssertEqual(TextNormalization.strippingNumbering("十一其他"), "其他")
        XCTAssertEqual(TextNormalization.strippingNumbering("①②其他"), "其他")
        XCTAssertEqual(TextNormalization.strippingNumbering("〇零百千万亿其他"), "其他")
        XCTAssertEqual(TextNormalization.strippingNumbering("总计"), "总计")
        for v in UInt32(0x4E00)...0x9FFF {
            let u = Unicode.Scalar(v)!
            XCTAssertEqual(TextNormalization.isNumbering(u),
                           u.properties.numericType != nil || "一二三四五六七八九十".unicodeScalars.contains(u))
        }
    }

    /// Form detection as before: tabs, `#` lines (also a `#` that a combining mark joins), CR LF and CR.
    func testTextFormLines() {
        XCTAssertEqual(FormDetection.textForm("标题\n\t自然人\t商业企业\n\t1\t2\n"), .wordText)
        XCTAssertEqual(FormDetection.textForm("# 标题\r\n正文\r\n自然人\t商业企业\r\n"), .markdown)
        XCTAssertEqual(FormDetection.textForm("正文\r自然人\t商业企业\r自然人\t1\r\t3"), .markdown)
        XCTAssertEqual(FormDetection.textForm("#\u{20E3} 标题\n正文\n\t1\n"), .wordText)
        XCTAssertEqual(FormDetection.textForm("#中 标题\n正文\n\t1\n"), .markdown)
        XCTAssertEqual(FormDetection.textForm("#"), .markdown)
    }

    /// labelKeyScalar as a lookup table gives what the list of marks it replaced gave, for every BMP scalar.
    func testLabelKeyScalarAgreesWithTheMarkList() {
        func reference(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
            var u = scalar
            switch u.value {
            case 0xFF01...0xFF5E: u = Unicode.Scalar(u.value - 0xFEE0)!
            case 0x200B, 0xFEFF, 0x200E, 0x200F: return nil
            default: break
            }
            if TextNormalization.isSpace(u) { return nil }
            switch u {
            case "(", ")", "[", "]", "\"", "'", "“", "”", "‘", "’", "〈", "〉", "《", "》", "<", ">",
                 "、", ",", "，", ".", "。", ":", "：", ";", "；", "*", "#", "|", "〔", "〕", "【", "】", "-", "—":
                return nil
            default: return u
            }
        }
        for v in UInt32(0)...0xFFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            XCTAssertEqual(TextNormalization.labelKeyScalar(u), reference(u), "U+\(String(v, radix: 16))")
        }
        XCTAssertEqual(TextNormalization.labelKey("（二）部分公开 (区分…)\n“是”"), "二部分公开区分…是")
    }

    /// The byte-level Markdown escaping gives what the scalar-by-scalar version it replaced gave.
    func testMarkdownEscapingAgreesWithScalarVersion() {
        func reference(_ text: String) -> String {
            func urlEnd(_ s: [Unicode.Scalar], from i: Int) -> Int? {
                guard s[i] == "h", i + 8 <= s.count else { return nil }
                let head = String(String.UnicodeScalarView(s[i..<min(s.count, i + 8)]))
                guard head.hasPrefix("http://") || head.hasPrefix("https://") else { return nil }
                var j = i
                while j < s.count, s[j].isASCII, s[j].value > 0x20, !"<>\"'`\\{}|^".unicodeScalars.contains(s[j]) { j += 1 }
                while j > i, ".,;:!?)".unicodeScalars.contains(s[j - 1]) { j -= 1 }
                return j - i > 8 ? j : nil
            }
            var out = ""
            var atLineStart = true
            let scalars = Array(text.unicodeScalars)
            var i = 0
            while i < scalars.count {
                let u = scalars[i]
                if let end = urlEnd(scalars, from: i) {
                    out += "<" + String(String.UnicodeScalarView(scalars[i..<end])) + ">"
                    i = end; atLineStart = false; continue
                }
                switch u {
                case "\\", "`", "*", "_", "[", "]", "<", ">", "&", "|", "~", "!": out.append("\\"); out.unicodeScalars.append(u)
                case "#", "-", "+", "=": if atLineStart { out.append("\\") }; out.unicodeScalars.append(u)
                case "\n": out.append("  \n"); atLineStart = true; i += 1; continue
                default: out.unicodeScalars.append(u)
                }
                if !(atLineStart && u == " ") { atLineStart = false }
                i += 1
            }
            return out
        }
        var texts = ["", "http://a.gov.cn/x。", "见https://www.gov.cn/zhengce/（全文）", "http://", "http://x", "http://\u{301}abcdefgh",
                     "https://\u{301}", "http://中文", "# 标题\n- 列表\n1. 一", " #x", "a\\b*c_d[e]<f>&g|h~i!", "https://e.cn/a?b=1&c=2).",
                     "e\u{301}\r\n2) 项", "12. 十二\n3)三"]
        var rng = SplitMix64(seed: 7)
        let pieces = ["h", "http://", "https://", "a.b/c", ".", ")", " ", "\n", "#", "-", "1", "2.", "中", "\\", "*", "<", "\u{301}", "é", "\t", "!"]
        for _ in 0..<3000 {
            var t = ""
            for _ in 0..<Int(rng.next() % 8) { t += pieces[Int(rng.next() % UInt64(pieces.count))] }
            texts.append(t)
        }
        for t in texts {
            // Both end with the same list-marker pass.
            XCTAssertEqual(MarkdownEscaping.escape(t), MarkdownEscaping.escapeOrderedListMarkers(reference(t)), "«\(t)»")
        }
    }

    /// Lines, tab cells, dates, blanks and byte search: the fast forms against the plain ones.
    func testLinesCellsDatesBlanksAndSearch() {
        for text in ["", "a", "a\nb", "a\r\nb\rc\n", "\n\n", "\r\r\n", "中\t文\r\n\t1\t2"] {
            var expected: [Substring] = []
            var start = text.startIndex
            var i = text.utf8.startIndex
            while i != text.utf8.endIndex {
                let b = text.utf8[i]
                if b == 0x0A || b == 0x0D {
                    expected.append(text[start..<i])
                    var next = text.utf8.index(after: i)
                    if b == 0x0D && next != text.utf8.endIndex && text.utf8[next] == 0x0A { next = text.utf8.index(after: next) }
                    i = next; start = i
                } else { i = text.utf8.index(after: i) }
            }
            expected.append(text[start...])
            XCTAssertEqual(sourceLines(text), expected, "«\(text)»")
        }
        for line in ["\t", "\ta\tb", "\t\t", "a\tb\t", "\t中文\t１\t"] as [Substring] {
            XCTAssertEqual(tabCells(line, droppingFirst: true), line.dropFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init))
            XCTAssertEqual(tabCells(line, droppingFirst: false), line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init))
        }
        for line in ["\t", "\ta\tb", "\t\t", "\t中文\t１\t"] as [Substring] {
            XCTAssertEqual(wordRowCells(line), tabCells(line, droppingFirst: true))
        }
        XCTAssertNil(wordRowCells("\ta[bookmark: _GoBack]\tb"))
        XCTAssertNotNil(wordRowCells("\ta[bookmark\tb"))
        XCTAssertNil(wordRowCells(Substring(String(repeating: "\t", count: 256))))
        XCTAssertEqual(wordRowCells(Substring(String(repeating: "\t", count: 255)))?.count, 255)
        XCTAssertEqual(Identity.date(in: "2023年1月19日"), "2023-01-19")
        XCTAssertEqual(Identity.date(in: "２０２３年１２月３１日"), "2023-12-31")
        XCTAssertEqual(Identity.date(in: "发布日期：2020-01-31"), "2020-01-31")
        XCTAssertEqual(Identity.date(in: "20\u{200B}23年1月19日"), "2023-01-19")
        XCTAssertNil(Identity.date(in: "2023年1月"))
        XCTAssertNil(Identity.date(in: "2023年1月19日至2023年12月31日"))
        for (text, blank) in [("", true), (" \t\r\n", true), ("\u{3000}", true), (" a", false), ("\u{3000}a", false), ("\u{85}", false)] {
            XCTAssertEqual(TextNormalization.isBlank(text), blank, "«\(text)»")
        }
        var rng = SplitMix64(seed: 11)
        let alphabet = Array("本年新收申请ab")
        for _ in 0..<2000 {
            let hay = String((0..<Int(rng.next() % 12)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            let needle = String((0..<(1 + Int(rng.next() % 3))).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            let naive = Array(hay.utf8).indices.first { Array(hay.utf8)[$0...].starts(with: Array(needle.utf8)) }
            XCTAssertEqual(hay.fastRange(of: needle).map { hay.utf8.distance(from: hay.utf8.startIndex, to: $0.lowerBound) }, naive, "\(hay) \(needle)")
        }
    }
}
