/// The lines of `sourceLines` (\n, \r\n, \r) walked on the bytes, each with its 1-based number: a
/// reader makes a String of a line only when it needs one.
func forEachSourceLine(_ text: String, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
    var text = text
    text.withUTF8 { bytes in
        let count = bytes.count
        var lineStart = 0, lineNumber = 0
        while lineStart <= count {
            var lineEnd = lineStart
            while lineEnd < count && bytes[lineEnd] != 0x0A && bytes[lineEnd] != 0x0D { lineEnd += 1 }
            lineNumber += 1
            body(UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]), lineNumber)
            lineStart = lineEnd < count && bytes[lineEnd] == 0x0D && lineEnd + 1 < count && bytes[lineEnd + 1] == 0x0A ? lineEnd + 2 : lineEnd + 1
        }
    }
}

/// Splits text into lines, accepting `\n`, `\r\n` and `\r`, with 1-based line numbers.
func sourceLines(_ text: String) -> [Substring] {
    var lines: [Substring] = []
    let u = text.utf8
    // Line breaks found on the contiguous bytes; lines cut at their offsets (O(1) on native UTF-8).
    let breaks: [(end: Int, next: Int)]? = u.withContiguousStorageIfAvailable { b in
        var found: [(end: Int, next: Int)] = []
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == 0x0A || c == 0x0D {
                let next = c == 0x0D && i + 1 < b.count && b[i + 1] == 0x0A ? i + 2 : i + 1
                found.append((i, next))
                i = next
            } else {
                i += 1
            }
        }
        return found
    }
    if let breaks {
        lines.reserveCapacity(breaks.count + 1)
        var start = u.startIndex
        for br in breaks {
            let end = u.index(u.startIndex, offsetBy: br.end)
            lines.append(text[start..<end])
            start = u.index(u.startIndex, offsetBy: br.next)
        }
        lines.append(text[start..<text.endIndex])
        return lines
    }
    var start = text.startIndex
    var ui = u.startIndex
    // Walk UTF-8 bytes: fast, and line breaks are ASCII.
    while ui != u.endIndex {
        let b = u[ui]
        if b == 0x0A || b == 0x0D {
            lines.append(text[start..<ui])
            var next = u.index(after: ui)
            if b == 0x0D && next != u.endIndex && u[next] == 0x0A { next = u.index(after: next) }
            ui = next
            start = ui
        } else {
            ui = u.index(after: ui)
        }
    }
    lines.append(text[start..<text.endIndex])
    return lines
}

/// The cells of a tab-separated line as Strings, on its contiguous bytes: what `tabFields` gives, each
/// made a String.
func tabCells(_ line: Substring, droppingFirst: Bool) -> [String] {
    if let cells = line.utf8.withContiguousStorageIfAvailable({ b -> [String] in
        var cells: [String] = []
        var start = droppingFirst ? 1 : 0
        for i in start..<b.count where b[i] == 0x09 {
            cells.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self))
            start = i + 1
        }
        cells.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<b.count]), as: UTF8.self))
        return cells
    }) { return cells }
    return tabFields(line, droppingFirst: droppingFirst).map { String($0) }
}

/// The cells of a Word-text row line (it starts with a tab) in one pass over its bytes; nil when the line
/// holds a `[bookmark:` marker or has too many cells (`hasTooManyCells`): those go the general way.
func wordRowCells(_ line: Substring) -> [String]? {
    line.utf8.withContiguousStorageIfAvailable { b -> [String]? in
        guard isWordRowLine(b) else { return nil }
        var cells: [String] = []
        appendWordRowCells(b) { cells.append($0) }
        return cells
    } ?? nil
}

/// True when the bytes of a line starting with a tab are a row `wordRowCells` cuts: fewer than
/// `maxCellsPerRow - 1` tabs after the first, and no `[bookmark:` marker.
func isWordRowLine(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    let marker: StaticString = "[bookmark:"
    var tabs = 1
    for i in 1..<b.count {
        let c = b[i]
        if c == 0x09 {
            tabs += 1
            if tabs >= maxCellsPerRow { return false }
        } else if c == 0x5B, i + marker.utf8CodeUnitCount <= b.count,
                  (0..<marker.utf8CodeUnitCount).allSatisfy({ b[i + $0] == marker.utf8Start[$0] }) {
            return false
        }
    }
    return true
}

