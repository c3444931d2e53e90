/// The downloadable data: the whole dataset as JSON and CSV, each agency's JSON, and the JSON Schema.
public enum DataFiles {
    /// `data/reports.json`: every published report, then what was skipped and why.
    public static func reportsJSON(records: [[UInt8]], skipped: [SkippedSource]) -> [UInt8] {
        var w = JSONWriter(capacity: records.reduce(1024) { $0 + $1.count + 2 })
        w.beginObject()
        w.field("schema", "schema.json")
        w.key("reports")
        w.beginArray()
        for r in records { w.rawLine(r) }
        w.endArray()
        w.key("skipped")
        w.beginArray()
        for s in skipped { s.write(to: &w) }
        w.endArray()
        w.endObject()
        w.bytes.append(0x0A)
        return w.bytes
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

    public static let csvHeader = "source,agency,slug,year,format,path,value,raw\n"

    /// `data/reports.csv`, long layout: one row per report and cell, so every cell of every table is
    /// there without 200 columns (pivot on `path` for a wide table). Blank cells have an empty value.
    /// UTF-8 with a byte-order mark, which spreadsheet programs need to show Chinese.
    public static func csvRows(_ report: Report, into out: inout String) {
        var bytes: [UInt8] = []
        csvRows(report, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends straight to bytes: at national scale the CSV is hundreds of MB, and a String copy doubled it.
    public static func csvRows(_ report: Report, into out: inout [UInt8]) {
        let lead = Array(([report.source, report.agency?.name ?? report.printedAgency ?? "", report.agency?.slug ?? "",
                           report.year.map(String.init) ?? "", report.format.rawValue].map(csvField).joined(separator: ",") + ",").utf8)
        for (path, value) in ReportJSON.allCells(report) {
            out += lead
            out += path.utf8
            out.append(0x2C)
            if let value { out += formatNumber(value).utf8 }
            out.append(0x2C)
            if let raw = report.rawCells[path] { out += csvField(raw).utf8 }
            out.append(0x0A)
        }
        if report.format == .v2019, let unit = report.activeDisclosure2019?.procurementAmountUnit {
            out += lead
            out += ("activeDisclosure2019.procurement.amountUnit,," + csvField(unit) + "\n").utf8
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
