import Foundation
import XCTest
@testable import PortalCore

/// A report made in the test: every table-三 cell of the 2021 format 0, tables 二 and 四 all 0,
/// so a test changes only the cells its rule is about.
func cleanReport(source: String = "clean.md", year: Int? = 2023, agency: String = "测试局") -> Report {
    var r = Report(source: source, form: .markdown)
    r.year = year
    r.title = year.map { "\(agency)\($0)年政府信息公开工作年度报告" } ?? "\(agency)政府信息公开工作年度报告"
    r.printedAgency = agency
    r.agency = AgencyRef(name: agency, slug: Slug.make(agency))
    var a = Applications()
    for row in ApplicationRow.rows(for: .v2021) {
        for column in Applicant.allCases { a[row, column] = 0 }
        a.grid.rowLines[row.rawValue] = Int32(100 + row.rawValue)
    }
    r.applications = a
    var d = ActiveDisclosure()
    for item in DisclosureItem.allCases { d[item] = 0 }
    r.activeDisclosure = d
    var t = ReviewLitigation()
    for g in ReviewGroup.allCases { for o in ReviewOutcome.allCases { t[g, o] = 0 } }
    r.reviewLitigation = t
    return r
}

let auditToday = CalendarDay(year: 2026, month: 11, day: 24)

func audited(_ r: Report, today: CalendarDay = auditToday) -> Report { Audit.audited(r, today: today) }

func rules(_ r: Report) -> [String] { r.checks.map(\.rule) }

final class SuspectCellTests: XCTestCase {
    func testSeed004NamesTheNotHeldNaturalPersonCell() throws {
        let r = try Fixtures.report("seeds/004_6220ccabb50c96b9.txt")
        let arithmetic = r.checks.filter { $0.rule == ArithmeticRules.rowSum || $0.rule == ArithmeticRules.resultTotal }
        XCTAssertEqual(arithmetic.count, 2)
        for c in arithmetic {
            XCTAssertEqual(c.suspect, "applications.results.unableToProvide.notHeld.naturalPerson", c.rule)
            XCTAssertTrue(c.message.contains("最可能有误的是「1.本机关不掌握相关政府信息」行「自然人」栏"), c.message)
        }
    }

    func testRowAndBalanceColumnNameTheNewReceivedCell() {
        var r = cleanReport()
        r.applications![.newReceived, .commercial] = 2   // total stays 0: row and balance both break by 2
        let checks = audited(r).checks
        XCTAssertEqual(Set(checks.map(\.rule)), [ArithmeticRules.rowSum, ArithmeticRules.balance])
        for c in checks { XCTAssertEqual(c.suspect, "applications.newReceived.commercial", c.rule) }
    }

    func testAWrongTotalCellIsNamedToo() {
        var r = cleanReport()
        r.applications![.resultsTotal, .naturalPerson] = 3  // the 总计 row's cell: rule 1 (as a part), 2 and 3 (as totals)
        let checks = audited(r).checks
        XCTAssertEqual(Set(checks.map(\.rule)), [ArithmeticRules.rowSum, ArithmeticRules.resultTotal, ArithmeticRules.balance])
        for c in checks { XCTAssertEqual(c.suspect, "applications.results.total.naturalPerson", c.rule) }
    }

    func testTwoWrongCellsLeaveNoSingleSuspect() {
        var r = cleanReport()
        r.applications![.granted, .naturalPerson] = 1
        r.applications![.repeated, .commercial] = 1
        let checks = audited(r).checks
        XCTAssertEqual(checks.filter { $0.rule == ArithmeticRules.rowSum }.count, 2)
        XCTAssertEqual(checks.filter { $0.rule == ArithmeticRules.resultTotal }.count, 2)
        XCTAssertTrue(checks.allSatisfy { $0.suspect == nil }, "\(checks.map(\.suspect))")
    }

