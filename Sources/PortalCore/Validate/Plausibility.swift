/// A calendar day, passed in by whoever knows the date (the CLI, a test), so the checks stay pure.
public struct CalendarDay: Sendable, Equatable, Comparable {
    public var year: Int
    public var month: Int
    public var day: Int
    public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day }

    /// `2024-03-08` → the day; nil for anything else.
    public init?(iso: String) {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

/// What is possible but unlikely: a report for a year not yet over, a title year that the statistics period
/// contradicts, a fee written in another unit than the table's 万元. The tables' own arithmetic is
/// ArithmeticRules; negative numbers and fractions are its rule 5.
public enum Plausibility {
    public static let yearNotEnded = "plausibility-year-not-ended"
    public static let publishedBeforeYearEnd = "plausibility-published-before-year-end"
    public static let titlePeriod = "plausibility-title-period"
    public static let feeUnit = "plausibility-fee-unit"
    public static let amountUnit = "plausibility-amount-unit"

    public static func check(_ report: Report, today: CalendarDay) -> [Check] {
        var checks: [Check] = []
        checks += yearChecks(report, today: today)
        if let c = titleAgainstPeriod(report) { checks.append(c) }
        checks += units(report)
        return checks
    }

    /// An annual report can only be written once its year is over.
    static func yearChecks(_ report: Report, today: CalendarDay) -> [Check] {
        guard let year = report.year else { return [] }
        var checks: [Check] = []
        if year >= today.year {
            checks.append(Check(rule: yearNotEnded, severity: .warning, cells: ["year"],
                expected: Double(today.year - 1), found: Double(year),
                message: "报告年度为 \(year) 年，而该年度尚未结束（今天是 \(today.year) 年 \(today.month) 月 \(today.day) 日）：年度可能有误",
                line: nil))
        }
        if let printed = report.publishedOn, let day = CalendarDay(iso: printed), day.year <= year {
            checks.append(Check(rule: publishedBeforeYearEnd, severity: .warning, cells: ["publishedOn"],
                expected: nil, found: nil,
                message: "报告落款日期 \(printed) 早于所报 \(year) 年度结束：年度或日期可能有误",
                line: nil))
        }
        return checks
    }

    /// The year a title names against the statistics period the report states
    /// (`统计期限自2023年1月1日起至2023年12月31日止`).
    static func titleAgainstPeriod(_ report: Report) -> Check? {
        guard let title = report.title, let titleYear = Identity.firstYear(in: TextNormalization.halfWidth(title))?.year else {
            return nil
        }
        var candidates: [Section] = []
        if let p = report.preamble { candidates.append(p) }
        if let o = report.sections[.overview] { candidates.append(o) }
        for section in candidates {
            let parts = ProseChecks.splitParagraphs(section.markdown)
            let lines = section.paragraphLines.count == parts.count ? section.paragraphLines
                : Array(repeating: section.line, count: parts.count)
            for (part, line) in zip(parts, lines) where mentionsPeriod(part) {
                guard let period = statisticsPeriod(in: ProseChecks.plainText(part)) else { continue }
                if period.year == titleYear { return nil }
                return Check(rule: titlePeriod, severity: .warning, cells: ["year"],
                    expected: Double(period.year), found: Double(titleYear),
                    message: "标题所署年度为 \(titleYear) 年，正文所述统计期限却是 \(period.year) 年（「\(period.phrase)」）",
                    line: line)
            }
        }
        return nil
    }

    /// The year a statistics period starts: `期限` (or `统计时限`, `统计时间`) followed within a few
    /// characters by `YYYY年1月1日`. A period that does not start on 1 January is not an annual one; passed over.
    /// Every marker holds 期限 or 统计: one scan passes over the paragraphs without either.
    static func mentionsPeriod<S: StringProtocol>(_ text: S) -> Bool {
        // Two adjacent scalars are adjacent byte sequences in UTF-8: a byte search says the same.
        text.includes("期限") || text.includes("统计")
    }

    static func statisticsPeriod(in text: String) -> (year: Int, phrase: String)? {
        guard mentionsPeriod(text) else { return nil }
        let t = TextNormalization.halfWidth(text)
        for marker in ["期限", "统计时限", "统计时间", "统计区间", "统计周期"] {
            var search = t.startIndex..<t.endIndex
            while let r = t.fastRange(of: marker, range: search) {
                search = r.upperBound..<t.endIndex
                let window = String(t[r.upperBound...].prefix(16))
                guard let found = Identity.firstYear(in: window) else { continue }
                let after = window[found.range.upperBound...].filter { $0 != " " }
                guard after.hasPrefix("1月1日") || after.hasPrefix("01月01日") else { continue }
                let phrase = String(t[r.lowerBound...].prefix(40))
                let end = phrase.firstIndex(where: { "。；;，,".contains($0) }) ?? phrase.endIndex
                return (found.year, String(phrase[..<end]))
            }
        }
        return nil
    }

    /// Fees are in 万元 by the table's own header; a cell that writes 元 (or 亿元) states another unit,
    /// and its number is off by a factor of 10,000. A 2019 procurement amount with no unit is ambiguous.
    static func units(_ report: Report) -> [Check] {
        var checks: [Check] = []
        if let d = report.activeDisclosure, let raw = report.rawCells["activeDisclosure.fees"] {
            let line = d.grid.line(ofRow: DisclosureItem.fees.rawValue)
            let compact = raw.filter { !$0.isWhitespace }
            if compact.contains("亿") {
                checks.append(feeCheck(raw: raw, value: d[.fees], line: line, note: "写作亿元，而表头单位为万元"))
            } else if compact.contains("元") && !compact.contains("万元") {
                checks.append(feeCheck(raw: raw, value: d[.fees], line: line, note: "写作元，而表头单位为万元（相差一万倍）"))
            } else if numbers(in: compact) > 1 {
                checks.append(feeCheck(raw: raw, value: d[.fees], line: line, note: "含不止一个数字，只读入了第一个"))
            }
        }
        if let d = report.activeDisclosure2019, let amount = d[.procurementAmount], d.procurementAmountUnit == nil, amount != 0 {
            checks.append(Check(rule: amountUnit, severity: .notice, cells: ["activeDisclosure2019.procurement.amount"],
                expected: nil, found: amount,
                message: "政府集中采购总金额 \(formatNumber(amount)) 未注明单位（元或万元），无法与其他报告比较",
                line: d.grid.line(ofRow: Disclosure2019Item.procurementAmount.rawValue)))
        }
        return checks
    }

    static func feeCheck(raw: String, value: Double?, line: Int, note: String) -> Check {
        Check(rule: feeUnit, severity: .warning, cells: ["activeDisclosure.fees"], expected: nil, found: value,
              message: "行政事业性收费单元格为「\(raw)」：\(note)", line: line)
    }

    /// How many separate numbers a text states (`1.5/2.3` → 2).
    static func numbers(in s: String) -> Int {
        var count = 0
        var inNumber = false
        for u in s.unicodeScalars {
            let part = u.isASCIIDigit || (inNumber && u == ".")
            if part && !inNumber { count += 1 }
            inNumber = part
        }
        return count
    }
}
