import Foundation
import XCTest
@testable import PortalCore

/// No input makes reading super-linear: big and pathological files are read by `portal check` (the debug
/// binary the suite builds) within generous bounds of time and memory, measured per process (wait4).
/// The inputs that used to blow up (a line of markers, a line of tabs, rowspan="0" on every row) are here
/// at a size where the old code took 20 s or a gigabyte.
final class ResourceTests: XCTestCase {
    struct Usage { var status: Int32; var seconds: Double; var peakMB: Double; var output: String }

    /// Runs `portal check --content dir` and returns its own CPU time (user + system: steady when other
    /// work shares the machine, and what a super-linear parser would blow up) and peak resident memory. Linux
    /// keeps a process's peak across exec, and a child spawned from this (large) test process would report
    /// this process's peak; so a small python3 process starts it and reads its rusage with wait4.
    func check(_ dir: URL) throws -> Usage {
        let measure = """
        import os, sys, time, subprocess
        out = open(sys.argv[1], "wb")
        start = time.monotonic()
        p = subprocess.Popen(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        print(os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
        """
        let outPath = dir.deletingLastPathComponent().appendingPathComponent("check-output.txt").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", measure, outPath, CLITests.binary.path, "check", "--content", dir.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let line = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let fields = line.split(separator: " ").map { String($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard fields.count == 3, let status = Int32(fields[0]), let seconds = Double(fields[1]), let kb = Double(fields[2]) else {
            throw Diagnostic(.error, .ingest, SourceLocation(file: "python3"), "measuring failed: \(line)")
        }
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        return Usage(status: status < 0 ? 128 - status : status, seconds: seconds, peakMB: kb / 1024, output: output)
    }

    /// A content folder holding one file.
    func folder(_ name: String, _ text: String, function: String = #function) throws -> URL {
        let dir = try Fixtures.temporaryDirectory(function).appendingPathComponent("content")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try text.write(to: dir.appendingPathComponent(name), atomically: false, encoding: .utf8)
        return dir
    }

    func assertBounded(_ u: Usage, seconds: Double, megabytes: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        print("ResourceTests: \(what): \(String(format: "%.2f", u.seconds)) s CPU, peak \(Int(u.peakMB)) MB")
        XCTAssertLessThan(u.status, 2, "\(what): portal check crashed (status \(u.status))", file: file, line: line)
        XCTAssertLessThan(u.seconds, seconds, "\(what) took too long", file: file, line: line)
        XCTAssertLessThan(u.peakMB, megabytes, "\(what) used too much memory", file: file, line: line)
    }

    func seed(_ path: String) throws -> String { try Fixtures.text(path) }

    func testFiftyMegabyteReport() throws {
        let paragraph = "（六）其他。本机关坚持以人民为中心，持续深化政务公开，主动公开信息共计 61 条，回应社会关切。\n"
        let padding = String(repeating: paragraph, count: (50 << 20) / paragraph.utf8.count)
        let text = try seed("seeds/000_4e7e543bd70c2432.txt").replacingOccurrences(of: "一、总体情况\n", with: "一、总体情况\n" + padding)
        XCTAssertGreaterThan(text.utf8.count, 50 << 20 - 4096)
        let u = try check(try folder("big.txt", text))
        // The debug binary the suite builds is ~4x slower than release (3.4 s, 350 MB for this file).
        assertBounded(u, seconds: 60, megabytes: 1500, "50 MB report")
        XCTAssertEqual(u.status, 0, "published: \(u.output.prefix(300))")
    }

    /// 10,000 rows in table 三, in Markdown, Word text and HTML: each row that is no official row is a
    /// warning, the official rows are still read.
    func testTenThousandTableRows() throws {
        let extra = (0..<10_000).map { "\t\t\($0). 其他未列明的情形第\($0)项\t0\t0\t0\t0\t0\t0\t0" }
        var lines = try seed("seeds/001_0d7b6ffdfb1250b7.txt").components(separatedBy: "\n")
        let at = try XCTUnwrap(lines.firstIndex { $0.contains("属于国家秘密") })
        lines.insert(contentsOf: extra, at: at)
        let md = try check(try folder("rows.md", lines.joined(separator: "\n")))
        assertBounded(md, seconds: 20, megabytes: 500, "10,000 rows, Markdown")
        XCTAssertEqual(md.output.components(separatedBy: "未识别的行").count - 1, 10_000)
        XCTAssertFalse(md.output.contains("表三缺少"), "the official rows after them are read")

        var html = "<html><body><p>2023年万行局政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p><table>"
        html += "<tr><td>一、本年新收政府信息公开申请数量</td>" + String(repeating: "<td>1</td>", count: 7) + "</tr>"
        for i in 0..<10_000 { html += "<tr><td>其他未列明的情形第\(i)项</td>" + String(repeating: "<td>0</td>", count: 7) + "</tr>" }
        html += "</table></body></html>"
        assertBounded(try check(try folder("rows.html", html)), seconds: 20, megabytes: 800, "10,000 rows, HTML")

        var word = "2023年万行局政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        for i in 0..<10_000 { word += "\t其他未列明的情形第\(i)项\n" + String(repeating: "\t0\n", count: 7) + "\n" }
        assertBounded(try check(try folder("rows.txt", word)), seconds: 20, megabytes: 800, "10,000 rows, Word text")
    }

    /// Every row's first cell spans to the end of the table: without a width bound the grid grew n × n/2.
    func testRowspanToTheEndOnEveryRow() throws {
        var html = "<html><body><p>2023年跨行局政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p><table><tr><td>本年新收</td></tr>"
        for i in 0..<6_000 { html += "<tr><td rowspan=\"0\">x</td><td colspan=\"64\">\(i)</td></tr>" }
        html += "</table></body></html>"
        assertBounded(try check(try folder("span.html", html)), seconds: 20, megabytes: 600, "6,000 rows with rowspan=0")
    }

    /// One Word-text row of 100,000 cells (tab lines with no blank line between): the seven values were
    /// placed by testing every offset against every cell, quadratic in the cells of the row.
    func testAWordTextRowOfAHundredThousandCells() throws {
        let text = "2023年宽行局政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n\t一、本年新收政府信息公开申请数量\n"
            + String(repeating: "\t\n", count: 50_000) + String(repeating: "\t0\n", count: 7) + String(repeating: "\t\n", count: 50_000)
        assertBounded(try check(try folder("wide.txt", text)), seconds: 20, megabytes: 400, "a Word-text row of 100,000 cells")
        let cells = (0..<9).map { SourceCell(text: $0 == 0 || $0 == 8 ? "" : "1", line: 1) }
        XCTAssertEqual(TableInterpreter.placements(cells, 7), [1])
        XCTAssertEqual(TableInterpreter.placements(Array(cells[1...]), 7), [0])
        XCTAssertEqual(TableInterpreter.placements((0..<9).map { _ in SourceCell(text: " ", line: 1) }, 7), [0, 1, 2])
        XCTAssertEqual(TableInterpreter.placements(cells.map { _ in SourceCell(text: "1", line: 1) }, 7), [])
    }

    /// Ten million tabs on one line: a row of ten million cells took 21 s and 1 GB; now it is text.
    func testALineOfTenMillionTabs() throws {
        let text = "# 2023年制表局政府信息公开工作年度报告\n\n本年新收\t" + String(repeating: "\t", count: 10_000_000) + "\n"
        assertBounded(try check(try folder("tabs.md", text)), seconds: 20, megabytes: 400, "10 million tabs on a line")
        XCTAssertTrue(hasTooManyCells("a" + String(repeating: "\t", count: maxCellsPerRow)))
        XCTAssertFalse(hasTooManyCells("a" + String(repeating: "\t", count: maxCellsPerRow - 2)))
    }

    /// A line of 200,000 Word bookmark markers (searched from the start after each removal: 20 s for 50,000).
    func testALineOfBookmarkMarkers() throws {
        let text = try seed("seeds/000_4e7e543bd70c2432.txt").replacingOccurrences(
            of: "一、总体情况\n", with: "一、总体情况\n" + String(repeating: "[bookmark: _GoBack]字", count: 200_000) + "\n")
        assertBounded(try check(try folder("marks.txt", text)), seconds: 20, megabytes: 400, "200,000 bookmark markers on a line")
        XCTAssertEqual(removingWordArtefacts("a[bookmark: x]b[bookmark: y]c[bookmark: open"), "abc[bookmark: open")
        XCTAssertEqual(removingWordArtefacts(Substring(String(repeating: "[bookmark:", count: 3))), String(repeating: "[bookmark:", count: 3))
    }

    /// The name completed from the body (区卫生健康局 → 雁江区卫生健康局) with 500,000 mentions of it.
    func testAShortNameMentionedHalfAMillionTimes() throws {
        let body = String(repeating: "雁江区卫生健康局依法公开。", count: 500_000)
        let text = try seed("seeds/000_4e7e543bd70c2432.txt")
            .replacingOccurrences(of: "2023年盘州市卫生健康局政府信息公开工作年度报告", with: "2023年区卫生健康局政府信息公开工作年度报告")
            .replacingOccurrences(of: "一、总体情况\n", with: "一、总体情况\n" + body + "\n")
        let u = try check(try folder("mentions.txt", text))
        assertBounded(u, seconds: 20, megabytes: 800, "a name mentioned 500,000 times")
    }

    /// A PDF whose text never ends (a small file can inflate to gigabytes): the text read is bounded and
    /// the file refused. A script running `yes` stands in for a pdftotext that keeps writing.
    func testTextOfAPDFIsBounded() throws {
        let tool = try Fixtures.temporaryDirectory().appendingPathComponent("endless-pdftotext")
        try "#!/bin/sh\nexec yes 本年新收政府信息公开申请数量\n".write(to: tool, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool.path)
        let saved = PDFText.maxTextSize
        PDFText.maxTextSize = 16 << 20
        defer { PDFText.maxTextSize = saved }
        let start = Date()
        let result = PDFText.extract(Data("%PDF-1.4".utf8), path: "endless.pdf", tool: tool)
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
        guard case .failure(let d) = result else { return XCTFail("an endless text was accepted") }
        XCTAssertTrue(d.message.contains("PDF 的文字超过 16 MB"), d.message)
    }

    /// The cells listed in a message are capped: a row of 200 long cells does not make a huge message.
    func testMessagesListAFewCells() {
        let cells = (0..<200).map { SourceCell(text: String(repeating: "长", count: 100) + "\($0)", line: 1) }
        let preview = TableInterpreter.preview(cells)
        XCTAssertLessThan(preview.count, 300)
        XCTAssertTrue(preview.hasSuffix(" | …"))
    }
}
