import CLibXML2
import Foundation

/// Reads a web page into a `SourceDocument`: paragraphs as text blocks, tables expanded into a grid that
/// honours `rowspan`/`colspan`. A whole site page carries tens of kilobytes of menus and footers around the
/// report, so only the element that holds the official tables and section headings is read, with the page
/// title put in front when the report's own part has none.
public enum HTMLReader {
    /// Reads the page. Returns nil only when libxml2 cannot make a document of the text at all.
    public static func read(_ text: String) -> SourceDocument? {
        // Some sites ship the report as a JavaScript string (`let content = "<p>…"`) that a script writes
        // into the page. It is read first: parsed as part of the page, its `\"` escapes would garble
        // attributes such as `colspan=\"3\"`.
        if let embedded = EmbeddedHTML.find(in: text), embedded.html.includes("<table"),
           var inner = Page.parse(embedded.html, fixedLine: embedded.line), inner.hasReportSignals {
            if inner.pageTitle == nil && !ReportLocator.hasTitle(inner.rootIndices.map { inner.items[$0].block }) {
                inner.pageTitle = Page.parse(text, fixedLine: nil)?.pageTitle
            }
            return inner.document
        }
        return Page.parse(text, fixedLine: nil)?.document
    }

    /// libxml2's forgiving HTML parser, silent, never on the network. The text is already decoded (Ingest
    /// chose the encoding), so it is handed over as UTF-8 and a `<meta charset=gbk>` must not re-decode it.
    /// COMPACT keeps short text inside its node (fewer allocations); the tree is only read, never changed.
    static let options = Int32(bitPattern: HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
        | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
        | HTML_PARSE_COMPACT.rawValue)
}

// MARK: - The page: blocks in reading order, and which of them are the report

struct Page {
    /// Every block of the page with the element it came from.
    var items: [Item]
    /// The items inside the element that holds the report (all of them when no report was recognised).
    var rootIndices: [Int]
    var pageTitle: String?
    var hasReportSignals: Bool

    struct Item {
        var block: Block
        /// The block elements from the document root down to the one the block came from, each by its
        /// number in reading order (numbers, not node pointers: the document is freed after reading).
        var path: [Int]
    }

    static func parse(_ text: String, fixedLine: Int?) -> Page? {
        var source = text
        let doc: htmlDocPtr? = source.withUTF8 { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0, buffer.count < Int(Int32.max) else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", HTMLReader.options)
            }
        }
        guard let doc else { return nil }
        defer { xmlFreeDoc(doc) }
        var walker = BlockWalker(fixedLine: fixedLine)
        if let root = xmlDocGetRootElement(doc) { walker.element(root) }
        walker.flush()
        let items = TableContinuation.merge(walker.items)
        let located = ReportLocator.locate(items)
        return Page(items: items, rootIndices: located.indices, pageTitle: walker.pageTitle, hasReportSignals: located.found)
    }

    /// The report's blocks, with a title in front when the report's own part has none.
    var document: SourceDocument {
        var blocks = rootIndices.map { items[$0].block }
        if hasReportSignals, !ReportLocator.hasTitle(blocks),
           let title = ReportLocator.titleBefore(rootIndices.first ?? 0, in: items) ?? pageTitle.flatMap(ReportLocator.titleFromPageTitle) {
            blocks.insert(.text(title), at: 0)
        }
        return SourceDocument(blocks: blocks)
    }
}

// MARK: - Walking the DOM

/// What an element is to the reader.
enum HTMLTag {
    case skipped, block, heading, lineBreak, table, row, cell, rowGroup, bold, head, title, caption, inline