    func testDifferentDifferencesNameNoCell() {
        var r = cleanReport()
        r.applications![.granted, .naturalPerson] = 2
        r.applications![.granted, .total] = 1            // row off by 1, column off by 2
        let checks = audited(r).checks
        XCTAssertFalse(checks.isEmpty)
        XCTAssertTrue(checks.allSatisfy { $0.suspect == nil })
    }

    func testCleanReportHasNoChecks() {
        XCTAssertEqual(audited(cleanReport()).checks, [])
    }
}

final class ProseCheckTests: XCTestCase {
    func testSeed001ProseSaysTwoReceivedTableSaysZero() throws {
        let r = try Fixtures.report("seeds/001_0d7b6ffdfb1250b7.txt")
        XCTAssertEqual(r.proseFigures["applications.newReceived.total"]?.value, 2)
        let prose = r.checks.filter { $0.rule == ProseChecks.rule }
        XCTAssertEqual(prose.count, 1, "\(r.checks)")
        let c = try XCTUnwrap(prose.first)
        XCTAssertEqual(c.severity, .warning)
        XCTAssertEqual(c.expected, 2)
        XCTAssertEqual(c.found, 0)
        XCTAssertEqual(c.line, 9)
        XCTAssertEqual(c.cells, ["applications.newReceived.total"])
        XCTAssertTrue(c.message.contains("2023 年我委收到依申请公开政府信息 2 件"), c.message)
    }

    func testOtherSeedsProseAgreesWithTables() throws {
        for seed in ["000_4e7e543bd70c2432.txt", "002_a8545102c5627bed.txt", "003_4338f21fe6e2a3fa.txt", "004_6220ccabb50c96b9.txt"] {
            let r = try Fixtures.report("seeds/\(seed)")
            XCTAssertEqual(r.checks.filter { $0.rule == ProseChecks.rule }, [], seed)
        }
        // 没有收到 / 未收到 … 申请 are stated zeros.
        XCTAssertEqual(try Fixtures.report("seeds/000_4e7e543bd70c2432.txt").proseFigures["applications.newReceived.total"]?.value, 0)
        let r003 = try Fixtures.report("seeds/003_4338f21fe6e2a3fa.txt")
        XCTAssertEqual(r003.proseFigures["applications.newReceived.total"]?.value, 0)
        XCTAssertEqual(r003.proseFigures["reviewLitigation.review.total"]?.value, 0)
        XCTAssertEqual(r003.proseFigures["reviewLitigation.litigation.total"]?.value, 0)
    }

    func testRealPingtanReportGivesNoFalseAlarm() throws {
        let r = try Fixtures.report("audit/pingtan-2023.md")
        XCTAssertEqual(r.applications?[.newReceived, .total], 81)
        XCTAssertEqual(r.checks, [], "\(r.checks.map(\.message))")
        let figures = r.proseFigures.mapValues(\.value)
        XCTAssertEqual(figures["applications.newReceived.total"], 81)
        XCTAssertEqual(figures["applications.results.total.total"], 81)
        XCTAssertEqual(figures["reviewLitigation.review.total"], 2)
        XCTAssertEqual(figures["reviewLitigation.litigation.total"], 7)
        // 予以公开及部分公开42件 is two rows, 涉及自然人80件 a column, 规范性文件393件 not an application.
        XCTAssertFalse(figures.values.contains(42))
        XCTAssertFalse(figures.values.contains(80))
        XCTAssertFalse(figures.values.contains(393))
        XCTAssertTrue(r.proseFigures["applications.newReceived.total"]!.sentence.contains("共计81件"))
    }

    func figures(_ text: String, section: SectionKey = .overview) -> [String: Double] {
        var out: [String: Double] = [:]
        for (topic, f) in ProseChecks.figures(inParagraph: text, line: 1, section: section) where out[topic.rawValue] == nil {
            out[topic.rawValue] = f.value
        }
        return out
    }

