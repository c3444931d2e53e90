import CCmarkGFM
import Foundation

/// Markdown to HTML through Debian's cmark-gfm: the only file that imports it.
///
/// cmark-gfm 0.29 is not thread-safe across parsers (parsing flips a process-wide table of special
/// characters; two threads gave wrong output in ~0.5 % of documents), so every render goes through one
/// lock: one rendering lane, while other stages run in parallel.
/// Safe mode stays on (the default): `javascript:`/`data:` links are emptied. Before rendering, raw HTML
/// in a report's Markdown is turned into text (shown as the agency wrote it, never dropped and never
/// markup), and images into links (a report must not make a reader's browser fetch from elsewhere).
public enum Markdown {
    private static let lock = NSLock()
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Renders a document; `extensions` are cmark-gfm's names (`table`, `strikethrough`, `autolink`).
    /// Autolinking is off: in Chinese text GFM's autolink runs on past the address to the next space;
    /// plain-text prose gets explicit `<https://…>` links from MarkdownEscaping instead.
    public static func html(_ markdown: String, extensions: [String] = ["table", "strikethrough"]) -> String {
        html([markdown], extensions: extensions)[0]
    }

    /// Renders several documents in one turn of the lock (a page's sections: one lock round trip per page).
    public static func html(_ documents: [String], extensions: [String] = ["table", "strikethrough"]) -> [String] {
        // Bidi overrides in prose would reorder what the reader sees; shown as visible `\u{202e}`.
        let sources = documents.map { Array(HTML.neutralizingBidi($0).utf8) }
        lock.lock()
        defer { lock.unlock() }
        _ = registered
        return sources.map { render($0, extensions: extensions) }
    }

    /// One document; the caller holds the lock.
    private static func render(_ source: [UInt8], extensions: [String]) -> String {
        // Column alignment as `style="text-align: …"`: HTML5 made the `align` attribute obsolete.
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in extensions {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        // Fed from the array in place (a mutable buffer pointer on a copy copied every document, under the lock).
        source.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
        }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        disarm(document)
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// Raw HTML becomes text and images become links, in place. Nodes are collected first and replaced
    /// after the walk: the iterator must not see a tree that changes under it.
    static func disarm(_ document: OpaquePointer) {
        var found: [(node: OpaquePointer, type: cmark_node_type)] = []
        guard let iterator = cmark_iter_new(document) else { return }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_HTML_INLINE || type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_IMAGE { found.append((node, type)) }
            // Safe mode lets `data:image/png…` through; a report has no business linking to data either.
            if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE, let url = cmark_node_get_url(node), isDataURL(url) {
                cmark_node_set_url(node, "")
            }
        }
        cmark_iter_free(iterator)
        for (node, type) in found {
            let replacement: OpaquePointer?
            switch type {
            case CMARK_NODE_IMAGE where isInsideLink(node):
                // A link cannot hold a link: the alt text stays, in the enclosing link.
                while let child = cmark_node_first_child(node) {
                    cmark_node_unlink(child)
                    cmark_node_insert_before(node, child)
                }
                cmark_node_unlink(node)
                cmark_node_free(node)
                continue
            case CMARK_NODE_IMAGE:
                // The alt text becomes the link text; the renderer's safe mode still vets the URL.
                replacement = cmark_node_new(CMARK_NODE_LINK)
                cmark_node_set_url(replacement, cmark_node_get_url(node))
                cmark_node_set_title(replacement, cmark_node_get_title(node))
                while let child = cmark_node_first_child(node) {
                    cmark_node_unlink(child)
                    cmark_node_append_child(replacement, child)
                }
                if cmark_node_first_child(replacement) == nil, let url = cmark_node_get_url(node) {
                    let text = cmark_node_new(CMARK_NODE_TEXT)
                    cmark_node_set_literal(text, url)
                    cmark_node_append_child(replacement, text)
                }
            case CMARK_NODE_HTML_BLOCK:
                replacement = cmark_node_new(CMARK_NODE_PARAGRAPH)
                let text = cmark_node_new(CMARK_NODE_TEXT)
                let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                cmark_node_set_literal(text, TextNormalization.trimmed(literal))
                cmark_node_append_child(replacement, text)
            default:
                replacement = cmark_node_new(CMARK_NODE_TEXT)
                cmark_node_set_literal(replacement, cmark_node_get_literal(node))
            }
            guard let replacement else { continue }
            cmark_node_replace(node, replacement)
            cmark_node_free(node)
        }
    }

    /// `data:` after leading spaces and controls, in any case (as a browser's URL parser reads it).
    static func isDataURL(_ url: UnsafePointer<CChar>) -> Bool {
        var p = url
        while p.pointee != 0 && UInt8(bitPattern: p.pointee) <= 0x20 { p += 1 }
        var scheme: [UInt8] = []
        while p.pointee != 0 && scheme.count < 5 {
            let b = UInt8(bitPattern: p.pointee)
            if b != 0x09 && b != 0x0A && b != 0x0D { scheme.append(b | (b >= 0x41 && b <= 0x5A ? 0x20 : 0)) }
            p += 1
        }
        return scheme == Array("data:".utf8)
    }

    static func isInsideLink(_ node: OpaquePointer) -> Bool {
        var parent = cmark_node_parent(node)
        while let p = parent {
            if cmark_node_get_type(p) == CMARK_NODE_LINK { return true }
            parent = cmark_node_parent(p)
        }
        return false
    }

    /// A GFM table: `|`, `\` and line breaks in cells are escaped so cell text cannot change the table.
    public static func table(header: [String], alignRight: [Bool], rows: [[String]]) -> String {
        func cell(_ s: String, into md: inout MarkupBuffer) {
            // Most cells hold no `|` and no line break: copied as they are.
            guard s.utf8.contains(where: { $0 == 0x7C || $0 == 0x0A || $0 == 0x0D }) else { md.append(s); return }
            // Character by Character, as a `|` or CR with a combining mark on it is not one of these.
            var out = ""
            for ch in s {
                switch ch {
                case "|": out += "\\|"
                case "\n", "\r": out += " "
                default: out.append(ch)
                }
            }
            md.append(out)
        }
        func row(_ cells: [String], into md: inout MarkupBuffer) {
            md.append("| ")
            for (i, c) in cells.enumerated() {
                if i > 0 { md.append(" | ") }
                cell(c, into: &md)
            }
            md.append(" |\n")
        }
        var md = MarkupBuffer(capacity: 256 + rows.count * 160)
        row(header, into: &md)
        md.append("|")
        for right in alignRight { md.append(right ? " ---: |" : " --- |") }
        md.append("\n")
        for r in rows { row(r, into: &md) }
        return md.string
    }
}
