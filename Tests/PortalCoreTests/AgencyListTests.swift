import Foundation
import XCTest
@testable import PortalCore

/// The optional content/agencies.yaml: aliases gather one agency's reports, mistakes are reported with
/// file and line, and every agency keeps a folder of its own.
final class AgencyListTests: XCTestCase {
    func report(_ source: String, agency: String, year: Int) -> Report {
        var r = Report(source: source, form: .wordText)
        r.printedAgency = agency
        r.year = year
        return r
    }

    let yaml = """
    # canonical names, with the spellings reports use
    - name: 二七区卫生健康委员会
      region: 河南省郑州市二七区
      aliases: [二七区卫健委, 二七区卫生健康委]
    - name: 宜兴市教育局
    """

    func testAliasesPutOneAgencysReportsOnOnePage() throws {
        let (list, problems) = AgencyList.parse(yaml, file: "agencies.yaml")
        XCTAssertEqual(problems, [])
        XCTAssertEqual(list.entries.count, 2)
        let reports = [report("a/2021.txt", agency: "二七区卫健委", year: 2021),
                       report("b/2022.txt", agency: "二七区卫生健康委员会", year: 2022),
                       report("c/2023.txt", agency: "二七区 卫生健康委", year: 2023),
                       report("d/2023.txt", agency: "宜兴市教育局", year: 2023)]
        let grouped = AgencyGrouping.group(reports, list: list)
        XCTAssertEqual(grouped.agencies.count, 2)
        let erqi = try XCTUnwrap(grouped.agencies.first { $0.name == "二七区卫生健康委员会" })
        XCTAssertEqual(erqi.reports.map(\.source), ["a/2021.txt", "b/2022.txt", "c/2023.txt"], "oldest first")
        XCTAssertEqual(Set(erqi.reports.compactMap(\.agency?.slug)), [erqi.slug])
        XCTAssertEqual(erqi.region, "河南省郑州市二七区")
        XCTAssertEqual(grouped.diagnostics, [])

        // Without the list the three spellings are three agencies (and 宜兴 a fourth).
        XCTAssertEqual(AgencyGrouping.group(reports, list: AgencyList()).agencies.count, 4)
    }

    func testAMalformedFileGivesItsFileAndLine() throws {
        let broken = """
        - name: 二七区卫生健康委员会
          aliases: [二七区卫健委
        - name: 宜兴市教育局
        """
        let (list, problems) = AgencyList.parse(broken, file: "agencies.yaml")
        XCTAssertEqual(list.entries, [])
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual(problems.first?.severity, .error)
        XCTAssertEqual(problems.first?.location.file, "agencies.yaml")
        let line = try XCTUnwrap(problems.first?.location.line)
        XCTAssertTrue((2...3).contains(line), "line \(line)")
    }

    func testEntryMistakesNameTheirLine() {
        let text = """
        - name: 二七区卫生健康委员会
          aliases: [二七区卫健委]
        - region: 江苏省宜兴市
        - name: 宜兴市教育局
          aliases: [二七区卫健委]
        - 平阴县卫生健康局
        """
        let (list, problems) = AgencyList.parse(text, file: "agencies.yaml")
        XCTAssertEqual(list.entries.map(\.name), ["二七区卫生健康委员会", "宜兴市教育局"])
        let byLine = Dictionary(grouping: problems, by: { $0.location.line ?? 0 })
        XCTAssertTrue(byLine[3]?.first?.message.contains("name") ?? false, "\(problems)")
        XCTAssertTrue(byLine[5]?.first?.message.contains("二七区卫健委") ?? false, "an alias claimed twice: \(problems)")
        XCTAssertTrue(byLine[6]?.first?.message.contains("映射") ?? false, "an entry that is not a mapping: \(problems)")
        XCTAssertEqual(problems.count, 3)
        XCTAssertTrue(problems.allSatisfy { $0.location.file == "agencies.yaml" })
    }

    func testTheListIsReadFromTheContentFolderAndItsProblemsReported() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("- name: [unclosed\n".utf8).write(to: dir.appendingPathComponent("agencies.yaml"))
        try Fixtures.data("seeds/000_4e7e543bd70c2432.txt").write(to: dir.appendingPathComponent("000.txt"))
        let content = Pipeline.load(content: dir)
        XCTAssertEqual(content.reports.count, 1, "the list is configuration, not a report")
        let problem = content.diagnostics.first { $0.location.file == "agencies.yaml" }
        XCTAssertEqual(problem?.location.line, 1)
    }

    func testTheListMayBeWrittenInGB18030() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = "- name: 盘州市卫生健康局\n  aliases: [2023年盘州市卫生健康局]\n"
        try XCTUnwrap(list.data(using: TextDecoding.gb18030)).write(to: dir.appendingPathComponent("agencies.yaml"))
        try Fixtures.data("seeds/000_4e7e543bd70c2432.txt").write(to: dir.appendingPathComponent("000.txt"))
        let content = Pipeline.load(content: dir)
        XCTAssertEqual(content.diagnostics.filter { $0.location.file == "agencies.yaml" }, [])
        XCTAssertEqual(content.agencies.map(\.name), ["盘州市卫生健康局"])
        XCTAssertEqual(content.agencies.first?.aliases, ["2023年盘州市卫生健康局"])
    }

    func testSlugsStayDistinctAndStable() {
        let names = ["二七区卫生健康委员会", "宜兴市教育局", "路桥区人力资源和社会保障局", "汤原县人民政府办公室",
                     "市卫生局", "市卫生菊", "市卫生·局", "Shi Wei Sheng Ju", "雁江区卫生健康局", "平阴县卫生健康局"]
        let reports = names.enumerated().map { report("\($0.offset).txt", agency: $0.element, year: 2023) }
        let agencies = AgencyGrouping.group(reports, list: AgencyList()).agencies
        XCTAssertEqual(agencies.count, names.count)
        XCTAssertEqual(Set(agencies.map(\.slug)).count, names.count, "\(agencies.map(\.slug))")
        for a in agencies {
            XCTAssertTrue(a.slug.unicodeScalars.allSatisfy { $0.isASCIIAlnum || $0 == "-" }, a.slug)
            XCTAssertEqual(a.slug, Slug.make(a.name), "stable: the same name always gives the same folder")
        }
        XCTAssertTrue(Slug.make("宜兴市教育局").hasPrefix("yi-xing-shi-jiao-yu-ju-"), Slug.make("宜兴市教育局"))
    }

    /// Two names that read the same and whose 24-bit hashes collide still get two folders.
    func testASlugCollisionIsBrokenNotShared() throws {
        var seen: [String: String] = [:]
        var pair: (String, String)?
        for n in 1...20_000 where pair == nil {
            let name = "测试局" + String(repeating: "·", count: n % 97 + 1) + String(repeating: "・", count: n / 97)
            let h = Slug.shortHash(AgencyNames.key(name))
            if let other = seen[h] { pair = (other, name) } else { seen[h] = name }
        }
        let (a, b) = try XCTUnwrap(pair, "no hash collision found to test with")
        XCTAssertEqual(Slug.make(a), Slug.make(b), "the two names share a slug before grouping")
        let agencies = AgencyGrouping.group([report("a.txt", agency: a, year: 2022), report("b.txt", agency: b, year: 2022)],
                                            list: AgencyList()).agencies
        XCTAssertEqual(agencies.count, 2)
        XCTAssertNotEqual(agencies[0].slug, agencies[1].slug)
        XCTAssertEqual(Set(agencies.flatMap { $0.reports.compactMap(\.agency?.slug) }).count, 2)
    }
}
