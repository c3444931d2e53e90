import Foundation
import Mustache

/// The page templates of `site-templates/`, which a site owner edits without recompiling. Logic-less
/// (Mustache): `{{value}}` is HTML-escaped, `{{{value}}}` is used only for markup the portal generated
/// and escaped itself (rendered Markdown, official tables, charts).
///
/// `{{value}}` goes through `HTML.text`, not swift-mustache's own escaper: that one compares Swift
/// Characters, and a quote followed by a combining mark (`"\u{301}`) is one Character that is not `"`,
/// so it passed unescaped and could end an attribute. Ours works on bytes and makes bidi controls visible.
public struct Templates {
    /// Escapes `{{value}}` for HTML text and quoted attributes, byte by byte.
    struct PortalHTML: MustacheContentType {
        func escapeText(_ text: String) -> String { HTML.text(text) }
    }

    /// Put in front of every template (on a line of its own, which Mustache drops) so every template and
    /// partial renders with `PortalHTML`; template line numbers in errors are corrected for it.
    static let contentTypePragma: String = {
        MustacheContentTypes.register(PortalHTML(), named: "PORTAL_HTML")
        return "{{% CONTENT_TYPE: PORTAL_HTML }}\n"
    }()

    public static let required = ["index", "agency", "compare", "compare-year", "search", "quality", "404"]

    let library: MustacheLibrary
    /// The same templates compiled for fast rendering; nil when they use a feature only swift-mustache renders.
    var engine: TemplateEngine?
    public let assets: [(path: String, bytes: [UInt8])]
    /// Identifies every template and asset byte, so cached pages are reused only with the same templates.
    public let digest: UInt64

    /// Loads every `*.mustache` in the folder (partials included) and the files under `assets/`.
    /// A missing or broken template is an error naming it.
    public init(directory: URL) throws {
        let fm = FileManager.default
        var library = MustacheLibrary()
        var found = Set<String>()
        var digest = Digest()
        let names = (try? fm.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names.sorted() where name.hasSuffix(".mustache") {
            let template = String(name.dropLast(".mustache".count))
            let url = directory.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw Diagnostic(.error, .render, SourceLocation(file: url.path), "模板无法读取（不是 UTF-8 文本？）")
            }
            digest.add(name)
            digest.add(text)
            do {
                try library.register(Self.contentTypePragma + text, named: template)
            } catch let error as MustacheTemplate.ParserError {
                throw Diagnostic(.error, .render, SourceLocation(file: url.path, line: max(1, error.context.lineNumber - 1)),
                                 "模板语法错误：\(error.error)（第 \(error.context.columnNumber) 列：\(error.context.line)）")
            } catch {
                throw Diagnostic(.error, .render, SourceLocation(file: url.path), "模板语法错误：\(error)")
            }
            found.insert(template)
        }
        for name in Self.required where !found.contains(name) {
            throw Diagnostic(.error, .render, SourceLocation(file: directory.appendingPathComponent("\(name).mustache").path),
                             "缺少模板 \(name).mustache")
        }
        self.library = library
        engine = TemplateEngine(library: library, names: found.sorted())
        var assets: [(String, [UInt8])] = []
        let assetRoot = directory.appendingPathComponent("assets")
        if let e = fm.enumerator(at: assetRoot, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in e where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                let relative = String(url.standardizedFileURL.path.dropFirst(assetRoot.standardizedFileURL.path.count + 1))
                assets.append(("assets/" + relative, [UInt8](try Data(contentsOf: url))))
            }
        }
        self.assets = assets.sorted { $0.0 < $1.0 }
        for a in self.assets { digest.add(a.path); digest.add(a.bytes) }
        self.digest = digest.value
    }

    public func render(_ name: String, _ context: [String: Any]) throws -> String {
        if let value = TemplateObject(any: context) {
            return String(decoding: try renderPage(name, .object(value)), as: UTF8.self)
        }
        return try mustache(name, context)
    }

    /// A page as bytes: through the compiled templates, or swift-mustache when they could not be compiled.
    func renderPage(_ name: String, _ context: TemplateValue) throws -> [UInt8] {
        guard let engine else { return Array(try mustache(name, context.any).utf8) }
        var out = MarkupBuffer(capacity: 64 * 1024)
        guard engine.render(name, context, into: &out) else { throw Self.missing(name) }
        return out.bytes
    }

    /// swift-mustache's rendering, the reference the compiled templates match.
    func mustache(_ name: String, _ context: Any) throws -> String {
        guard let html = library.render(context, withTemplate: name) else { throw Self.missing(name) }
        return html
    }

    static func missing(_ name: String) -> Diagnostic {
        Diagnostic(.error, .render, SourceLocation(file: "\(name).mustache"), "缺少模板 \(name).mustache")
    }
}
