import Mustache

/// A value pages are rendered from: what `[String: Any]` held for swift-mustache, typed, so rendering
/// needs no dynamic casts (they were a third of the template time).
enum TemplateValue {
    case string(String)
    /// Text as UTF-8 bytes: markup the portal generated, put in the page without a detour through String.
    case utf8([UInt8])
    case int(Int)
    case bool(Bool)
    case list([TemplateValue])
    case object(TemplateObject)

    /// The same value as swift-mustache's contexts held it.
    var any: Any {
        switch self {
        case .string(let s): return s
        case .utf8(let b): return String(decoding: b, as: UTF8.self)
        case .int(let n): return n
        case .bool(let b): return b
        case .list(let l): return l.map(\.any)
        case .object(let o): return o.any
        }
    }

    /// The value of a swift-mustache context, or nil when it holds anything else (an optional, a Double, a
    /// custom type…): those are rendered by swift-mustache itself, which knows what to do with them.
    init?(any value: Any) {
        switch value {
        case let s as String: self = .string(s)
        case let b as Bool: self = .bool(b)
        case let n as Int: self = .int(n)
        case let d as [String: Any]:
            guard let o = TemplateObject(any: d) else { return nil }
            self = .object(o)
        case let l as [Any]:
            var items: [TemplateValue] = []
            for x in l {
                guard let v = TemplateValue(any: x) else { return nil }
                items.append(v)
            }
            self = .list(items)
        default: return nil
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    init(stringLiteral s: String) { self = .string(s) }
    init(integerLiteral n: Int) { self = .int(n) }
    init(booleanLiteral b: Bool) { self = .bool(b) }
    init(arrayLiteral items: TemplateValue...) { self = .list(items) }
    init(dictionaryLiteral fields: (String, TemplateValue)...) { self = .object(TemplateObject(fields)) }
}

/// A context object: a few named fields, looked up by a linear scan (cheaper than hashing for ~20 short keys).
struct TemplateObject: ExpressibleByDictionaryLiteral {
    private(set) var fields: [(key: String, value: TemplateValue)]

    init(_ fields: [(String, TemplateValue)] = []) {
        self.fields = []
        self.fields.reserveCapacity(fields.count + 4)
        for (k, v) in fields { self[k] = v }
    }

    init(dictionaryLiteral fields: (String, TemplateValue)...) { self.init(fields) }

    init?(any d: [String: Any]) {
        fields = []
        for (k, x) in d {
            guard let v = TemplateValue(any: x) else { return nil }
            fields.append((k, v))
        }
    }

    subscript(key: String) -> TemplateValue? {
        get {
            for f in fields where f.key == key { return f.value }
            return nil
        }
        set {
            if let i = fields.firstIndex(where: { $0.key == key }) {
                if let newValue { fields[i].value = newValue } else { fields.remove(at: i) }
            } else if let newValue {
                fields.append((key, newValue))
            }
        }
    }

    var any: [String: Any] { Dictionary(fields.map { ($0.key, $0.value.any) }, uniquingKeysWith: { _, b in b }) }
}

/// Renders swift-mustache templates from `TemplateValue`s into bytes, with swift-mustache's semantics.
///
/// The templates are parsed by swift-mustache itself (so syntax, whitespace and standalone-line handling
/// are its own) and its token tree is read back by reflection. Only the tokens the portal's templates use
/// are supported — text, `{{x}}`, `{{{x}}}`, sections, inverted sections, partials and the content-type
/// pragma `Templates` adds —; a library using anything else (transforms, inheritance, dynamic partials,
/// another content type) is not compiled and swift-mustache renders it. What is rendered here matches
/// swift-mustache's `render` byte for byte (TemplateEngineTests compare the two).
struct TemplateEngine {
    indirect enum Node {
        case text([UInt8])
        case variable(Name, escaped: Bool)
        case section(Name, [Node])
        case inverted(Name, [Node])
        case partial(String, indentation: String?)
        /// `{{% CONTENT_TYPE: PORTAL_HTML }}`: `{{x}}` escaped by `HTML.text` from here on.
        case portalContentType
    }

    /// A variable name as swift-mustache resolves it.
    struct Name {
        enum Scope { case current, top, stack }
        let scope: Scope
        let parts: [String]

        init(_ name: String) {
            if name == "." {
                scope = .current; parts = []
            } else {
                parts = name.split(separator: ".").map(String.init)
                scope = name.first == "." ? .top : .stack
            }
        }
    }

    enum Escaping { case html, portal }

    struct Unsupported: Error {}

    let templates: [String: [Node]]

    /// Nil when a template uses something this engine does not render.
    init?(library: MustacheLibrary, names: [String]) {
        var templates: [String: [Node]] = [:]
        do {
            for name in names {
                guard let t = library.getTemplate(named: name) else { return nil }
                templates[name] = try Self.compile(t)
            }
        } catch {
            return nil
        }
        self.templates = templates
    }

    // MARK: Reading swift-mustache's token tree

    static func compile(_ template: MustacheTemplate) throws -> [Node] {
        guard let tokens = Mirror(reflecting: template).children.first(where: { $0.label == "tokens" })?.value as? [Any] else {
            throw Unsupported()
        }
        return try tokens.map(node)
    }

    /// The labelled parts of an enum case's payload (`.0` for an unlabelled one).
    private static func payload(_ value: Any) -> [String: Any] {
        var fields: [String: Any] = [:]
        for (i, child) in Mirror(reflecting: value).children.enumerated() { fields[child.label ?? ".\(i)"] = child.value }
        return fields
    }

    /// An Optional held in an `Any`: what it wraps, or nil for `.none` (a cast to `T?` cannot tell).
    private static func unwrapOptional(_ value: Any) -> Any? {
        let m = Mirror(reflecting: value)
        guard m.displayStyle == .optional else { return value }
        return m.children.first?.value
    }

    private static func node(_ token: Any) throws -> Node {
        let mirror = Mirror(reflecting: token)
        guard mirror.displayStyle == .enum, let c = mirror.children.first, let kind = c.label else { throw Unsupported() }
        switch kind {
        case "text":
            guard let s = c.value as? String else { throw Unsupported() }
            return .text(Array(s.utf8))
        case "variable", "unescapedVariable", "section", "invertedSection":
            let p = payload(c.value)
            guard let name = p["name"] as? String, let transforms = p["transforms"] as? [String], transforms.isEmpty else {
                throw Unsupported()
            }
            switch kind {
            case "variable": return .variable(Name(name), escaped: true)
            case "unescapedVariable": return .variable(Name(name), escaped: false)
            default:
                guard let t = p["template"] as? MustacheTemplate else { throw Unsupported() }
                let body = try compile(t)
                return kind == "section" ? .section(Name(name), body) : .inverted(Name(name), body)
            }
        case "partial":
            let p = payload(c.value)
            // Inheritance overrides (`{{<parent}}…{{/parent}}`) are not rendered here.
            guard let name = p[".0"] as? String, let indented = p["indentation"], let inherits = p["inherits"],
                  unwrapOptional(inherits) == nil else { throw Unsupported() }
            guard let indentation = unwrapOptional(indented) else { return .partial(name, indentation: nil) }
            guard let s = indentation as? String else { throw Unsupported() }
            return .partial(name, indentation: s)
        case "contentType":
            guard c.value is Templates.PortalHTML else { throw Unsupported() }
            return .portalContentType
        default:
            throw Unsupported()
        }
    }

    // MARK: Rendering

    /// Renders template `name` with `context` as the root of the context stack; nil for an unknown name.
    func render(_ name: String, _ context: TemplateValue, into out: inout MarkupBuffer) -> Bool {
        guard let nodes = templates[name] else { return false }
        var stack = [context]
        stack.reserveCapacity(8)
        render(nodes, stack: &stack, escaping: .html, indentation: nil, into: &out)
        return true
    }

    /// One `MustacheTemplate.render(context:)`: the content type set by a pragma lasts to the end of this
    /// token list; an indented partial indents each token that starts a line of this call's own output.
    private func render(_ nodes: [Node], stack: inout [TemplateValue], escaping: Escaping, indentation: String?,
                        into out: inout MarkupBuffer) {
        var escaping = escaping
        guard let indentation, !indentation.isEmpty else {
            for node in nodes { render(node, stack: &stack, escaping: &escaping, indentation: indentation, into: &out) }
            return
        }
        let start = out.bytes.count
        for node in nodes {
            let before = out.bytes.count
            render(node, stack: &stack, escaping: &escaping, indentation: indentation, into: &out)
            if out.bytes.count > before && Self.endsWithLineFeed(out.bytes[start..<before]) {
                out.bytes.insert(contentsOf: indentation.utf8, at: before)
            }
        }
    }

    /// `string.last == "\n"`: a final CR LF is one Character, not "\n".
    static func endsWithLineFeed(_ b: ArraySlice<UInt8>) -> Bool {
        guard b.last == 0x0A else { return false }
        return b.count < 2 || b[b.index(before: b.endIndex) - 1] != 0x0D
    }

    private func render(_ node: Node, stack: inout [TemplateValue], escaping: inout Escaping, indentation: String?,
                        into out: inout MarkupBuffer) {
        switch node {
        case .text(let bytes):
            out.append(bytes)
        case .variable(let name, let escaped):
            guard let value = lookup(name, in: stack) else { return }
            switch value {
            case .string(let s):
                if !escaped { out.append(s) } else if escaping == .portal { out.append(text: s) } else { out.append(Self.htmlEscape(s)) }
            case .utf8(let b) where !escaped:
                out.append(b)
            case .int(let n):
                out.append(int: n)  // digits and "-": nothing to escape
            default:
                let s = String(describing: value.any)
                if !escaped { out.append(s) } else if escaping == .portal { out.append(text: s) } else { out.append(Self.htmlEscape(s)) }
            }
        case .section(let name, let body):
            switch lookup(name, in: stack) {
            case .none, .bool(false):
                return
            case .bool(true):
                render(body, stack: &stack, escaping: escaping, indentation: indentation, into: &out)
            case .list(let items):
                for item in items {
                    stack.append(item)
                    render(body, stack: &stack, escaping: escaping, indentation: indentation, into: &out)
                    stack.removeLast()
                }
            case .some(let value):
                stack.append(value)
                render(body, stack: &stack, escaping: escaping, indentation: indentation, into: &out)
                stack.removeLast()
            }
        case .inverted(let name, let body):
            switch lookup(name, in: stack) {
            case .none, .bool(false):
                render(body, stack: &stack, escaping: escaping, indentation: indentation, into: &out)
            case .list(let items) where items.isEmpty:
                // swift-mustache pushes the empty sequence itself.
                stack.append(.list(items))
                render(body, stack: &stack, escaping: escaping, indentation: indentation, into: &out)
                stack.removeLast()
            default:
                return
            }
        case .partial(let name, let indented):
            guard let nodes = templates[name] else { return }
            let nested = indented.map { (indentation ?? "") + $0 } ?? indentation
            render(nodes, stack: &stack, escaping: .html, indentation: nested, into: &out)
        case .portalContentType:
            escaping = .portal
        }
    }

    /// swift-mustache's lookup: `.` is the current object; `a.b` finds `a` in the nearest object of the
    /// stack that has it, then `b` in it only; `.a` looks in the current object only.
    private func lookup(_ name: Name, in stack: [TemplateValue]) -> TemplateValue? {
        guard let last = stack.last else { return nil }
        switch name.scope {
        case .current: return last
        case .top: return Self.descend(last, name.parts[...])
        case .stack:
            guard let first = name.parts.first else { return last }
            for object in stack.reversed() {
                if let child = Self.child(first, of: object) { return Self.descend(child, name.parts.dropFirst()) }
            }
            return nil
        }
    }

    private static func descend(_ value: TemplateValue, _ parts: ArraySlice<String>) -> TemplateValue? {
        var value = value
        for part in parts {
            guard let child = child(part, of: value) else { return nil }
            value = child
        }
        return value
    }

    /// Only objects have named children (a String, number or list reflects none).
    @inline(__always)
    private static func child(_ name: String, of value: TemplateValue) -> TemplateValue? {
        guard case .object(let o) = value else { return nil }
        return o[name]
    }

    /// swift-mustache's own HTML escaper (`{{x}}` before any content-type pragma): Character by Character.
    static func htmlEscape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
