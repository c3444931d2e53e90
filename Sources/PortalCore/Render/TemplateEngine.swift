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
            // Through the buffer: iterating `fields` would copy (retain) every field it passes.
            fields.withUnsafeBufferPointer { fields in
                for i in fields.indices where fields[i].key == key { return fields[i].value }
                return nil
            }
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
    /// One step of a template. Payloads are indices into the engine's tables, so walking a template
    /// copies no String or array (each copy is a retain and a release).
    enum Node {
        /// `text[start..<end]`.
        case text(start: Int, end: Int)
        case variable(name: Int, escaped: Bool)
        case section(name: Int, body: Int)
        case inverted(name: Int, body: Int)
        /// `partials[partial]` is the template's body (-1: no such template, renders nothing);
        /// `indentations[indentation]` the partial's indentation (-1: none).
        case partial(partial: Int, indentation: Int)
        /// `{{% CONTENT_TYPE: PORTAL_HTML }}`: `{{x}}` escaped by `HTML.text` from here on.
        case portalContentType
    }

    /// A variable name as swift-mustache resolves it: its dot-separated parts are `parts[start..<end]`.
    struct Name {
        enum Scope { case current, top, stack }
        let scope: Scope
        let start: Int, end: Int
    }

    enum Escaping { case html, portal }

    struct Unsupported: Error {}

    /// Template name → index of its body in `bodies`.
    let templates: [String: Int]
    let bodies: [[Node]]
    let text: [UInt8]
    let names: [Name]
    let parts: [String]
    let partials: [Int]
    let indentations: [String]

    /// Nil when a template uses something this engine does not render.
    init?(library: MustacheLibrary, names: [String]) {
        var compiler = Compiler()
        var templates: [String: Int] = [:]
        do {
            for name in names {
                guard let t = library.getTemplate(named: name) else { return nil }
                templates[name] = try compiler.compile(t)
            }
        } catch {
            return nil
        }
        self.templates = templates
        bodies = compiler.bodies
        text = compiler.text
        self.names = compiler.names
        parts = compiler.parts
        partials = compiler.partialNames.map { templates[$0] ?? -1 }
        indentations = compiler.indentations
    }

    // MARK: Reading swift-mustache's token tree

    struct Compiler {
        var bodies: [[Node]] = []
        var text: [UInt8] = []
        var names: [Name] = []
        var parts: [String] = []
        var partialNames: [String] = []
        var indentations: [String] = []

        /// Compiles a template's tokens; returns its body's index.
        mutating func compile(_ template: MustacheTemplate) throws -> Int {
            guard let tokens = Mirror(reflecting: template).children.first(where: { $0.label == "tokens" })?.value as? [Any] else {
                throw Unsupported()
            }
            var nodes: [Node] = []
            for token in tokens { nodes.append(try node(token)) }
            bodies.append(nodes)
            return bodies.count - 1
        }

        mutating func name(_ name: String) -> Int {
            let start = parts.count
            let scope: Name.Scope
            if name == "." {
                scope = .current
            } else {
                parts += name.split(separator: ".").map(String.init)
                scope = name.first == "." ? .top : .stack
            }
            names.append(Name(scope: scope, start: start, end: parts.count))
            return names.count - 1
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

        private mutating func node(_ token: Any) throws -> Node {
            let mirror = Mirror(reflecting: token)
            guard mirror.displayStyle == .enum, let c = mirror.children.first, let kind = c.label else { throw Unsupported() }
            switch kind {
            case "text":
                guard let s = c.value as? String else { throw Unsupported() }
                let start = text.count
                text += Array(s.utf8)
                return .text(start: start, end: text.count)
            case "variable", "unescapedVariable", "section", "invertedSection":
                let p = Self.payload(c.value)
                guard let n = p["name"] as? String, let transforms = p["transforms"] as? [String], transforms.isEmpty else {
                    throw Unsupported()
                }
                switch kind {
                case "variable": return .variable(name: name(n), escaped: true)
                case "unescapedVariable": return .variable(name: name(n), escaped: false)
                default:
                    guard let t = p["template"] as? MustacheTemplate else { throw Unsupported() }
                    let body = try compile(t)
                    return kind == "section" ? .section(name: name(n), body: body) : .inverted(name: name(n), body: body)
                }
            case "partial":
                let p = Self.payload(c.value)
                // Inheritance overrides (`{{<parent}}…{{/parent}}`) are not rendered here.
                guard let n = p[".0"] as? String, let indented = p["indentation"], let inherits = p["inherits"],
                      Self.unwrapOptional(inherits) == nil else { throw Unsupported() }
                partialNames.append(n)
                guard let indentation = Self.unwrapOptional(indented) else { return .partial(partial: partialNames.count - 1, indentation: -1) }
                guard let s = indentation as? String else { throw Unsupported() }
                indentations.append(s)
                return .partial(partial: partialNames.count - 1, indentation: indentations.count - 1)
            case "contentType":
                guard c.value is Templates.PortalHTML else { throw Unsupported() }
                return .portalContentType
            default:
                throw Unsupported()
            }
        }
    }

    // MARK: Rendering

    /// Renders template `name` with `context` as the root of the context stack; false for an unknown name.
    func render(_ name: String, _ context: TemplateValue, into out: inout MarkupBuffer) -> Bool {
        guard let body = templates[name] else { return false }
        var stack = [context]
        stack.reserveCapacity(8)
        text.withUnsafeBufferPointer { text in
            render(body, text: text, stack: &stack, escaping: .html, indentation: nil, into: &out)
        }
        return true
    }

    /// One `MustacheTemplate.render(context:)`: the content type set by a pragma lasts to the end of this
    /// token list; an indented partial indents each token that starts a line of this call's own output.
    private func render(_ body: Int, text: UnsafeBufferPointer<UInt8>, stack: inout [TemplateValue], escaping: Escaping,
                        indentation: String?, into out: inout MarkupBuffer) {
        var escaping = escaping
        bodies[body].withUnsafeBufferPointer { nodes in
            guard let indentation, !indentation.isEmpty else {
                for node in nodes { render(node, text: text, stack: &stack, escaping: &escaping, indentation: indentation, into: &out) }
                return
            }
            let start = out.count
            for node in nodes {
                let before = out.count
                render(node, text: text, stack: &stack, escaping: &escaping, indentation: indentation, into: &out)
                if out.count > before && Self.endsWithLineFeed(out, from: start, to: before) {
                    out.insert(Array(indentation.utf8), at: before)
                }
            }
        }
    }

    /// `string.last == "\n"`: a final CR LF is one Character, not "\n".
    static func endsWithLineFeed(_ b: MarkupBuffer, from start: Int, to end: Int) -> Bool {
        guard end > start, b[end - 1] == 0x0A else { return false }
        return end - start < 2 || b[end - 2] != 0x0D
    }

    private func render(_ node: Node, text: UnsafeBufferPointer<UInt8>, stack: inout [TemplateValue], escaping: inout Escaping,
                        indentation: String?, into out: inout MarkupBuffer) {
        switch node {
        case .text(let start, let end):
            out.append(UnsafeBufferPointer(rebasing: text[start..<end]))
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
                render(body, text: text, stack: &stack, escaping: escaping, indentation: indentation, into: &out)
            case .list(let items):
                for i in items.indices {
                    stack.append(items[i])
                    render(body, text: text, stack: &stack, escaping: escaping, indentation: indentation, into: &out)
                    stack.removeLast()
                }
            case .some(let value):
                stack.append(value)
                render(body, text: text, stack: &stack, escaping: escaping, indentation: indentation, into: &out)
                stack.removeLast()
            }
        case .inverted(let name, let body):
            switch lookup(name, in: stack) {
            case .none, .bool(false):
                render(body, text: text, stack: &stack, escaping: escaping, indentation: indentation, into: &out)
            case .list(let items) where items.isEmpty:
                // swift-mustache pushes the empty sequence itself.
                stack.append(.list(items))
                render(body, text: text, stack: &stack, escaping: escaping, indentation: indentation, into: &out)
                stack.removeLast()
            default:
                return
            }
        case .partial(let partial, let indented):
            let body = partials[partial]
            guard body >= 0 else { return }
            let nested = indented < 0 ? indentation : (indentation ?? "") + indentations[indented]
            render(body, text: text, stack: &stack, escaping: .html, indentation: nested, into: &out)
        case .portalContentType:
            escaping = .portal
        }
    }

    /// swift-mustache's lookup: `.` is the current object; `a.b` finds `a` in the nearest object of the
    /// stack that has it, then `b` in it only; `.a` looks in the current object only.
    private func lookup(_ index: Int, in stack: [TemplateValue]) -> TemplateValue? {
        let name = names[index]
        guard let last = stack.last else { return nil }
        switch name.scope {
        case .current: return last
        case .top: return descend(last, from: name.start, to: name.end)
        case .stack:
            guard name.start < name.end else { return last }
            let first = parts[name.start]
            return stack.withUnsafeBufferPointer { stack in
                var i = stack.count - 1
                while i >= 0 {
                    if case .object(let o) = stack[i], let child = o[first] { return descend(child, from: name.start + 1, to: name.end) }
                    i -= 1
                }
                return nil
            }
        }
    }

    private func descend(_ value: TemplateValue, from start: Int, to end: Int) -> TemplateValue? {
        var value = value
        for k in start..<end {
            guard case .object(let o) = value, let child = o[parts[k]] else { return nil }
            value = child
        }
        return value
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
