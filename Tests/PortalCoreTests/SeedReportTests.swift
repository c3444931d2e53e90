import XCTest
@testable import PortalCore

/// Every cell of the five sample reports against the hand-checked seeds-expected.json.
final class SeedReportTests: XCTestCase {
    func expectations() throws -> [String: [String: Any]] {
        try XCTUnwrap(Fixtures.json("seeds-expected.json") as? [String: [String: Any]])
    }

    func testEveryCellOfEverySeed() throws {
        let expected = try expectations()
        XCTAssertEqual(expected.count, 5)
        for (name, exp) in expected {
            let report = try Fixtures.report("seeds/\(name)")
            assertCells(report, equal: exp)
            XCTAssertEqual(report.year, exp["year"] as? Int, name)
            XCTAssertTrue(report.printedAgency?.contains(exp["agencyContains"] as! String) ?? false,
                          "\(name): agency \(report.printedAgency ?? "nil")")
            let proactive = exp["proactiveItems"] as? NSNumber
            XCTAssertEqual(report.proactiveItems?.value, proactive?.doubleValue, "\(name) proactiveItems")
            if let date = exp["publishedOn"] as? String { XCTAssertEqual(report.publishedOn, date, name) }
            let raw = exp["rawCells"] as? [String: String] ?? [:]
            for (path, text) in raw { XCTAssertEqual(report.rawCells[path], text, "\(name) rawCells[\(path)]") }
        }
    }

    func testTitlesIncludingOnesSplitOverLines() throws {
        let titles = [
            "000_4e7e543bd70c2432.txt": "2023年盘州市卫生健康局政府信息公开工作年度报告",
            "001_0d7b6ffdfb1250b7.txt": "卫健委 2023 年政府信息公开工作年度报告",
            "002_a8545102c5627bed.txt": "沙湾市卫生健康委2024年政府信息公开工作年度报告",
            "003_4338f21fe6e2a3fa.txt": "宽城满族自治县卫生健康局政府信息公开工作2022年度报告",
            "004_6220ccabb50c96b9.txt": "呼兰区卫生健康局2023年政府信息公开工作年度报告",
        ]
        for (name, title) in titles {
            let r = try Fixtures.report("seeds/\(name)")
            XCTAssertEqual(r.title, title, name)
            let firstLine = r.preamble?.markdown.split(separator: "\n").first.map(String.init) ?? ""
            XCTAssertFalse(firstLine.contains("年度报告") && firstLine.count < 40, "\(name): title left in the preamble: \(firstLine)")
        }
    }

    func testFormsAreDetectedFromContentNotExtension() throws {
        XCTAssertEqual(try Fixtures.report("seeds/001_0d7b6ffdfb1250b7.txt").form, .markdown)
        XCTAssertEqual(try Fixtures.report("seeds/000_4e7e543bd70c2432.txt").form, .wordText)
    }

    func testShortTitleIsCompletedFromBody() throws {
        let r = try Fixtures.report("seeds/001_0d7b6ffdfb1250b7.txt")
        XCTAssertEqual(r.printedAgency, "二七区卫健委")
    }

    func testBlankApplicantCellsStayNullNotZero() throws {
        let r = try Fixtures.report("seeds/002_a8545102c5627bed.txt")
        let a = try XCTUnwrap(r.applications)
        XCTAssertNil(a[.newReceived, .naturalPerson])
        XCTAssertEqual(a[.newReceived, .total], 0)
        // Rules over blank cells are skipped, not failed.
        XCTAssertTrue(r.checks.isEmpty, "\(r.checks)")
    }

    func testExtraCellsAfterAValueAreReportedNotSilentlyDropped() throws {
        let r = try Fixtures.report("seeds/002_a8545102c5627bed.txt")
        let extra = r.diagnostics.filter { $0.message.contains("行政处罚") && $0.message.contains("0 | 10") }
        XCTAssertEqual(extra.count, 1, "\(r.diagnostics)")
        XCTAssertEqual(extra.first?.location.line, 54)
    }

