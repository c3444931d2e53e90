import Foundation
import XCTest
@testable import PortalCore

/// A build that reuses the cache of the previous one must publish exactly what a clean build publishes.
final class IncrementalBuildTests: XCTestCase {
    let templates = Fixtures.repository.appendingPathComponent("site-templates")

    func makeContent(in dir: URL) throws -> URL {
        let content = dir.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: Fixtures.url("seeds").path) {
            let text = try Fixtures.text("seeds/\(name)")
            try text.write(to: content.appendingPathComponent(name), atomically: true, encoding: .utf8)
            // A second agency per seed, so most agencies are untouched by the edit below.
            try text.replacingOccurrences(of: "卫生健康", with: "卫生健康第二")
                .write(to: content.appendingPathComponent("b-" + name), atomically: true, encoding: .utf8)
        }
        return content
    }

    func build(_ content: URL, _ output: URL, cache: Bool) throws -> Pipeline.Summary {
        try Pipeline.build(Pipeline.Options(content: content, output: output, templates: templates, useCache: cache))
    }

    /// Every file under `root`, relative path → bytes.
    func tree(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in e where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            files[String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }

    func testEditedReportGivesTheSameBytesAsACleanBuild() throws {
        let dir = try Fixtures.temporaryDirectory()
        let content = try makeContent(in: dir)
        let incremental = dir.appendingPathComponent("site/public")
        let first = try build(content, incremental, cache: true)
        XCTAssertEqual(first.reusedAgencies, 0)

        // Edit one report: a number in table 二 (行政许可 4573 → 4574), and a whitespace-only edit in another
        // (its parsed data is the same, but its published source copy must change).
        let edited = content.appendingPathComponent("000_4e7e543bd70c2432.txt")
        try (try String(contentsOf: edited, encoding: .utf8)).replacingOccurrences(of: "\t4573", with: "\t4574")
            .write(to: edited, atomically: true, encoding: .utf8)
        let spaced = content.appendingPathComponent("b-003_4338f21fe6e2a3fa.txt")
        try ((try String(contentsOf: spaced, encoding: .utf8)) + "\n").write(to: spaced, atomically: true, encoding: .utf8)

        let second = try build(content, incremental, cache: true)
        XCTAssertEqual(second.reusedAgencies, second.content.agencies.count - 2, "only the two edited agencies are rendered again")

        let clean = dir.appendingPathComponent("clean/public")
        _ = try build(content, clean, cache: false)
        let a = try tree(incremental), b = try tree(clean)
        XCTAssertEqual(Set(a.keys), Set(b.keys))
        for (path, bytes) in b where a[path] != bytes { XCTFail("\(path) differs from a clean build") }
        XCTAssertTrue(String(decoding: a["data/reports.json"]!, as: UTF8.self).contains("\"licensing\":4574"))
    }

    func testCorruptCacheMeansAFullBuildNotADifferentSite() throws {
        let dir = try Fixtures.temporaryDirectory()
        let content = try makeContent(in: dir)
        let output = dir.appendingPathComponent("public")
        _ = try build(content, output, cache: true)
        let cacheFile = BuildCache.folder(for: output).appendingPathComponent("cache.bin")
        var bytes = [UInt8](try Data(contentsOf: cacheFile))
        for i in stride(from: 40, to: bytes.count, by: 97) { bytes[i] ^= 0x5A }
        try Data(bytes).write(to: cacheFile)
        let again = try build(content, output, cache: true)
        let clean = dir.appendingPathComponent("clean/public")
        _ = try build(content, clean, cache: false)
        XCTAssertEqual(try tree(output), try tree(clean))
        XCTAssertEqual(again.content.reports.count, 10)
    }
}
