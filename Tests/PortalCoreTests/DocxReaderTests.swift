import Foundation
import XCTest
import ZIPFoundation
@testable import PortalCore

/// Word .docx reports, made by python-docx from Fixtures/forms/report-spec.json (make_docx.py) in the
/// official layout: merged header cells (w:gridSpan), merged group cells (w:vMerge), a two-paragraph cell.
final class DocxReaderTests: XCTestCase {
    static var cached: Data?
    func docx() throws -> Data {
        if let d = Self.cached { return d }
        let d = try FormFixtures.generate("make_docx.py", module: "docx", extension: "docx")
        Self.cached = d
        return d
    }

    func testEveryCellRoundTripsThroughWord() throws {
        let spec = try FormFixtures.spec()
        let report = try FormFixtures.report(try docx(), as: "hp-2023.docx")
        XCTAssertEqual(report.form, .docx)
        assertCells(report, equal: spec)
        // The blank cells of the spec are null, not 0.
        XCTAssertNil(report.applications?[.carriedOver, .research])
        XCTAssertNil(report.activeDisclosure?[.coercion])
        XCTAssertEqual(report.activeDisclosure?[.fees], 5949.088667)
        XCTAssertEqual(report.year, 2023)
        XCTAssertEqual(report.printedAgency, "和平区卫生健康局")
        XCTAssertEqual(report.proactiveItems?.value, 1356)
        XCTAssertEqual(report.publishedOn, "2024-01-20")
        XCTAssertTrue(report.checks.isEmpty, "\(report.checks)")
        XCTAssertNotNil(report.sections[.problems])
        XCTAssertTrue(report.sections[.otherMatters]?.markdown.contains("信息处理费") ?? false)
    }

    func testMergedCellsKeepTheirGridPositions() throws {
        let document = try DocxReader.read(try docx(), path: "r.docx").get()
        let tables = FormFixtures.tables(document)
        XCTAssertEqual(tables.count, 3)
        let applications = tables[1]
        // Header: the corner note spans 3 columns and 3 rows, 申请人情况 spans 7: ten grid positions a row.
        XCTAssertEqual(applications.rows[0].cells.count, 10)
        XCTAssertEqual(applications.rows[0].cells.map(\.isSpanned),
                       [false, true, true, false, true, true, true, true, true, true])
        XCTAssertEqual(applications.rows[1].cells.prefix(3).map(\.isSpanned), [true, true, true], "vMerge continues the corner")
        for row in applications.rows { XCTAssertEqual(row.cells.count, 10, "row \(row.line)") }
        // 2.其他法律行政法规禁止公开: the group cells to its left continue vMerges from above.
        let prohibited = try XCTUnwrap(applications.rows.first { $0.cells.contains { $0.text.hasPrefix("2.其他法律") } })
        XCTAssertEqual(prohibited.cells.prefix(3).map(\.isSpanned), [true, true, false])
        XCTAssertEqual(prohibited.cells.last?.text, "0")
        // Table 二: 2629 sits in a cell spanning three columns.
        let licensing = try XCTUnwrap(tables[0].rows.first { $0.cells.first?.text == "行政许可" })
        XCTAssertEqual(licensing.cells.map(\.text), ["行政许可", "2629", "", ""])
        XCTAssertEqual(licensing.cells.map(\.isSpanned), [false, false, true, true])
    }

    func testParagraphsOfOneCellAreJoinedWithNewline() throws {
        let document = try DocxReader.read(try docx(), path: "r.docx").get()
        let cell = FormFixtures.tables(document)[1].rows.flatMap(\.cells).first { $0.text.hasPrefix("（二）部分公开") }
        XCTAssertEqual(cell?.text, "（二）部分公开\n（区分处理的，只计这一情形，不计其他情形）")
    }

    func testLinesAreParagraphAndRowOrdinals() throws {
        let document = try DocxReader.read(try docx(), path: "r.docx").get()
        let texts = FormFixtures.texts(document)
        XCTAssertEqual(texts.prefix(4).map(\.line), [1, 2, 3, 4])
        XCTAssertEqual(texts[0].text, "和平区卫生健康局")
        XCTAssertTrue(texts[0].isHeading, "Title style is a heading")
        let heading = try XCTUnwrap(texts.first { $0.text == "二、主动公开政府信息情况" })
        XCTAssertTrue(heading.isHeading)
        // The table after that heading starts on the next ordinal; each row counts one.
        let disclosure = FormFixtures.tables(document)[0]
        XCTAssertEqual(disclosure.line, heading.line + 1)
        XCTAssertEqual(disclosure.rows.map(\.line), Array((heading.line + 1)...(heading.line + disclosure.rows.count)))
        XCTAssertTrue(disclosure.rows.allSatisfy { row in row.cells.allSatisfy { $0.line == row.line } })
    }

    func testAZipThatIsNotWordIsRefusedClearly() throws {
        let archive = try Archive(accessMode: .create)
        let payload = Data("<workbook/>".utf8)
        try archive.addEntry(with: "xl/workbook.xml", type: .file, uncompressedSize: Int64(payload.count)) { position, size in
            payload.subdata(in: Int(position)..<Int(position) + size)
        }
        let data = try XCTUnwrap(archive.data)
        guard case .failure(let skipped) = FormFixtures.read(data, as: "book.xlsx") else { return XCTFail("an .xlsx was read") }
        XCTAssertTrue(skipped.reason.contains("word/document.xml"), skipped.reason)
    }

    func testBrokenDocumentXMLIsADiagnosticNotACrash() throws {
        let archive = try Archive(accessMode: .create)
        let payload = Data("<w:document xmlns:w=\"x\"><w:body><w:p><w:t>一</w:t></w:body>".utf8)
        try archive.addEntry(with: "word/document.xml", type: .file, uncompressedSize: Int64(payload.count)) { position, size in
            payload.subdata(in: Int(position)..<Int(position) + size)
        }
        guard case .failure(let d) = DocxReader.read(try XCTUnwrap(archive.data), path: "broken.docx") else {
            return XCTFail("broken XML was read")
        }
        XCTAssertEqual(d.location.file, "broken.docx")
        XCTAssertTrue(d.message.contains("不是合法的 XML"), d.message)
    }

    func testDeletedTextAndFieldCodesAreNotRead() throws {
        let xml = """
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
        <w:p><w:r><w:t>主动公开</w:t></w:r><w:del><w:r><w:delText>99</w:delText></w:r></w:del><w:ins><w:r><w:t>61</w:t></w:r></w:ins>\
        <w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>条</w:t></w:r></w:p>
        </w:body></w:document>
        """
        let archive = try Archive(accessMode: .create)
        let payload = Data(xml.utf8)
        try archive.addEntry(with: "word/document.xml", type: .file, uncompressedSize: Int64(payload.count)) { position, size in
            payload.subdata(in: Int(position)..<Int(position) + size)
        }
        let document = try DocxReader.read(try XCTUnwrap(archive.data), path: "t.docx").get()
        XCTAssertEqual(FormFixtures.texts(document).map(\.text), ["主动公开61条"])
    }
}
