/// The arithmetic the format promises (勾稽关系, rules 1–5 of report-data.md). A rule whose cells include a
/// blank is skipped, not failed: a blank is "not reported", and a sum over it would be invented.
public enum ArithmeticRules {
    public static let rowSum = "rule1-row-sum"
    public static let resultTotal = "rule2-result-total"
    public static let balance = "rule3-balance"
    public static let reviewTotal = "rule4-review-total"
    public static let nonNegative = "rule5-non-negative"
    public static let wholeNumber = "rule5-whole-number"

    public static func check(_ report: Report) -> [Check] {
        var checks: [Check] = []
        if let a = report.applications { checks += applications(a, format: report.format) }
        if let r = report.reviewLitigation { checks += review(r) }
        checks += signsAndFractions(report)
        return checks
    }

    static func cellPath(_ row: ApplicationRow, _ column: Applicant) -> String {
        "applications.\(row.path).\(column.key)"
    }

    /// Sums cells, or nil when any is blank.
    static func sum(_ values: [Double?]) -> Double? {
        var total = 0.0
        for v in values { guard let v else { return nil }; total += v }
        return total
    }

    static func applications(_ a: Applications, format: ReportFormat) -> [Check] {
        var checks: [Check] = []
        let rows = ApplicationRow.rows(for: format)
        // Rule 1: in every row, the six applicant columns add up to the total.
        for row in rows {
            guard let total = a[row, .total], let parts = sum(Applicant.parts.map { a[row, $0] }), parts != total else { continue }
            checks.append(Check(rule: rowSum, severity: .error,
                cells: Applicant.parts.map { cellPath(row, $0) } + [cellPath(row, .total)],
                expected: parts, found: total,
                message: "表三「\(row.label)」行：各类申请人合计 \(formatNumber(parts))，总计栏却为 \(formatNumber(total))",
                line: a.line(of: row)))
        }
        // Rule 2: in every column, 总计 = the sum of every result item.
        let items = ApplicationRow.resultItems(for: format)
        for column in Applicant.allCases {
            guard let total = a[.resultsTotal, column], let parts = sum(items.map { a[$0, column] }), parts != total else { continue }
            checks.append(Check(rule: resultTotal, severity: .error,
                cells: items.map { cellPath($0, column) } + [cellPath(.resultsTotal, column)],
                expected: parts, found: total,
                message: "表三「\(column.label)」栏：办理结果各项合计 \(formatNumber(parts))，（七）总计却为 \(formatNumber(total))",
                line: a.line(of: .resultsTotal)))
        }
        // Rule 3: new + carried over = handled + carried forward.
        for column in Applicant.allCases {
            guard let inflow = sum([a[.newReceived, column], a[.carriedOver, column]]),
                  let outflow = sum([a[.resultsTotal, column], a[.carriedForward, column]]), inflow != outflow else { continue }
            checks.append(Check(rule: balance, severity: .error,
                cells: [cellPath(.newReceived, column), cellPath(.carriedOver, column),
                        cellPath(.resultsTotal, column), cellPath(.carriedForward, column)],
                expected: inflow, found: outflow,
                message: "表三「\(column.label)」栏：新收 + 上年结转 = \(formatNumber(inflow))，办结 + 结转下年 = \(formatNumber(outflow))，两者不等",
                line: a.line(of: .carriedForward)))
        }
        return checks
    }

    static func review(_ r: ReviewLitigation) -> [Check] {
        var checks: [Check] = []
        for group in ReviewGroup.allCases {
            guard let total = r[group, .total], let parts = sum(ReviewOutcome.parts.map { r[group, $0] }), parts != total else { continue }
            checks.append(Check(rule: reviewTotal, severity: .error,
                cells: ReviewOutcome.allCases.map { "reviewLitigation.\(group.key).\($0.key)" },
                expected: parts, found: total,
                message: "表四「\(group.label)」：维持、纠正、其他、尚未审结合计 \(formatNumber(parts))，总计却为 \(formatNumber(total))",
                line: r.grid.line(ofRow: group.rawValue)))
        }
        return checks
    }

    /// Rule 5 over every count: not negative (but 2019's 本年增/减 may be), and whole.
    static func signsAndFractions(_ report: Report) -> [Check] {
        var checks: [Check] = []
        // The path only when a check is made: building it for every cell cost more than the checks.
        func inspect(_ value: Double?, path makePath: @autoclosure () -> String, isCount: Bool, mayBeNegative: Bool, line: Int) {
            guard let v = value, v < 0 && !mayBeNegative || isCount && v.rounded() != v else { return }
            let path = makePath()
            if v < 0 && !mayBeNegative {
                checks.append(Check(rule: nonNegative, severity: .error, cells: [path], expected: nil, found: v,
                                    message: "\(path) 为负数 \(formatNumber(v))", line: line))
            }
            if isCount && v.rounded() != v {
                checks.append(Check(rule: wholeNumber, severity: .error, cells: [path], expected: nil, found: v,
                                    message: "\(path) 是件数，却有小数 \(formatNumber(v))", line: line))
            }
        }
        if let d = report.activeDisclosure {
            for item in DisclosureItem.allCases {
                inspect(d[item], path: "activeDisclosure.\(item.path)", isCount: item.isCount, mayBeNegative: false,
                        line: d.grid.line(ofRow: item.rawValue))
            }
        }
        if let d = report.activeDisclosure2019 {
            for item in Disclosure2019Item.allCases {
                inspect(d[item], path: "activeDisclosure2019.\(item.path)", isCount: item.isCount,
                        mayBeNegative: item.mayBeNegative, line: d.grid.line(ofRow: item.rawValue))
            }
        }
        if let a = report.applications {
            for row in ApplicationRow.rows(for: report.format) {
                for column in Applicant.allCases {
                    inspect(a[row, column], path: cellPath(row, column), isCount: true, mayBeNegative: false, line: a.line(of: row))
                }
            }
        }
        if let r = report.reviewLitigation {
            for group in ReviewGroup.allCases {
                for outcome in ReviewOutcome.allCases {
                    inspect(r[group, outcome], path: "reviewLitigation.\(group.key).\(outcome.key)", isCount: true,
                            mayBeNegative: false, line: r.grid.line(ofRow: group.rawValue))
                }
            }
        }
        return checks
    }
}

/// Numbers as people write them: integers without `.0`, decimals as short as they round-trip.
public func formatNumber(_ v: Double) -> String {
    if v.rounded() == v && abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
}