    /// The checks of rules 1–5 only (the audit adds others, tested in AuditTests).
    func arithmetic(_ r: Report) -> [Check] { r.checks.filter { $0.rule.hasPrefix("rule") } }

    func testSeed004CarriesItsTwoBreaks() throws {
        let r = try Fixtures.report("seeds/004_6220ccabb50c96b9.txt")
        XCTAssertEqual(arithmetic(r).map(\.rule).sorted(), [ArithmeticRules.rowSum, ArithmeticRules.resultTotal].sorted())
        let row = try XCTUnwrap(r.checks.first { $0.rule == ArithmeticRules.rowSum })
        XCTAssertEqual(row.expected, 8); XCTAssertEqual(row.found, 0)
        XCTAssertTrue(row.cells.contains("applications.results.unableToProvide.notHeld.total"))
        let column = try XCTUnwrap(r.checks.first { $0.rule == ArithmeticRules.resultTotal })
        XCTAssertTrue(column.cells.contains("applications.results.total.naturalPerson"))
        XCTAssertEqual(column.expected, 8); XCTAssertEqual(column.found, 0)
        for seed in ["000_4e7e543bd70c2432.txt", "001_0d7b6ffdfb1250b7.txt", "002_a8545102c5627bed.txt", "003_4338f21fe6e2a3fa.txt"] {
            XCTAssertTrue(arithmetic(try Fixtures.report("seeds/\(seed)")).isEmpty, seed)
        }
    }
}

/// Blank cells at the edge of a Markdown row must not shift the row (found by the synthesized corpus:
/// a blank 总计 moved every value one column).
final class MarkdownBlankEdgeTests: XCTestCase {
    func report(replacing pairs: [(String, String)]) throws -> Report {
        var text = try Fixtures.text("seeds/001_0d7b6ffdfb1250b7.txt")
        for (old, new) in pairs {
            XCTAssertTrue(text.contains(old), old)
            text = text.replacingOccurrences(of: old, with: new)
        }
        switch Pipeline.read(SourceFile(path: "edited.md", data: Data(text.utf8))) {
        case .success(let r): return r
        case .failure(let s): throw s
        }
    }

    func testBlankTotalAndBlankFirstColumnKeepTheirPlaces() throws {
        let r = try report(replacing: [
            ("一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t", "一、本年新收政府信息公开申请数量\t\t3\t1\t0\t0\t0\t0\t\t"),
            ("二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t", "二、上年结转政府信息公开申请数量\t\t\t2\t0\t0\t0\t0\t2\t"),
        ])
        let a = try XCTUnwrap(r.applications)
        XCTAssertEqual(a[.newReceived, .naturalPerson], 3)
        XCTAssertEqual(a[.newReceived, .commercial], 1)
        XCTAssertNil(a[.newReceived, .total])
        XCTAssertNil(a[.carriedOver, .naturalPerson])
        XCTAssertEqual(a[.carriedOver, .commercial], 2)
        XCTAssertEqual(a[.carriedOver, .total], 2)
        XCTAssertFalse(r.diagnostics.contains { $0.severity == .error }, "\(r.diagnostics)")
    }

    func testAmbiguousRowWithoutAnExampleIsLeftBlankNotGuessed() throws {
        // Every row of this shape has a blank edge, so no row shows where the values sit.
        let rows = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"]
        var pairs = rows.map { ("\($0)\t\t0\t0\t0\t0\t0\t0\t0\t", "\($0)\t\t5\t0\t0\t0\t0\t0\t\t") }
        pairs.append(("四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0\t", "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t\t"))
        let r = try report(replacing: pairs)
        let a = try XCTUnwrap(r.applications)
        XCTAssertNil(a[.newReceived, .naturalPerson])
        XCTAssertNil(a[.newReceived, .commercial])
        let errors = r.diagnostics.filter { $0.severity == .error && $0.message.contains("未作猜测") }
        XCTAssertEqual(errors.count, 3, "\(r.diagnostics)")
    }
}
