/// The numbers of one agency's reports over consecutive years: tables whose arithmetic holds (new +
/// carried over = handled + carried forward, rows and columns add up), years that follow on from each
/// other (this year's 上年结转 is last year's 结转下年度), and a few deliberate breaks and blanks.
struct SynthYear {
    var year: Int
    var format: ReportFormat
    var disclosure: [Double?]?
    var disclosure2019: [Double?]?
    var procurementAmountUnit: String?
    var applications: [[Double?]]
    var review: [[Double?]]
    var proactiveItems: Int
    /// How a cell is written when it is more than a number: path → text.
    var rawText: [String: String] = [:]
    var deliberateBreak: String?
    var blankCells: [String] = []

    /// The text a cell is written as in every form.
    func text(_ path: String, _ value: Double?) -> String {
        if let raw = rawText[path] { return raw }
        guard let v = value else { return "" }
        return formatNumber(v)
    }

    func text(_ row: ApplicationRow, _ column: Applicant) -> String {
        text("applications.\(row.path).\(column.key)", applications[row.rawValue][column.rawValue])
    }

    func text(_ item: DisclosureItem) -> String { text("activeDisclosure.\(item.path)", disclosure?[item.rawValue] ?? nil) }

    func text(_ item: Disclosure2019Item) -> String {
        text("activeDisclosure2019.\(item.path)", disclosure2019?[item.rawValue] ?? nil)
    }

    func text(_ group: ReviewGroup, _ outcome: ReviewOutcome) -> String {
        text("reviewLitigation.\(group.key).\(outcome.key)", review[group.rawValue][outcome.rawValue])
    }

    func value(_ row: ApplicationRow, _ column: Applicant) -> Double? { applications[row.rawValue][column.rawValue] }
}

enum SynthData {
    /// Shares of the applicant columns and of the results, as real reports show them (most applicants are
    /// private persons; most requests are granted or the information is not held).
    static let applicantWeights: [Double] = [0.84, 0.09, 0.01, 0.01, 0.03, 0.02]
    static let resultWeights: [ApplicationRow: Double] = [
        .granted: 0.42, .partiallyGranted: 0.08,
        .stateSecret: 0.003, .prohibitedByLaw: 0.005, .endangersSafety: 0.003, .thirdPartyRights: 0.01,
        .internalAffairs: 0.02, .processInformation: 0.02, .enforcementFiles: 0.01, .queryMatter: 0.02,
        .notHeld: 0.2, .needsCreation: 0.03, .unclearAfterCorrection: 0.02,
        .complaint: 0.03, .repeated: 0.03, .publication: 0.005, .excessive: 0.01, .confirmation: 0.01,
        .noCorrection: 0.04, .unpaidFees: 0.002, .otherHandlingOther: 0.04, .otherHandlingTotal: 0.082,
    ]

    /// Share of reports with a deliberate rule break, and with blank cells.
    static let breakRate = 0.03
    static let blankRate = 0.05

