import Foundation
import XCTest
@testable import PortalCore

/// The compiled templates (TemplateEngine) must render exactly what swift-mustache renders: the site's
/// own templates, hand-picked edge cases of Mustache whitespace and lookup, and random templates.
final class TemplateEngineTests: XCTestCase {
    /// A Templates folder holding `templates` (name → text) plus placeholders for the required pages.
    func templates(_ templates: [String: String], function: String = #function) throws -> Templates {
        let dir = try Fixtures.temporaryDirectory(function)
        for name in Templates.required where templates[name] == nil {
            try "x".write(to: dir.appendingPathComponent("\(name).mustache"), atomically: true, encoding: .utf8)
        }
        for (name, text) in templates {
            try text.write(to: dir.appendingPathComponent("\(name).mustache"), atomically: true, encoding: .utf8)
        }
        return try Templates(directory: dir)
    }

    func assertSameAsMustache(_ t: Templates, _ name: String, _ context: TemplateValue, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertNotNil(t.engine, "the templates compile", file: file, line: line)
        let fast = String(decoding: try t.renderPage(name, context), as: UTF8.self)
        let reference = try t.mustache(name, context.any)
        XCTAssertEqual(fast, reference, "template \(name)", file: file, line: line)
    }

    func testSiteTemplatesCompile() throws {
        let t = try Templates(directory: Fixtures.repository.appendingPathComponent("site-templates"))
        XCTAssertNotNil(t.engine, "site-templates/ use only what TemplateEngine renders")
    }

    /// A template using a feature the engine leaves to swift-mustache still renders, through swift-mustache.
    func testUnsupportedFeatureFallsBackToSwiftMustache() throws {
        let t = try templates(["t": "{{uppercased(name)}} {{#items}}{{index()}}{{/items}}"])
        XCTAssertNil(t.engine)
        XCTAssertEqual(String(decoding: try t.renderPage("t", ["name": "ab", "items": [1, 2]]), as: UTF8.self), "AB 01")
        XCTAssertEqual(try t.render("t", ["name": "ab", "items": [1, 2]]), "AB 01")
    }

    /// Values the typed contexts do not hold (an optional, a Double) go to swift-mustache too.
    func testUntypedContextFallsBackToSwiftMustache() throws {
        let t = try templates(["t": "{{a}}|{{b}}"])
        XCTAssertNotNil(t.engine)
        let none: String? = nil
        XCTAssertEqual(try t.render("t", ["a": 1.5, "b": none as Any]), try t.mustache("t", ["a": 1.5, "b": none as Any]))
    }

    func testEdgeCasesMatchSwiftMustache() throws {
        let cases: [String] = [
            "a{{x}}b{{{x}}}c{{&x}}d",
            "{{#list}}[{{name}}|{{x}}]{{/list}}",
            "{{^list}}none{{/list}}{{^empty}}empty: {{.}}{{/empty}}",
            "{{#yes}}Y{{x}}{{/yes}}{{#no}}N{{/no}}{{^yes}}!Y{{/yes}}{{^no}}!N{{/no}}",
            "{{#s}}in {{.}} {{x}}{{/s}}{{#n}}num {{.}}{{/n}}{{#zero}}zero {{.}}{{/zero}}{{^s}}x{{/s}}{{^missing}}m{{/missing}}",
            "{{obj.name}} {{obj.inner.deep}} {{#obj}}{{name}} {{.name}} {{.x}} {{x}}{{/obj}} {{obj.nothing.x}} {{.x}} {{#s}}{{..}}{{.}}{{/s}}",
            "{{#list}}{{#inner}}{{name}}/{{x}}{{/inner}}{{/list}}",
            "  {{#yes}}  \n  line\n  {{/yes}}  \n{{! comment }}\n {{! standalone }} \r\nend",
            "x\n  {{> p}}\ny\n\t{{>p}}\r\n{{#list}}\n  {{> p}}\n{{/list}}",
            "{{> p}}{{> p}} {{> missing}}|",
            "{{yes}} {{no}} {{n}} {{neg}} {{empty}} {{{empty}}}",
            "{{#list}}{{^last}}, {{/last}}{{name}}{{/list}}",
            "<{{x}}>\r\n{{#yes}}\r\n{{x}}\r\n{{/yes}}\r\n",
            "{{ x }} {{{ x }}} {{# yes }}ok{{/ yes }}",
        ]
        let partials = ["p": "P({{x}})\n  {{#list}}\n  - {{name}}\n  {{/list}}\nend\n"]
        let context: TemplateValue = [
            "x": "<&\"'\u{202E}\u{301}>", "yes": true, "no": false, "s": "str", "n": 42, "zero": 0, "neg": -7,
            "list": [["name": "a", "last": false, "inner": ["name": "ia"]], ["name": "b\r\n", "x": "bx", "last": true]],
            "empty": .list([]),
            "obj": ["name": "o", "inner": ["deep": "d"]],
        ]
        var sources = partials
        for (i, c) in cases.enumerated() { sources["t\(i)"] = c }
        let t = try templates(sources)
        for i in cases.indices { try assertSameAsMustache(t, "t\(i)", context) }
    }

