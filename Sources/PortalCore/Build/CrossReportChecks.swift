/// The checks that need every report: an agency's consecutive years, and texts repeated across reports.
/// They run after grouping (Pipeline.load), and are appended to the checks each report already carries.
public enum CrossReportChecks {
    public static func attached(to agencies: [Agency], copyOptions: CopyDetection.Options = .init()) -> [Agency] {
        // Independent of each other: side by side (this stage is otherwise serial).
        let found = Parallel.map(2) { i in i == 0 ? CrossYearChecks.checks(agencies) : CopyDetection.checks(agencies, options: copyOptions) }
        let (years, copies) = (found[0], found[1])
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
