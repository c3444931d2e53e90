import XCTest
@testable import PortalCore

/// The HTML reader on the two real pages (every cell against real-expected.json) and on small handmade
/// pages that each show one thing: spans, split labels, &nbsp;, repeated headers, chrome, nested tables.
final class HTMLReaderTests: XCTestCase {
    static let realPages = ["pingtan-2023.html", "shanghai-govoffice-2019.html"]

    func expectations() throws -> [String: [String: Any]] {
        try XCTUnwrap(Fixtures.json("real/real-expected.json") as? [String: [String: Any]])
    }

    // MARK: Real pages

    func testEveryCellOfBothRealReports() throws {
        let expected = try expectations()
        XCTAssertEqual(Set(expected.keys), Set(Self.realPages))
        for name in Self.realPages {
            let exp = try XCTUnwrap(expected[name])
            let report = try Fixtures.report("real/\(name)")
            XCTAssertEqual(report.form, .html, name)
            assertCells(report, equal: exp)
            XCTAssertEqual(report.year, exp["year"] as? Int, name)
            XCTAssertEqual(report.format.rawValue, exp["format"] as? String, name)
            let agency = try XCTUnwrap(exp["agencyContains"] as? String)
            XCTAssertTrue(report.printedAgency?.contains(agency) ?? false, "\(name): agency \(report.printedAgency ?? "nil")")
            let proactive = exp["proactiveItems"] as? NSNumber
            XCTAssertEqual(report.proactiveItems?.value, proactive?.doubleValue, "\(name) proactiveItems")
            if let date = exp["publishedOn"] as? String { XCTAssertEqual(report.publishedOn, date, name) }
            // rawCells exactly: nothing missing, and no plain number kept as text.
            XCTAssertEqual(report.rawCells, exp["rawCells"] as? [String: String] ?? [:], name)
            XCTAssertEqual(report.checks.map(\.rule), (exp["mustFlag"] as? [String]) ?? [], "\(name): \(report.checks)")
            XCTAssertEqual(report.diagnostics, [], name)
        }
    }

    func testShanghaiIsThe2019FormatWithProcurementInYuan() throws {
        let r = try Fixtures.report("real/shanghai-govoffice-2019.html")
        XCTAssertEqual(r.format, .v2019)
        XCTAssertNil(r.activeDisclosure, "2019 cells must not be poured into the 2021 keys")
        let d = try XCTUnwrap(r.activeDisclosure2019)
        XCTAssertEqual(d[.procurementProjects], 6)
        XCTAssertEqual(d[.procurementAmount], 251000)
        XCTAssertEqual(d.procurementAmountUnit, "元")
        XCTAssertEqual(r.rawCells["activeDisclosure2019.procurement.amount"], "251000元")
        let a = try XCTUnwrap(r.applications)
        XCTAssertNil(a[.otherHandlingTotal, .naturalPerson])
        XCTAssertNotEqual(a.line(of: .otherHandlingTotal), 0, "the single （六）其他处理 row was found")
        for row in [ApplicationRow.noCorrection, .unpaidFees, .otherHandlingOther] {
            XCTAssertNil(a[row, .total], "\(row) is not a row of the 2019 table")
        }
    }

    /// The 发布日期 printed under the title (notes of real-expected.json).
    func testShanghaiPublicationDateUnderTheTitle() throws {
        let r = try Fixtures.report("real/shanghai-govoffice-2019.html")
        XCTAssertEqual(r.publishedOn, "2020-01-31")
        XCTAssertEqual(r.title, "2019年上海市人民政府办公厅政府信息公开工作年度报告")
        XCTAssertFalse(r.preamble?.markdown.contains("发布日期") ?? false)
    }

