import Foundation

/// A PDF with a text layer, from the page layout `pdftotext -layout` prints (see `PDFText`).
///
/// Line numbers are lines of that layout text (pages follow each other, form feeds removed), which
/// `pdftotext -layout report.pdf -` shows again. Table cells are the runs of text separated by two or
/// more spaces; a table row is a line that ends in numbers, and the label text wrapped onto the lines
/// around it is joined to the label cell it continues (by column). Layout text does not keep the
/// position of a blank cell, so a row with fewer numbers than the table has columns cannot be read with
/// certainty: its cells are left null and a diagnostic names the table, the row and why.
public enum PDFReader {
    public static func read(_ data: Data, path: String) -> Result<SourceDocument, Diagnostic> {
        switch PDFText.extract(data, path: path) {
        case .failure(let d): return .failure(d)
        case .success(let text): return .success(parse(layout: text, path: path))
        }
    }

    // MARK: Lines and segments

    struct Segment: Equatable {
        var text: String
        var column: Int
    }

    struct Line {
        var number: Int
        var page: Int
        var segments: [Segment]
        /// Leading spaces: a paragraph's first line is indented, its following lines are not.
        var indent: Int
        var width: Int
        var values: [String]
        var isBlank: Bool { segments.isEmpty }
        var labelSegments: ArraySlice<Segment> { segments.dropLast(valueSegmentCount) }
        var valueSegmentCount = 0
        var text: String { segments.map(\.text).joined(separator: " ") }
    }

    /// Splits a layout line into segments at runs of two or more spaces, with their columns (scalars).
    static func segments(_ line: Substring) -> [Segment] {
        var out: [Segment] = []
        var current = String.UnicodeScalarView()
        var start = 0
        var spaces = 0
        var column = 0
        for u in line.unicodeScalars {
            if u == " " || u == "\u{3000}" || u == "\t" {
                spaces += 1
            } else {
                if spaces >= 2 || current.isEmpty {
                    if !current.isEmpty { out.append(Segment(text: String(current), column: start)) }
                    current = String.UnicodeScalarView()
                    start = column
                } else if spaces == 1 {
                    current.append(" ")
                }
                spaces = 0
                current.append(u)
            }
            column += 1
        }
        if !current.isEmpty { out.append(Segment(text: String(current), column: start)) }
        return out
    }

    /// What a table cell holds when it is a value: a number, or a mark that stands for none.
    static func isValueToken(_ token: String) -> Bool {
        let half = TextNormalization.halfWidth(token)
        if CellValue.plainNumber(half) != nil { return true }
        return ["—", "——", "-", "--", "－", "/", "无", "─"].contains(half)
    }

    /// The trailing segments made only of value tokens (`0`, `12 3` when columns sit close together).
    static func values(of segments: [Segment]) -> (count: Int, values: [String]) {
        var values: [String] = []
        var count = 0
        for segment in segments.reversed() {
            let tokens = segment.text.split(separator: " ").map(String.init)
            guard !tokens.isEmpty, tokens.allSatisfy(isValueToken) else { break }
            values.insert(contentsOf: tokens, at: 0)
            count += 1
        }
        return (count, values)
    }

    /// Page numbers (`- 3 -`, `— 3 —`, `第3页`, `第 3 页 共 9 页`, `3/9`) are the printer's, not the report's.
    static func isPageNumber(_ text: String) -> Bool {
        let t = TextNormalization.halfWidth(text).filter { $0 != " " }
        guard !t.isEmpty, t.count <= 14, t.contains(where: \.isNumber) else { return false }
        let stripped = t.filter { !$0.isNumber }
        if ["--", "——", "—", "-", "第页", "第页共页", "共页第页", "/", "Page", "page"].contains(stripped) { return true }
        return false
    }

    static func lines(_ text: String) -> [Line] {
        var out: [Line] = []
        var page = 1
        for (index, raw) in sourceLines(text).enumerated() {
            var line = raw
            while line.first == "\u{0C}" { line = line.dropFirst(); page += 1 }
            let segs = segments(line)
            var l = Line(number: index + 1, page: page, segments: segs,
                         indent: line.unicodeScalars.prefix(while: { $0 == " " || $0 == "\u{3000}" }).count,
                         width: line.unicodeScalars.count, values: [])
            if segs.count == 1, isPageNumber(segs[0].text) { l.segments = [] }
            let v = values(of: segs)
            l.values = v.values
            l.valueSegmentCount = v.count
            out.append(l)
        }
        return out
    }

    // MARK: Tables