    func testTrapsAreNotTakenForApplications() {
        XCTAssertEqual(figures("全年收到政府信息公开申请3件，申请人对答复不服提起行政复议1件。"),
                       ["applications.newReceived.total": 3, "reviewLitigation.review.total": 1])
        XCTAssertEqual(figures("办结依申请公开12件，其中：予以公开及部分公开10件，不予公开2件。"),
                       ["applications.results.total.total": 12])
        XCTAssertEqual(figures("共收到政府信息公开申请12件，其中通过网络收到申请8件。"), ["applications.newReceived.total": 12])
        XCTAssertEqual(figures("涉及政府信息公开的行政复议和行政诉讼各1件。"), [:])
        XCTAssertEqual(figures("收到政府信息公开申请较上年增加3件。"), [:])
        XCTAssertEqual(figures("共收到政府信息公开申请约80件。"), [:])
        XCTAssertEqual(figures("把政府信息公开申请办理作为一件大事来抓。"), [:])
        XCTAssertEqual(figures("全年办理行政复议案件350件。"), [:], "a 司法局's own caseload, not about disclosure")
        XCTAssertEqual(figures("行政复议1件，其中维持原行为1件。", section: .reviewLitigation), ["reviewLitigation.review.total": 1])
        XCTAssertEqual(figures("上年结转政府信息公开申请2件，结转下年度继续办理1件。"),
                       ["applications.carriedOver.total": 2, "applications.carriedForward.total": 1])
    }

    func testNumbersAsWritten() {
        XCTAssertEqual(figures("本年度共收到政府信息公开申请两件。"), ["applications.newReceived.total": 2])
        XCTAssertEqual(figures("本年度共收到政府信息公开申请二十三件。"), ["applications.newReceived.total": 23])
        XCTAssertEqual(figures("本年度共收到政府信息公开申请１２ 件。"), ["applications.newReceived.total": 12])
        XCTAssertEqual(figures("本年度共收到政府信息公开申请1,330件。"), ["applications.newReceived.total": 1330])
        XCTAssertEqual(figures("全年未收到政府信息公开申请。"), ["applications.newReceived.total": 0])
        XCTAssertEqual(figures("因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。"),
                       ["reviewLitigation.review.total": 2, "reviewLitigation.litigation.total": 7])
    }

    func testLineOfAFigureInALaterParagraph() {
        var r = cleanReport()
        r.sections[.overview] = Section(markdown: "第一段。\n\n第二段。\n\n本年收到政府信息公开申请5件。",
                                        line: 10, paragraphLines: [10, 12, 15])
        let c = audited(r).checks
        XCTAssertEqual(c.map(\.rule), [ProseChecks.rule])
        XCTAssertEqual(c.first?.line, 15)
        XCTAssertEqual(c.first?.expected, 5)
    }

    func testReviewAndLitigationAgainstTableFour() {
        var r = cleanReport()
        r.sections[.overview] = Section(markdown: "因政府信息公开引起的行政复议案件3件、行政诉讼案件4件。", line: 5)
        r.reviewLitigation![.review, .upheld] = 2
        r.reviewLitigation![.review, .total] = 2
        r.reviewLitigation![.litigationDirect, .upheld] = 3
        r.reviewLitigation![.litigationDirect, .total] = 3
        r.reviewLitigation![.litigationAfterReview, .upheld] = 1
        r.reviewLitigation![.litigationAfterReview, .total] = 1
        let c = audited(r).checks
        XCTAssertEqual(c.count, 1, "\(c.map(\.message))")   // 4 = 3 + 1 agrees; 3 ≠ 2 does not
        XCTAssertEqual(c.first?.cells, ["reviewLitigation.review.total"])
        XCTAssertEqual(c.first?.expected, 3)
        XCTAssertEqual(c.first?.found, 2)
    }

