import Foundation

/// The downloadable data: the whole dataset as JSON and CSV, each agency's JSON, and the JSON Schema.
public enum DataFiles {
    /// `data/reports.json` is `{"schema":…,"reports":[` + one record a line + `],"skipped":[…]}`, written
    /// in pieces so the whole dataset never sits in memory (hundreds of MB at national scale).
    public static let reportsJSONHead: [UInt8] = Array(#"{"schema":"schema.json","reports":["#.utf8)

    /// A record's place in the `reports` array: a line of its own, after a comma unless it is the first.
    public static func reportsJSONLine(_ record: [UInt8], first: Bool, into out: inout [UInt8]) {
        if !first { out.append(0x2C) }
        out.append(0x0A)
        out += record
    }

    /// Closes the `reports` array and lists what was skipped and why.
    public static func reportsJSONTail(skipped: [SkippedSource]) -> [UInt8] {
        var w = JSONWriter()
        w.beginArray()
        for s in skipped { s.write(to: &w) }
        w.endArray()
        return Array(#"],"skipped":"#.utf8) + w.bytes + [0x7D, 0x0A]
    }

    /// `agencies/<slug>/data.json`: one agency and all its reports.
    public static func agencyJSON(_ agency: Agency, records: [[UInt8]]) -> [UInt8] {
        var w = JSONWriter(capacity: records.reduce(512) { $0 + $1.count + 2 })
        w.beginObject()
        w.key("agency")
        w.beginObject()
        w.field("name", agency.name)
        w.field("slug", agency.slug)
        w.field("region", agency.region)
        w.key("aliases")
        w.beginArray()
        for a in agency.aliases { w.string(a) }
        w.endArray()
        w.endObject()
        w.key("reports")
        w.beginArray()
        for r in records { w.rawLine(r) }
        w.endArray()
        w.endObject()
        w.bytes.append(0x0A)
        return w.bytes
    }

    /// The CSV's identifying columns, then one column per cell of every format, in the contract's order.
    public static let csvColumns: [String] = ["source", "agency", "slug", "year", "format"]
        + DisclosureItem.allCases.map { "activeDisclosure.\($0.path)" }
        + Disclosure2019Item.allCases.map { "activeDisclosure2019.\($0.path)" } + ["activeDisclosure2019.procurement.amountUnit"]
        + ApplicationRow.allCases.flatMap { row in Applicant.allCases.map { "applications.\(row.path).\($0.key)" } }
        + ReviewGroup.allCases.flatMap { g in ReviewOutcome.allCases.map { "reviewLitigation.\(g.key).\($0.key)" } }

    /// UTF-8 with a byte-order mark, which spreadsheet programs need to show Chinese.
    public static let csvHead: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((csvColumns.joined(separator: ",") + "\n").utf8)

    /// `data/reports.csv`, wide layout: one row per report, one column per cell (what a spreadsheet or a
    /// data frame wants; a long layout would pass Excel's 1,048,576-row limit at 4,000 reports). A blank
    /// cell, and a cell of the other format, is an empty field. A cell's printed text is in raw-cells.csv.
    public static func csvRow(_ report: Report, into out: inout [UInt8]) {
        out += csvField(report.source).utf8
        for field in [report.agency?.name ?? report.printedAgency ?? "", report.agency?.slug ?? "",
                      report.year.map(String.init) ?? "", report.format.rawValue] {
            out.append(0x2C)
            out += csvField(field).utf8
        }
        func cell(_ v: Double?) {
            out.append(0x2C)
            if let v, v.isFinite { appendNumber(v, to: &out) }
        }
        func blanks(_ n: Int) { out.append(contentsOf: repeatElement(0x2C, count: n)) }
        if let d = report.activeDisclosure { for item in DisclosureItem.allCases { cell(d[item]) } } else { blanks(DisclosureItem.allCases.count) }
        if let d = report.activeDisclosure2019 {
            for item in Disclosure2019Item.allCases { cell(d[item]) }
            out.append(0x2C)
            out += csvField(d.procurementAmountUnit ?? "").utf8
        } else { blanks(Disclosure2019Item.allCases.count + 1) }
        let rows = applicationRows[report.format]!
        for row in ApplicationRow.allCases {
            for applicant in Applicant.allCases { cell(rows.contains(row) ? report.applications?[row, applicant] : nil) }
        }
        if let r = report.reviewLitigation {
            for g in ReviewGroup.allCases { for o in ReviewOutcome.allCases { cell(r[g, o]) } }
        } else { blanks(ReviewGroup.allCases.count * ReviewOutcome.allCases.count) }
        out.append(0x0A)
    }

    static let applicationRows = Dictionary(uniqueKeysWithValues: ReportFormat.allCases.map { ($0, Set(ApplicationRow.rows(for: $0))) })

    public static let rawCellsCSVHead: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("source,path,value,text\n".utf8)

    /// `data/raw-cells.csv`: the cells whose printed text says more than their number
    /// (`789(医、护士、公共卫生许可)`, `0万元`), one row each, so the wide CSV loses nothing the agency wrote.
    public static func rawCellRows(_ report: Report, into out: inout [UInt8]) {
        guard !report.rawCells.isEmpty else { return }
        for (path, text) in report.rawCells.sorted(by: { $0.key < $1.key }) {
            out += "\(csvField(report.source)),\(path),".utf8
            if let v = ReportJSON.value(atPath: path, in: report), v.isFinite { appendNumber(v, to: &out) }
            out += ",\(csvField(text))\n".utf8
        }
    }

    public static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A source that could not be published, with what could be told about it.
public struct SkippedSource: Error, Sendable, Equatable {
    public var source: String
    public var agency: String?
    public var year: Int?
    public var reason: String
    public var line: Int?

    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.field("source", source)
        w.field("agency", agency)
        w.field("year", year)
        w.field("reason", reason)
        w.field("line", line)
        w.endObject()
    }
}
