import Foundation
import XCTest
@testable import PortalCore

/// Test fixtures live beside the tests, so the suite never reads ../shared.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static func url(_ path: String) -> URL { root.appendingPathComponent(path) }
    static func data(_ path: String) throws -> Data { try Data(contentsOf: url(path)) }
    static func text(_ path: String) throws -> String { try String(contentsOf: url(path), encoding: .utf8) }
    static func json(_ path: String) throws -> Any { try JSONSerialization.jsonObject(with: data(path)) }

    /// The repository root (for CLI tests that run the built binary on the shipped content).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Reads a fixture file through the whole pipeline up to validation.
    static func report(_ path: String) throws -> Report {
        let file = SourceFile(path: (path as NSString).lastPathComponent, data: try data(path))
        switch Pipeline.read(file) {
        case .success(let r): return r
        case .failure(let s): throw s
        }
    }

    static func temporaryDirectory(_ name: String = #function) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("portal-tests-\(name.filter { $0.isLetter || $0.isNumber })-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Compares a report's cells with an expected JSON object in the contract layout (seeds-expected.json,
/// real-expected.json): every expected leaf must be equal, null must be blank.
func assertCells(_ report: Report, equal expected: [String: Any], file: StaticString = #filePath, line: UInt = #line) {
    let got = Dictionary(ReportJSON.allCells(report).map { ($0.path, $0.value) }, uniquingKeysWith: { a, _ in a })
    var compared = 0
    func walk(_ value: Any, _ path: String) {
        if let dict = value as? [String: Any] {
            for (k, v) in dict { walk(v, path.isEmpty ? k : "\(path).\(k)") }
            return
        }
        if path.hasSuffix("amountUnit") {
            XCTAssertEqual(report.activeDisclosure2019?.procurementAmountUnit, value as? String, "\(report.source) \(path)", file: file, line: line)
            return
        }
        compared += 1
        guard let actual = got[path] else {
            XCTFail("\(report.source): no cell \(path)", file: file, line: line); return
        }
        if value is NSNull {
            XCTAssertNil(actual, "\(report.source) \(path) should be blank (null)", file: file, line: line)
        } else if let n = value as? NSNumber {
            XCTAssertEqual(actual, n.doubleValue, "\(report.source) \(path)", file: file, line: line)
        } else {
            XCTFail("\(report.source) \(path): unexpected expected value \(value)", file: file, line: line)
        }
    }
    for table in ["activeDisclosure", "activeDisclosure2019", "applications", "reviewLitigation"] {
        if let t = expected[table] { walk(t, table) }
    }
    XCTAssertGreaterThan(compared, 0, "no cells compared", file: file, line: line)
}

/// Runs the built `portal` binary to completion, as a user would; stdout and stderr are read at once
/// (reading one to its end first could stall a child that fills the other's pipe).
enum PortalCLI {
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = CLITests.binary
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        nonisolated(unsafe) var errors = Data()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread { errors = err.fileHandleForReading.readDataToEndOfFile(); done.signal() }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    /// The arguments of a build of `content` into `output` with the repository's templates.
    static func build(_ content: URL, into output: URL, _ extra: [String] = []) -> [String] {
        ["build"] + extra + ["--content", content.path, "--output", output.path,
                             "--templates", Fixtures.repository.appendingPathComponent("site-templates").path]
    }
}