    /// Blank cells (<p>&nbsp;</p>, bare &nbsp;) are null, and the sum rules over them are skipped. The same
    /// page with those blanks written as 0 does break rule 1 (予以公开 258+12+1+1 ≠ 0): the check is live.
    func testShanghaiBlanksAreNullAndRaiseNoFalseAlarm() throws {
        let name = "shanghai-govoffice-2019.html"
        let r = try Fixtures.report("real/\(name)")
        let a = try XCTUnwrap(r.applications)
        XCTAssertEqual(a[.granted, .naturalPerson], 258)
        XCTAssertNil(a[.granted, .total])
        XCTAssertNil(a[.carriedOver, .commercial])
        XCTAssertNil(r.reviewLitigation?[.review, .corrected])
        XCTAssertEqual(r.checks, [])

        let zeroed = try Fixtures.text("real/\(name)")
            .replacingOccurrences(of: "<p align=\"center\">&nbsp;</p>", with: "<p align=\"center\">0</p>")
        let broken = try read(zeroed, name: name)
        XCTAssertEqual(broken.applications?[.granted, .total], 0)
        XCTAssertTrue(broken.checks.contains { $0.rule == ArithmeticRules.rowSum && $0.expected == 272 && $0.found == 0 },
                      "\(broken.checks)")
    }

    func testPingtanReportIsReadFromInsideTheSiteChrome() throws {
        let text = try Fixtures.text("real/pingtan-2023.html")
        let document = try XCTUnwrap(HTMLReader.read(text))
        let texts = textBlocks(document)
        // The title comes from the page's heading above the report (the report's own part has none).
        XCTAssertEqual(texts.first?.text, "平潭综合实验区2023年度政府信息公开工作年度报告")
        XCTAssertEqual(texts.first?.line, 296)
        XCTAssertTrue(texts.dropFirst().first?.text.hasPrefix("本报告根据") ?? false)
        XCTAssertEqual(texts.last?.text, "2023年，无收取信息处理费情况。")
        for chrome in ["当前位置", "扫一扫", "福建省人民政府", "文字解读", "文字版", "文件下载", "来源：", "关闭", "附件下载"] {
            XCTAssertFalse(texts.contains { $0.text.contains(chrome) }, "chrome text \(chrome) read as report")
        }
        XCTAssertEqual(tables(document).count, 3)
        XCTAssertTrue(texts.allSatisfy { $0.line > 0 })

        let r = try Fixtures.report("real/pingtan-2023.html")
        XCTAssertEqual(r.title, "平潭综合实验区2023年度政府信息公开工作年度报告")
        XCTAssertEqual(r.printedAgency, "平潭综合实验区")
        XCTAssertEqual(r.proactiveItems?.line, 349)
    }

    /// The group cell 三、本年度办理结果 spans 22 rows: the rows under it repeat no text of it.
    func testPingtanGroupCellSpansTwentyTwoRows() throws {
        let document = try XCTUnwrap(HTMLReader.read(try Fixtures.text("real/pingtan-2023.html")))
        let t = try XCTUnwrap(tables(document).first { TableInterpreter.classify($0) == .applications })
        let group = try XCTUnwrap(t.rows.firstIndex { $0.cells.first?.text == "三、本年度办理结果" })
        for r in (group + 1)...(group + 21) {
            XCTAssertTrue(t.rows[r].cells[0].isSpanned, "row \(r)")
            XCTAssertEqual(t.rows[r].cells[0].text, "")
        }
        XCTAssertFalse(t.rows[group + 22].cells[0].isSpanned)
        XCTAssertEqual(t.rows[group + 22].cells[0].text, "四、结转下年度继续办理")
        // Every row is as wide as the table: 3 label columns and 7 values.
        XCTAssertTrue(t.rows.allSatisfy { $0.cells.count == 10 }, "\(t.rows.map(\.cells.count))")
    }

