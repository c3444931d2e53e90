import Foundation
import XCTest
@testable import PortalCore

/// Crawler text with glued cells (Fixtures/real/pingtan-2023-flattened.txt), checked against the
/// hand-checked values of the same report (real-expected.json, pingtan-2023.html): every cell read must
/// be the expected value; a cell that cannot be read with certainty must be null.
final class FlattenedReaderTests: XCTestCase {
    let fixture = "real/pingtan-2023-flattened.txt"

    func expected() throws -> [String: Any] {
        let all = try XCTUnwrap(Fixtures.json("real-expected.json") as? [String: Any])
        return try XCTUnwrap(all["pingtan-2023.html"] as? [String: Any])
    }

    /// path → expected number (NSNull for null), flattened from the contract layout.
    func expectedCells() throws -> [String: Any] {
        var out: [String: Any] = [:]
        func walk(_ v: Any, _ path: String) {
            if let d = v as? [String: Any] { for (k, x) in d { walk(x, path.isEmpty ? k : "\(path).\(k)") } } else { out[path] = v }
        }
        let exp = try expected()
        for table in ["activeDisclosure", "applications", "reviewLitigation"] { walk(exp[table]!, table) }
        return out
    }

    func testTheFormIsDetectedFromTheGluedLine() throws {
        let text = try Fixtures.text(fixture)
        XCTAssertEqual(FormDetection.textForm(text), .flattened)
        XCTAssertEqual(try Fixtures.report(fixture).form, .flattened)
        // The seeds, with their tabs, are not mistaken for it.
        XCTAssertNotEqual(FormDetection.textForm(try Fixtures.text("seeds/000_4e7e543bd70c2432.txt")), .flattened)
    }

    func testEveryCellReadIsTheExpectedValueAndTheRestAreNull() throws {
        let report = try Fixtures.report(fixture)
        let expected = try expectedCells()
        var read = 0, null = 0
        for (path, value) in ReportJSON.allCells(report) {
            let want = try XCTUnwrap(expected[path], "no expectation for \(path)")
            if let v = value {
                read += 1
                XCTAssertEqual(v, (want as? NSNumber)?.doubleValue, "wrong number at \(path)")
            } else {
                null += 1
            }
        }
        // 200 cells (10 + 25 rows × 7 + 15): table 二's three 规范性文件 cells (77132470) cannot be split with certainty.
        XCTAssertEqual(read + null, 200)
        XCTAssertEqual(read, 197, "cells recovered from glued digits")
        XCTAssertNil(report.activeDisclosure?[.normativeIssued])
        XCTAssertNil(report.activeDisclosure?[.normativeInForce])
        XCTAssertTrue(report.checks.isEmpty, "\(report.checks)")
        XCTAssertEqual(report.year, 2023)
        XCTAssertEqual(report.printedAgency, "平潭综合实验区")
        XCTAssertEqual(report.proactiveItems?.value, 13561)
        XCTAssertEqual(report.title, "平潭综合实验区2023年度政府信息公开工作年度报告")
        XCTAssertNotNil(report.sections[.problems])
        XCTAssertTrue(report.sections[.otherMatters]?.markdown.contains("信息处理费") ?? false)
    }

    func testEachRuleDecidedRowAndEachNullRowIsExplained() throws {
        let report = try Fixtures.report(fixture)
        let normative = report.diagnostics.filter { $0.message.contains("规范性文件") && $0.message.contains("77132470") }
        XCTAssertEqual(normative.count, 1)
        XCTAssertEqual(normative.first?.severity, .warning)
        XCTAssertEqual(normative.first?.location, SourceLocation(file: "pingtan-2023-flattened.txt", line: 10))
        // 220000022 is 22|0|0|0|0|0|22 or 2|20|0|0|0|0|22 by the row sum; the column rules decide.
        let granted = report.diagnostics.filter { $0.severity == .notice && $0.message.contains("予以公开") }
        XCTAssertEqual(granted.count, 1)
        XCTAssertTrue(granted[0].message.contains("列合计") && granted[0].message.contains("22 | 0 | 0 | 0 | 0 | 0 | 22"), granted[0].message)
        let summary = report.diagnostics.first { $0.message.hasPrefix("表三（依申请公开）由粘连的数字读入") }
        XCTAssertEqual(summary?.message, "表三（依申请公开）由粘连的数字读入：20 行只有一种拆分，5 行由算术规则唯一确定，0 行无法确定（记为空）")
    }

