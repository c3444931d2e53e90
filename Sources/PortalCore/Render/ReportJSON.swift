/// The published record of one report, in the layout of report-data.md.
public enum ReportJSON {
    public static func cells(_ d: ActiveDisclosure) -> [(path: String, value: Double?)] {
        DisclosureItem.allCases.map { ($0.path, d[$0]) }
    }

    public static func cells(_ d: ActiveDisclosure2019) -> [(path: String, value: Double?)] {
        Disclosure2019Item.allCases.map { ($0.path, d[$0]) }
    }

    public static func cells(_ a: Applications, format: ReportFormat) -> [(path: String, value: Double?)] {
        ApplicationRow.rows(for: format).flatMap { row in Applicant.allCases.map { ("\(row.path).\($0.key)", a[row, $0]) } }
    }

    public static func cells(_ r: ReviewLitigation) -> [(path: String, value: Double?)] {
        ReviewGroup.allCases.flatMap { g in ReviewOutcome.allCases.map { ("\(g.key).\($0.key)", r[g, $0]) } }
    }

    /// Every cell of the report with its full path, in the contract's order (for CSV and search).
    public static func allCells(_ report: Report) -> [(path: String, value: Double?)] {
        var out: [(String, Double?)] = []
        if let d = report.activeDisclosure { out += cells(d).map { ("activeDisclosure.\($0.path)", $0.value) } }
        if let d = report.activeDisclosure2019 { out += cells(d).map { ("activeDisclosure2019.\($0.path)", $0.value) } }
        if let a = report.applications { out += cells(a, format: report.format).map { ("applications.\($0.path)", $0.value) } }
        if let r = report.reviewLitigation { out += cells(r).map { ("reviewLitigation.\($0.path)", $0.value) } }
        return out
    }

    /// The value of the cell at a full path (`applications.newReceived.total`); nil when blank or no such cell.
    public static func value(atPath path: String, in report: Report) -> Double? {
        cellReaders[path]?(report) ?? nil
    }

    static let cellReaders: [String: @Sendable (Report) -> Double?] = {
        var readers: [String: @Sendable (Report) -> Double?] = [:]
        for item in DisclosureItem.allCases { readers["activeDisclosure.\(item.path)"] = { $0.activeDisclosure?[item] } }
        for item in Disclosure2019Item.allCases { readers["activeDisclosure2019.\(item.path)"] = { $0.activeDisclosure2019?[item] } }
        for row in ApplicationRow.allCases {
            for a in Applicant.allCases {
                readers["applications.\(row.path).\(a.key)"] = { ApplicationRow.rows(for: $0.format).contains(row) ? $0.applications?[row, a] : nil }
            }
        }
        for g in ReviewGroup.allCases {
            for o in ReviewOutcome.allCases { readers["reviewLitigation.\(g.key).\(o.key)"] = { $0.reviewLitigation?[g, o] } }
        }
        return readers
    }()

    // The cell paths of each table, split into keys once.
    static func split(_ paths: [String]) -> [[String]] { paths.map { $0.split(separator: ".").map(String.init) } }
    static let disclosureKeys = split(DisclosureItem.allCases.map(\.path))
    static let disclosure2019Keys = split(Disclosure2019Item.allCases.map(\.path) + ["procurement.amountUnit"])
    static let applicationKeys: [ReportFormat: [[String]]] = Dictionary(uniqueKeysWithValues: ReportFormat.allCases.map { f in
        (f, split(ApplicationRow.rows(for: f).flatMap { r in Applicant.allCases.map { "\(r.path).\($0.key)" } }))
    })
    static let reviewKeys = split(ReviewGroup.allCases.flatMap { g in ReviewOutcome.allCases.map { "\(g.key).\($0.key)" } })
    static let disclosureLayout = JSONWriter.NestedLayout(keys: disclosureKeys)
    static let disclosure2019Layout = JSONWriter.NestedLayout(keys: disclosure2019Keys)
    static let applicationLayouts = applicationKeys.mapValues { JSONWriter.NestedLayout(keys: $0) }
    static let reviewLayout = JSONWriter.NestedLayout(keys: reviewKeys)

