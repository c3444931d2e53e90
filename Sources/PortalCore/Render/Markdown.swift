import CCmarkGFM
import Foundation

/// Markdown to HTML through Debian's cmark-gfm: the only file that imports it.
///
/// cmark-gfm 0.29 is not thread-safe across parsers (parsing flips a process-wide table of special
/// characters; two threads gave wrong output in ~0.5 % of documents), so every render goes through one
/// lock: one rendering lane, while other stages run in parallel.
/// Safe mode stays on (the default): raw HTML is dropped and `javascript:`/`data:` links are emptied.
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
        lock.lock()
        defer { lock.unlock() }
        _ = registered
        // Column alignment as `style="text-align: …"`: HTML5 made the `align` attribute obsolete.
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in extensions {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        var bytes = Array(markdown.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                cmark_parser_feed(parser, $0, buffer.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// A GFM table: `|`, `\` and line breaks in cells are escaped so cell text cannot change the table.
    public static func table(header: [String], alignRight: [Bool], rows: [[String]]) -> String {
        func cell(_ s: String) -> String {
            var out = ""
            for ch in s {
                switch ch {
                case "|": out += "\\|"
                case "\n", "\r": out += " "
                default: out.append(ch)
                }
            }
            return out
        }
        var md = "| " + header.map(cell).joined(separator: " | ") + " |\n|"
        md += alignRight.map { $0 ? " ---: |" : " --- |" }.joined() + "\n"
        for row in rows { md += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        return md
    }
}