    enum TableKind { case disclosure, applications, review }

    /// The table a short line starts, from the words only a table header has.
    static func tableStart(_ line: Line) -> TableKind? {
        guard !line.isBlank, line.segments.allSatisfy({ $0.text.unicodeScalars.count <= 40 }) else { return nil }
        let key = TextNormalization.labelKey(line.text)
        if SectionHeadings.match(line.text) != nil { return nil }
        if key.includes("第二十条第") || key.hasPrefix("信息内容") { return .disclosure }
        if key.includes("申请人情况") || key.includes("勾稽") || key.includes("本列数据") || key.includes("本年新收") { return .applications }
        if (key.includes("行政复议") && key.includes("行政诉讼")) || key.includes("结果维持") { return .review }
        return nil
    }

    /// A line of running text (not a table fragment): one long segment, or one that ends a sentence.
    static func isProse(_ line: Line) -> Bool {
        guard line.segments.count == 1, line.values.isEmpty else { return false }
        let t = line.segments[0].text
        return t.unicodeScalars.count >= 28 || (t.hasSuffix("。") && t.unicodeScalars.count >= 12)
    }

    /// What a label fragment does: name a row (`1.属于国家秘密`, `规章`), head columns (`自然人`,
    /// `本年制发件数`), or continue the cell above it (a label wrapped over lines).
    enum LabelRole { case rowLabel, header, continuation }

    static func role(_ text: String, kind: TableKind) -> LabelRole {
        let key = TextNormalization.halfWidth(text)
        let scalars = Array(key.unicodeScalars)
        guard let first = scalars.first else { return .continuation }
        // 1. / 1、 / 一、 / （一） / (一)
        if first.isASCIIDigit, scalars.count > 1, scalars[1] == "." || scalars[1] == "、" { return .rowLabel }
        let numerals = Set("一二三四五六七八九十".unicodeScalars)
        if numerals.contains(first), scalars.count > 1, scalars[1] == "、" { return .rowLabel }
        if first == "(", scalars.count > 2, numerals.contains(scalars[1]) { return .rowLabel }
        let rowWords: [String], headerWords: [String]
        switch kind {
        case .disclosure:
            rowWords = ["规章", "行政规范性文件", "规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制",
                        "行政事业性收费", "政府集中采购"]
            headerWords = ["第二十条", "信息内容", "本年", "现行有效", "上一年", "对外公开", "处理决定", "采购", "增/减", "增减"]
        case .applications:
            rowWords = []
            headerWords = ["申请人情况", "自然人", "法人或其他组织", "商业", "科研", "社会公益", "法律服务", "其他", "总计"]
        case .review:
            // Table 四 is headers over one row of fifteen numbers: its header words, wrapped one or two
            // characters a line (结果/维持), stack up by column.
            return .continuation
        }
        if rowWords.contains(where: { key.hasPrefix($0) }) { return .rowLabel }
        if headerWords.contains(where: { key.hasPrefix($0) }) { return .header }
        return .continuation
    }

    /// The expected number of values on a data row: 7 in table 三, 15 in table 四, and in table 二 three
    /// for 规章 and 规范性文件 (and for every 2019 row but fees and procurement, which have two), else one.
    static func expectedValues(kind: TableKind, label: String, is2019: Bool) -> Int {
        switch kind {
        case .applications: return Applicant.allCases.count
        case .review: return ReviewGroup.allCases.count * ReviewOutcome.allCases.count
        case .disclosure:
            let key = TextNormalization.labelKey(label)
            if key.hasSuffix("规章") || key.includes("规范性文件") { return 3 }
            if is2019 { return key.includes("收费") || key.includes("采购") ? 2 : 3 }
            return 1
        }
    }

    /// A label cell being assembled: where its first fragment stood, and what kind it is.
    struct LabelCell {
        var text: String
        var column: Int
        var width: Int
        var role: LabelRole
        /// How far a fragment is from this cell: wrapped text is either left-aligned or centred under it.
        func distance(to s: Segment) -> Int {
            let w = s.text.unicodeScalars.count
            return min(abs(column - s.column), abs((2 * column + width) - (2 * s.column + w)) / 2)
        }
    }

