/// The audit of one report, in the order a reader meets the findings: the tables' arithmetic (with the
/// suspect cell where rows and columns agree on one), the prose against the tables, then what is unlikely.
/// Checks that need other reports (previous years, other agencies) are `CrossReportChecks`.
public enum Audit {
    public static func audited(_ report: Report, today: CalendarDay) -> Report {
        var r = report
        var checks = ArithmeticRules.check(r)
        if let a = r.applications { checks = SuspectCells.annotate(checks, applications: a, format: r.format) }
        // Another stage may have stated a figure already; the first word stands.
        for (path, figure) in ProseChecks.firstFigures(in: r) where r.proseFigures[path] == nil {
            r.proseFigures[path] = figure
        }
        checks += ProseChecks.check(r)
        checks += Plausibility.check(r, today: today)
        r.checks = checks
        return r
    }
}
