import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import CPortalSupport

/// Word .docx: the body of `word/document.xml`, read with a SAX parser into paragraphs and tables.
///
/// A .docx has no lines, so the "line" of every block is its ordinal in the body: each top-level
/// paragraph and each table row counts one (a cell takes its row's number). `file:7` thus points at
/// the 7th paragraph-or-row, which is how a reader finds it again in Word.
///
/// Merged cells keep the grid: a cell with `w:gridSpan` N is followed by N−1 spanned cells, and a
/// `w:vMerge` continuation is a spanned cell, so values never shift into a neighbour's column.
public enum DocxReader {
    /// A part larger than this is refused (a hostile archive can inflate to gigabytes).
    static let maxPartSize = 64 << 20

    public static func read(_ data: Data, path: String) -> Result<SourceDocument, Diagnostic> {
        let location = SourceLocation(file: path)
        let parts: ZipParts
        do { parts = try ZipParts(data) } catch {
            return .failure(Diagnostic(.error, .ingest, location, "ZIP 文件无法打开（\(error)），不是可读的 Word .docx 文档"))
        }
        guard let entry = parts["word/document.xml"] else {
            return .failure(Diagnostic(.error, .ingest, location,
                "ZIP 文件中没有 word/document.xml：不是 Word .docx 文档（.xlsx、.pptx、.odt 等不受支持）"))
        }
        let body: Data
        let styles: Data?
        do {
            body = try parts.extract(entry, limit: maxPartSize)
            styles = try parts["word/styles.xml"].map { try parts.extract($0, limit: maxPartSize) }
        } catch {
            return .failure(Diagnostic(.error, .ingest, location, "Word 文档无法解压：\(error)"))
        }
        let headingStyles = styles.map(StyleScanner.headingStyleIDs) ?? []
        let parser = BodyParser(headingStyles: headingStyles)
        guard parser.parse(body) else {
            let line = parser.failureLine.map { " 第 \($0) 行" } ?? ""
            return .failure(Diagnostic(.error, .parse, location, "word/document.xml\(line) 不是合法的 XML，文档无法读取"))
        }
        return .success(SourceDocument(blocks: parser.blocks))
    }

    struct PartTooLarge: Error, CustomStringConvertible {
        var description: String { "解压后超过 \(DocxReader.maxPartSize >> 20) MB" }
    }

    /// The local name of a possibly prefixed XML name (`w:p` → `p`): documents from other tools use
    /// other prefixes for the same namespace.
    static func localName(_ qualified: String) -> Substring {
        if let colon = qualified.lastIndex(of: ":") { return qualified[qualified.index(after: colon)...] }
        return qualified[...]
    }

    static func attribute(_ name: String, in attributes: [String: String]) -> String? {
        for (key, value) in attributes where localName(key) == name { return value }
        return nil
    }

    /// Style ids that are headings: named `heading N`, `Title`, `标题 N`, or carrying an outline level
    /// (Chinese Word names its heading styles by number, so the id alone says nothing).
    final class StyleScanner: NSObject, XMLParserDelegate {
        var ids: Set<String> = []
        private var current: String?

        static func headingStyleIDs(_ data: Data) -> Set<String> {
            let scanner = StyleScanner()
            let parser = XMLParser(data: data)
            parser.delegate = scanner
            _ = parser.parse()
            return scanner.ids
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            switch DocxReader.localName(elementName) {
            case "style":
                current = DocxReader.attribute("styleId", in: attributeDict)
            case "name":
                guard let id = current, let name = DocxReader.attribute("val", in: attributeDict)?.lowercased() else { return }
                if name.hasPrefix("heading") || name == "title" || name.hasPrefix("标题") { ids.insert(id) }
            case "outlineLvl":
                if let id = current, let level = DocxReader.attribute("val", in: attributeDict).flatMap(Int.init), level < 9 {
                    ids.insert(id)
                }
            default: break
            }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            if DocxReader.localName(elementName) == "style" { current = nil }
        }
    }

    /// The SAX pass over `word/document.xml`.
    final class BodyParser: NSObject, XMLParserDelegate {
        let headingStyles: Set<String>
        private(set) var blocks: [Block] = []
        private(set) var failureLine: Int?

        init(headingStyles: Set<String>) { self.headingStyles = headingStyles }

        /// One open paragraph (text boxes nest paragraphs inside paragraphs).
        private struct Paragraph { var text = ""; var isHeading = false }
        /// One open table; nested tables are read into the enclosing cell as text.
        private struct Table {
            var rows: [SourceRow] = []
            var row: [SourceCell] = []
            var rowLine = 0
            var cellParagraphs: [String] = []
            var cellSpan = 1
            var cellContinuesMerge = false
            var gridAfter = 0
        }

        private var paragraphs: [Paragraph] = []
        private var tables: [Table] = []
        private var ordinal = 0
        private var inText = false
        /// Depth inside content that must not be read: `mc:Fallback` repeats `mc:Choice`, and
        /// `w:delText`/`w:instrText` are deleted text and field codes, not what the page shows.
        private var skipDepth = 0

