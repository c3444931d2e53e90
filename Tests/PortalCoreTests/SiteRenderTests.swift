import FoundationXML
import XCTest
@testable import PortalCore

final class SiteRenderTests: XCTestCase {
    func testDownloadableSVGDropsARIAButStaysWellFormed() throws {
        let svg = Charts.barChart(id: "t", title: "标题 <&>", description: "说明", unit: "件",
                                  bars: [("甲", 1), ("乙 \"引号\"", nil), ("丙", 0)])
        XCTAssertTrue(svg.contains("aria-labelledby") && svg.contains("role=\"img\""))
        let file = SiteRenderer.standaloneSVG(svg)
        XCTAssertFalse(file.contains("aria-") || file.contains(" role="), file)
        let doc = try XMLDocument(xmlString: file)
        XCTAssertEqual(doc.rootElement()?.name, "svg")
        XCTAssertTrue(file.contains("<title"))
    }

    /// The feed lists the newest reports, as many as it may hold.
    func testFeedHoldsTheNewestReports() throws {
        let dir = try Fixtures.temporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: Fixtures.url("seeds").path) {
            try FileManager.default.copyItem(at: Fixtures.url("seeds/\(name)"), to: dir.appendingPathComponent(name))
        }
        let content = Pipeline.load(content: dir)
        let templates = try Templates(directory: Fixtures.repository.appendingPathComponent("site-templates"))
        let renderer = SiteRenderer(content: content, templates: templates, baseURL: "https://example.gov.cn/")
        func updated(_ feed: [UInt8]) throws -> [String] {
            let doc = try XMLDocument(data: Data(feed))
            return try doc.nodes(forXPath: "//*[local-name()='entry']/*[local-name()='updated']").compactMap(\.stringValue)
        }
        let all = try updated(renderer.feed())
        XCTAssertEqual(all.count, content.reports.count)
        XCTAssertEqual(try updated(renderer.feed(entries: 2)), Array(all.sorted(by: >).prefix(2)))
        XCTAssertEqual(SiteRenderer.feedEntries, 100)
    }

    func testSearchTextDropsMarkdownEscapes() {
        XCTAssertEqual(SiteRenderer.plainText("电话：0451\\-57301010。  \n第二行 \\*注\\*"), "电话：0451-57301010。 第二行 *注*")
    }

    func testRatesShowTheirNAndAreNotRatedOnSmallSamples() throws {
        let r = try Fixtures.report("real/pingtan-2023.html")
        let d = DerivedFigures(r)
        XCTAssertEqual(SiteRenderer.rateText(d.grantedRate), "27.2%（n = 81）")
        XCTAssertEqual(SiteRenderer.rateText(d.disclosedRate), "51.9%（n = 81）")
        XCTAssertEqual(SiteRenderer.rateText(d.reviewCorrectionRate), "n = 2，样本过小不作评价")
        let empty = try Fixtures.report("seeds/000_4e7e543bd70c2432.txt")
        XCTAssertEqual(SiteRenderer.rateText(DerivedFigures(empty).grantedRate), "—", "0 handled: no rate, not 0 %")
    }
}

final class TemplateErrorTests: XCTestCase {
    func copyOfTemplates() throws -> URL {
        let dir = try Fixtures.temporaryDirectory().appendingPathComponent("site-templates")
        try FileManager.default.copyItem(at: Fixtures.repository.appendingPathComponent("site-templates"), to: dir)
        return dir
    }

    func testBrokenTemplateIsAnErrorNamingItAndItsLine() throws {
        let dir = try copyOfTemplates()
        try "{{> head}}\n<h1>{{name}}</h1>\n{{#reports}}\n<p>unclosed section\n{{> foot}}\n"
            .write(to: dir.appendingPathComponent("agency.mustache"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Templates(directory: dir)) { error in
            let d = error as? Diagnostic
            XCTAssertEqual(d?.stage, .render)
            XCTAssertTrue(d?.location.file.hasSuffix("agency.mustache") ?? false, "\(error)")
            XCTAssertNotNil(d?.location.line, "\(error)")
        }
    }

    func testMissingTemplateIsAnErrorNamingIt() throws {
        let dir = try copyOfTemplates()
        try FileManager.default.removeItem(at: dir.appendingPathComponent("compare-year.mustache"))
        XCTAssertThrowsError(try Templates(directory: dir)) { error in
            XCTAssertTrue("\(error)".contains("compare-year.mustache"), "\(error)")
        }
    }

    /// A broken template stops the build before anything is written: the previous site stays.
    func testBuildWithBrokenTemplateLeavesThePreviousSite() throws {
        let dir = try Fixtures.temporaryDirectory()
        let content = dir.appendingPathComponent("content")
        try FileManager.default.copyItem(at: Fixtures.url("seeds"), to: content)
        let output = dir.appendingPathComponent("public")
        let templates = try copyOfTemplates()
        _ = try Pipeline.build(Pipeline.Options(content: content, output: output, templates: templates))
        let before = try Data(contentsOf: output.appendingPathComponent("index.html"))
        try "{{#broken}".write(to: templates.appendingPathComponent("index.mustache"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Pipeline.build(Pipeline.Options(content: content, output: output, templates: templates)))
        XCTAssertEqual(try Data(contentsOf: output.appendingPathComponent("index.html")), before)
    }
}