    func testReceivedMayIncludeCarriedOver() {
        var r = cleanReport()
        r.sections[.overview] = Section(markdown: "本年共收到政府信息公开申请10件（含上年结转2件）。", line: 5)
        for (row, v) in [(ApplicationRow.newReceived, 8.0), (.carriedOver, 2), (.granted, 10), (.resultsTotal, 10)] {
            r.applications![row, .naturalPerson] = v
            r.applications![row, .total] = v
        }
        XCTAssertEqual(audited(r).checks, [])
    }

    func testBlankTableCellSkipsTheComparison() {
        var r = cleanReport()
        r.sections[.overview] = Section(markdown: "本年收到政府信息公开申请5件。", line: 5)
        r.applications![.newReceived, .total] = nil
        XCTAssertFalse(rules(audited(r)).contains(ProseChecks.rule))
    }
}

final class PlausibilityTests: XCTestCase {
    func testYearNotEnded() {
        let r = cleanReport(year: 2026)
        XCTAssertEqual(rules(audited(r, today: CalendarDay(year: 2026, month: 11, day: 24))), [Plausibility.yearNotEnded])
        XCTAssertEqual(rules(audited(r, today: CalendarDay(year: 2027, month: 1, day: 5))), [])
    }

    func testPublishedBeforeTheYearEnded() {
        var r = cleanReport(year: 2023)
        r.publishedOn = "2023-06-30"
        XCTAssertEqual(rules(audited(r)), [Plausibility.publishedBeforeYearEnd])
        r.publishedOn = "2024-01-19"
        XCTAssertEqual(rules(audited(r)), [])
    }

    func testTitleYearAgainstStatisticsPeriod() {
        var r = cleanReport(year: 2024)
        r.preamble = Section(markdown: "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。", line: 3)
        let c = audited(r).checks
        XCTAssertEqual(c.map(\.rule), [Plausibility.titlePeriod])
        XCTAssertEqual(c.first?.expected, 2023)
        XCTAssertEqual(c.first?.found, 2024)
        XCTAssertEqual(c.first?.line, 3)
        r.title = "测试局2023年政府信息公开工作年度报告"
        XCTAssertEqual(audited(r).checks, [])
    }

    func testStatisticsWordAloneIsNotAPeriod() {
        var r = cleanReport(year: 2023)
        r.sections[.overview] = Section(markdown: "建立健全主动公开、统计报送等制度，2022年以来持续推进。", line: 3)
        XCTAssertEqual(audited(r).checks, [])
    }

    func testSeedsStatePeriodsThatAgreeWithTitles() throws {
        for seed in ["000_4e7e543bd70c2432.txt", "004_6220ccabb50c96b9.txt"] {
            let r = try Fixtures.report("seeds/\(seed)")
            XCTAssertFalse(rules(r).contains(Plausibility.titlePeriod), seed)
        }
    }

    func testFeeWrittenInYuan() {
        var r = cleanReport()
        r.activeDisclosure![.fees] = 59_490_886
        r.rawCells["activeDisclosure.fees"] = "59490886元"
        let c = audited(r).checks
        XCTAssertEqual(c.map(\.rule), [Plausibility.feeUnit])
        XCTAssertTrue(c.first!.message.contains("59490886元"))
        r.rawCells["activeDisclosure.fees"] = "0万元"
        XCTAssertEqual(audited(r).checks, [])
    }

    func testProcurementAmountWithoutUnit() {
        var r = cleanReport(year: 2019)
        r.format = .v2019
        r.activeDisclosure = nil
        var d = ActiveDisclosure2019()
        d[.procurementAmount] = 1200
        r.activeDisclosure2019 = d
        XCTAssertEqual(rules(audited(r)), [Plausibility.amountUnit])
        r.activeDisclosure2019!.procurementAmountUnit = "万元"
        XCTAssertEqual(rules(audited(r)), [])
    }
}

final class CrossYearTests: XCTestCase {
    func agency(_ reports: [Report]) -> Agency {
        Agency(name: reports[0].agency!.name, slug: reports[0].agency!.slug, region: nil, aliases: [], reports: reports)
    }