    func testProseBecomesEscapedMarkdownWithoutHTML() throws {
        for name in Self.realPages {
            let r = try Fixtures.report("real/\(name)")
            XCTAssertEqual(Set(r.sections.keys), Set(SectionKey.allCases), name)
            for (key, section) in r.sections {
                for markup in ["<p", "</", "&nbsp;", "style=", "\u{A0}"] {
                    XCTAssertFalse(section.markdown.contains(markup), "\(name) \(key) holds \(markup)")
                }
            }
        }
        let r = try Fixtures.report("real/pingtan-2023.html")
        XCTAssertTrue(r.sections[.overview]?.markdown.contains("2023年全区共主动公开政府信息13561条") ?? false)
        XCTAssertEqual(r.sections[.otherMatters]?.markdown, "2023年，无收取信息处理费情况。")

        let page = """
        <html><body><p>2022年某某局政府信息公开工作年度报告</p><p>一、总体情况</p>
        <p>1. 本局 *重点* 工作<b>加粗</b> &lt;script&gt; [链接](x)<br>第二行</p>
        \(Self.table4(values: Array(repeating: "0", count: 15)))</body></html>
        """
        let overview = try XCTUnwrap(read(page).sections[.overview]?.markdown)
        XCTAssertEqual(overview, "1\\. 本局 \\*重点\\* 工作加粗 \\<script\\> \\[链接\\](x)\n\n第二行")
    }

    // MARK: Grid expansion

    func testRowspanAndColspanExpandIntoAGrid() throws {
        let document = try XCTUnwrap(HTMLReader.read("""
        <table>
        <tr><td rowspan="2" colspan="2">A</td><td>B</td></tr>
        <tr><td>C</td></tr>
        <tr><td>D</td><td colspan="2">E</td></tr>
        <tr><td rowspan="9">F</td><td>G</td><td rowspan="0">H</td></tr>
        </table>
        """))
        let t = try XCTUnwrap(tables(document).first)
        XCTAssertEqual(t.rows.map(grid), [["A", "·", "B"], ["·", "·", "C"], ["D", "E", "·"], ["F", "G", "H"]])
        XCTAssertEqual(t.rows.map { $0.cells.count }, [3, 3, 3, 3], "a rowspan past the end stops at the last row")
    }

    func testCellsBesideARowspanKeepTheirColumns() throws {
        let document = try XCTUnwrap(HTMLReader.read("""
        <table><tr><td rowspan="3">组</td><td>甲</td><td>1</td></tr>
        <tr><td>乙</td><td>2</td></tr><tr><td>丙</td><td>3</td></tr></table>
        """))
        let t = try XCTUnwrap(tables(document).first)
        XCTAssertEqual(t.rows.map(grid), [["组", "甲", "1"], ["·", "乙", "2"], ["·", "丙", "3"]])
    }

    // MARK: Cell text

    func testLabelsSplitByBrOrParagraphsJoinIntoOneCell() throws {
        let document = try XCTUnwrap(HTMLReader.read("""
        <table><tr><td>商业<br/>企业</td><td><p>科研</p><p>机构</p></td><td><p>社会</p>
        <p>公益<br>组织</p></td><td>法律 服务
        机构</td></tr></table>
        """))
        let cells = try XCTUnwrap(tables(document).first?.rows.first?.cells.map(\.text))
        XCTAssertEqual(cells, ["商业\n企业", "科研\n机构", "社会\n公益\n组织", "法律 服务 机构"])
        XCTAssertEqual(cells.map(TextNormalization.joinLines), ["商业企业", "科研机构", "社会公益组织", "法律 服务 机构"])
    }

    func testNbspRunsAreSpacesAndBlankCellsAreEmpty() throws {
        let document = try XCTUnwrap(HTMLReader.read("""
        <p>&nbsp;&nbsp;<strong>&nbsp;一、总体情况</strong>&nbsp;</p><p>&nbsp;</p>
        <table><tr><td>&nbsp;&nbsp;12&nbsp;</td><td><p>&nbsp;</p></td><td>&nbsp;</td><td>1&nbsp;&nbsp;&nbsp;2</td><td></td></tr></table>
        """))
        XCTAssertEqual(textBlocks(document).map(\.text), ["一、总体情况"], "a paragraph of only &nbsp; is no block")
        XCTAssertTrue(textBlocks(document).first?.isHeading ?? false, "all-bold paragraph is a heading hint")
        let cells = try XCTUnwrap(tables(document).first?.rows.first?.cells.map(\.text))
        XCTAssertEqual(cells, ["12", "", "", "1 2", ""])
        XCTAssertEqual(CellValue.parse(cells[1]), .blank, "a blank cell is null, never 0")
    }

