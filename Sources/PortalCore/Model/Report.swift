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
public struct Report: Sendable, Equatable {
    /// Path relative to the content folder, with `/` separators.
    public var source: String
    public var form: SourceForm
    public var format: ReportFormat = .v2021
    public var title: String?
    /// The agency as printed (completed from the body when the title is short).
    public var printedAgency: String?
    /// Set by the Build stage, which knows every report and the agency list.
    public var agency: AgencyRef?
    public var year: Int?
    /// ISO date (yyyy-mm-dd) printed at the end or the top of the report.
    public var publishedOn: String?
    public var proactiveItems: ProseFigure?
    public var activeDisclosure: ActiveDisclosure?
    public var activeDisclosure2019: ActiveDisclosure2019?
    public var applications: Applications?
    public var reviewLitigation: ReviewLitigation?
    /// Original text of every cell that was more than a plain number, keyed by full path
    /// (`activeDisclosure.licensing`, `applications.results.total.naturalPerson`).
    public var rawCells: [String: String] = [:]
    public var sections: [SectionKey: Section] = [:]
    /// Text before 一、总体情况 (the report's own introduction), kept so nothing written is dropped.
    public var preamble: Section?
    /// Figures the prose states, for the audit (`applications.newReceived.total` → 2).
    public var proseFigures: [String: ProseFigure] = [:]
    public var checks: [Check] = []
    /// What the parser could not read or had to interpret; never silent.
    public var diagnostics: [Diagnostic] = []

    public init(source: String, form: SourceForm) {
        self.source = source
        self.form = form
    }

    public var tablesFound: Int {
        [activeDisclosure != nil || activeDisclosure2019 != nil, applications != nil, reviewLitigation != nil]
            .filter { $0 }.count
    }
}
