/// A table of numbers keyed by position. Blank cells are `nil` through the accessors; storage keeps them as NaN
/// so that 100,000 reports of ~200 cells stay small (8 bytes a cell instead of 16 for `Double?`).
public struct NumberGrid: Sendable, Equatable {
    private var storage: [Double]
    /// The source line of each row (0 where unknown), for `file:line` in diagnostics and checks.
    public var rowLines: [Int32]
    public let columns: Int

    public init(rows: Int, columns: Int) {
        storage = Array(repeating: .nan, count: rows * columns)
        rowLines = Array(repeating: 0, count: rows)
        self.columns = columns
    }

    public subscript(row: Int, column: Int) -> Double? {
        get { let v = storage[row * columns + column]; return v.isNaN ? nil : v }
        set { storage[row * columns + column] = newValue ?? .nan }
    }

    public func line(ofRow row: Int) -> Int { Int(rowLines[row]) }

    /// The raw storage (NaN for blank), for the build cache's codec.
    var rawValues: [Double] { storage }
    init(columns: Int, rawValues: [Double], rowLines: [Int32]) {
        storage = rawValues; self.rowLines = rowLines; self.columns = columns
    }

    public static func == (a: NumberGrid, b: NumberGrid) -> Bool {
        a.columns == b.columns && a.rowLines == b.rowLines
            && zip(a.storage, b.storage).allSatisfy { $0.isNaN && $1.isNaN || $0 == $1 }
    }
}

/// Table 二 of the 2021 format.
public struct ActiveDisclosure: Sendable, Equatable {
    public var grid = NumberGrid(rows: DisclosureItem.allCases.count, columns: 1)
    public var line = 0
    public init() {}
    public subscript(item: DisclosureItem) -> Double? {
        get { grid[item.rawValue, 0] }
        set { grid[item.rawValue, 0] = newValue }
    }
}

/// Table 二 of the 2019 format, with the unit its procurement amount was written in.
public struct ActiveDisclosure2019: Sendable, Equatable {
    public var grid = NumberGrid(rows: Disclosure2019Item.allCases.count, columns: 1)
    public var procurementAmountUnit: String?
    public var line = 0
    public init() {}
    public subscript(item: Disclosure2019Item) -> Double? {
        get { grid[item.rawValue, 0] }
        set { grid[item.rawValue, 0] = newValue }
    }
}

/// Table 三: one row per `ApplicationRow` of the report's format, seven applicant columns each.
public struct Applications: Sendable, Equatable {
    public var grid = NumberGrid(rows: ApplicationRow.allCases.count, columns: Applicant.allCases.count)
    public var line = 0
    public init() {}
    public subscript(row: ApplicationRow, column: Applicant) -> Double? {
        get { grid[row.rawValue, column.rawValue] }
        set { grid[row.rawValue, column.rawValue] = newValue }
    }
    public func line(of row: ApplicationRow) -> Int { grid.line(ofRow: row.rawValue) }
}

/// Table 四: three groups of five outcomes, fifteen numbers in the report's order.
public struct ReviewLitigation: Sendable, Equatable {
    public var grid = NumberGrid(rows: ReviewGroup.allCases.count, columns: ReviewOutcome.allCases.count)
    public var line = 0
    public init() {}
    public subscript(group: ReviewGroup, outcome: ReviewOutcome) -> Double? {
        get { grid[group.rawValue, outcome.rawValue] }
        set { grid[group.rawValue, outcome.rawValue] = newValue }
    }
}

/// A figure stated in the prose ("主动公开政府信息61条"), with the sentence it came from.
public struct ProseFigure: Sendable, Equatable {
    public var value: Double
    public var sentence: String
    public var line: Int
    public init(value: Double, sentence: String, line: Int) {
        self.value = value; self.sentence = sentence; self.line = line
    }
}

public struct Section: Sendable, Equatable {
    /// The section's prose as Markdown (plain-text sources are escaped so it renders as written).
    public var markdown: String
    public var line: Int
    /// The source line of each paragraph of `markdown` (paragraphs are separated by a blank line), so a
    /// sentence found in the prose can be cited with its own line. Empty when the reader could not tell.
    public var paragraphLines: [Int]
    public init(markdown: String, line: Int, paragraphLines: [Int] = []) {
        self.markdown = markdown; self.line = line; self.paragraphLines = paragraphLines
    }
}

/// How the source file was physically written, detected from its content.
public enum SourceForm: String, Sendable, CaseIterable {
    case wordText = "word-text"
    case markdown
    case html
    case docx
    case pdf
    case flattened = "flattened-text"
}

