/// What one year of an agency promises the next: the applications it carried forward are the next year's
/// carried over, and the regulations in force move by what was issued and repealed.
public enum CrossYearChecks {
    public static let carriedOver = "years-carried-over"
    public static let inForce = "years-in-force"

    /// Checks for every report whose agency also published the year before, keyed by the later report's
    /// source. A year with two reports is passed over: which one continues last year is unknown.
    public static func checks(_ agencies: [Agency]) -> [String: [Check]] {
        var out: [String: [Check]] = [:]
        for agency in agencies {
            var byYear: [Int: [Report]] = [:]
            for r in agency.reports { if let y = r.year { byYear[y, default: []].append(r) } }
            for year in byYear.keys.sorted() {
                guard let current = byYear[year], current.count == 1,
                      let previous = byYear[year - 1], previous.count == 1 else { continue }
                let found = compare(previous: previous[0], current: current[0])
                if !found.isEmpty { out[current[0].source, default: []] += found }
            }
        }
        return out
    }

    public static func compare(previous: Report, current: Report) -> [Check] {
        carried(previous: previous, current: current) + regulationsInForce(previous: previous, current: current)
    }

    /// This year's 上年结转 = last year's 结转下年度继续办理, column by column (both formats have these rows).
    static func carried(previous: Report, current: Report) -> [Check] {
        guard let before = previous.applications, let now = current.applications, let y = previous.year else { return [] }
        var checks: [Check] = []
        for column in Applicant.allCases {
            guard let forward = before[.carriedForward, column], let over = now[.carriedOver, column], forward != over else { continue }
            checks.append(Check(rule: carriedOver, severity: .warning,
                cells: [ArithmeticRules.cellPath(.carriedOver, column)],
                expected: forward, found: over,
                message: "表三「上年结转」\(column.label)栏为 \(formatNumber(over))，而 \(y) 年报告「结转下年度继续办理」该栏为 \(formatNumber(forward))",
                line: now.line(of: .carriedOver), related: previous.source))
        }
        return checks
    }

    /// 现行有效 this year = last year's + 本年制发 − 本年废止. A notice: revisions and clean-ups
    /// (清理) legitimately change the count without an issue or repeal.
    static func regulationsInForce(previous: Report, current: Report) -> [Check] {
        guard let before = previous.activeDisclosure, let now = current.activeDisclosure, let y = previous.year else { return [] }
        var checks: [Check] = []
        let kinds: [(issued: DisclosureItem, repealed: DisclosureItem, inForce: DisclosureItem, label: String)] = [
            (.regulationsIssued, .regulationsRepealed, .regulationsInForce, "规章"),
            (.normativeIssued, .normativeRepealed, .normativeInForce, "行政规范性文件"),
        ]
        for k in kinds {
            guard let last = before[k.inForce], let issued = now[k.issued], let repealed = now[k.repealed],
                  let inForceNow = now[k.inForce] else { continue }
            let expected = last + issued - repealed
            guard expected != inForceNow else { continue }
            checks.append(Check(rule: inForce, severity: .notice,
                cells: ["activeDisclosure.\(k.inForce.path)", "activeDisclosure.\(k.issued.path)", "activeDisclosure.\(k.repealed.path)"],
                expected: expected, found: inForceNow,
                message: "\(k.label)：\(y) 年现行有效 \(formatNumber(last)) 件，本年制发 \(formatNumber(issued)) 件、废止 \(formatNumber(repealed)) 件，"
                    + "应为 \(formatNumber(expected)) 件，表中为 \(formatNumber(inForceNow)) 件（修订或清理也可致差异）",
                line: now.grid.line(ofRow: k.inForce.rawValue), related: previous.source))
        }
        return checks
    }
}