    static let known: [UInt64: HTMLTag] = {
        var d: [UInt64: HTMLTag] = [:]
        // Chrome and machinery: never report text.
        for n in ["script", "style", "noscript", "template", "nav", "iframe", "object", "embed", "svg", "math",
                  "select", "option", "button", "input", "textarea", "map", "canvas", "audio", "video", "link", "meta"] {
            d[HTMLTag.key(n)] = .skipped
        }
        for n in ["h1", "h2", "h3", "h4", "h5", "h6"] { d[HTMLTag.key(n)] = .heading }
        for n in ["p", "div", "li", "ul", "ol", "dl", "dt", "dd",
                  "pre", "section", "article", "main", "aside", "header", "footer", "address", "center", "figure",
                  "form", "fieldset", "legend", "hr", "body", "html"] {
            d[HTMLTag.key(n)] = .block
        }
        d[HTMLTag.key("br")] = .lineBreak
        d[HTMLTag.key("table")] = .table
        d[HTMLTag.key("tr")] = .row
        d[HTMLTag.key("td")] = .cell; d[HTMLTag.key("th")] = .cell
        d[HTMLTag.key("thead")] = .rowGroup; d[HTMLTag.key("tbody")] = .rowGroup; d[HTMLTag.key("tfoot")] = .rowGroup
        d[HTMLTag.key("b")] = .bold; d[HTMLTag.key("strong")] = .bold
        d[HTMLTag.key("head")] = .head
        d[HTMLTag.key("title")] = .title
        d[HTMLTag.key("caption")] = .caption
        return d
    }()

    static let long: [String: HTMLTag] = ["blockquote": .block, "figcaption": .block]

    /// `known[key] ?? .inline` as a switch on the packed names (the dictionary hashed a key for every
    /// element of every page; CleanCPUTests checks the two agree).
    static func tag(forKey key: UInt64) -> HTMLTag {
        switch key {
        case 0x7464, 0x7468: return .cell  // td th
        case 0x7472: return .row  // tr
        case 0x736372697074, 0x7374796C65, 0x6E6F736372697074, 0x74656D706C617465, 0x6E6176, 0x696672616D65, 0x6F626A656374,
             0x656D626564, 0x737667, 0x6D617468, 0x73656C656374, 0x6F7074696F6E, 0x627574746F6E, 0x696E707574, 0x7465787461726561,
             0x6D6170, 0x63616E766173, 0x617564696F, 0x766964656F, 0x6C696E6B, 0x6D657461:
            return .skipped  // script style noscript template nav iframe object embed svg math select option button input textarea map canvas audio video link meta
        case 0x6831, 0x6832, 0x6833, 0x6834, 0x6835, 0x6836: return .heading  // h1 h2 h3 h4 h5 h6
        case 0x70, 0x646976, 0x6C69, 0x756C, 0x6F6C, 0x646C, 0x6474, 0x6464, 0x707265, 0x73656374696F6E, 0x61727469636C65,
             0x6D61696E, 0x6173696465, 0x686561646572, 0x666F6F746572, 0x61646472657373, 0x63656E746572, 0x666967757265,
             0x666F726D, 0x6669656C64736574, 0x6C6567656E64, 0x6872, 0x626F6479, 0x68746D6C:
            return .block  // p div li ul ol dl dt dd pre section article main aside header footer address center figure form fieldset legend hr body html
        case 0x6272: return .lineBreak  // br
        case 0x7461626C65: return .table  // table
        case 0x7468656164, 0x74626F6479, 0x74666F6F74: return .rowGroup  // thead tbody tfoot
        case 0x62, 0x7374726F6E67: return .bold  // b strong
        case 0x68656164: return .head  // head
        case 0x7469746C65: return .title  // title
        case 0x63617074696F6E: return .caption  // caption
        default: return .inline
        }
    }

    /// A name of up to 8 bytes packed into a number (exactly, no hashing collisions), so the lookup done
    /// for every element of a page allocates nothing; nil for longer names.
    static func key(_ name: UnsafePointer<UInt8>) -> UInt64? {
        var k: UInt64 = 0
        for i in 0..<9 {
            let b = name[i]
            if b == 0 { return k }
            if i == 8 { return nil }
            k = k << 8 | UInt64(b)
        }
        return nil
    }

    static func key(_ name: String) -> UInt64 {
        name.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    init(_ node: xmlNodePtr) {
        guard let name = node.pointee.name else { self = .inline; return }
        if let key = HTMLTag.key(name) { self = HTMLTag.tag(forKey: key) }
        else { self = HTMLTag.long[String(cString: name)] ?? .inline }
    }
}

/// Small pure helpers over libxml2 nodes.
enum DOM {
    static func isElement(_ node: xmlNodePtr) -> Bool { node.pointee.type == XML_ELEMENT_NODE }
    static func isText(_ node: xmlNodePtr) -> Bool {
        node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE
    }

    static func children(_ node: xmlNodePtr) -> UnfoldSequence<xmlNodePtr, xmlNodePtr?> {
        sequence(state: node.pointee.children) { (next: inout xmlNodePtr?) -> xmlNodePtr? in
            guard let n = next else { return nil }
            next = n.pointee.next
            return n
        }
    }

