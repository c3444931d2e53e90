/// The findings of every report as one JSON document (`portal check --format json`, `data/checks.json`).
public enum CheckReport {
    public static func json(_ content: Pipeline.Content) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.key("reports")
        w.beginArray()
        for r in content.reports.sorted(by: { $0.source < $1.source }) {
            w.beginObject()
            w.field("source", r.source)
            w.field("agency", r.agency?.name)
            w.field("slug", r.agency?.slug)
            w.field("year", r.year)
            w.key("checks")
            w.beginArray()
            for c in r.checks { ReportJSON.write(c, to: &w) }
            w.endArray()
            w.key("diagnostics")
            w.beginArray()
            for d in r.diagnostics { write(d, to: &w) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("skipped")
        w.beginArray()
        for s in content.skipped { s.write(to: &w) }
        w.endArray()
        w.key("diagnostics")
        w.beginArray()
        for d in content.diagnostics { write(d, to: &w) }
        w.endArray()
        w.endObject()
        return w.string
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