    /// The years of one agency: consecutive, ending no later than 2024.
    static func years(of department: SynthNames.Department, years: [Int], rng: inout SplitMix64) -> [SynthYear] {
        // The agency's own scale, kept over the years (a busy bureau stays busy).
        let busy = rng.unit()
        func scaled(_ high: Double) -> Double {
            guard high > 0 else { return 0 }
            return busy < 0.15 ? 0 : rng.logUniform(1, high) * (0.5 + busy)
        }
        let licensingBase = scaled(department.licensing)
        let punishmentBase = scaled(department.punishment)
        let coercionBase = rng.chance(0.5) ? scaled(department.coercion) : 0
        let applicationsBase = busy < 0.2 ? rng.logUniform(1, 4) - 1 : rng.logUniform(1, max(2, department.applications))
        let chargesFees = rng.chance(0.12)
        var normativeInForce = rng.int(0...40)
        var regulationsInForce = department.issuesRegulations && rng.chance(0.4) ? rng.int(3...30) : 0
        var carriedForward: [Double?] = Applicant.parts.map { _ in rng.chance(0.15) ? Double(rng.int(0...2)) : 0 }
        var projects = (licensing: rng.int(5...200), other: rng.int(0...60), punishment: rng.int(10...400), coercion: rng.int(0...30), fees: rng.int(0...12))

        var out: [SynthYear] = []
        for year in years {
            let format: ReportFormat = year <= 2020 ? .v2019 : .v2021
            let swing = { (rng: inout SplitMix64) in 0.7 + 0.6 * rng.unit() }
            var y = SynthYear(year: year, format: format, disclosure: nil, disclosure2019: nil,
                              applications: Array(repeating: Array(repeating: nil, count: Applicant.allCases.count), count: ApplicationRow.allCases.count),
                              review: [], proactiveItems: 0)

            // Table 二.
            let normativeIssued = rng.chance(0.4) ? rng.int(1...12) : 0
            let normativeRepealed = normativeInForce > 0 && rng.chance(0.3) ? rng.int(0...min(5, normativeInForce)) : 0
            let regulationsIssued = regulationsInForce > 0 && rng.chance(0.5) ? rng.int(1...3) : 0
            let regulationsRepealed = regulationsInForce > 0 && rng.chance(0.2) ? 1 : 0
            normativeInForce += normativeIssued - normativeRepealed
            regulationsInForce += regulationsIssued - regulationsRepealed
            let licensing = Double(Int(licensingBase * swing(&rng)))
            let punishment = Double(Int(punishmentBase * swing(&rng)))
            let coercion = Double(Int(coercionBase * swing(&rng)))
            let fees = chargesFees ? Double(rng.int(1...900_000)) / 100 : 0
            if format == .v2021 {
                var d = [Double?](repeating: nil, count: DisclosureItem.allCases.count)
                d[DisclosureItem.regulationsIssued.rawValue] = Double(regulationsIssued)
                d[DisclosureItem.regulationsRepealed.rawValue] = Double(regulationsRepealed)
                d[DisclosureItem.regulationsInForce.rawValue] = Double(regulationsInForce)
                d[DisclosureItem.normativeIssued.rawValue] = Double(normativeIssued)
                d[DisclosureItem.normativeRepealed.rawValue] = Double(normativeRepealed)
                d[DisclosureItem.normativeInForce.rawValue] = Double(normativeInForce)
                d[DisclosureItem.licensing.rawValue] = licensing
                d[DisclosureItem.punishment.rawValue] = punishment
                d[DisclosureItem.coercion.rawValue] = coercion
                d[DisclosureItem.fees.rawValue] = fees
                y.disclosure = d
            } else {
                var d = [Double?](repeating: nil, count: Disclosure2019Item.allCases.count)
                func set(_ item: Disclosure2019Item, _ v: Int) { d[item.rawValue] = Double(v) }
                let regulationsPublished = regulationsIssued
                set(.regulationsMade, regulationsIssued); set(.regulationsPublished, regulationsPublished)
                set(.regulationsTotalPublic, regulationsInForce)
                let normativePublished = max(0, normativeIssued - (rng.chance(0.1) ? 1 : 0))
                set(.normativeMade, normativeIssued); set(.normativePublished, normativePublished)
                set(.normativeTotalPublic, normativeInForce)
                func items(_ previous: inout Int, _ made: Item2019, decisions: Double) {
                    let change = previous > 0 ? rng.int(-min(5, previous)...5) : rng.int(0...3)
                    set(made.previousYear, previous); set(made.change, change)
                    if let decisionsItem = made.decisions { d[decisionsItem.rawValue] = decisions }
                    previous += change
                }
                items(&projects.licensing, .licensing, decisions: licensing)
                items(&projects.other, .otherServices, decisions: Double(Int(scaled(500))))
                items(&projects.punishment, .punishment, decisions: punishment)
                items(&projects.coercion, .coercion, decisions: coercion)
                items(&projects.fees, .fees, decisions: 0)
                let procurementProjects = rng.chance(0.6) ? rng.int(1...40) : 0
                set(.procurementProjects, procurementProjects)
                let inTenThousands = rng.chance(0.6)
                let amount = procurementProjects == 0 ? 0 : Double(rng.int(100...5_000_000)) / 100
                d[Disclosure2019Item.procurementAmount.rawValue] = amount
                y.procurementAmountUnit = inTenThousands ? "万元" : "元"
                y.rawText["activeDisclosure2019.procurement.amount"] = formatNumber(amount) + (inTenThousands ? "万元" : "元")
                y.disclosure2019 = d
            }

            // Table 三: per column, inflow = new + carried over; some carried forward; the rest handled.
            let newTotal = Int(applicationsBase * swing(&rng))
            let newParts = rng.split(newTotal, weights: applicantWeights)
            let rows = ApplicationRow.rows(for: format)
            let items = ApplicationRow.resultItems(for: format)
            for (c, column) in Applicant.parts.enumerated() {
                let carriedOver = Int(carriedForward[c] ?? 0)
                let inflow = newParts[c] + carriedOver
                let forward = inflow > 0 && rng.chance(0.3) ? rng.int(0...max(0, inflow / 8)) : 0
                let handled = inflow - forward
                let results = rng.split(handled, weights: items.map { resultWeights[$0]! })
                y.applications[ApplicationRow.newReceived.rawValue][column.rawValue] = Double(newParts[c])
                y.applications[ApplicationRow.carriedOver.rawValue][column.rawValue] = Double(carriedOver)
                for (item, n) in zip(items, results) { y.applications[item.rawValue][column.rawValue] = Double(n) }
                y.applications[ApplicationRow.resultsTotal.rawValue][column.rawValue] = Double(handled)
                y.applications[ApplicationRow.carriedForward.rawValue][column.rawValue] = Double(forward)
            }
            for row in rows {
                y.applications[row.rawValue][Applicant.total.rawValue] =
                    Applicant.parts.reduce(0.0) { $0 + y.applications[row.rawValue][$1.rawValue]! }
            }

            // Table 四: most agencies have none; a few reviews and suits.
            y.review = ReviewGroup.allCases.map { group in
                let p = group == .review ? 0.2 : group == .litigationDirect ? 0.12 : 0.05
                var parts = [0, 0, 0, 0]
                if rng.chance(p) {
                    parts = [rng.int(0...3), rng.chance(0.3) ? rng.int(1...2) : 0, rng.chance(0.2) ? 1 : 0, rng.chance(0.3) ? rng.int(1...2) : 0]
                }
                return parts.map { Double($0) } + [Double(parts.reduce(0, +))]
            }

            y.proactiveItems = normativeIssued + regulationsIssued + Int(rng.logUniform(20, 2000))
            decorate(&y, rng: &rng)
            if rng.chance(blankRate) { blank(&y, rng: &rng) }
            if rng.chance(breakRate) { breakRule(&y, rng: &rng) }
            carriedForward = Applicant.parts.map { y.value(.carriedForward, $0) }
            out.append(y)
        }
        return out
    }