    func testCarriedOverMustEqualLastYearsCarriedForward() throws {
        var last = cleanReport(source: "a/2022.md", year: 2022)
        last.applications![.newReceived, .naturalPerson] = 3
        last.applications![.newReceived, .total] = 3
        last.applications![.carriedForward, .naturalPerson] = 3
        last.applications![.carriedForward, .total] = 3
        let now = cleanReport(source: "a/2023.md", year: 2023)   // carries over 0
        XCTAssertEqual(audited(last).checks, [])
        let checks = CrossYearChecks.checks([agency([last, now])])
        XCTAssertNil(checks["a/2022.md"])
        let found = try XCTUnwrap(checks["a/2023.md"])
        XCTAssertEqual(found.map(\.rule), [CrossYearChecks.carriedOver, CrossYearChecks.carriedOver])
        XCTAssertEqual(found.map(\.cells), [["applications.carriedOver.naturalPerson"], ["applications.carriedOver.total"]])
        XCTAssertTrue(found.allSatisfy { $0.severity == .warning && $0.related == "a/2022.md" && $0.expected == 3 && $0.found == 0 })
        XCTAssertEqual(found.first?.line, now.applications!.line(of: .carriedOver))
    }

    func testRegulationsInForceMoveByIssuedMinusRepealed() throws {
        var last = cleanReport(source: "a/2022.md", year: 2022)
        last.activeDisclosure![.normativeInForce] = 20
        var now = cleanReport(source: "a/2023.md", year: 2023)
        now.activeDisclosure![.normativeIssued] = 5
        now.activeDisclosure![.normativeRepealed] = 2
        now.activeDisclosure![.normativeInForce] = 23
        XCTAssertEqual(CrossYearChecks.checks([agency([last, now])]), [:])
        now.activeDisclosure![.normativeInForce] = 21
        let found = try XCTUnwrap(CrossYearChecks.checks([agency([last, now])])["a/2023.md"])
        XCTAssertEqual(found.map(\.rule), [CrossYearChecks.inForce])
        XCTAssertEqual(found.first?.severity, .notice)
        XCTAssertEqual(found.first?.expected, 23)
        XCTAssertEqual(found.first?.found, 21)
    }

    func testGapYearsBlankCellsAndOtherAgenciesAreNotCompared() {
        var last = cleanReport(source: "a/2021.md", year: 2021)
        last.applications![.carriedForward, .total] = 3
        let now = cleanReport(source: "a/2023.md", year: 2023)
        XCTAssertEqual(CrossYearChecks.checks([agency([last, now])]), [:], "2021 does not precede 2023")
        var blank = cleanReport(source: "a/2022.md", year: 2022)
        blank.applications![.carriedForward, .total] = nil
        XCTAssertEqual(CrossYearChecks.checks([agency([blank, now])]), [:])
        let other = cleanReport(source: "b/2022.md", year: 2022, agency: "另一局")
        var otherWithCarry = other
        otherWithCarry.applications![.carriedForward, .total] = 3
        XCTAssertEqual(CrossYearChecks.checks([agency([otherWithCarry]), agency([now])]), [:])
    }

    func testTwoReportsOfOneYearAreNotGuessedBetween() {
        var last = cleanReport(source: "a/2022.md", year: 2022)
        last.applications![.carriedForward, .total] = 3
        let now = cleanReport(source: "a/2023.md", year: 2023)
        let twin = cleanReport(source: "a/2023-b.md", year: 2023)
        XCTAssertEqual(CrossYearChecks.checks([agency([last, now, twin])]), [:])
    }
}

