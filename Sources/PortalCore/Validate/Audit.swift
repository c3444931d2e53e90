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

/// Every rule the audit applies, for pages that explain a finding: id, usual severity, what it means.
public enum AuditRules {
    public struct Rule: Sendable {
        public var id: String
        public var severity: Severity
        public var description: String
    }

    public static let all: [Rule] = [
        Rule(id: ArithmeticRules.rowSum, severity: .error, description: "表三每一行：六类申请人之和等于总计"),
        Rule(id: ArithmeticRules.resultTotal, severity: .error, description: "表三每一栏：办理结果各项之和等于（七）总计"),
        Rule(id: ArithmeticRules.balance, severity: .error, description: "表三每一栏：新收 + 上年结转 = 办理结果总计 + 结转下年度"),
        Rule(id: ArithmeticRules.reviewTotal, severity: .error, description: "表四每一组：维持 + 纠正 + 其他 + 尚未审结 = 总计"),
        Rule(id: ArithmeticRules.nonNegative, severity: .error, description: "数字不为负"),
        Rule(id: ArithmeticRules.wholeNumber, severity: .error, description: "件数为整数"),
        Rule(id: ProseChecks.rule, severity: .warning, description: "正文所述件数（新收、结转、办结、行政复议、行政诉讼）与表格一致"),
        Rule(id: Plausibility.yearNotEnded, severity: .warning, description: "报告年度已经结束"),
        Rule(id: Plausibility.publishedBeforeYearEnd, severity: .warning, description: "落款日期晚于报告年度结束"),
        Rule(id: Plausibility.titlePeriod, severity: .warning, description: "标题年度与正文所述统计期限一致"),
        Rule(id: Plausibility.feeUnit, severity: .warning, description: "行政事业性收费按表头以万元填写"),
        Rule(id: Plausibility.amountUnit, severity: .notice, description: "2019 年格式的政府集中采购总金额注明单位"),
        Rule(id: CrossYearChecks.carriedOver, severity: .warning, description: "本年「上年结转」等于上年报告「结转下年度继续办理」"),
        Rule(id: CrossYearChecks.inForce, severity: .notice, description: "现行有效件数 = 上年现行有效 + 本年制发 − 本年废止（修订、清理可致差异）"),
        Rule(id: CopyDetection.rule, severity: .warning, description: "第五、六部分不与往年或其他机关的报告逐字雷同（第六部分为提示）"),
    ]
}
