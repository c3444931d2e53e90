/// The figures compared across agencies and years. Only figures both formats (2019 and 2021) state the
/// same way are here; the rest stays on each report's own page.
public enum KeyFigure: String, CaseIterable, Sendable {
    case proactiveItems, licensing, punishment, coercion, newReceived, granted, resultsTotal, review, litigation

    public var label: String {
        switch self {
        case .proactiveItems: return "主动公开条数"
        case .licensing: return "行政许可"
        case .punishment: return "行政处罚"
        case .coercion: return "行政强制"
        case .newReceived: return "新收申请"
        case .granted: return "予以公开"
        case .resultsTotal: return "办理结果总计"
        case .review: return "行政复议"
        case .litigation: return "行政诉讼"
        }
    }

    /// The value in a report, or nil when the report leaves it blank (never 0 for blank).
    public func value(in r: Report) -> Double? {
        switch self {
        case .proactiveItems: return r.proactiveItems?.value
        case .licensing: return r.activeDisclosure?[.licensing] ?? r.activeDisclosure2019?[.licensingDecisions]
        case .punishment: return r.activeDisclosure?[.punishment] ?? r.activeDisclosure2019?[.punishmentDecisions]
        case .coercion: return r.activeDisclosure?[.coercion] ?? r.activeDisclosure2019?[.coercionDecisions]
        case .newReceived: return r.applications?[.newReceived, .total]
        case .granted: return r.applications?[.granted, .total]
        case .resultsTotal: return r.applications?[.resultsTotal, .total]
        case .review: return r.reviewLitigation?[.review, .total]
        case .litigation:
            guard let direct = r.reviewLitigation?[.litigationDirect, .total],
                  let after = r.reviewLitigation?[.litigationAfterReview, .total] else { return nil }
            return direct + after
        }
    }

    /// The cell a figure comes from, for linking to it in the rebuilt tables.
    public func cellPath(format: ReportFormat) -> String? {
        switch (self, format) {
        case (.proactiveItems, _), (.litigation, _): return nil
        case (.licensing, .v2021): return "activeDisclosure.licensing"
        case (.licensing, .v2019): return "activeDisclosure2019.licensing.decisions"
        case (.punishment, .v2021): return "activeDisclosure.punishment"
        case (.punishment, .v2019): return "activeDisclosure2019.punishment.decisions"
        case (.coercion, .v2021): return "activeDisclosure.coercion"
        case (.coercion, .v2019): return "activeDisclosure2019.coercion.decisions"
        case (.newReceived, _): return "applications.newReceived.total"
        case (.granted, _): return "applications.results.granted.total"
        case (.resultsTotal, _): return "applications.results.total.total"
        case (.review, _): return "reviewLitigation.review.total"
        }
    }
}

/// How the applications of a report were handled, grouped as the stacked bar shows them.
public enum HandlingGroup: String, CaseIterable, Sendable {
    case granted, partiallyGranted, denied, unableToProvide, notProcessed, otherHandling

    public var label: String {
        switch self {
        case .granted: return "予以公开"
        case .partiallyGranted: return "部分公开"
        case .denied: return "不予公开"
        case .unableToProvide: return "无法提供"
        case .notProcessed: return "不予处理"
        case .otherHandling: return "其他处理"
        }
    }

    /// The sum of the group's rows' totals, or nil when any of them is blank.
    public func value(in r: Report) -> Double? {
        guard let a = r.applications else { return nil }
        let rows = ApplicationRow.rows(for: r.format).filter { row in
            switch self {
            case .granted: return row == .granted
            case .partiallyGranted: return row == .partiallyGranted
            case .denied: return row.group == .denied
            case .unableToProvide: return row.group == .unableToProvide
            case .notProcessed: return row.group == .notProcessed
            case .otherHandling: return row.group == .otherHandling || row == .otherHandlingTotal
            }
        }
        var total = 0.0
        for row in rows { guard let v = a[row, .total] else { return nil }; total += v }
        return total
    }
}
