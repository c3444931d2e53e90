import Foundation
import XCTest
@testable import PortalCore

/// Test documents in the binary forms (.docx, PDF) are generated during the test from a spec in the data
/// contract's layout (Fixtures/forms/report-spec.json) by the scripts beside it, so no fixture is opaque.
enum FormFixtures {
    static let specPath = "forms/report-spec.json"

    static func spec() throws -> [String: Any] {
        try XCTUnwrap(Fixtures.json(specPath) as? [String: Any])
    }

    /// Runs `python3 Fixtures/forms/<script> <spec> <output> [extra…]` and returns the output's bytes.
    /// Skips (visibly) when python3 or the script's module is missing: scripts/setup --test installs them.
    static func generate(_ script: String, module: String, spec: URL = Fixtures.url(specPath),
                         extension ext: String, extra: [String] = []) throws -> Data {
        try requirePython(module: module)
        let dir = try Fixtures.temporaryDirectory(script)
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent("report.\(ext)")
        let (status, errors) = try run(["python3", Fixtures.url("forms/\(script)").path, spec.path, output.path] + extra)
        XCTAssertEqual(status, 0, "\(script) failed: \(errors)")
        return try Data(contentsOf: output)
    }

    static func requirePython(module: String) throws {
        let (status, _) = try run(["python3", "-c", "import \(module)"])
        if status != 0 { throw XCTSkip("python3 with \(module) is needed to make this test's document (scripts/setup --test)") }
    }

    @discardableResult
    static func run(_ arguments: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        // No __pycache__ beside the scripts in the source tree.
        p.environment = ProcessInfo.processInfo.environment.merging(["PYTHONDONTWRITEBYTECODE": "1"]) { $1 }
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: errors, as: UTF8.self))
    }

    /// Reads bytes through the whole pipeline as the file `name`.
    static func read(_ data: Data, as name: String) -> Result<Report, SkippedSource> {
        Pipeline.read(SourceFile(path: name, data: data))
    }

    static func report(_ data: Data, as name: String, file: StaticString = #filePath, line: UInt = #line) throws -> Report {
        switch read(data, as: name) {
        case .success(let r): return r
        case .failure(let s):
            XCTFail("\(name) skipped: \(s.reason)", file: file, line: line)
            throw s
        }
    }

    /// Every table of a document, in order.
    static func tables(_ document: SourceDocument) -> [SourceTable] {
        document.blocks.compactMap { if case .table(let t) = $0 { return t } else { return nil } }
    }

    static func texts(_ document: SourceDocument) -> [TextBlock] {
        document.blocks.compactMap { if case .text(let t) = $0 { return t } else { return nil } }
    }
}