/// The cells of a row line (`isWordRowLine`), the text between its tabs after the first, each given to `cell`.
@inline(__always)
func appendWordRowCells(_ b: UnsafeBufferPointer<UInt8>, _ cell: (String) -> Void) {
    var start = 1
    for i in 1..<b.count where b[i] == 0x09 {
        cell(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self))
        start = i + 1
    }
    cell(String(decoding: UnsafeBufferPointer(rebasing: b[start..<b.count]), as: UTF8.self))
}

/// `split(separator: "\t", omittingEmptySubsequences: false)` of the line (less its first byte, a tab, when
/// `droppingFirst`), on bytes: a tab is a Character of its own, so the pieces are the same.
func tabFields<S: StringProtocol>(_ line: S, droppingFirst: Bool) -> [S.SubSequence] {
    let u = line.utf8
    var fields: [S.SubSequence] = []
    var start = droppingFirst ? u.index(after: u.startIndex) : u.startIndex
    var i = start
    while i != u.endIndex {
        if u[i] == 0x09 {
            fields.append(line[start..<i])
            i = u.index(after: i)
            start = i
        } else {
            i = u.index(after: i)
        }
    }
    fields.append(line[start..<u.endIndex])
    return fields
}

/// A line of more tab-separated cells than any table of the format has by far is read as text: split
/// into cells, a line of ten million tabs took ~1 GB and 20 s (a cell costs ~100 bytes, a tab one).
let maxCellsPerRow = 256

/// True when the line has more than `maxCellsPerRow - 1` tabs (stops counting there).
func hasTooManyCells<S: StringProtocol>(_ line: S) -> Bool {
    var tabs = 0
    for b in line.utf8 where b == 0x09 {
        tabs += 1
        if tabs >= maxCellsPerRow { return true }
    }
    return false
}

/// Word artefacts that the agency did not write: `[bookmark: _GoBack]` markers left by text extraction.
/// One pass over the bytes: searching again from the start after each removal was quadratic in the
/// number of markers on a line (a line of 50,000 markers took 20 s).
func removingWordArtefacts(_ s: Substring) -> String {
    guard s.includes("[bookmark:") else { return String(s) }
    let bytes = Array(s.utf8)
    let marker = Array("[bookmark:".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
        if bytes[i] == 0x5B, i + marker.count <= bytes.count, bytes[i..<(i + marker.count)].elementsEqual(marker) {
            // No `]` after it: no later marker closes either, the rest stays as written.
            guard let close = bytes[(i + marker.count)...].firstIndex(of: 0x5D) else { out += bytes[i...]; break }
            i = close + 1
            continue
        }
        out.append(bytes[i])
        i += 1
    }
    return String(decoding: out, as: UTF8.self)
}

