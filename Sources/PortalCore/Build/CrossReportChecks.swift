/// The checks that need every report: an agency's consecutive years, and texts repeated across reports.
/// They run after grouping (Pipeline.load), and are appended to the checks each report already carries.
public enum CrossReportChecks {
    public static func attached(to agencies: [Agency], copyOptions: CopyDetection.Options = .init()) -> [Agency] {
        let years = CrossYearChecks.checks(agencies)
        let copies = CopyDetection.checks(agencies, options: copyOptions)
        guard !years.isEmpty || !copies.isEmpty else { return agencies }
        var out = agencies
        for a in out.indices {
            for r in out[a].reports.indices {
                let source = out[a].reports[r].source
                out[a].reports[r].checks += (years[source] ?? []) + (copies[source] ?? [])
            }
        }
        return out
    }
}
