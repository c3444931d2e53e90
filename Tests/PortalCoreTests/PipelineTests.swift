import Foundation
import XCTest
@testable import PortalCore

final class PipelineTests: XCTestCase {
    /// The published record of one seed, byte for byte.
    func testReportRecordGolden() throws {
        let content = try Fixtures.temporaryDirectory()
        try FileManager.default.copyItem(at: Fixtures.url("seeds/004_6220ccabb50c96b9.txt"),
                                         to: content.appendingPathComponent("004_6220ccabb50c96b9.txt"))
        let loaded = Pipeline.load(content: content)
        let sink = MemorySink()
        try Pipeline.renderData(loaded, to: sink)
        // Golden through the same writer, pretty, so a changed cell is one changed line.
        var pretty = JSONWriter(pretty: true)
        ReportJSON.write(try XCTUnwrap(loaded.reports.first), to: &pretty)
        try assertGolden(pretty.string + "\n", "004-record.json")
        // The published file holds the same record, compact on one line, and parses.
        let slug = try XCTUnwrap(loaded.agencies.first?.slug)
        let published = try XCTUnwrap(sink.files["agencies/\(slug)/data.json"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(published)) as? [String: Any])
        let record = try XCTUnwrap((json["reports"] as? [[String: Any]])?.first)
        let golden = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(pretty.bytes)) as? NSDictionary)
        XCTAssertEqual(record as NSDictionary, golden)
    }

    /// A report whose table breaks off is reported with file and line; the others are still published.
    func testBrokenReportIsReportedAndOthersPublished() throws {
        let content = try Fixtures.temporaryDirectory()
        for seed in ["000_4e7e543bd70c2432.txt", "003_4338f21fe6e2a3fa.txt"] {
            try FileManager.default.copyItem(at: Fixtures.url("seeds/\(seed)"), to: content.appendingPathComponent(seed))
        }
        // Truncated in the middle of table 三, and a file with no tables at all.
        let seed = try Fixtures.text("seeds/000_4e7e543bd70c2432.txt")
        let cut = seed.range(of: "\t5.属于三类内部事务信息")!.lowerBound
        try String(seed[..<cut]).write(to: content.appendingPathComponent("truncated.txt"), atomically: true, encoding: .utf8)
        try "这不是一份年度报告。\n只有两行文字。\n".write(to: content.appendingPathComponent("garbage.txt"), atomically: true, encoding: .utf8)
        try Data([0x00, 0x01, 0xFF, 0xFE, 0x00, 0x00, 0x13]).write(to: content.appendingPathComponent("binary.txt"))

        let loaded = Pipeline.load(content: content)
        XCTAssertEqual(Set(loaded.reports.map(\.source)), ["000_4e7e543bd70c2432.txt", "003_4338f21fe6e2a3fa.txt", "truncated.txt"])
        XCTAssertEqual(loaded.skipped.map(\.source), ["binary.txt", "garbage.txt"])
        XCTAssertTrue(loaded.skipped.allSatisfy { !$0.reason.isEmpty })

        let truncated = try XCTUnwrap(loaded.reports.first { $0.source == "truncated.txt" })
        // What was read stays; what is missing is blank and said, never zero.
        XCTAssertEqual(truncated.applications?[.newReceived, .total], 0)
        XCTAssertNil(truncated.applications?[.internalAffairs, .total])
        XCTAssertNil(truncated.reviewLitigation)
        let problems = Pipeline.allDiagnostics(loaded).filter { $0.location.file == "truncated.txt" }
        XCTAssertTrue(problems.contains { $0.message.contains("表三缺少") && $0.location.line != nil }, "\(problems)")
        XCTAssertTrue(problems.contains { $0.severity == .error && $0.message.contains("表四") }, "\(problems)")
    }

    func testOutputIsSwappedInWholeAndPathsStayInside() throws {
        let dir = try Fixtures.temporaryDirectory()
        let output = dir.appendingPathComponent("public")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try "old".write(to: output.appendingPathComponent("stale.html"), atomically: true, encoding: .utf8)
        let staged = try StagedOutput(output: output)
        try staged.write("a/b.txt", "new")
        XCTAssertThrowsError(try staged.write("../escape.txt", "x"))
        XCTAssertThrowsError(try staged.write("/etc/passwd", "x"))
        XCTAssertThrowsError(try staged.write("a/\0b", "x"))
        // Until commit, the old site is what is there.
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("stale.html").path))
        try staged.commit()
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.appendingPathComponent("stale.html").path))
        XCTAssertEqual(try String(contentsOf: output.appendingPathComponent("a/b.txt"), encoding: .utf8), "new")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("../escape.txt").path))
        // The previous site is removed in the background once the new one is live.
        var leftovers: [String] = []
        for _ in 0..<100 {
            leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
            if leftovers.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertEqual(leftovers, [])
    }

    /// The wide CSV: a row per report whose every cell column agrees with the JSON record, and the
    /// printed text of cells beside it in raw-cells.csv.
    func testCSVHasOneRowPerReportAgreeingWithJSON() throws {
        let content = try Fixtures.temporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: Fixtures.url("seeds").path) {
            try FileManager.default.copyItem(at: Fixtures.url("seeds/\(name)"), to: content.appendingPathComponent(name))
        }
        let loaded = Pipeline.load(content: content)
        XCTAssertEqual(loaded.reports.count, 5)
        let sink = MemorySink()
        try Pipeline.renderData(loaded, to: sink)
        let csv = try XCTUnwrap(sink.files["data/reports.csv"])
        XCTAssertEqual(Array(csv.prefix(3)), [0xEF, 0xBB, 0xBF])
        let rows = parseCSV(String(decoding: csv.dropFirst(3), as: UTF8.self))
        XCTAssertEqual(rows.first, DataFiles.csvColumns)
        XCTAssertEqual(rows.count, 1 + loaded.reports.count)
        let column = Dictionary(uniqueKeysWithValues: DataFiles.csvColumns.enumerated().map { ($1, $0) })
        var compared = 0
        for (report, row) in zip(loaded.reports, rows.dropFirst()) {
            XCTAssertEqual(row.count, DataFiles.csvColumns.count)
            XCTAssertEqual(row[0], report.source)
            for (path, value) in ReportJSON.allCells(report) {
                XCTAssertEqual(row[try XCTUnwrap(column[path], path)], value.map(formatNumber) ?? "", "\(report.source) \(path)")
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 5 * 150)
        // Seed 002: 789 with its note; a blank cell stays empty, never 0.
        let seed002 = try XCTUnwrap(rows.first { $0[0] == "002_a8545102c5627bed.txt" })
        XCTAssertEqual(seed002[column["activeDisclosure.licensing"]!], "789")
        XCTAssertEqual(seed002[column["applications.newReceived.naturalPerson"]!], "")
        let raw = parseCSV(String(decoding: try XCTUnwrap(sink.files["data/raw-cells.csv"]).dropFirst(3), as: UTF8.self))
        XCTAssertEqual(raw.first, ["source", "path", "value", "text"])
        XCTAssertTrue(raw.contains(["002_a8545102c5627bed.txt", "activeDisclosure.licensing", "789", "789(医、护士、公共卫生许可)"]), "\(raw)")
        XCTAssertEqual(raw.count - 1, loaded.reports.reduce(0) { $0 + $1.rawCells.count })
        // reports.json is streamed in pieces and still one valid document with every report.
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sink.files["data/reports.json"]!)) as? [String: Any])
        XCTAssertEqual((json["reports"] as? [[String: Any]])?.compactMap { $0["source"] as? String }, loaded.reports.map(\.source))
    }

    /// Parts copied from a previous file (runs of them in one go) give the bytes of writing them anew,
    /// through the kernel (a staged site) and through memory (an in-memory sink).
    func testPartWriterCopiesGiveTheSameBytesAsWriting() throws {
        let dir = try Fixtures.temporaryDirectory()
        var random = SystemRandomNumberGenerator()
        func parts(_ n: Int) -> [[UInt8]] { (0..<n).map { i in Array("{\"part\":\(i),\"x\":\"\(String(repeating: "数", count: Int.random(in: 0...40, using: &random)))\"}".utf8) } }
        for separator in [[UInt8](), [0x2C]] {
            let old = parts(60)
            let previous = MemorySink()
            let first = try PartWriter(try previous.stream("f"), head: Array("[".utf8), separator: separator, previous: nil)
            let ranges = try old.map { try first.append($0) }
            try first.finish(tail: Array("]".utf8))
            let file = dir.appendingPathComponent("previous-\(separator.count)")
            try Data(previous.files["f"]!).write(to: file)
            // Every third part changed; runs of unchanged ones lie one after another in the old file.
            var new = old
            for i in stride(from: 0, to: new.count, by: 3) { new[i] = Array("{\"changed\":\(i)}".utf8) }
            let expected = Array("[".utf8) + new.enumerated().flatMap { ($0 > 0 ? separator : []) + $1 } + Array("]".utf8)
            let staged = try StagedOutput(output: dir.appendingPathComponent("site-\(separator.count)")), memory = MemorySink()
            for sink in [staged, memory] as [OutputSink] {
                let writer = try PartWriter(try sink.stream("f"), head: Array("[".utf8), separator: separator, previous: file)
                for (i, part) in new.enumerated() {
                    let range = i % 3 == 0 ? try writer.append(part) : try writer.copy(ranges[i])
                    XCTAssertEqual(range.count, part.count)
                }
                try writer.finish(tail: Array("]".utf8))
                XCTAssertEqual(writer.offset, expected.count)
            }
            try staged.commit()
            XCTAssertEqual([UInt8](try Data(contentsOf: dir.appendingPathComponent("site-\(separator.count)/f"))), expected)
            XCTAssertEqual(memory.files["f"], expected)
        }
    }

    /// Sources are copied by the kernel; where it cannot, through memory: both give the same bytes.
    func testSourceCopiesAreExact() throws {
        let dir = try Fixtures.temporaryDirectory()
        let original = dir.appendingPathComponent("report.txt")
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 7) }
        try Data(bytes).write(to: original)
        let staged = try StagedOutput(output: dir.appendingPathComponent("public"))
        try staged.copy("sources/a/2023-abcdef.txt", from: original)
        XCTAssertEqual([UInt8](try Data(contentsOf: staged.staging.appendingPathComponent("sources/a/2023-abcdef.txt"))), bytes)
        // The fallback, over a target that already holds longer, different bytes.
        let target = dir.appendingPathComponent("target")
        try Data(repeating: 7, count: 300_000).write(to: target)
        let source = open(original.path, O_RDONLY), out = open(target.path, O_WRONLY)
        defer { close(source); close(out) }
        var skipped = [UInt8](repeating: 0, count: 10)
        _ = read(source, &skipped, 10)  // offsets not at the start
        try StagedOutput.copyThroughMemory(source, out, displayPath: "target")
        XCTAssertEqual([UInt8](try Data(contentsOf: target)), bytes)
        XCTAssertThrowsError(try staged.copy("sources/a/missing.txt", from: dir.appendingPathComponent("missing.txt")))
        staged.abandon()
    }

    /// RFC 4180 rows (quoted fields may hold commas, quotes and line breaks).
    func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = text.makeIterator()
        while let c = chars.next() {
            if quoted {
                if c == "\"" {
                    if let n = chars.next() {
                        if n == "\"" { field.append("\"") } else {
                            quoted = false
                            if n == "," { row.append(field); field = "" } else if n == "\n" { row.append(field); rows.append(row); row = []; field = "" }
                        }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.append(c) }
        }
        if !row.isEmpty || !field.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// A table written through its precomputed key layout is the same bytes as written key by key, for
    /// every table's keys, blank and odd values, inside an object or not.
    func testNestedLayoutWritesTheSameBytesAsKeyByKey() {
        var rng = SplitMix64(seed: 9)
        let tables = [ReportJSON.disclosureKeys, ReportJSON.disclosure2019Keys, ReportJSON.reviewKeys] + ReportFormat.allCases.map { ReportJSON.applicationKeys[$0]! }
        for keys in tables {
            let layout = JSONWriter.NestedLayout(keys: keys)
            for round in 0..<20 {
                let values: [JSONWriter.JSONScalar] = keys.indices.map { _ in
                    switch Int.random(in: 0..<5, using: &rng) {
                    case 0: return .number(nil)
                    case 1: return .number(Double(Int.random(in: -5...99_999, using: &rng)))
                    case 2: return .number(Double.random(in: 0...10, using: &rng))
                    case 3: return .string(["万元", "a\"b<c>", "\u{2028}", ""].randomElement(using: &rng)!)
                    default: return .string(nil)
                    }
                }
                for pretty in [false, true] {
                    var a = JSONWriter(pretty: pretty), b = JSONWriter(pretty: pretty)
                    if round % 2 == 0 { a.beginObject(); a.key("t"); b.beginObject(); b.key("t") }
                    a.nested(keys: keys, values: values)
                    b.nested(layout, values: values)
                    XCTAssertEqual(a.string, b.string)
                }
            }
        }
    }

    func testJSONWriterEscapesForInlineUse() {
        var w = JSONWriter()
        w.beginObject(); w.field("t", "</script><b>\"&\u{2028}\n"); w.field("n", 5949.088667); w.field("z", 0.0); w.endObject()
        XCTAssertEqual(w.string, #"{"t":"\u003c/script\u003e\u003cb\u003e\"\u0026\u2028\n","n":5949.088667,"z":0}"#)
        let parsed = try? JSONSerialization.jsonObject(with: Data(w.bytes)) as? [String: Any]
        XCTAssertEqual(parsed?["t"] as? String, "</script><b>\"&\u{2028}\n")
    }

    func testSlugsAreStableAsciiAndDistinct() {
        let a = Slug.make("盘州市卫生健康局")
        XCTAssertEqual(a, Slug.make("盘州市卫生健康局"))
        XCTAssertTrue(a.hasPrefix("pan-zhou-shi-wei-sheng-jian-kang-ju-"), a)
        XCTAssertTrue(a.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        // Homophones: same pinyin, different agencies.
        XCTAssertNotEqual(Slug.make("市卫生局"), Slug.make("事卫生局"))
        XCTAssertEqual(Slug.make("../../etc").contains("/"), false)
    }
}
