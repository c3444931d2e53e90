import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import PortalCore

/// Reports written to attack a reader (Fixtures/hostile, see make_hostile.py) are built with the real
/// templates, and every output file is read as a browser would: no script but the portal's own, no
/// event handler, no javascript:/data: link, no fetch from elsewhere, well-formed XML and JSON — and the
/// hostile text still shown, as text. Tests/site/test_hostile.py opens the same pages in Chromium.
final class HostileContentTests: XCTestCase {
    /// Built once for the whole class: the build is the slow part, the checks are many.
    static var built: (dir: URL, summary: Pipeline.Summary)?

    static func build() throws -> (dir: URL, summary: Pipeline.Summary) {
        if let built { return built }
        let dir = try Fixtures.temporaryDirectory("hostile")
        let content = dir.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: Fixtures.url("hostile").path) where !name.hasSuffix(".py") {
            try FileManager.default.copyItem(at: Fixtures.url("hostile/\(name)"), to: content.appendingPathComponent(name))
        }
        let summary = try Pipeline.build(Pipeline.Options(content: content, output: dir.appendingPathComponent("public"),
                                                          templates: Fixtures.repository.appendingPathComponent("site-templates")))
        built = (dir, summary)
        return (dir, summary)
    }

    /// Every output file, path relative to public/, with its bytes.
    func outputFiles() throws -> [(path: String, data: Data)] {
        let root = try Self.build().dir.appendingPathComponent("public")
        var files: [(String, Data)] = []
        let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in e where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            files.append((String(url.path.dropFirst(root.path.count + 1)), try Data(contentsOf: url)))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    func pages() throws -> [(path: String, scan: HTMLScan)] {
        try outputFiles().filter { $0.path.hasSuffix(".html") }.map { ($0.path, HTMLScan(String(decoding: $0.data, as: UTF8.self))) }
    }

    func testEveryHostileReportIsPublished() throws {
        let summary = try Self.build().summary
        XCTAssertEqual(summary.content.skipped.map(\.source), [], "hostile reports are reports: they must be published")
        XCTAssertEqual(summary.content.reports.count, 9)
        XCTAssertEqual(Set(summary.content.agencies.map(\.slug)).count, 9, "each hostile agency has its own page")
    }

    func testOnlyThePortalsOwnScriptsAreInThePages() throws {
        let pages = try pages()
        XCTAssertGreaterThan(pages.count, 10)
        for (path, scan) in pages {
            for tag in scan.tags where tag.name == "script" {
                let type = tag.attribute("type")?.lowercased()
                if let src = tag.attribute("src") {
                    XCTAssertNil(HTMLScan.scheme(ofURL: src), "\(path): script from elsewhere: \(src)")
                    XCTAssertFalse(src.hasPrefix("//"), "\(path): script from elsewhere: \(src)")
                    XCTAssertTrue(src.contains("assets/") && src.hasSuffix(".js"), "\(path): script not from the portal's assets: \(src)")
                    XCTAssertEqual(tag.rawContent?.trimmingCharacters(in: .whitespacesAndNewlines), "", "\(path): script with src and content")
                } else if type == "application/json" || type == "application/ld+json" {
                    // Inline data: JSONWriter escapes `<`, so it can neither end the element nor open a comment.
                    XCTAssertFalse(tag.rawContent?.contains("<") ?? false, "\(path): `<` inside inline JSON")
                } else {
                    XCTFail("\(path): inline script: \(tag.rawContent?.prefix(200) ?? "")")
                }
            }
        }
    }

    func testNoEventHandlerNoActiveURLNoFetchFromElsewhere() throws {
        let urlAttributes: Set<String> = ["href", "src", "action", "formaction", "xlink:href", "poster", "background", "cite",
                                          "data", "ping", "srcset", "codebase", "longdesc", "manifest"]
        let fetching: Set<String> = ["src", "srcset", "poster", "background", "data", "codebase", "manifest"]
        for (path, scan) in try pages() {
            for tag in scan.tags {
                XCTAssertFalse(["iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "foreignobject"].contains(tag.name),
                               "\(path): <\(tag.name)> in a page")
                if tag.name == "meta" { XCTAssertNotEqual(tag.attribute("http-equiv")?.lowercased(), "refresh", "\(path): meta refresh") }
                if tag.name == "link", let rel = tag.attribute("rel")?.lowercased(), ["stylesheet", "preload", "modulepreload", "icon", "prefetch"].contains(rel) {
                    XCTAssertNil(HTMLScan.scheme(ofURL: tag.attribute("href") ?? ""), "\(path): \(rel) from elsewhere")
                }
                for (name, value) in tag.attributes {
                    XCTAssertFalse(name.hasPrefix("on"), "\(path): event handler <\(tag.name) \(name)=\"\(value.prefix(80))\">")
                    XCTAssertFalse(name.unicodeScalars.contains { $0.value > 0x7F || $0 == "\"" || $0 == "'" },
                                   "\(path): attribute name made of content: <\(tag.name) \(name)>")
                    guard urlAttributes.contains(name) else { continue }
                    if let scheme = HTMLScan.scheme(ofURL: value) {
                        XCTAssertFalse(["javascript", "vbscript", "data", "file"].contains(scheme), "\(path): \(scheme): URL in <\(tag.name) \(name)>: \(value.prefix(120))")
                        if fetching.contains(name) { XCTFail("\(path): <\(tag.name) \(name)> fetches from elsewhere: \(value.prefix(120))") }
                    }
                    if fetching.contains(name) { XCTAssertFalse(value.hasPrefix("//"), "\(path): <\(tag.name) \(name)> fetches from elsewhere: \(value)") }
                }
            }
        }
    }

    /// Defence in depth: were anything to slip through, the page's policy refuses inline script and
    /// scripts, frames and objects from elsewhere.
    func testEveryPageCarriesTheContentSecurityPolicy() throws {
        for (path, scan) in try pages() {
            let policies = scan.tags.filter { $0.name == "meta" && $0.attribute("http-equiv")?.lowercased() == "content-security-policy" }
            XCTAssertEqual(policies.count, 1, "\(path): one CSP")
            let directives = Dictionary((policies.first?.attribute("content") ?? "").split(separator: ";").map {
                let parts = $0.split(separator: " ").map(String.init)
                return (parts.first ?? "", Array(parts.dropFirst()))
            }, uniquingKeysWith: { a, _ in a })
            XCTAssertEqual(directives["script-src"], ["'self'"], path)
            XCTAssertEqual(directives["object-src"], ["'none'"], path)
            XCTAssertEqual(directives["base-uri"], ["'none'"], path)
            XCTAssertEqual(directives["default-src"], ["'self'"], path)
            let head = scan.tags.prefix { $0.name != "body" }
            XCTAssertEqual(head.firstIndex { $0.name == "meta" && $0.attribute("http-equiv") != nil },
                           head.firstIndex { $0.name == "meta" && $0.attribute("charset") == nil }, "\(path): the policy comes before anything it governs")
        }
    }

    func testNoImageOrFrameFromAReport() throws {
        for (path, scan) in try pages() {
            XCTAssertEqual(scan.tags.filter { ["img", "iframe", "video", "audio", "source", "picture"].contains($0.name) }.map(\.name), [],
                           "\(path): embedded media from a report")
        }
    }

    func testXMLAndSVGFilesAreWellFormedAndInert() throws {
        let files = try outputFiles().filter { $0.path.hasSuffix(".xml") || $0.path.hasSuffix(".svg") }
        XCTAssertTrue(files.contains { $0.path == "feed.xml" })
        for (path, data) in files {
            let parser = XMLParser(data: data)
            let inspector = XMLInspector()
            parser.delegate = inspector
            XCTAssertTrue(parser.parse(), "\(path) is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
            XCTAssertEqual(inspector.problems, [], path)
        }
    }

    func testJSONFilesParseAndAreSafeToInline() throws {
        let files = try outputFiles().filter { $0.path.hasSuffix(".json") }
        XCTAssertGreaterThan(files.count, 10)
        for (path, data) in files {
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: data), path)
            XCTAssertFalse(data.contains(0x3C), "\(path): a raw `<` (JSONWriter escapes it, so JSON can be put inside <script>)")
        }
    }

    func testOriginalsAreNeverServedAsPages() throws {
        let sources = try outputFiles().map(\.path).filter { $0.hasPrefix("sources/") }
        XCTAssertEqual(sources.count, 9)
        for path in sources {
            let ext = (path as NSString).pathExtension
            XCTAssertTrue(SitePaths.passiveExtensions.contains(ext), "\(path): an original copied with an active extension")
        }
        XCTAssertTrue(sources.contains { $0.hasSuffix(".html.txt") }, "the web page's original is copied as text")
    }

    func testNoBidiControlOrForbiddenCharacterReachesAPage() throws {
        for (path, data) in try outputFiles() where path.hasSuffix(".html") || path.hasSuffix(".xml") {
            let text = String(decoding: data, as: UTF8.self)
            let bad = text.unicodeScalars.filter { HTML.isBidiControl($0) || ($0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r") }
            XCTAssertEqual(bad.map { String($0.value, radix: 16) }, [], path)
        }
    }

    /// The attack text is shown as the agency wrote it: escaping must not eat it.
    func testHostileTextIsVisibleAsText() throws {
        let pages = Dictionary(try pages().map { ($0.path, $0.scan.text) }, uniquingKeysWith: { a, _ in a })
        let summary = try Self.build().summary
        func page(of agencyPrefix: String) throws -> String {
            let agency = try XCTUnwrap(summary.content.agencies.first { $0.name.hasPrefix(agencyPrefix) }, agencyPrefix)
            return try XCTUnwrap(pages["agencies/\(agency.slug)/index.html"])
        }
        let home = try XCTUnwrap(pages["index.html"])
        for name in ["<img/src=x/onerror=alert(\"title\")//卫健委", "\"/onload=alert(1)//<svg/onload=alert(2)//局",
                     "X\"\u{301}/onmouseover=alert(1)//局", "长名机构" + String(repeating: "很", count: 4996),
                     "盘州市\\u{202e}局康健生卫\\u{202c}\\u{2066}甲\\u{2069}",
                     "</title><script>alert(\"yaml\")</script>\"><svg/onload=alert(3)>]]><!--局",
                     "<img/src=x/onerror=alert('html-title')//网页局"] {
            XCTAssertTrue(home.contains(name), "home page lists \(name.prefix(60))")
        }
        let scripted = try page(of: "<img/src=x/onerror=alert(\"title\")")
        for text in ["正文<script>alert(\"prose\")</script>结束。", "187<script>alert(\"cell\")</script>", "0<img src=x onerror=alert(\"cell3\")>",
                     "<img src=x onerror=alert(\"img\")>图片", "模板标记 {{root}} {{{name}}} {{#reports}}x{{/reports}} 原样显示。"] {
            XCTAssertTrue(scripted.contains(text), "agency page shows \(text)")
        }
        XCTAssertTrue(try page(of: "\"/onload").contains("</script><script>alert(\"json\")</script>"))
        XCTAssertTrue(try page(of: "X").contains("4573\"\u{301}/onmouseover=alert('cell-attr')//"))
        XCTAssertTrue(try page(of: "文件名").contains("07-<img src=x onerror=alert(\"file\")>.txt"), "the file name is shown")
        let web = try page(of: "<img/src=x/onerror=alert('html-title')")
        XCTAssertTrue(web.contains("0<img src=x onerror=alert('html-cell')>"), "escaped markup in a web page's cell is shown")
        let links = try page(of: "链接测试局")
        XCTAssertTrue(links.contains("外部图片"), "an image's alt text stays, as a link")
        XCTAssertTrue(links.contains("<a href=\"javascript:alert('raw-a')\">原始链接</a>"), "raw HTML in Markdown is shown as text")
        let long = try page(of: "长名机构")
        XCTAssertTrue(long.contains("<script>alert(\"region\")</script>"), "the region from the agency list is shown")
        XCTAssertTrue(long.contains("<img src=x onerror=alert(\"alias\")>"), "an alias from the agency list is shown")
    }

    /// The escaper every `{{value}}` goes through, on the cases a Character-based one gets wrong.
    func testTemplateValuesAreEscapedByteByByte() throws {
        let dir = try Fixtures.temporaryDirectory()
        try "<p title=\"{{v}}\">{{v}}</p><p title='{{v}}'>{{{raw}}}</p>".write(to: dir.appendingPathComponent("t.mustache"), atomically: true, encoding: .utf8)
        for name in Templates.required { try "x".write(to: dir.appendingPathComponent("\(name).mustache"), atomically: true, encoding: .utf8) }
        let templates = try Templates(directory: dir)
        let html = try templates.render("t", ["v": "a\"\u{301}/onclick=alert(1)// '\u{301} <\u{338}b> \u{202E}x\u{1B}[31m", "raw": "<b>ok</b>"])
        XCTAssertEqual(html, "<p title=\"a&quot;\u{301}/onclick=alert(1)// &#39;\u{301} &lt;\u{338}b&gt; \\u{202e}x\u{FFFD}[31m\">"
                       + "a&quot;\u{301}/onclick=alert(1)// &#39;\u{301} &lt;\u{338}b&gt; \\u{202e}x\u{FFFD}[31m</p>"
                       + "<p title='a&quot;\u{301}/onclick=alert(1)// &#39;\u{301} &lt;\u{338}b&gt; \\u{202e}x\u{FFFD}[31m'><b>ok</b></p>")
        let scan = HTMLScan(html)
        XCTAssertEqual(scan.tags.map { $0.attributes.map(\.name) }, [["title"], ["title"], []], "<p title>, <p title>, <b>")
    }

    /// Raw HTML in a report's Markdown is text; images are links; cmark's safe mode still empties bad URLs.
    func testMarkdownRawHTMLBecomesTextAndImagesBecomeLinks() {
        XCTAssertEqual(Markdown.html("a <b onclick=x>b</b>"), "<p>a &lt;b onclick=x&gt;b&lt;/b&gt;</p>\n")
        XCTAssertEqual(Markdown.html("<div onclick=\"x\">\nblock\n</div>"), "<p>&lt;div onclick=&quot;x&quot;&gt;\nblock\n&lt;/div&gt;</p>\n")
        XCTAssertEqual(Markdown.html("![alt](https://example.invalid/p.png \"t\")"), "<p><a href=\"https://example.invalid/p.png\" title=\"t\">alt</a></p>\n")
        XCTAssertEqual(Markdown.html("[![in](x.png)](y)"), "<p><a href=\"y\">in</a></p>\n")
        XCTAssertEqual(Markdown.html("[x](javascript:alert(1)) ![y](data:text/html,z)"), "<p><a href=\"\">x</a> <a href=\"\">y</a></p>\n")
        XCTAssertEqual(Markdown.html("[p](data:image/png;base64,AA==) ![q]( Data:image/gif;base64,AA==)"), "<p><a href=\"\">p</a> <a href=\"\">q</a></p>\n")
        XCTAssertEqual(Markdown.html("| a |\n|---|\n| <script>x</script> |", extensions: ["table"]),
                       "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>&lt;script&gt;x&lt;/script&gt;</td>\n</tr>\n</tbody>\n</table>\n")
    }

    func testDiagnosticsCannotDriveTheTerminal() {
        let d = Diagnostic(.warning, .parse, SourceLocation(file: "a\u{1B}]0;pwned\u{07}.txt", line: 3), "单元格「\u{1B}[2J\u{202E}x\ny」")
        XCTAssertEqual(d.description, "a\\u{1b}]0;pwned\\u{7}.txt:3: warning: 单元格「\\u{1b}[2J\\u{202e}x\\u{a}y」")
    }
}

/// Collects what must not be in an SVG or XML file: scripts, event handlers, javascript:/data: links.
final class XMLInspector: NSObject, XMLParserDelegate {
    var problems: [String] = []
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        let local = name.split(separator: ":").last.map(String.init)?.lowercased() ?? name
        if local == "script" || local == "foreignobject" { problems.append("<\(name)>") }
        for (key, value) in attributes {
            if key.lowercased().hasPrefix("on") { problems.append("<\(name) \(key)>") }
            if key.lowercased().hasSuffix("href"), let scheme = HTMLScan.scheme(ofURL: value), ["javascript", "data", "vbscript"].contains(scheme) {
                problems.append("<\(name) \(key)=\(value)>")
            }
        }
    }
}

final class MarkdownTableTests: XCTestCase {
    /// An agency name is Markdown-escaped (so `|` is already `\|`) and then put in a GFM table cell.
    func testPipesInANameStayInItsCell() {
        let name = MarkdownEscaping.escape("甲|乙\\|丙")
        let html = Markdown.html(Markdown.table(header: ["机构", "数"], alignRight: [false, true], rows: [["[\(name)](x/)", "1"]]))
        XCTAssertTrue(html.contains("<td><a href=\"x/\">甲|乙\\|丙</a></td>"), html)
        XCTAssertEqual(html.components(separatedBy: "<td").count - 1, 2, html)
    }
}
