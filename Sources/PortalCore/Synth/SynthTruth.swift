/// What the synthesizer meant a report to say: every cell, the identity, the prose figures, and the rule
/// breaks it put in on purpose. The parser must read exactly this back.
public struct SynthTruth: Sendable {
    public var source: String
    public var form: SourceForm
    public var format: ReportFormat
    public var agency: String
    public var year: Int
    public var title: String
    public var publishedOn: String
    /// The proactive total the overview states (`主动公开政府信息61条`).
    public var proactiveItems: Int
    /// Table 二 (2021): by `DisclosureItem.rawValue`. Nil in a 2019-format report.
    public var disclosure: [Double?]?
    /// Table 二 (2019): by `Disclosure2019Item.rawValue`. Nil in a 2021-format report.
    public var disclosure2019: [Double?]?
    /// The unit the 2019 procurement amount is written in (元 or 万元).
    public var procurementAmountUnit: String?
    /// Table 三: `[ApplicationRow.rawValue][Applicant.rawValue]`, rows of the other format left nil.
    public var applications: [[Double?]]
    /// Table 四: `[ReviewGroup.rawValue][ReviewOutcome.rawValue]`.
    public var review: [[Double?]]
    /// Cells written as more than a number (`0万元`, `１２`, `789(医、护士、公共卫生许可)`): path → text.
    public var rawCells: [String: String]
    /// The checks rules 1–5 must find, as `rule` + the last cell the check names (its key cell).
    public var expectedChecks: [ExpectedCheck]
    /// Why the report breaks a rule (nil when it keeps them all), for people reading a failure.
    public var deliberateBreak: String?
    /// Cells left blank on purpose.
    public var blankCells: [String]

    public struct ExpectedCheck: Sendable, Hashable, Comparable, CustomStringConvertible {
        public var rule: String
        public var cell: String
        public init(rule: String, cell: String) { self.rule = rule; self.cell = cell }
        public static func < (a: Self, b: Self) -> Bool { (a.rule, a.cell) < (b.rule, b.cell) }
        public var description: String { "\(rule)@\(cell)" }
    }

    /// Every cell with its full path, in the layout `ReportJSON.allCells` uses.
    public var cells: [(path: String, value: Double?)] {
        var out: [(String, Double?)] = []
        if let d = disclosure {
            out += DisclosureItem.allCases.map { ("activeDisclosure.\($0.path)", d[$0.rawValue]) }
        }
        if let d = disclosure2019 {
            out += Disclosure2019Item.allCases.map { ("activeDisclosure2019.\($0.path)", d[$0.rawValue]) }
        }
        for row in ApplicationRow.rows(for: format) {
            out += Applicant.allCases.map { ("applications.\(row.path).\($0.key)", applications[row.rawValue][$0.rawValue]) }
        }
        for group in ReviewGroup.allCases {
            out += ReviewOutcome.allCases.map { ("reviewLitigation.\(group.key).\($0.key)", review[group.rawValue][$0.rawValue]) }
        }
        return out
    }
}

/// The rules' arithmetic, computed by the synthesizer on what it wrote, independently of the Validate
/// stage: the list of breaks a correct parser plus correct rules must report, and no others.
enum SynthOracle {
    static func expectedChecks(format: ReportFormat, disclosure: [Double?]?, disclosure2019: [Double?]?,
                               applications a: [[Double?]], review r: [[Double?]]) -> [SynthTruth.ExpectedCheck] {
        var out: [SynthTruth.ExpectedCheck] = []
        func sum(_ v: [Double?]) -> Double? {
            var s = 0.0
            for x in v { guard let x else { return nil }; s += x }
            return s
        }
        func cell(_ row: ApplicationRow, _ column: Applicant) -> Double? { a[row.rawValue][column.rawValue] }
        let rows = ApplicationRow.rows(for: format)
        for row in rows {
            if let total = cell(row, .total), let parts = sum(Applicant.parts.map { cell(row, $0) }), parts != total {
                out.append(.init(rule: "rule1-row-sum", cell: "applications.\(row.path).total"))
            }
        }
        let items = ApplicationRow.resultItems(for: format)
        for column in Applicant.allCases {
            if let total = cell(.resultsTotal, column), let parts = sum(items.map { cell($0, column) }), parts != total {
                out.append(.init(rule: "rule2-result-total", cell: "applications.results.total.\(column.key)"))
            }
            if let inflow = sum([cell(.newReceived, column), cell(.carriedOver, column)]),
               let outflow = sum([cell(.resultsTotal, column), cell(.carriedForward, column)]), inflow != outflow {
                out.append(.init(rule: "rule3-balance", cell: "applications.carriedForward.\(column.key)"))
            }
        }
        for group in ReviewGroup.allCases {
            let g = r[group.rawValue]
            if let total = g[ReviewOutcome.total.rawValue], let parts = sum(ReviewOutcome.parts.map { g[$0.rawValue] }), parts != total {
                out.append(.init(rule: "rule4-review-total", cell: "reviewLitigation.\(group.key).total"))
            }
        }
        // Rule 5 over every count.
        func inspect(_ v: Double?, _ path: String, isCount: Bool, mayBeNegative: Bool) {
            guard let v else { return }
            if v < 0 && !mayBeNegative { out.append(.init(rule: "rule5-non-negative", cell: path)) }
            if isCount && v.rounded() != v { out.append(.init(rule: "rule5-whole-number", cell: path)) }
        }
        if let d = disclosure {
            for item in DisclosureItem.allCases { inspect(d[item.rawValue], "activeDisclosure.\(item.path)", isCount: item.isCount, mayBeNegative: false) }
        }
        if let d = disclosure2019 {
            for item in Disclosure2019Item.allCases {
                inspect(d[item.rawValue], "activeDisclosure2019.\(item.path)", isCount: item.isCount, mayBeNegative: item.mayBeNegative)
            }
        }
        for row in rows {
            for column in Applicant.allCases { inspect(cell(row, column), "applications.\(row.path).\(column.key)", isCount: true, mayBeNegative: false) }
        }
        for group in ReviewGroup.allCases {
            for outcome in ReviewOutcome.allCases {
                inspect(r[group.rawValue][outcome.rawValue], "reviewLitigation.\(group.key).\(outcome.key)", isCount: true, mayBeNegative: false)
            }
        }
        return out.sorted()
    }
}
