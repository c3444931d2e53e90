import Foundation
import XCTest
@testable import PortalCore

/// The byte-level paths added to cut the load stage's CPU give exactly what the code they replaced gave
/// (the replaced code is kept here as the reference).
final class CleanCPUTests: XCTestCase {
    /// Random text from pieces that exercise every branch: line breaks (LF, CR, CR LF), the spaces trimming
    /// knows (ASCII, U+00A0, U+3000, U+2003), ASCII letters and digits, CJK, marks, and non-plain scalars.
    static func samples(count: Int, seed: UInt64, pieces: [String], maxPieces: Int = 9) -> [String] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var s = ""
            for _ in 0..<Int(rng.next() % UInt64(maxPieces + 1)) { s += pieces[Int(rng.next() % UInt64(pieces.count))] }
            return s
        }
    }

    static let linePieces = ["\n", "\n", " ", "\t", "\u{A0}", "\u{3000}", "\u{2003}", "\u{FEFF}", "a", "Z", "1", "0", "中", "企业",
                             "（一）", "\r", "\r\n", "e\u{301}", "é", "\u{0B}", "-", "。", "𠀀"]

    func testJoinLinesOnBytesAgreesWithTheSplitOnCharacters() {
        func reference(_ s: String) -> String {
            guard TextNormalization.hasLineBreak(s) else { return s }
            let pieces = s.isPlainText ? splitPlain(s, where: { $0 == "\n" })
                : s.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
            let parts = pieces.map { TextNormalization.trimmed($0) }.filter { !$0.isEmpty }
            var out = ""
            for p in parts {
                if let last = out.unicodeScalars.last, let first = p.unicodeScalars.first, last.isASCIIAlnum && first.isASCIIAlnum {
                    out += " "
                }
                out += p
            }
            return out
        }
        var plainJoined = 0
        for s in Self.samples(count: 20_000, seed: 7, pieces: Self.linePieces) + ["a\nb", "商业\n企业", "\n\n", "1 \n 2", " \u{3000}\n\u{A0}x"] {
            XCTAssertEqual(TextNormalization.joinLines(s), reference(s), "«\(s.debugDescription)»")
            if TextNormalization.hasLineBreak(s), TextNormalization.joinPlainLines(s) != nil { plainJoined += 1 }
        }
        XCTAssertGreaterThan(plainJoined, 1000)  // the byte path was taken, not only the general one
        XCTAssertEqual(TextNormalization.joinLines("法律\n服务\n机构"), "法律服务机构")
        XCTAssertEqual(TextNormalization.joinLines("legal\nservice"), "legal service")
    }

    func testLabelKeyOnBytesAgreesWithTheScalarLoop() {
        func reference(_ s: String) -> [UInt8] {
            var out: [UInt8] = []
            for u in s.unicodeScalars { if let k = TextNormalization.labelKeyScalar(u) { appendUTF8(k, to: &out) } }
            return out
        }
        var texts: [String] = []
        var chunk = ""
        for v in UInt32(0)...0x2FFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            chunk.unicodeScalars.append(u)
            if chunk.unicodeScalars.count == 64 { texts.append(chunk); chunk = "" }
        }
        texts.append(chunk)
        texts += Self.samples(count: 2000, seed: 5, pieces: ["（", "）", "一", "、", " ", "\u{3000}", "“", "—", "Ａ", "ａ", "１", "é", "𠀀", "\u{FEFF}", "·", "a"])
        for t in texts {
            var key: [UInt8] = [0x41]  // appends after what is there
            TextNormalization.appendLabelKey(t, to: &key)
            XCTAssertEqual(key, [0x41] + reference(t), "«\(t.unicodeScalars.first?.value ?? 0)…»")
        }
    }

    func testHTMLTagSwitchAgreesWithTheNameTable() {
        for (key, tag) in HTMLTag.known { XCTAssertEqual(HTMLTag.tag(forKey: key), tag, String(key, radix: 16)) }
        for name in ["span", "a", "font", "img", "tablex", "t", "tdd", "", "h7", "thea", "i", "u"] {
            XCTAssertEqual(HTMLTag.tag(forKey: HTMLTag.key(name)), .inline, name)
        }
        XCTAssertEqual(HTMLTag.known.count, 64)
    }

    func testEmbeddedHTMLSearchAgreesWithTheByteSearch() {
        func reference(_ text: String) -> (html: String, line: Int)? {
            var source = text
            return source.withUTF8 { u -> (html: String, line: Int)? in
                let name: StaticString = "content"
                let needle = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
                var i = 0
                while i + needle.count < u.count {
                    guard let at = byteOffset(of: needle, in: u, from: i, to: u.count - 1) else { break }
                    i = at
                    guard i == 0 || !EmbeddedHTML.isIdentifier(u[i - 1]) else { i += 1; continue }
                    var j = i + needle.count
                    while j < u.count, u[j] == 0x20 || u[j] == 0x09 { j += 1 }
                    guard j < u.count, u[j] == UInt8(ascii: "=") else { i += 1; continue }
                    j += 1
                    while j < u.count, u[j] == 0x20 || u[j] == 0x09 { j += 1 }
                    guard j < u.count, u[j] == UInt8(ascii: "\"") || u[j] == UInt8(ascii: "'") else { i += 1; continue }
                    if let literal = EmbeddedHTML.stringLiteral(u, from: j), literal.includes("<") {
                        return (literal, 1 + u[..<j].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
                    }
                    i += 1
                }
                return nil
            }
        }
        let pieces = ["content", "content=\"<p>a</p>\"", "content = '<table>'", "xcontent=\"<p>\"", "conten", "c", "t", "=", "\"", "'",
                      "<", "\n", " ", "中文", "ccontent", "content=\"x\"", "contentt", "\\\"", "$content=\"<b>\""]
        var found = 0
        for text in Self.samples(count: 20_000, seed: 13, pieces: pieces, maxPieces: 8) + ["content", "content=", "acontent=\"<\""] {
            let fast = EmbeddedHTML.find(in: text), slow = reference(text)
            XCTAssertEqual(fast?.html, slow?.html, text)
            XCTAssertEqual(fast?.line, slow?.line, text)
            if fast != nil { found += 1 }
        }
        XCTAssertGreaterThan(found, 1000)
    }

    func testSectionMarkdownInOneBufferAgreesWithEscapeAndJoin() {
        let pieces = ["\n", " ", "\u{3000}", "\u{A0}", "\u{2003}", "\u{FEFF}", "\t", "#", "-", "*", "1.", "12)", "中文", "abc", "http://x.cn/a",
                      "<", "&", "𠀀", "é", "\r\n", "\u{85}"]
        let texts = Self.samples(count: 6000, seed: 17, pieces: pieces, maxPieces: 10)
        var rng = SplitMix64(seed: 19)
        for start in stride(from: 0, to: texts.count - 4, by: 4) {
            let blocks = texts[start..<(start + Int(rng.next() % 4) + 1)].enumerated().map { k, t in
                TextBlock(text: t, line: k, isMarkdown: rng.next() % 5 == 0)
            }
            let reference = blocks.map { $0.isMarkdown ? $0.text : MarkdownEscaping.escape(TextNormalization.trimmed($0.text)) }
                .joined(separator: "\n\n")
            XCTAssertEqual(ReportParser.section(from: blocks).markdown, reference, blocks.map(\.text).debugDescription)
        }
        for t in texts {
            var copy = t
            let kept = copy.withUTF8 { b in String(decoding: UnsafeBufferPointer(rebasing: b[TextNormalization.trimmedRange(b)]), as: UTF8.self) }
            XCTAssertEqual(kept, TextNormalization.trimmed(t), t.debugDescription)
        }
    }

    func testApplicationWordsInOnePass() {
        func reference(_ text: [UInt8], from start: Int) -> Bool {
            text.withUnsafeBufferPointer { hay in
                for word in ["本年新收", "上年结转", "本年度办理结果"] as [StaticString] {
                    if byteOffset(of: UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount), in: hay, from: start) != nil { return true }
                }
                return false
            }
        }
        let pieces = ["本年", "新收", "上年", "结转", "度", "办理结果", "本", "年", "收", "上", "a", "（一）", "本年度办理", "结果"]
        var hits = 0
        for (k, s) in Self.samples(count: 20_000, seed: 29, pieces: pieces).enumerated() {
            let bytes = Array(s.utf8)
            let start = bytes.isEmpty ? 0 : k % (bytes.count + 1)
            XCTAssertEqual(TableInterpreter.includesApplicationWords(bytes, from: start), reference(bytes, from: start), "\(s) from \(start)")
            if reference(bytes, from: start) { hits += 1 }
        }
        XCTAssertGreaterThan(hits, 200)
    }

    func testHeaderWordsInOnePass() {
        let pieces = ["自然人", "商业企业", "法人或其他组织", "申请人情况", "科研机构", "自然", "人", "商业", "企业", "法人", "申请人", "情况", "科研",
                      "机构", "（一）", "a", "本年新收"]
        var hits = 0
        for s in Self.samples(count: 20_000, seed: 31, pieces: pieces, maxPieces: 5) {
            let key = Array(s.utf8)
            let reference = TableInterpreter.headerWords.contains { key.includes($0) }
            XCTAssertEqual(TableInterpreter.includesHeaderWord(key), reference, s)
            if reference { hits += 1 }
        }
        XCTAssertGreaterThan(hits, 1000)
    }

    func testClausesTestedBeforeTheyBecomeStrings() {
        let pieces = ["主动公开", "信息", "申请", "收到", "2件", "3条", "。", "；", ";", "，", ",", "\n", "复议", "未收到", "e\u{301}", "中", " "]
        var found = 0
        for s in Self.samples(count: 5000, seed: 37, pieces: pieces, maxPieces: 12) {
            XCTAssertEqual(ProseFigures.clauses(s, including: "主动公开"), ProseFigures.clauses(s).filter { $0.includes("主动公开") })
            if s.isPlainText {
                XCTAssertEqual(ProseFigures.plainPieces(s, where: { $0 == "。" || $0 == "，" }).map(String.init),
                               splitPlain(s, where: { $0 == "。" || $0 == "，" }))
            }
            let blocks = [TextBlock(text: s, line: 3)]
            if ProseFigures.applicationsReceived(blocks) != nil { found += 1 }
            if ProseFigures.proactiveItems(overview: blocks) != nil { found += 1 }
        }
        XCTAssertGreaterThan(found, 100)
    }

    func testParagraphsCutOnTheBytes() {
        for s in Self.samples(count: 5000, seed: 41, pieces: ["\n", "\n", "\n\n", "a", "中文", " ", "\r\n", "é", "统计期限"], maxPieces: 10) {
            XCTAssertEqual(ProseChecks.splitParagraphs(s), ProseChecks.splitParagraphsByIndex(s), s.debugDescription)
        }
    }

    func testChromeWordsAndTitlePunctuationAsBefore() {
        XCTAssertEqual(Identity.chromeWordBytes.map { $0.description }, Identity.chromeWords)
        for u in "。，,；;：:！？".unicodeScalars { XCTAssertTrue(Identity.isSentencePunctuation(u)) }
        for u in "、.!?（）《》a中 ".unicodeScalars { XCTAssertFalse(Identity.isSentencePunctuation(u)) }
        XCTAssertTrue(Identity.isChrome("当前位置：首页"))
        XCTAssertTrue(Identity.isChrome("e\u{301} 返回"))
        XCTAssertFalse(Identity.isChrome("某某县人民政府2023年政府信息公开工作年度报告"))
    }

    func testNumbersWrittenAsBefore() {
        var values: [Double] = [0, -0.0, 1, -1, 12, 999, 1000, 123456, 0.5, -0.5, 1.25, 1e15, 1e15 - 1, -1e15 + 1, 1e16, .infinity, -.infinity, .nan,
                                5949.088667, 2.0000001, 1e-300]
        var rng = SplitMix64(seed: 43)
        for _ in 0..<2000 { values.append(Double(Int64(bitPattern: rng.next()) % 100_000) / Double(1 + rng.next() % 4)) }
        for v in values {
            var buffer = MarkupBuffer(capacity: 16)
            buffer.append(number: v)
            let reference = v.rounded() == v && abs(v) < 1e15 ? String(Int(Int64(v))) : "\(v)"
            XCTAssertEqual(String(decoding: buffer.bytes, as: UTF8.self), reference, "\(v)")
        }
    }

    func testStrippingNumberingOfKeyBytes() {
        let pieces = ["1", "9", "一", "十", "三", "①", "〇", "万", "属于", "其他", "a", "中", "(", "𠀀", "Ⅳ", "五"]
        for s in Self.samples(count: 5000, seed: 11, pieces: pieces) {
            let key = TextNormalization.labelKey(s)
            XCTAssertEqual(TableInterpreter.strippingNumbering(Array(key.utf8)), TextNormalization.strippingNumbering(key), "«\(key)»")
        }
    }

    func testSectionHeadingMatchStopsEarlyWithTheSameAnswers() {
        func reference(_ text: String) -> SectionKey? {
            var key: [UInt8] = []
            TextNormalization.appendLabelKey(text, to: &key)
            var count = 0
            for b in key where b & 0xC0 != 0x80 { count += 1; if count > 40 { return nil } }
            guard count >= 3 else { return nil }
            return SectionHeadings.match(String(decoding: key, as: UTF8.self))
        }
        var headings = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
                        "五、存在的主要问题及改进情况", "六、其他需要报告的事项", "（一）主动公开", "三、本年度办理结果"]
        headings += headings.map { $0 + String(repeating: "情况", count: 16) }  // around the 40-scalar limit
        headings += headings.map { "  " + $0 + "。" }
        for n in 30...45 { headings.append("一、总体" + String(repeating: "中", count: n)) }
        var found = 0
        for h in headings {
            XCTAssertEqual(SectionHeadings.match(h), reference(h), h)
            if SectionHeadings.match(h) != nil { found += 1 }
        }
        XCTAssertGreaterThan(found, 10)
    }

    func testMarkdownEscapeCopiesRunsAsTheByteLoopDid() {
        func reference(_ text: String) -> String {
            var out: [UInt8] = []
            var atLineStart = true
            var source = text
            source.withUTF8 { b in
                var i = 0
                while i < b.count {
                    let u = b[i]
                    if u == 0x68, let end = MarkdownEscaping.urlEnd(b, from: i) {
                        out.append(0x3C); out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<end])); out.append(0x3E)
                        i = end; atLineStart = false; continue
                    }
                    switch u {
                    case 0x5C, 0x60, 0x2A, 0x5F, 0x5B, 0x5D, 0x3C, 0x3E, 0x26, 0x7C, 0x7E, 0x21: out.append(0x5C); out.append(u)
                    case 0x23, 0x2D, 0x2B, 0x3D: if atLineStart { out.append(0x5C) }; out.append(u)
                    case 0x0A: out.append(0x20); out.append(0x20); out.append(0x0A); atLineStart = true; i += 1; continue
                    default: out.append(u)
                    }
                    if !(atLineStart && u == 0x20) { atLineStart = false }
                    i += 1
                }
            }
            return MarkdownEscaping.escapeOrderedListMarkers(String(decoding: out, as: UTF8.self))
        }
        let pieces = ["\n", " ", "#", "-", "+", "=", "*", "_", "[", "]", "<", ">", "&", "|", "~", "!", "\\", "`", "h", "http://a.b/c",
                      "https://x.gov.cn/p?q=1。", "1.", "2)", "中文", "abc", "h中", "\t"]
        for s in Self.samples(count: 20_000, seed: 3, pieces: pieces, maxPieces: 12) {
            XCTAssertEqual(MarkdownEscaping.escape(s), reference(s), "«\(s.debugDescription)»")
        }
    }

    // The two text readers as they were before they walked the bytes (ff37446), as references.
    static func referenceWordText(_ text: String) -> SourceDocument {
        var blocks: [Block] = []
        var rows: [SourceRow] = []
        var row: [SourceCell] = []
        var rowLine = 0
        var sawBlank = false
        var paragraph: (text: String, line: Int)?

        func flushParagraph() {
            if let p = paragraph { blocks.append(.text(TextBlock(text: p.text, line: p.line))) }
            paragraph = nil
        }
        func flushRow() {
            if !row.isEmpty { rows.append(SourceRow(cells: row, line: rowLine)) }
            row = []
        }
        func flushTable() {
            flushRow()
            if !rows.isEmpty { blocks.append(.table(SourceTable(rows: rows, line: rows[0].line))) }
            rows = []
            sawBlank = false
        }
        var inTable: Bool { !rows.isEmpty || !row.isEmpty }

        for (index, rawLine) in sourceLines(text).enumerated() {
            let lineNumber = index + 1
            // A row line without Word artefacts: its cells straight from the source line (the line as a
            // String of its own, made below, is the same bytes).
            if rawLine.utf8.first == 0x09, let cells = wordRowCells(rawLine) {
                flushParagraph()
                if sawBlank || row.isEmpty { flushRow(); rowLine = lineNumber }
                for cell in cells {
                    row.append(SourceCell(text: cell, line: lineNumber))
                }
                sawBlank = false
                continue
            }
            let line = removingWordArtefacts(rawLine)
            // A tab is always a Character of its own (a control): its byte is the Character.
            if line.utf8.first == 0x09 && !hasTooManyCells(line) {
                flushParagraph()
                if sawBlank || row.isEmpty { flushRow(); rowLine = lineNumber }
                for part in tabFields(line, droppingFirst: true) {
                    row.append(SourceCell(text: String(part), line: lineNumber))
                }
                sawBlank = false
            } else if TextNormalization.isBlank(line) {
                if inTable { sawBlank = true } else { flushParagraph() }
            } else if inTable, let last = row.last, WordTextReader.continuesCell(line, lastCell: last.text, afterBlank: sawBlank) {
                row[row.count - 1].text += "\n" + line
            } else {
                if inTable { flushTable() }
                // One line is one paragraph: Word text puts each paragraph on its own line.
                flushParagraph()
                paragraph = (line, lineNumber)
            }
        }
        flushParagraph()
        flushTable()
        return SourceDocument(blocks: blocks)
    }

    static func referenceMarkdown(_ text: String) -> SourceDocument {
        var blocks: [Block] = []
        var rows: [SourceRow] = []
        var paragraph: (lines: [String], line: Int)?

        func flushParagraph() {
            if let p = paragraph {
                blocks.append(.text(TextBlock(text: p.lines.joined(separator: "\n"), line: p.line, isMarkdown: true)))
            }
            paragraph = nil
        }
        func flushTable() {
            if !rows.isEmpty { blocks.append(.table(SourceTable(rows: rows, line: rows[0].line))) }
            rows = []
        }

        for (index, rawLine) in sourceLines(text).enumerated() {
            let lineNumber = index + 1
            let line = removingWordArtefacts(rawLine)
            if line.includes("\t") && !hasTooManyCells(line) {
                flushParagraph()
                let cells = tabCells(Substring(line), droppingFirst: false).map { SourceCell(text: $0, line: lineNumber) }
                rows.append(SourceRow(cells: cells, line: lineNumber))
            } else if TextNormalization.isBlank(line) {
                flushParagraph(); flushTable()
            } else if let heading = MarkdownReader.markdownHeading(line) {
                flushParagraph(); flushTable()
                blocks.append(.text(TextBlock(text: heading, line: lineNumber, isHeading: true, isMarkdown: true)))
            } else {
                flushTable()
                if paragraph == nil { paragraph = ([], lineNumber) }
                paragraph!.lines.append(line)
            }
        }
        flushParagraph()
        flushTable()
        return SourceDocument(blocks: blocks)
    }

    func testTextReadersOnBytesAgreeWithTheLineReaders() {
        let pieces = ["\n", "\n", "\r\n", "\r", "\t", "\t", "\t", "中文", "自然人", "12", "0", " ", "\u{3000}", "一、总体情况", "三、收到和处理",
                      "[bookmark: _GoBack]", "[bookmark:", "]", "# 标题", "## ", "商业", "企业", "a", String(repeating: "\t", count: 300), "é", "\t \n\n0"]
        for text in Self.samples(count: 6000, seed: 23, pieces: pieces, maxPieces: 24) {
            XCTAssertEqual(WordTextReader.read(text), Self.referenceWordText(text), text.debugDescription)
            XCTAssertEqual(MarkdownReader.read(text), Self.referenceMarkdown(text), text.debugDescription)
        }
    }
}