final class CopyDetectionTests: XCTestCase {
    static let problems = "一是政务公开工作的主动性还需加强，部分科室对政务公开工作重视程度不够，信息发布不够及时；"
        + "二是政策解读形式较为单一，图文解读、视频解读等形式运用较少；三是依申请公开答复的规范性有待提高。"
        + "下一步，我局将加强业务培训，丰富解读形式，规范答复流程，切实提升政务公开工作质量。"
    static let different = "本年度我委在网站集约化方面仍有短板，栏目设置与群众需求存在差距，部分专栏长期未更新；"
        + "基层公开标准目录的动态调整不及时，个别乡镇事项清单与实际办理不一致。"
        + "明年将开展栏目普查，建立季度更新台账，并对乡镇公开专区进行逐项核对和整改。"

    func report(_ source: String, agency: String, year: Int, problems: String) -> Report {
        var r = cleanReport(source: source, year: year, agency: agency)
        r.sections[.problems] = Section(markdown: problems, line: 40)
        return r
    }

    func agencies(_ reports: [Report]) -> [Agency] {
        Dictionary(grouping: reports, by: { $0.agency!.name }).map {
            Agency(name: $0.key, slug: $0.value[0].agency!.slug, region: nil, aliases: [], reports: $0.value)
        }
    }

    func testSameTextInTwoAgenciesIsFlaggedOnBoth() throws {
        // The copy differs in punctuation, spacing and the year: normalisation sees through that.
        let copy = Self.problems.replacingOccurrences(of: "，", with: ", ").replacingOccurrences(of: "我局", with: "我局 2023年")
        let a = report("a.md", agency: "甲局", year: 2023, problems: Self.problems)
        let b = report("b.md", agency: "乙局", year: 2023, problems: copy)
        let c = report("c.md", agency: "丙局", year: 2023, problems: Self.different)
        let checks = CopyDetection.checks(agencies([a, b, c]))
        XCTAssertEqual(Set(checks.keys), ["a.md", "b.md"])
        let onB = try XCTUnwrap(checks["b.md"]?.first)
        XCTAssertEqual(onB.rule, CopyDetection.rule)
        XCTAssertEqual(onB.severity, .warning)
        XCTAssertEqual(onB.related, "a.md")
        XCTAssertEqual(onB.cells, ["sections.problems"])
        XCTAssertEqual(onB.line, 40)
        XCTAssertGreaterThanOrEqual(onB.found ?? 0, 0.8)
        XCTAssertTrue(onB.message.contains("「甲局」2023 年报告"), onB.message)
        XCTAssertEqual(checks["a.md"]?.first?.related, "b.md")
    }

    func testDifferentTextsAreNotFlagged() {
        let a = report("a.md", agency: "甲局", year: 2023, problems: Self.problems)
        let b = report("b.md", agency: "乙局", year: 2023, problems: Self.different)
        XCTAssertEqual(CopyDetection.checks(agencies([a, b])), [:])
    }

    func testLastYearsTextRepeatedIsChargedToTheLaterYear() throws {
        let old = report("a/2022.md", agency: "甲局", year: 2022, problems: Self.problems)
        let new = report("a/2023.md", agency: "甲局", year: 2023, problems: Self.problems)
        let checks = CopyDetection.checks(agencies([old, new]))
        XCTAssertEqual(Array(checks.keys), ["a/2023.md"])
        let c = try XCTUnwrap(checks["a/2023.md"]?.first)
        XCTAssertEqual(c.related, "a/2022.md")
        XCTAssertEqual(c.found, 1)
        XCTAssertTrue(c.message.contains("本机关 2022 年报告"), c.message)
    }

    func testShortSectionsAndOtherMattersSeverity() throws {
        let short = "本年度无其他需要报告的事项。"
        var a = report("a.md", agency: "甲局", year: 2023, problems: short)
        var b = report("b.md", agency: "乙局", year: 2023, problems: short)
        XCTAssertEqual(CopyDetection.checks(agencies([a, b])), [:], "shorter than 60 characters")
        a.sections[.otherMatters] = Section(markdown: Self.different, line: 50)
        b.sections[.otherMatters] = Section(markdown: Self.different, line: 51)
        let checks = CopyDetection.checks(agencies([a, b]))
        XCTAssertEqual(checks["a.md"]?.map(\.severity), [.notice])
        XCTAssertEqual(checks["b.md"]?.first?.cells, ["sections.otherMatters"])
        XCTAssertEqual(checks["b.md"]?.first?.line, 51)
    }

