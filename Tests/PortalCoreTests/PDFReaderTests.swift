import Foundation
import XCTest
@testable import PortalCore

/// PDF reports with a text layer, made by reportlab from Fixtures/forms/report-spec.json (make_pdf.py):
/// wrapped labels, merged group cells, two blank cells. Read through pdftotext -layout by our reader.
final class PDFReaderTests: XCTestCase {
    static var cached: Data?
    func pdf() throws -> Data {
        if let d = Self.cached { return d }
        guard PDFText.executable() != nil else { throw XCTSkip("pdftotext (poppler-utils) is not installed") }
        let d = try FormFixtures.generate("make_pdf.py", module: "reportlab", extension: "pdf")
        Self.cached = d
        return d
    }

    func testEveryCellRoundTripsExceptTheRowWhoseBlanksCannotBePlaced() throws {
        var spec = try FormFixtures.spec()
        // carriedOver has two blank cells: layout text shows five numbers and cannot say which columns
        // are blank, so the whole row must be null with a diagnostic — never five numbers in the wrong places.
        var applications = try XCTUnwrap(spec["applications"] as? [String: Any])
        applications["carriedOver"] = Dictionary(uniqueKeysWithValues: Applicant.allCases.map { ($0.key, NSNull() as Any) })
        spec["applications"] = applications

        let report = try FormFixtures.report(try pdf(), as: "hp-2023.pdf")
        XCTAssertEqual(report.form, .pdf)
        assertCells(report, equal: spec)
        let why = report.diagnostics.filter { $0.message.contains("上年结转") && $0.message.contains("无法确定") }
        XCTAssertEqual(why.count, 1, "\(report.diagnostics)")
        XCTAssertTrue(why.first?.message.contains("表三") ?? false)
        XCTAssertNotNil(why.first?.location.line)

        XCTAssertEqual(report.year, 2023)
        XCTAssertEqual(report.printedAgency, "和平区卫生健康局")
        XCTAssertEqual(report.proactiveItems?.value, 1356)
        XCTAssertEqual(report.publishedOn, "2024-01-20")
        XCTAssertTrue(report.sections[.problems]?.markdown.contains("及时性") ?? false)
        // Nothing else went wrong: every other diagnostic is about the two blank cells.
        let others = report.diagnostics.filter { !($0.message.contains("上年结转") || $0.message.contains("行政强制")) }
        XCTAssertEqual(others, [], "\(others)")
    }

    func testAPDFWithoutTextLayerIsRefusedClearly() throws {
        guard PDFText.executable() != nil else { throw XCTSkip("pdftotext (poppler-utils) is not installed") }
        let scan = try FormFixtures.generate("make_pdf.py", module: "reportlab", extension: "pdf", extra: ["--no-text"])
        guard case .failure(let skipped) = FormFixtures.read(scan, as: "scan.pdf") else { return XCTFail("a scan was read") }
        XCTAssertTrue(skipped.reason.contains("没有文字层"), skipped.reason)
    }

    func testMissingPdftotextNamesThePackage() {
        guard case .failure(let d) = PDFText.extract(Data("%PDF-1.4".utf8), path: "a.pdf", tool: nil) else {
            return XCTFail("read without pdftotext")
        }
        XCTAssertTrue(d.message.contains("poppler-utils"), d.message)
        XCTAssertEqual(d.location.file, "a.pdf")
    }

    func testABrokenPDFIsADiagnostic() throws {
        guard PDFText.executable() != nil else { throw XCTSkip("pdftotext (poppler-utils) is not installed") }
        guard case .failure(let skipped) = FormFixtures.read(Data("%PDF-1.4\nnot really a pdf".utf8), as: "bad.pdf") else {
            return XCTFail("a broken PDF was read")
        }
        XCTAssertFalse(skipped.reason.isEmpty)
    }

    // MARK: The layout parser alone (pure)

    /// Fixed layout text, so these tests say exactly which lines give which cells.
    let layout = """
                              某县民政局2022年政府信息公开工作年度报告
    一、总体情况
      2022年，我局主动公开政府信息88条，内容涉及工作动态、政策文件等多方面
    内容。

    二、主动公开政府信息情况
                            第二十条第（一）项
           信息内容            本年制发件数         本年废止件数          现行有效件数
            规章                  0                 0                  0
          行政规范性文件              2                                  5
                            第二十条第（五）项
           信息内容                          本年处理决定数量
           行政许可                                  12
    \u{0C}       - 2 -
    三、收到和处理政府信息公开申请情况
    （本列数据的勾稽关系为：第一项加第二项之和，          申请人情况
        一、本年新收政府信息公开申请数量              3    1      0      0     0      0       4
        （二）部分公开（区分处理的，只计这一情形
                                                   1       0        0        0        0        0       1
                  ，不计其他情形）
    """

