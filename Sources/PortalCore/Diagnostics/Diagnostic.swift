/// Where a problem is: a file relative to the content folder and, when known, a 1-based line.
public struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public init(file: String, line: Int? = nil) { self.file = file; self.line = line }
    public var description: String { line.map { "\(file):\($0)" } ?? file }
}

public enum Severity: String, Sendable, Comparable, CaseIterable {
    case notice, warning, error
    private var rank: Int { self == .notice ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

public enum Stage: String, Sendable {
    case ingest, parse, validate, build, render, output
}

/// A problem a user must see, with its place. Equatable so tests can assert the exact message a user reads.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public var severity: Severity
    public var stage: Stage
    public var location: SourceLocation
    public var message: String

    public init(_ severity: Severity, _ stage: Stage, _ location: SourceLocation, _ message: String) {
        self.severity = severity; self.stage = stage; self.location = location; self.message = message
    }

    /// `file:line: severity: message`, the form compilers use so editors can jump to it. One line, whatever
    /// the file name or a cell's text holds: control characters (a terminal escape sequence in a report
    /// would otherwise drive the reader's terminal) and bidi overrides are shown as `\u{…}`.
    public var description: String { TerminalText.visible("\(location): \(severity.rawValue): \(message)") }
}

/// Text from content made safe to print on a terminal.
public enum TerminalText {
    public static func visible(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: needsEscape) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if needsEscape(u) { out.append(contentsOf: "\\u{\(String(u.value, radix: 16))}".unicodeScalars) } else { out.append(u) }
        }
        return String(out)
    }

    /// C0 and C1 controls (tab included: it would misalign the columns), DEL, bidi controls, line and
    /// paragraph separators.
    static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            || v == 0x200E || v == 0x200F || v == 0x061C || v == 0x2028 || v == 0x2029
    }
}

/// A finding of the Validate stage: a rule, the cells it involves, what was expected and found.
public struct Check: Sendable, Equatable {
    public var rule: String
    public var severity: Severity
    /// Full cell paths, e.g. `applications.results.unableToProvide.notHeld.total`.
    public var cells: [String]
    public var expected: Double?
    public var found: Double?
    /// In Chinese, for readers of the portal.
    public var message: String
    public var line: Int?
    /// The one cell most likely to be wrong, when the rules can locate it.
    public var suspect: String?
    /// Another report this finding refers to (previous year, a report copied from), as its source path.
    public var related: String?

    public init(rule: String, severity: Severity, cells: [String], expected: Double?, found: Double?,
                message: String, line: Int?, suspect: String? = nil, related: String? = nil) {
        self.rule = rule; self.severity = severity; self.cells = cells
        self.expected = expected; self.found = found; self.message = message
        self.line = line; self.suspect = suspect; self.related = related
    }
}