    func testBoilerplateSharedByMoreThanTheCapIsIgnored() {
        let reports = (0..<4).map { report("r\($0).md", agency: "局\($0)", year: 2023, problems: Self.problems) }
        var options = CopyDetection.Options()
        XCTAssertEqual(CopyDetection.checks(agencies(reports), options: options).count, 4)
        let best = CopyDetection.matches(reports, options: options).first { $0.source == "r0.md" }
        XCTAssertEqual(best?.other, "r1.md")
        XCTAssertEqual(best?.alsoIn, 2)
        options.postingCap = 3
        XCTAssertEqual(CopyDetection.checks(agencies(reports), options: options), [:])
    }

    func testOutputIsDeterministic() {
        let reports = (0..<6).map { report("r\(5 - $0).md", agency: "局\($0)", year: 2023, problems: Self.problems) }
        let once = CopyDetection.matches(reports)
        XCTAssertEqual(once.map(\.source), ["r0.md", "r1.md", "r2.md", "r3.md", "r4.md", "r5.md"])
        XCTAssertEqual(CopyDetection.matches(reports.reversed()), once)
    }
}

final class DerivedFiguresTests: XCTestCase {
    func testRatesWithTheirBase() throws {
        var r = cleanReport()
        r.applications![.granted, .total] = 22
        r.applications![.partiallyGranted, .total] = 10
        r.applications![.resultsTotal, .total] = 40
        let d = DerivedFigures(r)
        let granted = try XCTUnwrap(d.grantedRate)
        XCTAssertEqual(granted.value, 0.55, accuracy: 1e-12)
        XCTAssertEqual(granted.n, 40)
        XCTAssertTrue(granted.rated)
        XCTAssertEqual(try XCTUnwrap(d.disclosedRate).value, 0.8, accuracy: 1e-12)
    }

    func testSmallBaseIsNotRated() throws {
        var r = cleanReport()
        r.applications![.granted, .total] = 1
        r.applications![.resultsTotal, .total] = 2
        let rate = try XCTUnwrap(DerivedFigures(r).grantedRate)
        XCTAssertEqual(rate.value, 0.5)
        XCTAssertFalse(rate.rated)
        r.applications![.resultsTotal, .total] = 29
        XCTAssertFalse(DerivedFigures(r).grantedRate!.rated)
        r.applications![.resultsTotal, .total] = 30
        XCTAssertTrue(DerivedFigures(r).grantedRate!.rated)
    }

    func testNoRateFromZeroBlankOrImpossibleCells() {
        var r = cleanReport()
        XCTAssertNil(DerivedFigures(r).grantedRate, "results.total 0: no rate, not 0%")
        XCTAssertNil(DerivedFigures(r).reviewCorrectionRate)
        r.applications![.resultsTotal, .total] = 10
        r.applications![.partiallyGranted, .total] = nil
        XCTAssertNotNil(DerivedFigures(r).grantedRate)
        XCTAssertNil(DerivedFigures(r).disclosedRate, "a blank part gives no rate")
        r.applications![.granted, .total] = 12
        XCTAssertNil(DerivedFigures(r).grantedRate, "more granted than handled")
    }

