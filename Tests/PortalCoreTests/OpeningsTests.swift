import Foundation
import XCTest
@testable import PortalCore

/// Who and when, from ten real report openings (Fixtures/openings, EXPECTED.tsv): titles split over
/// lines or after page furniture, no title at all, years without 年, names completed from the body or
/// found only in a contact sentence, and counts with traps beside them.
final class OpeningsTests: XCTestCase {
    struct Expectation {
        var file: String
        var agency: String
        var year: Int
        var proactive: Double?
        var applications: Double?
        var applicationsPhrase: String
    }

    func expectations() throws -> [Expectation] {
        let lines = try Fixtures.text("openings/EXPECTED.tsv").split(separator: "\n")
        let header = lines[0].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        func column(_ name: String) throws -> Int { try XCTUnwrap(header.firstIndex(of: name), name) }
        let (f, a, y, p, n, phrase) = (try column("file"), try column("agency"), try column("year"),
                                       try column("proactive_count"), try column("applications_count"), try column("applications_phrase"))
        return lines.dropFirst().map { line in
            let c = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Expectation(file: c[f], agency: c[a], year: Int(c[y])!, proactive: Double(c[p]), applications: Double(c[n]),
                               applicationsPhrase: c[phrase])
        }
    }

    /// The pure parse (the openings have no complete tables, so the pipeline does not publish them).
    func parsed(_ file: String) throws -> Report {
        let text = try Fixtures.text("openings/\(file)")
        let document = try Readers.read(text: text, form: FormDetection.textForm(text), path: file).get()
        return ReportParser.parse(document, source: file, form: .wordText)
    }

    func testAgencyAndYearOfEveryOpening() throws {
        let all = try expectations()
        XCTAssertEqual(all.count, 10)
        for e in all {
            let r = try parsed(e.file)
            XCTAssertEqual(r.printedAgency, e.agency, e.file)
            XCTAssertEqual(r.year, e.year, e.file)
        }
    }

    func testAReportWithoutTablesIsSkippedButStillIdentified() throws {
        for e in try expectations() {
            let result = Pipeline.read(SourceFile(path: e.file, data: try Fixtures.data("openings/\(e.file)")))
            guard case .failure(let skipped) = result else { XCTFail("\(e.file) was published without its tables"); continue }
            XCTAssertEqual(skipped.agency, e.agency, e.file)
            XCTAssertEqual(skipped.year, e.year, e.file)
            XCTAssertTrue(skipped.reason.contains("统计表格") && skipped.reason.contains("缺失"), skipped.reason)
        }
    }

    func testProactiveCountsAndTheirTraps() throws {
        for e in try expectations() {
            // Where the TSV has no count (08 lists table items only; 36's 1571 and 932 are platform figures)
            // the prose gives none either.
            XCTAssertEqual(try parsed(e.file).proactiveItems?.value, e.proactive, e.file)
        }
    }

    func testApplicationsReceivedAsTheProseStatesIt() throws {
        var compared = 0
        for e in try expectations() {
            let figure = try parsed(e.file).proseFigures["applications.newReceived.total"]
            // 04 states its 0 only in the table row 一、本年新收…, which is not prose.
            if e.applicationsPhrase.hasPrefix("一、本年新收") { XCTAssertNil(figure, e.file); continue }
            XCTAssertEqual(figure?.value, e.applications, "\(e.file): \(figure?.sentence ?? "none")")
            compared += 1
        }
        XCTAssertEqual(compared, 9)
        // 40: 收到…7件, not the 提起行政复议1件 beside it.
        XCTAssertEqual(try parsed("40.txt").proseFigures["applications.newReceived.total"]?.sentence, "我局共收到依申请公开政府信息案件7件")
    }

    func testSeedsStateTheirApplicationsToo() throws {
        XCTAssertEqual(try Fixtures.report("seeds/001_0d7b6ffdfb1250b7.txt").proseFigures["applications.newReceived.total"]?.value, 2)
        XCTAssertEqual(try Fixtures.report("seeds/000_4e7e543bd70c2432.txt").proseFigures["applications.newReceived.total"]?.value, 0)
        let pingtan = try Fixtures.report("real/pingtan-2023-flattened.txt")
        XCTAssertEqual(pingtan.proseFigures["applications.newReceived.total"]?.value, 81)
    }

    // MARK: The pieces

    func testTitlesAfterPageFurnitureAndSplitOverLines() throws {
        let r04 = try parsed("04.txt")
        XCTAssertEqual(r04.title, "信丰县卫生健康委2023年政府信息公开工作年度报告", "past 关怀版/breadcrumbs")
        XCTAssertEqual(try parsed("24.txt").title, "昆都仑区卫生健康委员会2025年政府信息公开工作年度报告")
        let r20 = try parsed("20.txt")
        XCTAssertEqual(r20.title, "平阴县卫生健康局2024年政府信息公开工作年度报告")
        XCTAssertNil(try parsed("12.txt").title, "a first sentence is not a title")
    }

    func testYearsWithoutTheirNian() {
        XCTAssertEqual(Identity.titleYear(in: "东河区卫生健康委员会 2021政府信息公开工作年度报告")?.year, 2021)
        XCTAssertEqual(Identity.agency(fromTitle: "东河区卫生健康委员会 2021政府信息公开工作年度报告"), "东河区卫生健康委员会")
        XCTAssertEqual(Identity.periodYear(in: "本年度报告中使用数据统计期限为202211日至20221231日。"), 2022)
        XCTAssertNil(Identity.titleYear(in: "国务院令第711号"))
        XCTAssertEqual(Identity.year(inBody: "认真编制了2022年政府信息公开工作年度报告。", opening: ""), 2022)
        XCTAssertEqual(Identity.year(inBody: "2022年度,汤原县人民政府办公室政务公开工作本着原则", opening: "2022年度,汤原县人民政府办公室政务公开工作本着原则"), 2022)
    }

    func testNamesFromTheBody() {
        XCTAssertEqual(Identity.agency(inBody: "如对本报告有任何疑问,请与路桥区人力资源和社会保障局联系。"), "路桥区人力资源和社会保障局")
        XCTAssertEqual(Identity.agency(inBody: "2021年,在市委、市政府的领导下,宜兴市教育局坚持把政府信息公开工作作为重要手段。"), "宜兴市教育局")
        XCTAssertEqual(Identity.agency(inBody: "按照《中华人民共和国政府信息公开条例》,区卫生健康局结合工作实际,认真编制了报告。"), "区卫生健康局")
        XCTAssertEqual(Identity.completed("区卫生健康局", body: "2022年,雁江区卫生健康局全面贯彻落实"), "雁江区卫生健康局")
        XCTAssertEqual(Identity.agency(inBody: "本年度报告由裕安区卫生健康委员会编制完成。"), "裕安区卫生健康委员会")
        XCTAssertNil(Identity.agency(inBody: "根据《国务院办公厅关于做好政府信息公开工作的通知》要求编制。"), "bodies inside 《》 are not the author")
    }

    func testMetadataBeforeTheTitleNamesThePublisher() throws {
        let text = "索引号：113701243072282028/2025-6626482\n发布机构：平阴县卫生健康局\n政府信息公开工作年度报告\n一、总体情况\n2024年，我局主动公开政府信息12条。\n"
        let document = WordTextReader.read(text)
        let r = ReportParser.parse(document, source: "m.txt", form: .wordText)
        XCTAssertEqual(r.printedAgency, "平阴县卫生健康局")
        XCTAssertEqual(r.year, 2024)
    }
}