/// The agency a report belongs to, after names are completed and aliases resolved.
public struct AgencyRef: Sendable, Equatable, Hashable {
    public var name: String
    public var slug: String
    public init(name: String, slug: String) { self.name = name; self.slug = slug }
}

/// One parsed report: identity, the three tables, the prose, and what validation found.
///
/// The fields live in one shared box, copied on write: a Report is passed and copied all over the build
/// (grouping, checks, the cache, every page), and copying twenty fields cost twenty retains and releases.
public struct Report: Sendable, Equatable {
    struct Fields: Equatable {
        /// Path relative to the content folder, with `/` separators.
        var source: String
        var form: SourceForm
        var format: ReportFormat = .v2021
        var title: String?
        /// The agency as printed (completed from the body when the title is short).
        var printedAgency: String?
        /// Set by the Build stage, which knows every report and the agency list.
        var agency: AgencyRef?
        var year: Int?
        /// ISO date (yyyy-mm-dd) printed at the end or the top of the report.
        var publishedOn: String?
        var proactiveItems: ProseFigure?
        var activeDisclosure: ActiveDisclosure?
        var activeDisclosure2019: ActiveDisclosure2019?
        var applications: Applications?
        var reviewLitigation: ReviewLitigation?
        /// Original text of every cell that was more than a plain number, keyed by full path
        /// (`activeDisclosure.licensing`, `applications.results.total.naturalPerson`).
        var rawCells: [String: String] = [:]
        var sections: [SectionKey: Section] = [:]
        /// Text before 一、总体情况 (the report's own introduction), kept so nothing written is dropped.
        var preamble: Section?
        /// Figures the prose states, for the audit (`applications.newReceived.total` → 2).
        var proseFigures: [String: ProseFigure] = [:]
        var checks: [Check] = []
        /// What the parser could not read or had to interpret; never silent.
        var diagnostics: [Diagnostic] = []
    }

    /// Shared by copies; changed only through `unique`, so never while another copy can see it.
    final class Storage: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }
    private var storage: Storage

    /// The box, first copied when another Report shares it.
    private var unique: Storage {
        mutating get {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
            return storage
        }
    }

    public var source: String { get { storage.fields.source } _modify { yield &unique.fields.source } }
    public var form: SourceForm { get { storage.fields.form } _modify { yield &unique.fields.form } }
    public var format: ReportFormat { get { storage.fields.format } _modify { yield &unique.fields.format } }
    public var title: String? { get { storage.fields.title } _modify { yield &unique.fields.title } }
    public var printedAgency: String? { get { storage.fields.printedAgency } _modify { yield &unique.fields.printedAgency } }
    public var agency: AgencyRef? { get { storage.fields.agency } _modify { yield &unique.fields.agency } }
    public var year: Int? { get { storage.fields.year } _modify { yield &unique.fields.year } }
    public var publishedOn: String? { get { storage.fields.publishedOn } _modify { yield &unique.fields.publishedOn } }
    public var proactiveItems: ProseFigure? { get { storage.fields.proactiveItems } _modify { yield &unique.fields.proactiveItems } }
    public var activeDisclosure: ActiveDisclosure? { get { storage.fields.activeDisclosure } _modify { yield &unique.fields.activeDisclosure } }
    public var activeDisclosure2019: ActiveDisclosure2019? { get { storage.fields.activeDisclosure2019 } _modify { yield &unique.fields.activeDisclosure2019 } }
    public var applications: Applications? { get { storage.fields.applications } _modify { yield &unique.fields.applications } }
    public var reviewLitigation: ReviewLitigation? { get { storage.fields.reviewLitigation } _modify { yield &unique.fields.reviewLitigation } }
    public var rawCells: [String: String] { get { storage.fields.rawCells } _modify { yield &unique.fields.rawCells } }
    public var sections: [SectionKey: Section] { get { storage.fields.sections } _modify { yield &unique.fields.sections } }
    public var preamble: Section? { get { storage.fields.preamble } _modify { yield &unique.fields.preamble } }
    public var proseFigures: [String: ProseFigure] { get { storage.fields.proseFigures } _modify { yield &unique.fields.proseFigures } }
    public var checks: [Check] { get { storage.fields.checks } _modify { yield &unique.fields.checks } }
    public var diagnostics: [Diagnostic] { get { storage.fields.diagnostics } _modify { yield &unique.fields.diagnostics } }

    public static func == (a: Report, b: Report) -> Bool { a.storage === b.storage || a.storage.fields == b.storage.fields }

    public init(source: String, form: SourceForm) {
        storage = Storage(Fields(source: source, form: form))
    }

    public var tablesFound: Int {
        [activeDisclosure != nil || activeDisclosure2019 != nil, applications != nil, reviewLitigation != nil]
            .filter { $0 }.count
    }
}