    static func attribute(_ node: xmlNodePtr, _ name: StaticString) -> String? {
        guard let attr = attributeNode(node, name) else { return nil }
        // An HTML attribute's value is one text node; the general call covers anything else.
        if let text = attr.pointee.children, text.pointee.next == nil, let content = text.pointee.content {
            return String(cString: content)
        }
        guard let value = xmlNodeListGetString(node.pointee.doc, attr.pointee.children, 1) else { return "" }
        defer { xmlFree(value) }
        return String(cString: value)
    }

    /// Attribute names are compared as bytes: this runs for every element of the page.
    static func attributeNode(_ node: xmlNodePtr, _ name: StaticString) -> xmlAttrPtr? {
        var attr = node.pointee.properties
        while let a = attr {
            if let n = a.pointee.name, equal(n, name) { return a }
            attr = a.pointee.next
        }
        return nil
    }

    static func equal(_ c: UnsafePointer<UInt8>, _ name: StaticString) -> Bool {
        let bytes = name.utf8Start
        for i in 0..<name.utf8CodeUnitCount where c[i] != bytes[i] { return false }
        return c[name.utf8CodeUnitCount] == 0
    }

    /// `hidden` or `display:none`: a browser shows nothing of it, so neither does the report.
    static func isHidden(_ node: xmlNodePtr) -> Bool {
        // One pass over the attributes: any `hidden`, else the first `style`.
        var attr = node.pointee.properties
        var style: xmlAttrPtr?
        while let a = attr {
            if let n = a.pointee.name {
                if equal(n, "hidden") { return true }
                if style == nil, equal(n, "style") { style = a }
            }
            attr = a.pointee.next
        }
        guard let content = style?.pointee.children?.pointee.content else { return false }
        return declaresDisplayNone(content)
    }

    static let displayNone = Array("display:none".utf8)

    /// `display : NONE` in a style attribute, read as bytes (ASCII case and spaces ignored).
    static func declaresDisplayNone(_ style: UnsafePointer<UInt8>) -> Bool {
        let target = displayNone
        var i = 0
        while style[i] != 0 {
            // Only a `d` or `D` can start it (`b | 0x20` is `d` for those two bytes alone).
            guard style[i] | 0x20 == 0x64 else { i += 1; continue }
            var j = i, k = 0
            while k < target.count, style[j] != 0 {
                let b = style[j] | (style[j] >= 0x41 && style[j] <= 0x5A ? 0x20 : 0)
                if b == 0x20 || b == 0x09 { if k > 0 { j += 1; continue } else { break } }
                guard b == target[k] else { break }
                j += 1; k += 1
            }
            if k == target.count { return true }
            i += 1
        }
        return false
    }

    static func line(_ node: xmlNodePtr) -> Int { Int(xmlGetLineNo(node)) }

    /// The outermost tables inside a node (not those nested in them).
    static func tables(in node: xmlNodePtr) -> [xmlNodePtr] {
        var found: [xmlNodePtr] = []
        for child in children(node) where isElement(child) {
            if HTMLTag(child) == .table { found.append(child) } else { found += tables(in: child) }
        }
        return found
    }

    /// The `<tr>` of a table (directly, or in its thead/tbody/tfoot), not those of tables nested in it.
    static func rows(of table: xmlNodePtr) -> [xmlNodePtr] {
        var rows: [xmlNodePtr] = []
        for child in children(table) where isElement(child) {
            switch HTMLTag(child) {
            case .row: rows.append(child)
            case .rowGroup: rows += children(child).filter { isElement($0) && HTMLTag($0) == .row }
            default: continue
            }
        }
        return rows
    }

    static func cells(of row: xmlNodePtr) -> [xmlNodePtr] {
        children(row).filter { isElement($0) && HTMLTag($0) == .cell && !isHidden($0) }
    }

