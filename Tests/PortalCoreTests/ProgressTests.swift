import Foundation
import XCTest
@testable import PortalCore

/// The build's progress hook: every report parsed and every file written is reported, from any thread.
final class ProgressTests: XCTestCase {
    final class Events: @unchecked Sendable {
        let lock = NSLock()
        var parsed: [(Int, Int)] = []
        var written: [Int] = []
    }

    func testBuildReportsEveryParsedReportAndWrittenFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        let content = dir.appendingPathComponent("content")
        try FileManager.default.copyItem(at: Fixtures.url("seeds"), to: content)
        var options = Pipeline.Options(content: content, output: dir.appendingPathComponent("public"),
                                       templates: Fixtures.repository.appendingPathComponent("site-templates"))
        let events = Events()
        options.progress = { event in
            events.lock.lock(); defer { events.lock.unlock() }
            switch event {
            case .parsed(let done, let total): events.parsed.append((done, total))
            case .written(let files): events.written.append(files)
            }
        }
        let summary = try Pipeline.build(options)
        XCTAssertEqual(events.parsed.map(\.0).sorted(), [1, 2, 3, 4, 5])
        XCTAssertTrue(events.parsed.allSatisfy { $0.1 == 5 })
        XCTAssertEqual(events.written.sorted(), Array(1...summary.filesWritten))
    }

    /// Runs `portal build` on the seeds with the progress threshold at 0 s; with `terminal`, under
    /// script(1), whose pseudo-terminal makes stderr a TTY. Returns what reached the terminal or stderr.
    func build(terminal: Bool, quiet: Bool = false) throws -> String {
        let dir = try Fixtures.temporaryDirectory()
        try FileManager.default.copyItem(at: Fixtures.url("seeds"), to: dir.appendingPathComponent("content"))
        // A corpus large enough that the build is still running when the first line is drawn.
        for r in Synthesizer.corpus(reports: 40, seed: 4) where r.truth.form != .html {
            try Data(r.file.bytes).write(to: dir.appendingPathComponent("content/\(r.file.path)"))
        }
        var command = [CLITests.binary.path, "build", "--content", "content", "--output", "public", "--templates",
                       Fixtures.repository.appendingPathComponent("site-templates").path]
        if quiet { command.append("--quiet") }
        let p = Process()
        p.currentDirectoryURL = dir
        p.environment = ProcessInfo.processInfo.environment.merging(["PORTAL_PROGRESS_AFTER": "0"]) { $1 }
        if terminal {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            p.arguments = ["-qefc", command.map { "'\($0)'" }.joined(separator: " "), "/dev/null"]
        } else {
            p.executableURL = URL(fileURLWithPath: command[0])
            p.arguments = Array(command.dropFirst())
        }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, text)
        return text
    }

    func testProgressLineOnATerminalOnly() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { throw XCTSkip("script(1) not installed") }
        let shown = try build(terminal: true)
        XCTAssertTrue(shown.contains("portal: 已解析报告 "), shown)
        // Erased before the summary, which starts on a clean line.
        XCTAssertTrue(shown.contains("\r\u{1B}[Kportal: ") && shown.contains("reports of"), shown)
        XCTAssertFalse(try build(terminal: true, quiet: true).contains("已解析"))
        let piped = try build(terminal: false)
        XCTAssertFalse(piped.contains("已解析"), piped)
        XCTAssertFalse(piped.contains("\u{1B}["), piped)
    }
}