    /// The three-cell groups of the 2019 table 二 that carry a project count and its change.
    struct Item2019 {
        var previousYear: Disclosure2019Item
        var change: Disclosure2019Item
        var decisions: Disclosure2019Item?
        static let licensing = Item2019(previousYear: .licensingPreviousYear, change: .licensingChange, decisions: .licensingDecisions)
        static let otherServices = Item2019(previousYear: .otherServicesPreviousYear, change: .otherServicesChange, decisions: .otherServicesDecisions)
        static let punishment = Item2019(previousYear: .punishmentPreviousYear, change: .punishmentChange, decisions: .punishmentDecisions)
        static let coercion = Item2019(previousYear: .coercionPreviousYear, change: .coercionChange, decisions: .coercionDecisions)
        static let fees = Item2019(previousYear: .feesPreviousYear, change: .feesChange, decisions: nil)
    }

    /// Cells written as more than a number, as agencies write them: a unit, a note, full-width digits.
    static func decorate(_ y: inout SynthYear, rng: inout SplitMix64) {
        if let d = y.disclosure {
            if let fees = d[DisclosureItem.fees.rawValue] ?? nil, rng.chance(0.12) {
                y.rawText["activeDisclosure.fees"] = formatNumber(fees) + "万元"
            }
            if let n = d[DisclosureItem.licensing.rawValue] ?? nil, n > 0, rng.chance(0.03) {
                y.rawText["activeDisclosure.licensing"] = formatNumber(n) + rng.pick(["(医、护士、公共卫生许可)", "（含变更、延续）", "(其中即办件\(Int(n) / 2)件)"])
            }
        }
        if rng.chance(0.03) {
            let row = rng.pick(ApplicationRow.rows(for: y.format))
            let column = rng.pick(Applicant.allCases)
            if let v = y.value(row, column) {
                y.rawText["applications.\(row.path).\(column.key)"] = fullWidthDigits(formatNumber(v))
            }
        }
    }