    /// The same text with each section and table on a line of its own: short glued lines are found too.
    func testTablesOnLinesOfTheirOwnReadTheSame() throws {
        var text = try Fixtures.text(fixture)
        for heading in ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"] {
            text = text.replacingOccurrences(of: heading, with: "\n\(heading)\n")
        }
        XCTAssertEqual(FormDetection.textForm(text), .flattened)
        let lines = text.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("第二十条") && $0.utf8.count < 3000 })
        let split = try FormFixtures.report(Data(text.utf8), as: "lines.txt")
        let whole = try Fixtures.report(fixture)
        XCTAssertEqual(ReportJSON.allCells(split).map(\.value), ReportJSON.allCells(whole).map(\.value))
        XCTAssertEqual(split.year, 2023)
        XCTAssertNotNil(split.sections[.problems])
    }

    // MARK: Rules that cannot be trusted, ambiguity

    /// The report with one glued row changed so that the column rules can no longer hold.
    func testWhenTheColumnRulesFailNoRuleDecidedRowIsRead() throws {
        var text = try Fixtures.text(fixture)
        // 3.其他: 1000001 → 2000002 (still a valid row), so the result totals no longer add up.
        text = text.replacingOccurrences(of: "3.其他1000001", with: "3.其他2000002")
        let report = try FormFixtures.report(Data(text.utf8), as: "broken.txt")
        let a = try XCTUnwrap(report.applications)
        XCTAssertEqual(a[.otherHandlingOther, .naturalPerson], 2, "a row of single digits is certain whatever the rules say")
        // 220000022 needed the column rules: now unreadable, so null — never 2 | 20.
        XCTAssertNil(a[.granted, .naturalPerson])
        XCTAssertNil(a[.granted, .commercial])
        XCTAssertNil(a[.resultsTotal, .total], "decided only by a rule that no longer holds")
        let expected = try expectedCells()
        for (path, value) in ReportJSON.allCells(report) where path.hasPrefix("applications") && !path.contains("otherHandling.other") {
            if let v = value { XCTAssertEqual(v, (expected[path] as? NSNumber)?.doubleValue, path) }
        }
        XCTAssertTrue(report.diagnostics.contains { $0.message.contains("不能同时成立") }, "\(report.diagnostics)")
    }

    func testARowWhoseSumNoSplitSatisfiesIsNull() throws {
        var text = try Fixtures.text(fixture)
        text = text.replacingOccurrences(of: "（七）总计801000081", with: "（七）总计801000082")
        let report = try FormFixtures.report(Data(text.utf8), as: "broken.txt")
        let a = try XCTUnwrap(report.applications)
        for column in Applicant.allCases { XCTAssertNil(a[.resultsTotal, column]) }
        XCTAssertTrue(report.diagnostics.contains { $0.message.contains("（七）总计") && $0.message.contains("没有一种拆分满足行合计") })
        // newReceived still has only one split by its own row sum, and no column rule is left to contradict it.
        XCTAssertEqual(a[.newReceived, .naturalPerson], 80)
        XCTAssertNil(a[.granted, .naturalPerson], "ambiguous once the column rules cannot be applied")
    }

    // MARK: Splitting digits

    func testTheBriefsExampleSplitsOneWayByTheRowSum() throws {
        let s = try XCTUnwrap(DigitSplitter("640020470"))
        XCTAssertGreaterThan(s.waysToSplit(count: 7), 1)
        let bySum = s.splits(count: 7, check: { p in p.count < 7 || p.prefix(6).reduce(0, +) == p[6] })
        XCTAssertEqual(bySum.splits, [[64, 0, 0, 2, 0, 4, 70]])
    }

    func testNumbersHaveNoLeadingZeros() throws {
        XCTAssertEqual(try XCTUnwrap(DigitSplitter("0000000")).splits(count: 7).splits, [[0, 0, 0, 0, 0, 0, 0]])
        XCTAssertEqual(try XCTUnwrap(DigitSplitter("0123")).splits(count: 1).splits, [])
        XCTAssertEqual(try XCTUnwrap(DigitSplitter("0123")).splits(count: 2).splits, [[0, 123]])
        XCTAssertEqual(try XCTUnwrap(DigitSplitter("100")).splits(count: 2).splits, [[10, 0]])
    }

    func testDecimalsOnlyWhereMoneyAndSpacesAreCertainCuts() throws {
        let fee = try XCTUnwrap(DigitSplitter("5949.088667"))
        XCTAssertEqual(fee.splits(count: 1, decimal: { _ in true }).splits, [[5949.088667]])
        XCTAssertEqual(fee.splits(count: 1).splits, [], "a count has no decimal point")
        let spaced = try XCTUnwrap(DigitSplitter("12 3"))
        XCTAssertEqual(spaced.splits(count: 2).splits, [[12, 3]])
        XCTAssertEqual(spaced.splits(count: 3).splits, [[1, 2, 3]])
        XCTAssertEqual(try XCTUnwrap(DigitSplitter("１２")).splits(count: 1).splits, [[12]], "full-width digits")
    }

    func testListNumbersGluedToDigitsGoBackToTheirLabel() {
        let runs = FlattenedReader.runs(Array("禁止公开00000002.其他法律3.危及".unicodeScalars)[...])
        XCTAssertEqual(runs.map(\.text), ["禁止公开", "0000000", "2.其他法律3.危及"])
        let fee = FlattenedReader.runs(Array("收费5949.088667三、收到".unicodeScalars)[...])
        XCTAssertEqual(fee.map(\.text), ["收费", "5949.088667", "三、收到"])
    }
}