    func testLayoutRowsAreReadByLineAndBlanksThatCannotBePlacedAreNull() {
        let document = PDFReader.parse(layout: layout, path: "x.pdf")
        let tables = FormFixtures.tables(document)
        XCTAssertEqual(tables.count, 2)
        let disclosure = tables[0]
        let regulations = disclosure.rows.first { $0.cells.first?.text == "规章" }
        XCTAssertEqual(regulations?.cells.map(\.text), ["规章", "0", "0", "0"])
        XCTAssertEqual(regulations?.line, 9)
        // 2 … 5 with a gap: which of the three columns is blank is not certain.
        let normative = disclosure.rows.first { $0.cells.first?.text == "行政规范性文件" }
        XCTAssertEqual(normative?.cells.map(\.text), ["行政规范性文件", "", "", ""])
        XCTAssertTrue(document.diagnostics.contains { $0.location.line == 10 && $0.message.contains("表二") && $0.message.contains("2 个数值，应为 3 个") },
                      "\(document.diagnostics)")
        let licensing = disclosure.rows.first { $0.cells.first?.text == "行政许可" }
        XCTAssertEqual(licensing?.cells.map(\.text), ["行政许可", "12"])

        // The wrapped label of a row whose numbers stand on a line of their own is joined to that row.
        let applications = tables[1]
        let partial = applications.rows.first { $0.cells.contains { $0.text.hasPrefix("（二）部分公开") } }
        XCTAssertEqual(partial?.cells.first?.text, "（二）部分公开（区分处理的，只计这一情形\n，不计其他情形）")
        XCTAssertEqual(partial?.cells.dropFirst().map(\.text), ["1", "0", "0", "0", "0", "0", "1"])
        // The page number between the pages is not a value.
        XCTAssertFalse(applications.rows.flatMap(\.cells).contains { $0.text.contains("2 -") })
        XCTAssertFalse(disclosure.rows.flatMap(\.cells).contains { $0.text == "2" && $0.line == 14 })
    }

    func testALoneNumberAtAPageBreakIsAPageNumberNotACell() {
        let text = """
        二、主动公开政府信息情况
                            第二十条第（六）项
           信息内容                          本年处理决定数量
           行政处罚                                  9
           行政强制
                                      3
        \u{0C}                    第二十条第（八）项
        """
        let document = PDFReader.parse(layout: text, path: "p.pdf")
        let rows = FormFixtures.tables(document).first?.rows ?? []
        XCTAssertEqual(rows.first { $0.cells.first?.text == "行政强制" }?.cells.map(\.text), ["行政强制"])
        XCTAssertFalse(rows.flatMap(\.cells).contains { $0.text == "3" })
        XCTAssertTrue(document.diagnostics.contains { $0.severity == .notice && $0.location.line == 6 })
    }

    /// Numbers above their row names (top-aligned value cells): each row would take the next row's name.
    func testNumbersWithoutAnyRowNameMakeTheTableUncertain() {
        let text = """
        三、收到和处理政府信息公开申请情况
             申请人情况
                                 0    0    0    0    0    0    0
           一、本年新收政府信息公开申请数量
                                 5    0    0    0    0    0    5
           二、上年结转政府信息公开申请数量
        """
        let document = PDFReader.parse(layout: text, path: "q.pdf")
        let cells = FormFixtures.tables(document).flatMap(\.rows).flatMap(\.cells)
        XCTAssertFalse(cells.contains { $0.text == "5" }, "5 must not become newReceived")
        XCTAssertTrue(document.diagnostics.contains { $0.message.contains("没有行名") })
    }

    func testProseLinesWrappedByTheLayoutAreOneParagraph() {
        let document = PDFReader.parse(layout: layout, path: "x.pdf")
        let texts = FormFixtures.texts(document)
        XCTAssertEqual(texts.first?.text, "某县民政局2022年政府信息公开工作年度报告")
        XCTAssertTrue(texts.contains { $0.text == "2022年，我局主动公开政府信息88条，内容涉及工作动态、政策文件等多方面内容。" && $0.line == 3 },
                      "\(texts.map(\.text))")
        XCTAssertTrue(texts.contains { $0.text == "一、总体情况" && $0.isHeading })
    }
}