        private var sawError = false

        func parse(_ data: Data) -> Bool {
            let parser = XMLParser(data: data)
            parser.delegate = self
            let ok = parser.parse() && !sawError
            if !ok { failureLine = failureLine ?? parser.lineNumber }
            return ok
        }

        // swift-corelibs' parser may report an error and still return true: trust the callback.
        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            if !sawError { failureLine = parser.lineNumber }
            sawError = true
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            let name = DocxReader.localName(elementName)
            if skipDepth > 0 { skipDepth += 1; return }
            switch name {
            case "Fallback", "delText", "instrText":
                skipDepth = 1
            case "p":
                paragraphs.append(Paragraph())
            case "pStyle":
                if let id = DocxReader.attribute("val", in: attributeDict), headingStyles.contains(id) || id.lowercased().hasPrefix("heading") || id == "Title" {
                    markHeading()
                }
            case "outlineLvl":
                if let level = DocxReader.attribute("val", in: attributeDict).flatMap(Int.init), level < 9 { markHeading() }
            case "t":
                inText = true
            case "tab", "ptab":
                if !paragraphs.isEmpty, elementIsRunContent(attributeDict) { paragraphs[paragraphs.count - 1].text += " " }
            case "br", "cr":
                if !paragraphs.isEmpty { paragraphs[paragraphs.count - 1].text += "\n" }
            case "noBreakHyphen":
                if !paragraphs.isEmpty { paragraphs[paragraphs.count - 1].text += "-" }
            case "tbl":
                tables.append(Table())
            case "tr":
                guard !tables.isEmpty else { return }
                if tables.count == 1 { ordinal += 1 }
                tables[tables.count - 1].row = []
                tables[tables.count - 1].rowLine = tables.count == 1 ? ordinal : tables[0].rowLine
                tables[tables.count - 1].gridAfter = 0
            case "gridBefore":
                // Grid columns a row leaves out at its start: spanned blanks keep the others in place.
                if let n = DocxReader.attribute("val", in: attributeDict).flatMap(Int.init), n > 0, n < 64, !tables.isEmpty {
                    let line = tables[tables.count - 1].rowLine
                    tables[tables.count - 1].row += Array(repeating: SourceCell(text: "", line: line, isSpanned: true), count: n)
                }
            case "gridAfter":
                if let n = DocxReader.attribute("val", in: attributeDict).flatMap(Int.init), n > 0, n < 64, !tables.isEmpty {
                    tables[tables.count - 1].gridAfter = n
                }
            case "tc":
                guard !tables.isEmpty else { return }
                tables[tables.count - 1].cellParagraphs = []
                tables[tables.count - 1].cellSpan = 1
                tables[tables.count - 1].cellContinuesMerge = false
            case "gridSpan":
                if let n = DocxReader.attribute("val", in: attributeDict).flatMap(Int.init), n > 1, n < 64, !tables.isEmpty {
                    tables[tables.count - 1].cellSpan = n
                }
            case "vMerge", "hMerge":
                // No w:val, or "continue", continues the cell above (or to the left); "restart" begins one.
                let value = DocxReader.attribute("val", in: attributeDict) ?? "continue"
                if value != "restart", !tables.isEmpty { tables[tables.count - 1].cellContinuesMerge = true }
            default:
                break
            }
        }

        /// `w:tab` is also a tab-stop definition inside `w:tabs`; only the run content is a character.
        private func elementIsRunContent(_ attributes: [String: String]) -> Bool {
            DocxReader.attribute("pos", in: attributes) == nil
        }

        private func markHeading() {
            if !paragraphs.isEmpty { paragraphs[paragraphs.count - 1].isHeading = true }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard inText, skipDepth == 0, !paragraphs.isEmpty else { return }
            paragraphs[paragraphs.count - 1].text += string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            if skipDepth > 0 { skipDepth -= 1; return }
            switch DocxReader.localName(elementName) {
            case "t":
                inText = false
            case "p":
                guard let p = paragraphs.popLast() else { return }
                if !paragraphs.isEmpty {
                    // A text box's paragraph: part of the paragraph that anchors it.
                    if !TextNormalization.isBlank(p.text) { paragraphs[paragraphs.count - 1].text += "\n" + p.text }
                } else if !tables.isEmpty {
                    tables[tables.count - 1].cellParagraphs.append(p.text)
                } else {
                    ordinal += 1
                    if !TextNormalization.isBlank(p.text) {
                        blocks.append(.text(TextBlock(text: p.text, line: ordinal, isHeading: p.isHeading)))
                    }
                }
            case "tc":
                guard !tables.isEmpty else { return }
                let t = tables[tables.count - 1]
                // Trailing empty paragraphs are Word's, not the author's.
                var parts = t.cellParagraphs
                while let last = parts.last, TextNormalization.isBlank(last) { parts.removeLast() }
                let cell = SourceCell(text: t.cellContinuesMerge ? "" : parts.joined(separator: "\n"),
                                      line: t.rowLine, isSpanned: t.cellContinuesMerge)
                tables[tables.count - 1].row.append(cell)
                for _ in 1..<max(1, t.cellSpan) {
                    tables[tables.count - 1].row.append(SourceCell(text: "", line: t.rowLine, isSpanned: true))
                }
            case "tr":
                guard !tables.isEmpty else { return }
                var t = tables[tables.count - 1]
                t.row += Array(repeating: SourceCell(text: "", line: t.rowLine, isSpanned: true), count: t.gridAfter)
                t.rows.append(SourceRow(cells: t.row, line: t.rowLine))
                t.row = []
                tables[tables.count - 1] = t
            case "tbl":
                guard let t = tables.popLast() else { return }
                if tables.isEmpty {
                    if !t.rows.isEmpty { blocks.append(.table(SourceTable(rows: t.rows, line: t.rows[0].line))) }
                } else {
                    // A table inside a cell: its rows become lines of that cell.
                    let text = t.rows.map { $0.cells.filter { !$0.isSpanned }.map { TextNormalization.joinLines($0.text) }
                        .joined(separator: " ") }.joined(separator: "\n")
                    tables[tables.count - 1].cellParagraphs.append(text)
                }
            default:
                break
            }
        }
    }
}