    public static func write(_ report: Report, to w: inout JSONWriter) {
        w.beginObject()
        w.field("source", report.source)
        w.key("agency")
        w.beginObject()
        w.field("name", report.agency?.name ?? report.printedAgency)
        w.field("slug", report.agency?.slug)
        w.field("printedName", report.printedAgency)
        w.endObject()
        w.field("year", report.year)
        w.field("format", report.format.rawValue)
        w.field("form", report.form.rawValue)
        w.field("title", report.title)
        w.field("publishedOn", report.publishedOn)
        w.field("proactiveItems", report.proactiveItems?.value)
        if report.format == .v2019 {
            w.key("activeDisclosure2019")
            if let d = report.activeDisclosure2019 {
                let values = Disclosure2019Item.allCases.map { JSONWriter.JSONScalar.number(d[$0]) } + [.string(d.procurementAmountUnit)]
                w.nested(disclosure2019Layout, values: values)
            } else { w.null() }
        } else {
            w.key("activeDisclosure")
            if let d = report.activeDisclosure {
                w.nested(disclosureLayout, values: DisclosureItem.allCases.map { .number(d[$0]) })
            } else { w.null() }
        }
        w.key("applications")
        if let a = report.applications {
            let values = ApplicationRow.rows(for: report.format).flatMap { row in Applicant.allCases.map { JSONWriter.JSONScalar.number(a[row, $0]) } }
            w.nested(applicationLayouts[report.format]!, values: values)
        } else { w.null() }
        w.key("reviewLitigation")
        if let r = report.reviewLitigation {
            w.nested(reviewLayout, values: ReviewGroup.allCases.flatMap { g in ReviewOutcome.allCases.map { .number(r[g, $0]) } })
        } else { w.null() }
        w.key("derived")
        let derived = DerivedFigures(report)
        w.beginObject()
        for (key, rate) in [("grantedRate", derived.grantedRate), ("disclosedRate", derived.disclosedRate),
                            ("reviewCorrectionRate", derived.reviewCorrectionRate)] {
            w.key(key)
            guard let rate else { w.null(); continue }
            w.beginObject()
            w.field("numerator", rate.numerator)
            w.field("n", rate.n)
            w.field("value", rate.value)
            w.key("rated"); w.bool(rate.rated)
            w.endObject()
        }
        w.endObject()
        w.key("rawCells")
        w.beginObject()
        for (path, raw) in report.rawCells.sorted(by: { $0.key < $1.key }) { w.field(path, raw) }
        w.endObject()
        w.key("checks")
        w.beginArray()
        for check in report.checks { write(check, to: &w) }
        w.endArray()
        w.key("sections")
        w.beginObject()
        if let p = report.preamble { w.field("preamble", p.markdown) }
        for key in SectionKey.allCases { w.field(key.rawValue, report.sections[key]?.markdown) }
        w.endObject()
        w.key("tables")
        w.beginObject()
        w.field("activeDisclosure", (report.activeDisclosure?.line ?? report.activeDisclosure2019?.line).map { $0 })
        w.field("applications", report.applications?.line)
        w.field("reviewLitigation", report.reviewLitigation?.line)
        w.endObject()
        w.key("diagnostics")
        w.beginArray()
        for d in report.diagnostics {
            w.beginObject()
            w.field("severity", d.severity.rawValue)
            w.field("line", d.location.line)
            w.field("message", d.message)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    public static func write(_ check: Check, to w: inout JSONWriter) {
        w.beginObject()
        writeFields(check, to: &w)
        w.endObject()
    }

    /// The fields of a check, for records and for the flat list in checks.json (which prefixes its report).
    static func writeFields(_ check: Check, to w: inout JSONWriter) {
        w.field("rule", check.rule)
        w.field("severity", check.severity.rawValue)
        w.key("cells")
        w.beginArray()
        for c in check.cells { w.string(c) }
        w.endArray()
        w.field("expected", check.expected)
        w.field("found", check.found)
        w.field("message", check.message)
        w.field("line", check.line)
        w.field("suspect", check.suspect)
        w.field("related", check.related)
    }
}