    /// A span attribute as the number it states; absent, malformed or out of range gives the default.
    static func span(_ node: xmlNodePtr, _ name: StaticString) -> Int? {
        guard node.pointee.properties != nil, let attr = attributeNode(node, name) else { return nil }
        // The usual attribute (one text node) read from its bytes: spaces, then up to six ASCII digits, as
        // below (any byte that is not one of those ends the number there, also in String(cString:)).
        if let text = attr.pointee.children, text.pointee.next == nil, let content = text.pointee.content {
            var i = 0
            while content[i] == 0x20 { i += 1 }
            var value = 0, digits = 0
            while digits < 6, content[i] >= 0x30 && content[i] <= 0x39 { value = value * 10 + Int(content[i] - 0x30); i += 1; digits += 1 }
            return digits > 0 ? value : nil
        }
        guard let raw = attribute(node, name) else { return nil }
        let digits = raw.unicodeScalars.drop(while: { $0 == " " }).prefix(while: { $0.isASCIIDigit }).prefix(6)
        return Int(String(String.UnicodeScalarView(digits)))
    }
}

/// Text as a browser lays it out: runs of white space (with `&nbsp;`) are one space, lines are broken by
/// `<br>` and block elements, and leading or trailing space on a line is dropped.
struct LineBuffer {
    /// A finished line: its text, the source line of its first text, and whether all of it was bold
    /// (a heading hint).
    struct Line { var text: String; var line: Int; var bold: Bool }

    private(set) var lines: [Line] = []
    private var bytes: [UInt8] = []
    private var pendingSpace = false
    private var firstLine = 0
    private var boldBytes = 0
    private var plainBytes = 0

    var isEmpty: Bool { bytes.isEmpty && lines.isEmpty }

    /// Appends a text node's content (NUL-terminated UTF-8, as libxml2 keeps it).
    mutating func append(_ text: UnsafePointer<UInt8>, line: Int, bold: Bool) {
        var count = 0
        while text[count] != 0 { count += 1 }
        append(UnsafeBufferPointer(start: text, count: count), line: line, bold: bold)
    }

    mutating func append(_ text: String, line: Int, bold: Bool) {
        var s = text
        s.withUTF8 { append($0, line: line, bold: bold) }
    }