/// Text extracted from Word: a table cell is a line that starts with a tab, a row is a group of such lines,
/// rows are separated by blank lines, and a cell's text may go on over lines that do not start with a tab
/// (`商业\n企业`, a vertical header one character a line, ` \n \n\n0`).
public enum WordTextReader {
    public static func read(_ text: String) -> SourceDocument {
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

        // A line becomes a String only when it is not a row line; a row line's cells are cut from the
        // bytes straight into the row.
        forEachSourceLine(text) { raw, lineNumber in
            // A row line without Word artefacts: its cells straight from the source line (the line as a
            // String of its own, made below, is the same bytes).
            if raw.first == 0x09, isWordRowLine(raw) {
                flushParagraph()
                if sawBlank || row.isEmpty { flushRow(); rowLine = lineNumber }
                appendWordRowCells(raw) { row.append(SourceCell(text: $0, line: lineNumber)) }
                sawBlank = false
                return
            }
            let rawLine = String(decoding: raw, as: UTF8.self)
            let line = rawLine.includes("[bookmark:") ? removingWordArtefacts(Substring(rawLine)) : rawLine
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
            } else if inTable, let last = row.last, continuesCell(line, lastCell: last.text, afterBlank: sawBlank) {
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

    /// A line without a leading tab continues the last cell when it follows it directly (a label broken
    /// over lines), or after blank lines when the cell so far is empty and the line is a value (` \n\n0`).
    /// A section heading always ends the table.
    static func continuesCell(_ line: String, lastCell: String, afterBlank: Bool) -> Bool {
        let t = TextNormalization.trimmed(line)
        if SectionHeadings.match(t) != nil { return false }
        if !afterBlank { return t.unicodeScalars.count <= 40 }
        return TextNormalization.isBlank(lastCell) && t.unicodeScalars.count <= 12 && CellValue.looksLikeValue(t)
    }
}

/// Markdown with tab-separated table rows: `#` headings, paragraphs separated by blank lines,
/// and a table row per line with its cells between tabs (the first cell before the first tab).
public enum MarkdownReader {
    public static func read(_ text: String) -> SourceDocument {
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

        /// One line that is not a plain table row.
        func generalLine(_ line: String, _ lineNumber: Int) {
            if line.includes("\t") && !hasTooManyCells(line) {
                flushParagraph()
                let cells = tabCells(Substring(line), droppingFirst: false).map { SourceCell(text: $0, line: lineNumber) }
                rows.append(SourceRow(cells: cells, line: lineNumber))
            } else if TextNormalization.isBlank(line) {
                flushParagraph(); flushTable()
            } else if let heading = markdownHeading(line) {
                flushParagraph(); flushTable()
                blocks.append(.text(TextBlock(text: heading, line: lineNumber, isHeading: true, isMarkdown: true)))
            } else {
                flushTable()
                if paragraph == nil { paragraph = ([], lineNumber) }
                paragraph!.lines.append(line)
            }
        }

        // A table row without Word artefacts is cut into cells from the bytes; other lines become a String
        // and go the general way.
        forEachSourceLine(text) { raw, lineNumber in
            if let cells = markdownRowCells(raw, line: lineNumber) {
                flushParagraph()
                rows.append(SourceRow(cells: cells, line: lineNumber))
                return
            }
            let rawLine = String(decoding: raw, as: UTF8.self)
            let line = rawLine.includes("[bookmark:") ? removingWordArtefacts(Substring(rawLine)) : rawLine
            generalLine(line, lineNumber)
        }
        flushParagraph()
        flushTable()
        return SourceDocument(blocks: blocks)
    }

    /// The cells of a Markdown table row (a line with a tab) cut from its bytes, as `tabCells` of the line
    /// would give them; nil for any other line and for a row that holds a `[bookmark:` marker or too many
    /// cells (`hasTooManyCells`): those go the general way.
    static func markdownRowCells(_ b: UnsafeBufferPointer<UInt8>, line: Int) -> [SourceCell]? {
        guard b.contains(0x09) else { return nil }
        let marker: StaticString = "[bookmark:"
        var tabs = 0
        for i in 0..<b.count {
            let c = b[i]
            if c == 0x09 {
                tabs += 1
                if tabs >= maxCellsPerRow { return nil }
            } else if c == 0x5B, i + marker.utf8CodeUnitCount <= b.count,
                      (0..<marker.utf8CodeUnitCount).allSatisfy({ b[i + $0] == marker.utf8Start[$0] }) {
                return nil
            }
        }
        var cells: [SourceCell] = []
        cells.reserveCapacity(tabs + 1)
        var start = 0
        for i in 0..<b.count where b[i] == 0x09 {
            cells.append(SourceCell(text: String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self), line: line))
            start = i + 1
        }
        cells.append(SourceCell(text: String(decoding: UnsafeBufferPointer(rebasing: b[start..<b.count]), as: UTF8.self), line: line))
        return cells
    }

    static func markdownHeading(_ line: String) -> String? {
        let t = TextNormalization.trimmed(line)
        guard t.hasPrefix("#") else { return nil }
        let hashes = t.prefix(while: { $0 == "#" })
        guard hashes.count <= 6 else { return nil }
        let rest = t.dropFirst(hashes.count)
        guard rest.isEmpty || rest.first == " " else { return nil }
        return TextNormalization.trimmed(String(rest))
    }
}