    /// `<br>` ends a line: each line is its own block with its own source line; a trailing `<br>` loses nothing.
    func testBrSplitsAParagraphIntoLinesWithTheirOwnLineNumbers() throws {
        let document = try XCTUnwrap(HTMLReader.read("<p><strong>一、总体情况</strong><br>\n第二行<br></p>\n<p>三</p>"))
        let texts = textBlocks(document)
        XCTAssertEqual(texts.map(\.text), ["一、总体情况", "第二行", "三"])
        XCTAssertEqual(texts.map(\.line), [1, 2, 3])
        XCTAssertEqual(texts.map(\.isHeading), [true, false, false])
    }

    // MARK: Repeated header rows

    func testHeaderRowsRepeatedInsideATableAreNotData() throws {
        let rows = ApplicationRow.rows(for: .v2021)
        let body = rows.prefix(10).map(Self.applicationRow).joined()
            + Self.applicationHeader + rows.dropFirst(10).map(Self.applicationRow).joined()
        let page = "<p>2023年某某局政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p><table>\(Self.applicationHeader)\(body)</table>"
        let t = try XCTUnwrap(tables(try XCTUnwrap(HTMLReader.read(page))).first)
        XCTAssertEqual(t.rows.count, 3 + rows.count, "the repeated header rows are dropped")
        try assertApplications(read(page))
    }

    func testTableSplitByAPageBreakWithRepeatedHeaderIsOneTable() throws {
        let rows = ApplicationRow.rows(for: .v2021)
        let page = """
        <p>2023年某某局政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p>
        <table>\(Self.applicationHeader)\(rows.prefix(12).map(Self.applicationRow).joined())</table>
        <br clear="all" style="page-break-before:always">
        <table>\(Self.applicationHeader)\(rows.dropFirst(12).map(Self.applicationRow).joined())</table>
        """
        let document = try XCTUnwrap(HTMLReader.read(page))
        XCTAssertEqual(tables(document).count, 1)
        XCTAssertEqual(tables(document).first?.rows.count, 3 + rows.count)
        let r = try read(page)
        try assertApplications(r)
        XCTAssertFalse(r.diagnostics.contains { $0.message.contains("重复的表格") }, "\(r.diagnostics)")
    }

    // MARK: Finding the report in a page

    func testReportWrappedInChromeIsFoundAndTitledFromThePageTitle() throws {
        let page = """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>某某县2022年政府信息公开工作年度报告_某某县人民政府</title>
        <script>var menu = "一、总体情况";</script><style>.x { color: red }</style></head><body>
        <div class="top"><nav><a href="/">首页</a><a>四、政府信息公开行政复议、行政诉讼情况</a></nav><div>网站首页 | 政务公开 123</div></div>
        <div class="side"><ul><li>热点新闻 2022年12月31日</li></ul><table><tr><td>访问量</td><td>888</td></tr></table></div>
        <div class="main"><div class="article-body">
          <p>一、总体情况</p><p>本县全年主动公开政府信息61条。</p>
          <p>二、主动公开政府信息情况</p>\(Self.table2021)
          <p>四、政府信息公开行政复议、行政诉讼情况</p>\(Self.table4(values: (1...15).map(String.init)))
          <p>五、存在的主要问题及改进情况</p><p>问题不少。</p>
          <p>六、其他需要报告的事项</p><p>无。</p>
        </div></div>
        <div class="footer">版权所有 联系电话 12345</div><div style="display: none">隐藏 999</div>
        <script>document.write("<p>三、收到和处理政府信息公开申请情况</p>")</script>
        </body></html>
        """
        let document = try XCTUnwrap(HTMLReader.read(page))
        let texts = textBlocks(document).map(\.text)
        XCTAssertEqual(texts.first, "某某县2022年政府信息公开工作年度报告")
        for chrome in ["首页", "网站首页", "热点", "访问量", "版权所有", "隐藏", "var menu", "color", "document.write"] {
            XCTAssertFalse(texts.contains { $0.contains(chrome) }, chrome)
        }
        XCTAssertEqual(tables(document).count, 2, "the sidebar's table is not the report's")
        XCTAssertEqual(FormDetection.textForm(page), .html)
        let r = try read(page)
        XCTAssertEqual(r.printedAgency, "某某县")
        XCTAssertEqual(r.year, 2022)
        XCTAssertEqual(r.proactiveItems?.value, 61)
        XCTAssertEqual(r.activeDisclosure?[.licensing], 5)
        XCTAssertEqual(r.reviewLitigation?[.litigationAfterReview, .total], 15)
        XCTAssertEqual(r.sections[.otherMatters]?.markdown, "无。")
    }

