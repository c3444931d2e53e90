import Foundation
import XCTest

/// Runs the built `portal` binary as a user would and checks exit codes and what it prints.
final class CLITests: XCTestCase {
    static var binary: URL {
        // The test bundle sits in the same build folder as the executable.
        var dir = Bundle(for: CLITests.self).bundleURL
        while dir.pathComponents.count > 1 && !FileManager.default.fileExists(atPath: dir.appendingPathComponent("portal").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("portal")
    }

    func run(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, out: String, err: String) {
        try PortalCLI.run(arguments, in: directory)
    }

    func seedsFolder() throws -> URL {
        let dir = try Fixtures.temporaryDirectory()
        let content = dir.appendingPathComponent("content")
        try FileManager.default.copyItem(at: Fixtures.url("seeds"), to: content)
        return dir
    }

    func testCheckReportsSeed004BreaksAsFileLine() throws {
        let dir = try seedsFolder()
        let r = try run(["check", "--content", dir.appendingPathComponent("content").path])
        XCTAssertEqual(r.status, 0, r.out + r.err)
        XCTAssertTrue(r.out.contains("004_6220ccabb50c96b9.txt:208: error: "), r.out)
        XCTAssertTrue(r.out.contains("004_6220ccabb50c96b9.txt:329: error: "), r.out)
        let strict = try run(["check", "--strict", "--content", dir.appendingPathComponent("content").path])
        XCTAssertEqual(strict.status, 1)
    }

    func testCheckJSONParses() throws {
        let dir = try seedsFolder()
        let r = try run(["check", "--format", "json", "--content", dir.appendingPathComponent("content").path])
        XCTAssertEqual(r.status, 0)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let checks = try XCTUnwrap(json["checks"] as? [[String: Any]])
        XCTAssertEqual(Set(checks.compactMap { $0["source"] as? String }).count, 2, "004's breaks and 001's prose")
        XCTAssertTrue(checks.contains { $0["rule"] as? String == "rule1-row-sum" })
    }

    func testBadUsageExits64() throws {
        XCTAssertEqual(try run(["check", "--format", "yaml"]).status, 64)
        XCTAssertEqual(try run(["build", "--no-such-option"]).status, 64)
    }

    func testUnreadableReportExits1AndOthersArePublished() throws {
        let dir = try seedsFolder()
        try "只有文字，没有表格。".write(to: dir.appendingPathComponent("content/empty-report.txt"), atomically: true, encoding: .utf8)
        let r = try run(["build", "--content", "content", "--output", "public", "--templates", Fixtures.repository.appendingPathComponent("site-templates").path], in: dir)
        XCTAssertEqual(r.status, 1, r.out + r.err)
        XCTAssertTrue(r.out.contains("empty-report.txt"), r.out)
        let data = try Data(contentsOf: dir.appendingPathComponent("public/data/reports.json"))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual((json["reports"] as? [Any])?.count, 5)
        XCTAssertEqual((json["skipped"] as? [[String: Any]])?.first?["source"] as? String, "empty-report.txt")
    }

    func testBuildWritesTheDataFiles() throws {
        let dir = try seedsFolder()
        let r = try run(["build", "--content", "content", "--output", "public", "--templates", Fixtures.repository.appendingPathComponent("site-templates").path], in: dir)
        XCTAssertEqual(r.status, 0, r.out + r.err)
        for f in ["data/reports.json", "data/reports.csv", "data/schema.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("public/\(f)").path), f)
        }
        let agencies = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("public/agencies").path)
        XCTAssertEqual(agencies.count, 5)
    }
}