    /// Random templates from Mustache's building blocks (whitespace, line ends, standalone tags, indented
    /// partials, dotted names) against random contexts.
    func testRandomTemplatesMatchSwiftMustache() throws {
        var rng = SplitMix64(seed: 20_240_611)
        // Lists and objects sit only under `a` and `list`, which are never printed: swift-mustache prints a
        // container as its Swift description, in a dictionary's hash order.
        let printed = ["b", "c", "flag", "a.b", "a.c", ".b", "list.b"]
        let sectioned = ["a", "b", "c", "a.b", "list", "flag", "a.list"]
        let texts = ["x", " ", "  ", "\t", "\n", "\r\n", "<&>", "中文"]
        let hostile = ["\u{301}", "}", "{", "\u{202E}", "\"'"]
        func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        func template(depth: Int, partials: Bool = true) -> String {
            var s = ""
            for _ in 0..<(1 + Int(rng.next() % 8)) {
                switch rng.next() % 10 {
                case 0, 1, 2: s += rng.next() % 8 == 0 ? pick(hostile) : pick(texts)
                case 3: s += "{{\(pick(printed))}}"
                case 4: s += "{{{\(pick(printed))}}}"
                case 5: s += "{{! note }}"
                case 6:
                    guard partials else { continue }
                    s += pick(["", " ", "  ", "\n ", "\n"]) + "{{> p}}" + pick(["", "\n", " \n", "\r\n"])
                default:
                    guard depth < 3 else { continue }
                    let name = pick(sectioned)
                    let open = rng.next() % 2 == 0 ? "#" : "^"
                    s += pick(["", "\n", "  ", "\n  "]) + "{{\(open)\(name)}}" + pick(["", "\n", " \n"]) + template(depth: depth + 1, partials: partials)
                        + pick(["", "\n", "  ", "\n "]) + "{{/\(name)}}" + pick(["", "\n", "\r\n"])
                }
            }
            return s
        }
        func scalar() -> TemplateValue {
            switch rng.next() % 4 {
            case 0: return .string(pick(texts + hostile + ["", "v"]))
            case 1: return .int(Int(rng.next() % 200) - 100)
            case 2: return .bool(rng.next() % 2 == 0)
            default: return .string("s\(rng.next() % 10)")
            }
        }
        func object(depth: Int) -> TemplateObject {
            var o = TemplateObject()
            for key in ["b", "c", "flag"] where rng.next() % 3 != 0 { o[key] = scalar() }
            if depth < 2, rng.next() % 3 != 0 { o["a"] = rng.next() % 4 == 0 ? scalar() : .object(object(depth: depth + 1)) }
            if depth < 2, rng.next() % 3 != 0 {
                o["list"] = rng.next() % 5 == 0 ? scalar() : .list((0..<Int(rng.next() % 3)).map { _ in .object(object(depth: depth + 1)) })
            }
            return o
        }
        var compared = 0
        for round in 0..<200 {
            let sources = ["p": template(depth: 1, partials: false) + pick(["", "\n"]), "t": template(depth: 0)]
            // A brace or combining mark next to a tag can make a template swift-mustache rejects: skipped.
            guard let t = try? templates(sources, function: "random\(round)") else { continue }
            for _ in 0..<5 { try assertSameAsMustache(t, "t", .object(object(depth: 0))) }
            compared += 1
        }
        XCTAssertGreaterThan(compared, 120, "most random templates are well-formed")
    }

    /// The whole seeds site, pages and all, is the same through the compiled templates and swift-mustache.
    func testSeedSiteIsTheSameThroughSwiftMustache() throws {
        let content = Pipeline.load(content: Fixtures.url("seeds"))
        let fast = try Templates(directory: Fixtures.repository.appendingPathComponent("site-templates"))
        var reference = fast
        reference.engine = nil
        let a = MemorySink(), b = MemorySink()
        try SiteRenderer(content: content, templates: fast, baseURL: "/reports/").render(to: a)
        try SiteRenderer(content: content, templates: reference, baseURL: "/reports/").render(to: b)
        XCTAssertEqual(a.files.keys.sorted(), b.files.keys.sorted())
        for (path, bytes) in a.files where b.files[path] != bytes { XCTFail("\(path) differs") }
        XCTAssertGreaterThan(a.files.count, 10)
    }
}
