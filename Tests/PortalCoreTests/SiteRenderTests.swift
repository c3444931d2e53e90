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

    func testSearchTextDropsMarkdownEscapes() {
        XCTAssertEqual(SiteRenderer.plainText("电话：0451\\-57301010。  \n第二行 \\*注\\*"), "电话：0451-57301010。 第二行 *注*")
    }
}