    mutating func append(_ text: UnsafeBufferPointer<UInt8>, line: Int, bold: Bool) {
        var i = 0
        let n = text.count
        while i < n {
            let b = text[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C {
                pendingSpace = true
                i += 1
            } else if b == 0xC2 && i + 1 < n && text[i + 1] == 0xA0 {  // U+00A0, what &nbsp; becomes
                pendingSpace = true
                i += 2
            } else {
                if bytes.isEmpty { firstLine = line }
                else if pendingSpace { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(b)
                if bold { boldBytes += 1 } else { plainBytes += 1 }
                i += 1
            }
        }
    }

    /// Ends the current line; an empty one leaves nothing.
    mutating func breakLine() {
        pendingSpace = false
        guard !bytes.isEmpty else { return }
        lines.append(Line(text: String(decoding: bytes, as: UTF8.self), line: firstLine, bold: boldBytes > 0 && plainBytes == 0))
        bytes.removeAll(keepingCapacity: true)
        boldBytes = 0
        plainBytes = 0
    }

    /// The finished lines' text joined by "\n" (ending the current one); starts afresh keeping the storage.
    mutating func takeText() -> String {
        breakLine()
        defer { lines.removeAll(keepingCapacity: true) }
        if lines.count == 1 { return lines[0].text }  // what joined gives for one line
        return lines.map(\.text).joined(separator: "\n")
    }

    /// Takes the finished lines (ending the current one) and starts afresh.
    mutating func take() -> [Line] {
        breakLine()
        defer { lines = [] }
        return lines
    }
}

/// Walks the DOM in reading order and emits text blocks and tables.
struct BlockWalker {
    let fixedLine: Int?
    var items: [Page.Item] = []
    var pageTitle: String?
    private var buffer = LineBuffer()
    private var bufferPath: [Int] = []
    private var path: [Int] = []
    private var elementsEntered = 0
    private var boldDepth = 0

    init(fixedLine: Int?) { self.fixedLine = fixedLine }

    func line(_ node: xmlNodePtr) -> Int { fixedLine ?? DOM.line(node) }

    /// Ends the text gathered so far: each of its lines (split by `<br>`) is one text block, as each line
    /// of Word text is one paragraph.
    mutating func flush() {
        guard !buffer.isEmpty else { return }
        for line in buffer.take() {
            items.append(Page.Item(block: .text(TextBlock(text: line.text, line: line.line, isHeading: line.bold)), path: bufferPath))
        }
    }

    private mutating func enter() {
        elementsEntered += 1
        path.append(elementsEntered)
    }

    mutating func element(_ node: xmlNodePtr) {
        let tag = HTMLTag(node)
        switch tag {
        case .skipped: return
        case .head:
            for child in DOM.children(node) where DOM.isElement(child) && HTMLTag(child) == .title {
                pageTitle = CellText.read(child, includeNestedTables: false)
            }
            return
        case .title:
            if pageTitle == nil { pageTitle = CellText.read(node, includeNestedTables: false) }
            return
        default: break
        }
        if DOM.isHidden(node) { return }
        switch tag {
        case .lineBreak:
            buffer.breakLine()
        case .table:
            flush()
            enter()
            table(node)
            path.removeLast()
        case .block, .heading, .caption, .row, .cell, .rowGroup:
            // Stray rows and cells outside a table are laid out as blocks. Only block elements go into
            // `path`: it says which container a block belongs to, not how its words were styled.
            flush()
            enter()
            if tag == .heading { boldDepth += 1 }
            children(node)
            if tag == .heading { boldDepth -= 1 }
            flush()
            path.removeLast()
        case .bold:
            boldDepth += 1
            children(node)
            boldDepth -= 1
        default:
            children(node)
        }
    }

    mutating func children(_ node: xmlNodePtr) {
        for child in DOM.children(node) {
            if DOM.isElement(child) {
                element(child)
            } else if DOM.isText(child), let content = child.pointee.content {
                if buffer.isEmpty { bufferPath = path }
                buffer.append(UnsafePointer(content), line: line(child), bold: boldDepth > 0)
            }
        }
    }

    /// A data table becomes a grid. A table that lays out the page is read as the blocks inside its cells:
    /// one whose cells hold an official table, or hold tables while its own words are no official table's
    /// (a layout cell's prose may well say 规章 or 行政许可, so its words alone do not decide).
    mutating func table(_ node: xmlNodePtr) {
        let rows = DOM.rows(of: node)
        for child in DOM.children(node) where DOM.isElement(child) && HTMLTag(child) == .caption {
            element(child)
        }
        let cells = rows.map(DOM.cells(of:))
        let nested = cells.flatMap { $0.flatMap(DOM.tables(in:)) }
        let holdsOfficialTable = nested.contains {
            let rows = DOM.rows(of: $0)
            return TableInterpreter.classify(TableGrid.build(rows: rows, cells: rows.map(DOM.cells(of:)), includeNestedTables: true, fixedLine: fixedLine)) != nil
        }
        if holdsOfficialTable || (!nested.isEmpty
            && TableInterpreter.classify(TableGrid.build(rows: rows, cells: cells, includeNestedTables: false, fixedLine: fixedLine)) == nil) {
            for rowCells in cells {
                for cell in rowCells {
                    enter()
                    flush(); children(cell); flush()
                    path.removeLast()
                }
            }
            return
        }
        var grid = TableGrid.build(rows: rows, cells: cells, includeNestedTables: true, fixedLine: fixedLine)
        grid.line = fixedLine ?? DOM.line(node)
        guard !grid.rows.isEmpty else { return }
        items.append(Page.Item(block: .table(RepeatedHeaders.removed(from: grid)), path: path))
    }
}

/// The text of a table cell: `<br>`, `<p>` and other blocks break it into lines joined by "\n" (the
/// interpreter joins `商业\n企业` back into one label); a table nested in the cell gives its rows as lines.
enum CellText {
    static func read(_ node: xmlNodePtr, includeNestedTables: Bool) -> String {
        var buffer = LineBuffer()
        return read(node, includeNestedTables: includeNestedTables, using: &buffer)
    }

    /// `read` with a buffer that a table's cells share (one allocation for all of them, not one per cell).
    static func read(_ node: xmlNodePtr, includeNestedTables: Bool, using buffer: inout LineBuffer) -> String {
        collect(node, into: &buffer, includeNestedTables: includeNestedTables)
        return buffer.takeText()
    }

    private static func collect(_ node: xmlNodePtr, into buffer: inout LineBuffer, includeNestedTables: Bool) {
        for child in DOM.children(node) {
            if DOM.isText(child), let content = child.pointee.content {
                buffer.append(UnsafePointer(content), line: 0, bold: false)
                continue
            }
            guard DOM.isElement(child) else { continue }
            let tag = HTMLTag(child)
            if tag == .skipped || tag == .head || DOM.isHidden(child) { continue }
            switch tag {
            case .lineBreak:
                buffer.breakLine()
            case .table:
                buffer.breakLine()
                guard includeNestedTables else { continue }
                for row in DOM.rows(of: child) {
                    let cells = DOM.cells(of: row).map { read($0, includeNestedTables: true) }
                        .map { $0.replacingOccurrences(of: "\n", with: " ") }.filter { !$0.isEmpty }
                    buffer.append(cells.joined(separator: " "), line: 0, bold: false)
                    buffer.breakLine()
                }
            case .block, .heading, .row, .cell, .rowGroup, .caption, .title:
                buffer.breakLine()
                collect(child, into: &buffer, includeNestedTables: includeNestedTables)
                buffer.breakLine()
            default:
                collect(child, into: &buffer, includeNestedTables: includeNestedTables)
            }
        }
    }
}

/// The HTML table model: each cell takes the first free position of its row and covers `rowspan` × `colspan`
/// positions; the first holds the text, the others are `isSpanned` with no text of their own.
enum TableGrid {
    /// Wider than any official table by far; bounds the work a malformed `colspan` can cause.
    static let maxColspan = 64
    /// Positions past this column are not placed. Every row's cell with `rowspan="0"` pushes the next
    /// row's cells one column right, so without a bound n such rows made an n × n/2 grid (3,000 rows of
    /// 136 KB took 9 s and 590 MB); with it the work is linear in the rows. No report table is this wide.
    static let maxColumns = 256

    static func build(rows: [xmlNodePtr], cells: [[xmlNodePtr]], includeNestedTables: Bool, fixedLine: Int?) -> SourceTable {
        var grid: [[SourceCell?]] = Array(repeating: [], count: rows.count)
        var buffer = LineBuffer()
        for r in rows.indices {
            var c = 0
            for cell in cells[r] {
                while c < grid[r].count, grid[r][c] != nil { c += 1 }
                if c >= maxColumns { break }
                let remaining = rows.count - r
                // rowspan="0" reaches the end of the table; spans past it are cut there, as browsers do.
                let rowspan = DOM.span(cell, "rowspan").map { $0 == 0 ? remaining : min(max($0, 1), remaining) } ?? 1
                let colspan = DOM.span(cell, "colspan").map { min(max($0, 1), maxColspan) } ?? 1
                let line = fixedLine ?? DOM.line(cell)
                let text = CellText.read(cell, includeNestedTables: includeNestedTables, using: &buffer)
                for dr in 0..<rowspan {
                    for dc in 0..<min(colspan, maxColumns - c) {
                        let first = dr == 0 && dc == 0
                        place(SourceCell(text: first ? text : "", line: line, isSpanned: !first), at: r + dr, c + dc, in: &grid)
                    }
                }
                c += colspan
            }
        }
        var table = SourceTable(rows: [], line: rows.first.map { fixedLine ?? DOM.line($0) } ?? 0)
        for (r, cells) in grid.enumerated() where !cells.isEmpty {
            let line = fixedLine ?? DOM.line(rows[r])
            // A position no cell reaches (a short row beside a rowspan) is an empty cell.
            table.rows.append(SourceRow(cells: cells.map { $0 ?? SourceCell(text: "", line: line) }, line: line))
        }
        return table
    }

    private static func place(_ cell: SourceCell, at row: Int, _ column: Int, in grid: inout [[SourceCell?]]) {
        if grid[row].count <= column { grid[row].append(contentsOf: repeatElement(nil, count: column + 1 - grid[row].count)) }
        // Overlapping spans (malformed tables): the cell placed first keeps the position.
        if grid[row][column] == nil { grid[row][column] = cell }
    }
}

// MARK: - Header rows repeated after a page break

enum RepeatedHeaders {
    /// The header rows a table starts with: those before the first row that holds a number.
    static func headerCount(_ table: SourceTable) -> Int {
        table.rows.firstIndex(where: { row in
            row.cells.contains { !$0.isSpanned && holdsPlainNumber($0.text) }
        }) ?? 0
    }

    /// `CellValue.plainNumber(compact(text)) != nil`, answered from the cell's shape where that tells
    /// (digits alone are a number; a blank or a label is none).
    static func holdsPlainNumber(_ text: String) -> Bool {
        switch CellValue.quickShape(text) {
        case .digits: return true
        case .blank, .word: return false
        case .dash, .other: return CellValue.plainNumber(compact(text)) != nil
        }
    }

    /// The words of a row, position-free, so a copy under a rowspan from above still compares equal.
    static func signature(_ row: SourceRow) -> String {
        row.cells.filter { !$0.isSpanned }.map { TextNormalization.labelKey($0.text) }.filter { !$0.isEmpty }
            .joined(separator: "|")
    }

    static func ownCells(_ row: SourceRow) -> Int { row.cells.reduce(0) { $0 + ($1.isSpanned ? 0 : 1) } }

    static func compact(_ s: String) -> String {
        String(String.UnicodeScalarView(TextNormalization.halfWidth(s).unicodeScalars.filter { !TextNormalization.isSpace($0) }))
    }

    /// Drops the later copies of the table's header rows (a page break repeats them); they hold no number,
    /// so nothing the agency reported goes with them.
    static func removed(from table: SourceTable) -> SourceTable {
        let count = headerCount(table)
        guard count > 0 else { return table }
        let headers = Set(table.rows.prefix(count).map(signature).filter { !$0.isEmpty })
        let widths = Set(table.rows.prefix(count).map(ownCells))
        var out = table
        // Only a row with as many cells of its own as a header row can be its copy.
        out.rows = Array(table.rows.prefix(count))
            + table.rows.dropFirst(count).filter { !widths.contains(ownCells($0)) || !headers.contains(signature($0)) }
        return out
    }
}

/// A table broken by a page break arrives as two tables, the second starting with the first's header rows.
enum TableContinuation {
    static func merge(_ items: [Page.Item]) -> [Page.Item] {
        var out: [Page.Item] = []
        for item in items {
            if case .table(let next) = item.block, let last = out.last, case .table(let previous) = last.block,
               let rest = continuation(of: previous, next) {
                var merged = previous
                merged.rows += rest
                out[out.count - 1].block = .table(RepeatedHeaders.removed(from: merged))
            } else {
                out.append(item)
            }
        }
        return out
    }

    /// The rows that continue `previous`, when `next` opens with copies of its header rows.
    static func continuation(of previous: SourceTable, _ next: SourceTable) -> [SourceRow]? {
        let headerCount = RepeatedHeaders.headerCount(previous)
        guard headerCount > 0 else { return nil }
        let headers = Set(previous.rows.prefix(headerCount).map(RepeatedHeaders.signature).filter { !$0.isEmpty })
        let leading = next.rows.prefix(while: { headers.contains(RepeatedHeaders.signature($0)) }).count
        guard leading > 0, leading < next.rows.count else { return nil }
        return Array(next.rows.dropFirst(leading))
    }
}

// MARK: - Finding the report inside the page

enum ReportLocator {
    /// The items inside the deepest element that holds every official table and section heading;
    /// all items when the page shows none (a plain fragment, or a page that is not a report).
    static func locate(_ items: [Page.Item]) -> (indices: [Int], found: Bool) {
        let signals = items.indices.filter { isSignal(items[$0].block) }
        guard let first = signals.first else { return (Array(items.indices), false) }
        var root = items[first].path
        for i in signals.dropFirst() {
            let path = items[i].path
            let common = zip(root, path).prefix(while: { $0 == $1 }).count
            root.removeLast(root.count - common)
        }
        // Signals all in one element (a lone table) are not the whole report: their container is.
        if signals.allSatisfy({ items[$0].path.count == root.count }), root.count > 1 { root.removeLast() }
        let indices = items.indices.filter { i in
            let path = items[i].path
            return path.count >= root.count && zip(root, path).allSatisfy({ $0 == $1 })
        }
        return (indices, true)
    }

    static func isSignal(_ block: Block) -> Bool {
        switch block {
        case .table(let t): return TableInterpreter.classify(t) != nil
        // A heading is short; the length check spares labelKey on every long paragraph of the page.
        case .text(let t): return t.text.utf8.count <= 240 && SectionHeadings.match(t.text) != nil
        }
    }

    /// A short line that says 报告 among the leading short lines (what ReportParser takes as the title).
    static func hasTitle(_ blocks: [Block]) -> Bool {
        for block in blocks.prefix(6) {
            guard case .text(let t) = block, SectionHeadings.match(t.text) == nil,
                  t.text.unicodeScalars.count <= 80 else { return false }
            if t.text.includes("报告") { return true }
        }
        return false
    }

    /// The page's own heading of the report, outside the report's element (`<div class="article_title">`):
    /// the nearest short line before it that says 报告 and names a year.
    static func titleBefore(_ index: Int, in items: [Page.Item]) -> TextBlock? {
        for i in stride(from: index - 1, through: max(0, index - 60), by: -1) {
            guard case .text(let t) = items[i].block else { continue }
            if isTitle(t.text) { return TextBlock(text: t.text, line: t.line, isHeading: true) }
        }
        return nil
    }

    /// `平潭综合实验区2023年度政府信息公开工作年度报告_政府信息公开年报_平潭…` → its part that is the title.
    static func titleFromPageTitle(_ title: String) -> TextBlock? {
        let parts = title.split(whereSeparator: { "_|－—".contains($0) }).map { TextNormalization.trimmed(String($0)) }
        return parts.first(where: isTitle).map { TextBlock(text: $0, line: 0, isHeading: true) }
    }

    static func isTitle(_ text: String) -> Bool {
        text.unicodeScalars.count <= 80 && text.includes("报告")
            && Identity.firstYear(in: TextNormalization.halfWidth(text)) != nil
    }
}

// MARK: - A report held in a JavaScript string

enum EmbeddedHTML {
    /// The HTML of `content = "…"` (or `'…'`), unescaped, with the line the string starts on, when it holds
    /// markup. Only the assignment to `content` is taken: other strings in scripts are not the report.
    static func find(in text: String) -> (html: String, line: Int)? {
        var source = text
        return source.withUTF8 { find(in: $0) }  // on the bytes in place, not a copy of them
    }

    static func find(in u: UnsafeBufferPointer<UInt8>) -> (html: String, line: Int)? {
        let name: StaticString = "content"
        let needle = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        var i = 0
        while i + needle.count < u.count {
            // The next `content`: memchr finds each `c` (SIMD; mostly CJK text and markup go by at once),
            // then the rest is compared (as byteOffset(of:in:from:to: u.count - 1) found it).
            guard let base = u.baseAddress, let c = memchr(base + i, 0x63, u.count - 1 - i) else { break }
            let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(c))
            guard at + needle.count <= u.count - 1 else { break }
            guard (1..<needle.count).allSatisfy({ u[at + $0] == needle[$0] }) else { i = at + 1; continue }
            i = at
            guard i == 0 || !isIdentifier(u[i - 1]) else { i += 1; continue }
            var j = i + needle.count
            while j < u.count, u[j] == 0x20 || u[j] == 0x09 { j += 1 }
            guard j < u.count, u[j] == UInt8(ascii: "=") else { i += 1; continue }
            j += 1
            while j < u.count, u[j] == 0x20 || u[j] == 0x09 { j += 1 }
            guard j < u.count, u[j] == UInt8(ascii: "\"") || u[j] == UInt8(ascii: "'") else { i += 1; continue }
            if let literal = stringLiteral(u, from: j), literal.includes("<") {
                let line = 1 + u[..<j].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                return (literal, line)
            }
            i += 1
        }
        return nil
    }

    static func isIdentifier(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x24
    }

    /// A JavaScript string literal starting at the quote at `start`: `\"`, `\\`, `\n`, `\t`, `\/`, `\uXXXX`.
    static func stringLiteral(_ u: UnsafeBufferPointer<UInt8>, from start: Int) -> String? {
        let quote = u[start]
        var out: [UInt8] = []
        var i = start + 1
        while i < u.count {
            let b = u[i]
            if b == quote { return String(decoding: out, as: UTF8.self) }
            if b == 0x0A { return nil }  // an unterminated literal
            guard b == UInt8(ascii: "\\"), i + 1 < u.count else { out.append(b); i += 1; continue }
            let e = u[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "u") where i + 4 <= u.count:
                if let v = UInt32(String(decoding: u[i..<(i + 4)], as: UTF8.self), radix: 16), let s = Unicode.Scalar(v) {
                    out += Array(String(Character(s)).utf8)
                    i += 4
                } else {
                    out += [UInt8(ascii: "\\"), e]
                }
            case 0x0A: continue  // a line continuation
            default: out.append(e)  // \" \' \\ \/ and any other escaped character stand for themselves
            }
        }
        return nil
    }
}
