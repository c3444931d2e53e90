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

    /// From the third build on, the site before the live one is recycled as the staging folder: only what
    /// changed is written, and what is gone (an agency whose report was deleted, a file no longer made) is
    /// removed, so the result is still byte for byte a clean build's.
    func testRecycledSiteGivesTheSameBytesAsACleanBuild() throws {
        let dir = try Fixtures.temporaryDirectory()
        let content = try makeContent(in: dir)
        let output = dir.appendingPathComponent("site/public")
        let base = StagedOutput.basePath(for: output)
        _ = try build(content, output, cache: true)
        XCTAssertFalse(FileManager.default.fileExists(atPath: base.path), "nothing to keep after the first build")
        func edit(_ name: String, _ change: (String) -> String) throws {
            let url = content.appendingPathComponent(name)
            try change(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        }
        func assertSameAsClean(_ label: String) throws {
            let clean = dir.appendingPathComponent("clean-\(label)/public")
            _ = try build(content, clean, cache: false)
            let a = try tree(output), b = try tree(clean)
            XCTAssertEqual(Set(a.keys).symmetricDifference(b.keys), [], label)
            for (path, bytes) in b where a[path] != bytes { XCTFail("\(label): \(path) differs from a clean build") }
        }
        try edit("000_4e7e543bd70c2432.txt") { $0.replacingOccurrences(of: "\t4573", with: "\t4574") }
        let second = try build(content, output, cache: true)
        XCTAssertEqual(second.reusedAgencies, second.content.agencies.count - 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: base.appendingPathComponent("index.html").path), "the previous site is kept")
        try assertSameAsClean("second")

        // Third build: a different report edited, and one agency's only report deleted.
        try edit("b-003_4338f21fe6e2a3fa.txt") { $0 + "\n本报告发布后有一处更正。\n" }
        let gone = try XCTUnwrap(second.content.agencies.first { $0.reports.count == 1 && $0.reports[0].source.hasPrefix("b-00") && !$0.reports[0].source.hasPrefix("b-003") })
        try FileManager.default.removeItem(at: content.appendingPathComponent(gone.reports[0].source))
        let baseBefore = StagedOutput.inode(of: base)
        let third = try build(content, output, cache: true)
        XCTAssertEqual(StagedOutput.inode(of: output), baseBefore, "the kept site was brought up to date and swapped in")
        // The edited agency, and the one whose copy-paste finding named the deleted report, are rendered again.
        XCTAssertEqual(third.reusedAgencies, third.content.agencies.count - 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.appendingPathComponent(SitePaths.agency(gone.slug)).path))
        try assertSameAsClean("third")

        // A kept site replaced by hand (another folder, another inode) is not trusted: built in full.
        let copy = dir.appendingPathComponent("copy")
        try FileManager.default.copyItem(at: base, to: copy)
        try FileManager.default.removeItem(at: base)
        try FileManager.default.moveItem(at: copy, to: base)
        try "tampered".write(to: base.appendingPathComponent("index.html"), atomically: false, encoding: .utf8)
        let replaced = StagedOutput.inode(of: base)
        try edit("000_4e7e543bd70c2432.txt") { $0.replacingOccurrences(of: "\t4574", with: "\t4575") }
        _ = try build(content, output, cache: true)
        XCTAssertNotEqual(StagedOutput.inode(of: output), replaced)
        try assertSameAsClean("fourth")

        // An agencies.yaml entry that gives an agency a region and an alias (its name unchanged): its page
        // and data show them, so it is rendered again, and its lines are not copied from the old files.
        let named = try XCTUnwrap(third.content.agencies.first { $0.reports.count > 1 })
        try "- name: \(named.name)\n  region: 河南省郑州市\n  aliases: [某别名]\n"
            .write(to: content.appendingPathComponent("agencies.yaml"), atomically: true, encoding: .utf8)
        let fifth = try build(content, output, cache: true)
        XCTAssertEqual(fifth.reusedAgencies, fifth.content.agencies.count - 1)
        XCTAssertEqual(fifth.copiedDataLines, fifth.content.agencies.count - 1)
        try assertSameAsClean("fifth")
    }

    /// The whole-dataset files copy an unchanged agency's lines from the live site; a live file that is not
    /// the one the layout describes (edited by hand) is not copied from.
    func testDataLinesCopiedOnlyFromTheFilesTheyWereWrittenIn() throws {
        let dir = try Fixtures.temporaryDirectory()
        let content = try makeContent(in: dir)
        let output = dir.appendingPathComponent("public")
        func assertSameAsClean(_ label: String) throws {
            let clean = dir.appendingPathComponent("clean-\(label)/public")
            _ = try build(content, clean, cache: false)
            XCTAssertEqual(try tree(output), try tree(clean), label)
        }
        let first = try build(content, output, cache: true)
        XCTAssertFalse(first.searchIndexUpdated)
        // A number and the prose edited: the search index is updated in place, not built again.
        let edited = content.appendingPathComponent("000_4e7e543bd70c2432.txt")
        try ((try String(contentsOf: edited, encoding: .utf8)).replacingOccurrences(of: "\t4573", with: "\t4574")
             + "\n本报告发布后有一处更正：Zenodo 数据集另行公布。\n").write(to: edited, atomically: true, encoding: .utf8)
        let second = try build(content, output, cache: true)
        XCTAssertEqual(second.copiedDataLines, second.content.agencies.count - 1)
        XCTAssertTrue(second.searchIndexUpdated)
        try assertSameAsClean("second")
        let reader = try XCTUnwrap(SearchIndexReader(try tree(output.appendingPathComponent("search")).map {
            SearchIndex.File(path: "search/" + $0.key, bytes: [UInt8]($0.value)) }))
        XCTAssertFalse(reader.rank("zenodo").isEmpty, "the new word is found")

        let csv = output.appendingPathComponent("data/reports.csv")
        try (try Data(contentsOf: csv) + Data("x,y\n".utf8)).write(to: csv)
        try (try String(contentsOf: edited, encoding: .utf8)).replacingOccurrences(of: "\t4574", with: "\t4575")
            .write(to: edited, atomically: true, encoding: .utf8)
        let third = try build(content, output, cache: true)
        XCTAssertEqual(third.copiedDataLines, 0)
        try assertSameAsClean("third")
    }

    /// The cache a build writes copies the unchanged entries from the cache it loaded: the same bytes as
    /// encoding every entry again.
    func testCacheEntriesCopiedFromTheLoadedFileAreTheEncodedOnes() throws {
        let dir = try Fixtures.temporaryDirectory()
        let content = try makeContent(in: dir)
        let output = dir.appendingPathComponent("public")
        _ = try build(content, output, cache: true)
        let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: content.path).sorted().first { $0.hasPrefix("b-") })
        try ((try String(contentsOf: content.appendingPathComponent(name), encoding: .utf8)) + "\n更正。\n")
            .write(to: content.appendingPathComponent(name), atomically: true, encoding: .utf8)
        let today = Pipeline.today()
        var cache = BuildCache.load(from: BuildCache.folder(for: output), today: today)
        _ = Pipeline.load(content: content, today: today, cache: &cache)
        XCTAssertEqual(cache.entries.values.filter { $0.stored != nil }.count, cache.entries.count - 1, "all but the edited entry are copied")
        let folder = dir.appendingPathComponent("caches")
        let copied = try XCTUnwrap(cache.writeTemporary(in: folder, today: today))
        let copiedBytes = try Data(contentsOf: copied)
        cache.loadedFrom = nil
        let encoded = try XCTUnwrap(cache.writeTemporary(in: folder, today: today))
        XCTAssertEqual(copiedBytes, try Data(contentsOf: encoded))
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