    /// Builds a table from its layout lines: label fragments join the cell they continue (nearest column),
    /// a line with values closes a row.
    static func table(kind: TableKind, lines: [Line], path: String, diagnostics: inout [Diagnostic]) -> SourceTable? {
        let allText = TextNormalization.labelKey(lines.map(\.text).joined())
        let is2019 = allText.includes("新制作数量") || allText.includes("上一年项目数量") || allText.includes("政府集中采购")
        var rows: [SourceRow] = []
        var pending: [LabelCell] = []
        var pendingLine: Int?
        var lastRow: (index: Int, labels: [LabelCell])?
        var unnamedValueLines: [Int] = []
        let reach = 6

        func flushPending() {
            guard !pending.isEmpty else { return }
            let cells = pending.sorted { $0.column < $1.column }.map { SourceCell(text: $0.text, line: pendingLine ?? 0) }
            rows.append(SourceRow(cells: cells, line: pendingLine ?? 0))
            pending = []
            pendingLine = nil
        }
        func nearest(_ cells: [LabelCell], to segment: Segment) -> Int? {
            let best = cells.indices.min { cells[$0].distance(to: segment) < cells[$1].distance(to: segment) }
            return best.flatMap { cells[$0].distance(to: segment) <= reach ? $0 : nil }
        }

        for line in lines where !line.isBlank {
            let labels = line.labelSegments.map { ($0, role($0.text, kind: kind)) }
            // The cells collected so far form a row of their own (a header, a label without numbers) when this
            // line starts a cell where one is already open, names a row under headers, or heads under a row name.
            let starts = labels.filter { $0.1 != .continuation }
            if !pending.isEmpty && (
                starts.contains(where: { s in pending.contains { abs($0.column - s.0.column) <= 2 } })
                || (starts.contains { $0.1 == .rowLabel } && !pending.contains { $0.role == .rowLabel })
                || (starts.contains { $0.1 == .header } && pending.contains { $0.role == .rowLabel })) {
                flushPending()
            }
            for (segment, role) in labels {
                let width = segment.text.unicodeScalars.count
                if role == .continuation {
                    if let i = nearest(pending, to: segment) {
                        pending[i].text += "\n" + segment.text
                        continue
                    }
                    if let last = lastRow, let i = nearest(last.labels, to: segment) {
                        rows[last.index].cells[i].text += "\n" + segment.text
                        continue
                    }
                }
                if pendingLine == nil { pendingLine = line.number }
                pending.append(LabelCell(text: segment.text, column: segment.column, width: width, role: role))
            }
            guard !line.values.isEmpty else { continue }
            let rowLabels = pending.sorted { $0.column < $1.column }
            if kind != .review, !rowLabels.contains(where: { $0.role == .rowLabel }) { unnamedValueLines.append(line.number) }
            let labelText = rowLabels.last?.text ?? ""
            let expected = expectedValues(kind: kind, label: rowLabels.map(\.text).joined(), is2019: is2019)
            var cells = rowLabels.map { SourceCell(text: $0.text, line: line.number) }
            if line.values.count == expected {
                cells += line.values.map { SourceCell(text: $0, line: line.number) }
            } else {
                cells += Array(repeating: SourceCell(text: "", line: line.number), count: expected)
                let name = TextNormalization.joinLines(labelText)
                diagnostics.append(Diagnostic(.warning, .parse, SourceLocation(file: path, line: line.number),
                    "\(tableName(kind))\(name.isEmpty ? "" : "「\(name)」")行（PDF 第 \(line.page) 页）有 \(line.values.count) 个数值，应为 \(expected) 个："
                    + "PDF 文字不保留空白单元格的位置，无法确定各数值所属的列；该行记为空（\(line.values.joined(separator: " "))）"))
            }
            rows.append(SourceRow(cells: cells, line: line.number))
            lastRow = (rows.count - 1, rowLabels)
            pending = []
            pendingLine = nil
        }
        flushPending()
        guard !rows.isEmpty else { return nil }
        // Numbers without a row name (only headers or nothing before them) mean the names stand below
        // their numbers (top-aligned value cells): every row would take the next row's name, so no number
        // of this table is certain.
        if let orphan = unnamedValueLines.first {
            diagnostics.append(Diagnostic(.warning, .parse, SourceLocation(file: path, line: orphan),
                "\(tableName(kind))第 \(orphan) 行的数值前没有行名，无法确定数值与行的对应关系；该表各单元格记为空"))
            for r in rows.indices {
                for c in rows[r].cells.indices where CellValue.looksLikeValue(rows[r].cells[c].text) { rows[r].cells[c].text = "" }
            }
        }
        if lastRow == nil {
            diagnostics.append(Diagnostic(.warning, .parse, SourceLocation(file: path, line: rows[0].line),
                "\(tableName(kind))在 PDF 中没有含数值的行，各单元格记为空"))
        }
        return SourceTable(rows: rows, line: rows[0].line)
    }