/// The parts of a ZIP archive, read from its central directory with every offset and size checked
/// against the bytes (harden). ZIPFoundation's `Archive` is not used to read reports: found by Fuzz/,
/// its in-memory archive traps on a header offset past the end (the whole build died:
/// fuzz-regressions/docx-zip-offset-past-end.docx) and its extraction loops for ever on a deflate stream
/// that ends early (docx-deflate-cut-short.docx), and its inflater told zlib a whole 64 KB buffer of input
/// was there for a shorter part, so a corrupt stream read past it (docx-inflate-reads-past-input.docx).
/// Parts are inflated by zlib itself (CPortalSupport), given exactly their bytes.
struct ZipParts {
    struct Part { var name: String; var method: UInt16; var compressedSize: Int; var uncompressedSize: Int; var dataOffset: Int }

    struct Malformed: Error, CustomStringConvertible {
        var what: String
        var description: String { "ZIP 结构损坏：\(what)" }
    }

    let data: Data
    private(set) var parts: [Part] = []

    init(_ data: Data) throws {
        self.data = data
        let bytes = [UInt8](data)
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        // End of central directory: 22 bytes and a comment of up to 65,535, searched from the end.
        var eocd = -1
        var i = bytes.count - 22
        while i >= 0 && i >= bytes.count - 22 - 65_535 {
            if u32(i) == 0x0605_4B50 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { throw Malformed(what: "没有中央目录结尾") }
        let count = u16(eocd + 10)
        var at = u32(eocd + 16)
        guard at != 0xFFFF_FFFF else { throw Malformed(what: "ZIP64 不受支持") }
        for _ in 0..<count {
            guard at >= 0, at + 46 <= bytes.count, u32(at) == 0x0201_4B50 else { throw Malformed(what: "中央目录条目越界") }
            let nameLength = u16(at + 28), extraLength = u16(at + 30), commentLength = u16(at + 32)
            let local = u32(at + 42)
            guard at + 46 + nameLength <= bytes.count, local + 30 <= bytes.count, u32(local) == 0x0403_4B50 else {
                throw Malformed(what: "文件头越界")
            }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            let dataOffset = local + 30 + u16(local + 26) + u16(local + 28)
            let compressed = u32(at + 20)
            guard dataOffset <= bytes.count, compressed <= bytes.count - dataOffset else { throw Malformed(what: "\(name) 的数据越界") }
            parts.append(Part(name: name, method: UInt16(u16(at + 10)), compressedSize: compressed,
                              uncompressedSize: u32(at + 24), dataOffset: dataOffset))
            at += 46 + nameLength + extraLength + commentLength
        }
    }

    subscript(name: String) -> Part? { parts.first { $0.name == name } }

    /// The part's bytes, stored or deflated, refused past `limit` (a small archive can inflate to gigabytes).
    func extract(_ part: Part, limit: Int) throws -> Data {
        guard part.uncompressedSize <= limit else { throw DocxReader.PartTooLarge() }
        let raw = data.subdata(in: (data.startIndex + part.dataOffset)..<(data.startIndex + part.dataOffset + part.compressedSize))
        switch part.method {
        case 0:
            return raw
        case 8:
            var inflated: UnsafeMutablePointer<UInt8>?
            var count = 0
            let status = raw.withUnsafeBytes { b in
                portal_inflate_raw(b.bindMemory(to: UInt8.self).baseAddress, b.count, limit, &inflated, &count)
            }
            defer { free(inflated) }
            switch status {
            case 0: return inflated.map { Data(bytes: $0, count: count) } ?? Data()
            case 2: throw DocxReader.PartTooLarge()
            default: throw Malformed(what: "\(part.name) 的压缩数据不完整或已损坏")
            }
        default:
            throw Malformed(what: "\(part.name) 的压缩方式 \(part.method) 不受支持")
        }
    }
}