    static func fullWidthDigits(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.isASCIIDigit ? Unicode.Scalar($0.value + 0xFEE0)! : $0 }))
    }

    /// One to three cells left blank (not reported). Never a cell written with a note, so a blank is blank.
    static func blank(_ y: inout SynthYear, rng: inout SplitMix64) {
        var paths: [String] = []
        for _ in 0..<rng.int(1...3) {
            switch rng.int(0...9) {
            case 0...1:
                if y.disclosure != nil {
                    let item = rng.pick(DisclosureItem.allCases)
                    let path = "activeDisclosure.\(item.path)"
                    guard y.rawText[path] == nil else { continue }
                    y.disclosure![item.rawValue] = nil
                    paths.append(path)
                } else {
                    let item = rng.pick(Disclosure2019Item.allCases.filter { $0 != .procurementAmount })
                    y.disclosure2019![item.rawValue] = nil
                    paths.append("activeDisclosure2019.\(item.path)")
                }
            case 2...8:
                let row = rng.pick(ApplicationRow.rows(for: y.format))
                let column = rng.pick(Applicant.allCases)
                let path = "applications.\(row.path).\(column.key)"
                guard y.rawText[path] == nil else { continue }
                y.applications[row.rawValue][column.rawValue] = nil
                paths.append(path)
            default:
                let group = rng.pick(ReviewGroup.allCases)
                let outcome = rng.pick(ReviewOutcome.allCases)
                y.review[group.rawValue][outcome.rawValue] = nil
                paths.append("reviewLitigation.\(group.key).\(outcome.key)")
            }
        }
        y.blankCells = paths
    }

    /// One cell mistyped, as agencies do: a total, a carried-forward count, a result cell, a review total,
    /// or a fraction in a count. The oracle later says which rules that breaks.
    static func breakRule(_ y: inout SynthYear, rng: inout SplitMix64) {
        let rows = ApplicationRow.rows(for: y.format)
        func bump(_ row: ApplicationRow, _ column: Applicant, _ why: String) {
            guard let v = y.value(row, column) else { return }
            var delta = Double(rng.int(1...9)) * (rng.chance(0.5) ? 1 : -1)
            if v + delta < 0 { delta = -delta }
            y.applications[row.rawValue][column.rawValue] = v + delta
            y.rawText.removeValue(forKey: "applications.\(row.path).\(column.key)")
            y.deliberateBreak = "\(why)：\(row.path).\(column.key) \(formatNumber(v)) → \(formatNumber(v + delta))"
        }
        switch rng.int(0...5) {
        case 0: bump(rng.pick(rows), .total, "行合计笔误")
        case 1: bump(.resultsTotal, rng.pick(Applicant.allCases), "办理结果总计笔误")
        case 2: bump(.carriedForward, rng.pick(Applicant.allCases), "结转下年度笔误")
        case 3: bump(rng.pick(ApplicationRow.resultItems(for: y.format)), rng.pick(Applicant.parts), "办理结果单元格笔误")
        case 4:
            let group = rng.pick(ReviewGroup.allCases)
            if let v = y.review[group.rawValue][ReviewOutcome.total.rawValue] {
                y.review[group.rawValue][ReviewOutcome.total.rawValue] = v + Double(rng.int(1...3))
                y.deliberateBreak = "表四总计笔误：\(group.key)"
            }
        default:
            let row = rng.pick(rows)
            let column = rng.pick(Applicant.parts)
            if let v = y.value(row, column) {
                y.applications[row.rawValue][column.rawValue] = v + 0.5
                y.rawText.removeValue(forKey: "applications.\(row.path).\(column.key)")
                y.deliberateBreak = "件数写成小数：\(row.path).\(column.key)"
            }
        }
    }
}