    /// A page laid out with tables: the report sits in a cell of an outer table beside a menu, and its prose
    /// says 规章 and 行政许可 (words of table 二), which must not make the outer table a data table.
    func testReportInsideALayoutTableIsReadAsBlocks() throws {
        let page = """
        <html><body><table width="100%"><tr><td class="menu"><p>栏目导航</p><p>通知公告</p></td><td>
        <p>2022年某某局政府信息公开工作年度报告</p><p>一、总体情况</p><p>公开规章1件、行政许可5件。</p>
        <p>二、主动公开政府信息情况</p>\(Self.table2021)
        <p>四、政府信息公开行政复议、行政诉讼情况</p>\(Self.table4(values: (1...15).map(String.init)))
        </td></tr></table></body></html>
        """
        let document = try XCTUnwrap(HTMLReader.read(page))
        XCTAssertEqual(tables(document).map(TableInterpreter.classify), [.activeDisclosure, .reviewLitigation])
        XCTAssertFalse(textBlocks(document).contains { $0.text.contains("栏目导航") })
        let r = try read(page)
        XCTAssertEqual(r.activeDisclosure?[.normativeInForce], 3)
        XCTAssertEqual(r.sections[.overview]?.markdown, "公开规章1件、行政许可5件。")
    }

    /// A small table inside a cell of an official table gives its text to that cell.
    func testTableNestedInADataCellBecomesTheCellsText() throws {
        let document = try XCTUnwrap(HTMLReader.read("""
        <table><tr><td>信息内容</td><td>本年处理决定数量</td></tr>
        <tr><td>行政许可</td><td><table><tr><td>12</td><td>(医疗)</td></tr></table></td></tr></table>
        """))
        let t = try XCTUnwrap(tables(document).first)
        XCTAssertEqual(tables(document).count, 1)
        XCTAssertEqual(t.rows.map(grid), [["信息内容", "本年处理决定数量"], ["行政许可", "12 (医疗)"]])
    }

    // MARK: A report held in a JavaScript string

