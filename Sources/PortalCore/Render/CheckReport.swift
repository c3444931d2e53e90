/// The findings of every report, as `data/checks.json` and `data/checks.csv`. `portal check --format json`
/// prints exactly the JSON file's content.
public enum CheckReport {
    /// Reports in source order, each report's checks in the order the audit made them.
    static func orderedReports(_ content: Pipeline.Content) -> [Report] {
        content.reports.sorted { $0.source < $1.source }
    }

    /// `{"checks": […], "skipped": […], "diagnostics": […]}`: one flat record per check (with its report's
    /// source, agency and year, so the list can be filtered without joining), then what was not published,
    /// then every diagnostic (load-time first, then each report's).
    public static func json(_ content: Pipeline.Content) -> String {
        let reports = orderedReports(content)
        var w = JSONWriter(pretty: true, capacity: 1024 + reports.reduce(0) { $0 + $1.checks.count * 512 })
        w.beginObject()
        w.key("checks")
        w.beginArray()
        for r in reports {
            for c in r.checks {
                w.beginObject()
                w.field("source", r.source)
                w.field("agency", r.agency?.name ?? r.printedAgency)
                w.field("slug", r.agency?.slug)
                w.field("year", r.year)
                ReportJSON.writeFields(c, to: &w)
                w.endObject()
            }
        }
        w.endArray()
        w.key("skipped")
        w.beginArray()
        for s in content.skipped { s.write(to: &w) }
        w.endArray()
        w.key("diagnostics")
        w.beginArray()
        for d in content.diagnostics { write(d, to: &w) }
        for r in reports { for d in r.diagnostics { write(d, to: &w) } }
        w.endArray()
        w.endObject()
        return w.string
    }

    /// The bytes of `data/checks.json`: the JSON and a final line break (as `print` adds one).
    public static func jsonFile(_ content: Pipeline.Content) -> [UInt8] {
        Array((json(content) + "\n").utf8)
    }

    public static let csvHeader = "source,agency,slug,year,rule,severity,cells,expected,found,message,line,suspect,related\n"

    /// `data/checks.csv`: one row per check, cells separated by `;`. UTF-8 with a byte-order mark for spreadsheets.
    public static func csv(_ content: Pipeline.Content) -> String {
        var out = "\u{FEFF}" + csvHeader
        for r in orderedReports(content) where !r.checks.isEmpty {
            let lead = [r.source, r.agency?.name ?? r.printedAgency ?? "", r.agency?.slug ?? "", r.year.map(String.init) ?? ""]
                .map(DataFiles.csvField).joined(separator: ",")
            for c in r.checks {
                let fields = [c.rule, c.severity.rawValue, c.cells.joined(separator: ";"),
                              c.expected.map(formatNumber) ?? "", c.found.map(formatNumber) ?? "", c.message,
                              c.line.map(String.init) ?? "", c.suspect ?? "", c.related ?? ""]
                out += lead + "," + fields.map(DataFiles.csvField).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    static func write(_ d: Diagnostic, to w: inout JSONWriter) {
        w.beginObject()
        w.field("file", d.location.file)
        w.field("line", d.location.line)
        w.field("severity", d.severity.rawValue)
        w.field("stage", d.stage.rawValue)
        w.field("message", d.message)
        w.endObject()
    }
}
