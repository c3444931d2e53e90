import Foundation
import XCTest
@testable import PortalCore

/// A bad file never stops the site: each kind gives one clear diagnostic with its file and, where one
/// applies, its line; every other report is still published; the exit code is the README's (0 when every
/// report was published, with warnings; 1 when a file was left out).
final class BadFilesTests: XCTestCase {
    struct Outcome {
        var status: Int32
        var lines: [String]      // what the build printed about the bad file (warnings and errors)
        var published: [String]  // sources in data/reports.json
        var skipped: [String]
    }

    /// Builds the five seeds plus one bad file with the CLI and reports what it said about that file.
    func build(_ name: String, _ data: Data) throws -> Outcome {
        let dir = try Fixtures.temporaryDirectory(name)
        let content = dir.appendingPathComponent("content")
        try FileManager.default.copyItem(at: Fixtures.url("seeds"), to: content)
        try data.write(to: content.appendingPathComponent(name))
        let run = try PortalCLI.run(PortalCLI.build(content, into: dir.appendingPathComponent("public")))
        let printed = run.out
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("public/data/reports.json"))) as? [String: Any])
        let published = (json["reports"] as? [[String: Any]] ?? []).compactMap { $0["source"] as? String }
        let skipped = (json["skipped"] as? [[String: Any]] ?? []).compactMap { $0["source"] as? String }
        // What the reading said; the findings about the numbers a seed carries (`…（rule-id）`) are not about the file.
        let lines = printed.split(separator: "\n").map(String.init)
            .filter { $0.hasPrefix(name + ":") && ($0.contains(": error: ") || $0.contains(": warning: ")) }
            .filter { $0.range(of: "（[a-z0-9-]+）$", options: .regularExpression) == nil }
        try? FileManager.default.removeItem(at: dir)
        return Outcome(status: run.status, lines: lines, published: published, skipped: skipped)
    }

    static let seedSources = ["000_4e7e543bd70c2432.txt", "001_0d7b6ffdfb1250b7.txt", "002_a8545102c5627bed.txt",
                              "003_4338f21fe6e2a3fa.txt", "004_6220ccabb50c96b9.txt"]

    /// The bad file gets exactly one diagnostic, starting `prefix` and saying `words`; the seeds are published.
    func assertOneDiagnostic(_ o: Outcome, prefix: String, words: String, status: Int32, published: Bool,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(o.lines.count, 1, "one diagnostic, got: \(o.lines.map { String($0.prefix(200)) })", file: file, line: line)
        if let first = o.lines.first {
            XCTAssertTrue(first.hasPrefix(prefix), "\(first.prefix(200)) should start \(prefix)", file: file, line: line)
            XCTAssertTrue(first.contains(words), "\(first.prefix(200)) should say \(words)", file: file, line: line)
        }
        XCTAssertEqual(o.status, status, "exit code", file: file, line: line)
        XCTAssertEqual(o.published.filter { Self.seedSources.contains($0) }.sorted(), Self.seedSources, "the other reports are published", file: file, line: line)
        XCTAssertEqual(o.published.count, published ? 6 : 5, file: file, line: line)
        XCTAssertEqual(o.skipped.count, published ? 0 : 1, file: file, line: line)
    }

    /// A seed as another agency's report (so it is no second report of the seed's agency and year).
    func seed(_ n: Int) throws -> String {
        let text = try Fixtures.text("seeds/\(Self.seedSources[n])")
        return text.replacingOccurrences(of: "盘州市卫生健康局", with: "盘州市测试局").replacingOccurrences(of: "卫健委", with: "测试委")
    }

    func testEmptyFile() throws {
        assertOneDiagnostic(try build("empty.txt", Data()), prefix: "empty.txt: error: ", words: "空文件", status: 1, published: false)
    }

    func testBinaryFile() throws {
        var bytes = [UInt8](repeating: 0, count: 4096)
        for i in bytes.indices { bytes[i] = UInt8((i * 7919) & 0xFF) }
        assertOneDiagnostic(try build("scan.txt", Data(bytes)), prefix: "scan.txt: error: ", words: "二进制文件", status: 1, published: false)
    }

    /// Latin-1 accents are neither UTF-8 nor GB18030 (é followed by a space is no GB18030 pair).
    func testWrongEncoding() throws {
        let latin1 = Data(String(repeating: "Rapport annuel de l'agence: café, résumé, à la crème. ", count: 40).data(using: .isoLatin1)!)
        XCTAssertNil(String(data: latin1, encoding: .utf8))
        XCTAssertNil(TextDecoding.decode(latin1), "TextDecoding refuses it rather than guess")
        assertOneDiagnostic(try build("latin1.txt", latin1), prefix: "latin1.txt: error: ", words: "无法识别的文字编码", status: 1, published: false)
    }

    func testTruncatedMidTable() throws {
        let lines = try seed(0).components(separatedBy: "\n")
        let cut = try XCTUnwrap(lines.firstIndex { $0.contains("属于国家秘密") }) + 5
        let o = try build("cut.txt", Data(lines.prefix(cut).joined(separator: "\n").utf8))
        assertOneDiagnostic(o, prefix: "cut.txt:\(cut): error: ", words: "表三之中结束", status: 0, published: true)
    }

    func testTableWithThreeExtraColumns() throws {
        var inTable3 = false
        let text = try seed(1).components(separatedBy: "\n").map { line -> String in
            if line.hasPrefix("### 三") { inTable3 = true }
            if line.hasPrefix("#### 四") { inTable3 = false }
            guard inTable3, line.contains("\t"), line.contains(where: \.isNumber) else { return line }
            var l = line
            while l.hasSuffix("\t") { l.removeLast() }
            return l + "\t9\t9\t9"
        }.joined(separator: "\n")
        let o = try build("wide.md", Data(text.utf8))
        assertOneDiagnostic(o, prefix: "wide.md:41: error: ", words: "表三有 25 行各有 10 个数值单元格，应为 7 个（表格多了 3 列", status: 0, published: true)
    }

    func testMissingRow() throws {
        let text = try seed(1).components(separatedBy: "\n").filter { !$0.hasPrefix("(七) 总计") }.joined(separator: "\n")
        assertOneDiagnostic(try build("short.md", Data(text.utf8)), prefix: "short.md:38: warning: ", words: "表三缺少 1 行：（七）总计",
                            status: 0, published: true)
    }

    /// 50 MB of prose without any table: read in full, then left out for having no table.
    func testFiftyMegabytesOfProse() throws {
        let paragraph = String(repeating: "本机关坚持以人民为中心，持续深化政务公开。", count: 20) + "\n"
        let data = Data(String(repeating: paragraph, count: (50 << 20) / paragraph.utf8.count).utf8)
        XCTAssertGreaterThanOrEqual(data.count, 50 << 20 - 2048)
        assertOneDiagnostic(try build("huge.txt", data), prefix: "huge.txt: error: ", words: "未找到报告的统计表格", status: 1, published: false)
    }

    /// Over the 64 MB limit: not even read.
    func testOversizeFileIsRefused() throws {
        let data = Data(repeating: 0x41, count: (64 << 20) + 1)
        assertOneDiagnostic(try build("giant.txt", data), prefix: "giant.txt: error: ", words: "文件过大", status: 1, published: false)
    }
}