    func testReportInAJavaScriptStringLiteral() throws {
        let html = """
        <p style="text-align: center">2019年某某局政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p>\(Self.table2019)
        """
        let escaped = html.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "")
        let file = "var dict = {\"a\": 1, \"b\": \"x\"};\nvar other = \"<p>不是报告</p>\";\nlet content = \"\(escaped)\";\n"
        XCTAssertEqual(EmbeddedHTML.find(in: file)?.html, html.replacingOccurrences(of: "\n", with: ""))
        XCTAssertEqual(EmbeddedHTML.find(in: file)?.line, 3)
        XCTAssertEqual(FormDetection.textForm(file), .html)
        let r = try read(file)
        XCTAssertEqual(r.format, .v2019)
        XCTAssertEqual(r.year, 2019)
        XCTAssertEqual(r.activeDisclosure2019?[.regulationsTotalPublic], 524)
        XCTAssertEqual(r.activeDisclosure2019?[.procurementAmount], 25.1)
        XCTAssertEqual(r.activeDisclosure2019?.procurementAmountUnit, "万元", "unit from the column header")
        XCTAssertEqual(r.activeDisclosure2019?.line, 3)
        // The same page as plain HTML reads the same numbers.
        let plain = try read(html)
        XCTAssertEqual(Disclosure2019Item.allCases.map { plain.activeDisclosure2019?[$0] }, Disclosure2019Item.allCases.map { r.activeDisclosure2019?[$0] })
    }

    // MARK: Helpers

    func read(_ text: String, name: String = "page.html") throws -> Report {
        switch Pipeline.read(SourceFile(path: name, data: Data(text.utf8))) {
        case .success(let r): return r
        case .failure(let s): throw s
        }
    }

    func tables(_ d: SourceDocument) -> [SourceTable] {
        d.blocks.compactMap { if case .table(let t) = $0 { return t } else { return nil } }
    }

    func textBlocks(_ d: SourceDocument) -> [TextBlock] {
        d.blocks.compactMap { if case .text(let t) = $0 { return t } else { return nil } }
    }

    /// A row as its texts, `·` for a spanned position.
    func grid(_ row: SourceRow) -> [String] { row.cells.map { $0.isSpanned ? "·" : $0.text } }

    /// Row i of the generated table 三 holds i+1 natural persons and i+1 in total.
    func assertApplications(_ r: Report, file: StaticString = #filePath, line: UInt = #line) throws {
        let a = try XCTUnwrap(r.applications, file: file, line: line)
        for (i, row) in ApplicationRow.rows(for: .v2021).enumerated() {
            XCTAssertEqual(a[row, .naturalPerson], Double(i + 1), "\(row)", file: file, line: line)
            XCTAssertEqual(a[row, .commercial], 0, "\(row)", file: file, line: line)
            XCTAssertEqual(a[row, .total], Double(i + 1), "\(row)", file: file, line: line)
        }
        XCTAssertFalse(r.diagnostics.contains { $0.message.contains("表三") }, "\(r.diagnostics)", file: file, line: line)
    }

    static let applicationHeader = """
    <tr><td rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
    <tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
    <tr><td>商业<br>企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
    """

    static func applicationRow(_ row: ApplicationRow) -> String {
        let i = ApplicationRow.rows(for: .v2021).firstIndex(of: row)! + 1
        return "<tr><td>\(row.label)</td><td>\(i)</td>" + String(repeating: "<td>0</td>", count: 5) + "<td>\(i)</td></tr>\n"
    }

    static let table2021 = """
    <table><tr><td colspan="4">第二十条第（一）项</td></tr>
    <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
    <tr><td>规章</td><td>0</td><td>0</td><td>1</td></tr><tr><td>行政规范性文件</td><td>1</td><td>2</td><td>3</td></tr>
    <tr><td colspan="4">第二十条第（五）项</td></tr><tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
    <tr><td>行政许可</td><td colspan="3">5</td></tr></table>
    """

    static func table4(values: [String]) -> String {
        """
        <table><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
        <tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td>
        <td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
        <tr>\(String(repeating: "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>", count: 2))</tr>
        <tr>\(values.map { "<td>\($0)</td>" }.joined())</tr></table>
        """
    }

    static let table2019 = """
    <table border="1"><tr><td colspan="5">第二十条第（一）项</td></tr>
    <tr><td>信息内容</td><td>本年新<br />制作数量</td><td colspan="2">本年新<br />公开数量</td><td>对外公开总数量</td></tr>
    <tr><td>规章</td><td>13</td><td colspan="2">13</td><td>524</td></tr>
    <tr><td colspan="5">第二十条第（九）项</td></tr>
    <tr><td>信息内容</td><td colspan="2">采购项目数量</td><td colspan="2">采购总金额（万元）</td></tr>
    <tr><td>政府集中采购</td><td colspan="2">6</td><td colspan="2">25.1</td></tr></table>
    """
}