    static func tableName(_ kind: TableKind) -> String {
        switch kind {
        case .disclosure: return "表二（主动公开）"
        case .applications: return "表三（依申请公开）"
        case .review: return "表四（行政复议、行政诉讼）"
        }
    }

    // MARK: Document

    public static func parse(layout text: String, path: String) -> SourceDocument {
        var all = lines(text)
        var blocks: [Block] = []
        var diagnostics: [Diagnostic] = []
        // A lone number next to a page break is the page's number, not a cell.
        let filled = all.indices.filter { !all[$0].isBlank }
        for (k, i) in filled.enumerated() {
            let l = all[i]
            guard l.segments.count == 1, l.values.count == 1, let n = Int(l.values[0]), n < 1000 else { continue }
            let pageBreakAfter = k + 1 < filled.count && all[filled[k + 1]].page != l.page
            let pageBreakBefore = k > 0 && all[filled[k - 1]].page != l.page
            if pageBreakAfter || pageBreakBefore {
                all[i].segments = []
                all[i].values = []
                diagnostics.append(Diagnostic(.notice, .parse, SourceLocation(file: path, line: l.number),
                    "第 \(l.number) 行单独的「\(n)」位于分页处，视为页码，未读入"))
            }
        }
        // The width of a full line of running text (titles are centred, tables wider: neither counts).
        let maxWidth = all.filter { $0.segments.count == 1 && $0.indent <= 4 && $0.values.isEmpty }.map(\.width).max() ?? 0

        var paragraph: (text: String, line: Int, lastWidth: Int)?
        func flushParagraph() {
            if let p = paragraph { blocks.append(.text(TextBlock(text: p.text, line: p.line))) }
            paragraph = nil
        }
        func addProse(_ line: Line, afterBlank: Bool) {
            let text = line.segments.map(\.text).joined(separator: "  ")
            if SectionHeadings.match(text) != nil {
                flushParagraph()
                blocks.append(.text(TextBlock(text: text, line: line.number, isHeading: true)))
                return
            }
            // A paragraph goes on over lines that are not indented, unless the line before ended a
            // sentence short of the right margin.
            let ended = endsSentence(paragraph?.text) && (paragraph?.lastWidth ?? 0) * 10 < maxWidth * 9
            if let p = paragraph, !afterBlank, line.indent < 2, !ended {
                paragraph = (joinWrapped(p.text, text), p.line, line.width)
            } else {
                flushParagraph()
                paragraph = (text, line.number, line.width)
            }
        }

        var i = 0
        var afterBlank = true
        while i < all.count {
            let line = all[i]
            if line.isBlank { afterBlank = true; i += 1; continue }
            guard let kind = tableStart(line) else {
                addProse(line, afterBlank: afterBlank)
                afterBlank = false
                i += 1
                continue
            }
            flushParagraph()
            // The table runs to the next section heading or the next table's header.
            var end = i + 1
            while end < all.count {
                let l = all[end]
                if l.values.isEmpty, !l.isBlank {
                    if SectionHeadings.match(l.text) != nil { break }
                    if let other = tableStart(l), other != kind { break }
                }
                end += 1
            }
            // Running text after the last row (a note, the next paragraph) is prose again.
            var last = end - 1
            if let lastValue = (i..<end).last(where: { !all[$0].values.isEmpty }),
               let firstProse = ((lastValue + 1)..<end).first(where: { isProse(all[$0]) }) {
                last = firstProse - 1
            }
            if let t = table(kind: kind, lines: Array(all[i...last]), path: path, diagnostics: &diagnostics) {
                blocks.append(.table(t))
            }
            afterBlank = true
            for l in all[(last + 1)..<end] where !l.isBlank { addProse(l, afterBlank: afterBlank); afterBlank = false }
            i = end
        }
        flushParagraph()
        return SourceDocument(blocks: blocks, diagnostics: diagnostics)
    }

    static func endsSentence(_ text: String?) -> Bool {
        guard let last = text?.unicodeScalars.last else { return false }
        return "。！？：；.!?:;）)".unicodeScalars.contains(last)
    }

    /// Joins a paragraph's wrapped lines: CJK text with nothing, Latin words with a space.
    static func joinWrapped(_ a: String, _ b: String) -> String {
        if let x = a.unicodeScalars.last, let y = b.unicodeScalars.first, x.isASCIIAlnum, y.isASCIIAlnum { return a + " " + b }
        return a + b
    }
}