    func testReviewCorrectionRateLeavesPendingOut() throws {
        var r = cleanReport()
        r.reviewLitigation![.review, .corrected] = 1
        r.reviewLitigation![.review, .pending] = 1
        r.reviewLitigation![.review, .total] = 5
        let rate = try XCTUnwrap(DerivedFigures(r).reviewCorrectionRate)
        XCTAssertEqual(rate.n, 4)
        XCTAssertEqual(rate.value, 0.25)
        XCTAssertFalse(rate.rated)
        r.reviewLitigation![.review, .pending] = 5
        XCTAssertNil(DerivedFigures(r).reviewCorrectionRate, "all pending: nothing decided yet")
    }
}

final class CheckOutputTests: XCTestCase {
    /// Two years of one agency in a content folder, through Pipeline.load and renderData.
    func testPipelineWiresCrossReportChecksAndWritesCheckFiles() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seed = try Fixtures.text("seeds/001_0d7b6ffdfb1250b7.txt")
        // The same report as 2022 with one application carried forward (and its row and balance kept whole).
        let lastYear = seed.replacingOccurrences(of: "2023", with: "2022")
            .replacingOccurrences(of: "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0",
                                  with: "四、结转下年度继续办理\t\t1\t0\t0\t0\t0\t0\t1")
            .replacingOccurrences(of: "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
                                  with: "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1")
        XCTAssertNotEqual(lastYear, seed.replacingOccurrences(of: "2023", with: "2022"), "fixture edit must apply")
        try seed.write(to: dir.appendingPathComponent("2023.md"), atomically: true, encoding: .utf8)
        try lastYear.write(to: dir.appendingPathComponent("2022.md"), atomically: true, encoding: .utf8)

        let content = Pipeline.load(content: dir, today: auditToday)
        let r2023 = try XCTUnwrap(content.reports.first { $0.source == "2023.md" })
        let years = r2023.checks.filter { $0.rule == CrossYearChecks.carriedOver }
        XCTAssertEqual(years.map(\.related), ["2022.md", "2022.md"])
        // Same text in both years: 五 is charged to 2023 (六 is shorter than 60 characters).
        XCTAssertEqual(r2023.checks.filter { $0.rule == CopyDetection.rule }.map(\.related), ["2022.md"])
        XCTAssertTrue(content.agencies[0].reports.contains { $0.checks.contains { $0.rule == CrossYearChecks.carriedOver } },
                      "agency pages see the same checks")

        let sink = MemorySink()
        try Pipeline.renderData(content, to: sink)
        let json = try XCTUnwrap(sink.text("data/checks.json"))
        XCTAssertEqual(json, CheckReport.json(content) + "\n", "portal check --format json prints the file's content")
        let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let records = try XCTUnwrap(parsed["checks"] as? [[String: Any]])
        XCTAssertEqual(records.count, content.reports.reduce(0) { $0 + $1.checks.count })
        let carried = try XCTUnwrap(records.first { $0["rule"] as? String == CrossYearChecks.carriedOver })
        XCTAssertEqual(carried["source"] as? String, "2023.md")
        XCTAssertEqual(carried["year"] as? Int, 2023)
        XCTAssertEqual(carried["related"] as? String, "2022.md")
        XCTAssertNotNil(carried["slug"] as? String)

        let csv = try XCTUnwrap(sink.text("data/checks.csv"))
        let lines = csv.split(separator: "\n")
        XCTAssertEqual(String(lines[0]), "\u{FEFF}" + CheckReport.csvHeader.dropLast())
        XCTAssertEqual(lines.count - 1, records.count)
        XCTAssertTrue(lines.contains { $0.hasPrefix("2023.md,") && $0.contains(",years-carried-over,warning,applications.carriedOver.total,1,0,") })
    }
}

final class AuditRuleCatalogueTests: XCTestCase {
    func testEveryRuleIdIsUniqueAndDescribed() {
        let ids = AuditRules.all.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count)
        XCTAssertTrue(AuditRules.all.allSatisfy { !$0.description.isEmpty })
        XCTAssertTrue(ids.contains(ProseChecks.rule) && ids.contains(CopyDetection.rule) && ids.contains(CrossYearChecks.carriedOver))
    }
}
