import Foundation
import XCTest
@testable import PortalCore

/// An interrupted build never breaks what is online: real `portal build` processes are SIGKILLed at
/// random points (seeded, so a failure can be replayed with PORTAL_KILL_SEED), and after every kill the
/// output folder is, byte for byte, a whole site — the previous one, or the new one when the kill came
/// after the swap — whose pages parse and whose links resolve. Then a normal build clears what the
/// killed builds left and succeeds.
final class AtomicPublishTests: XCTestCase {

    /// Every file under `root` (hidden ones too), relative path → bytes.
    static func snapshot(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [:] }
        for case let url as URL in e where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            files[String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }

    /// A larger content folder: seed 000 as `count` agencies with distinct names, plus the other seeds.
    static func largeContent(at dir: URL, count: Int) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let seed = try Fixtures.text("seeds/000_4e7e543bd70c2432.txt")
        for i in 0..<count {
            try seed.replacingOccurrences(of: "盘州市卫生健康局", with: "盘州市第\(i)卫生健康局")
                .write(to: dir.appendingPathComponent(String(format: "r%03d.txt", i)), atomically: false, encoding: .utf8)
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: Fixtures.url("seeds").path).dropFirst() {
            try FileManager.default.copyItem(at: Fixtures.url("seeds/\(name)"), to: dir.appendingPathComponent(name))
        }
    }

    func startBuild(content: URL, output: URL) throws -> Process {
        let p = Process()
        p.executableURL = CLITests.binary
        p.arguments = ["build", "--quiet", "--content", content.path, "--output", output.path,
                       "--templates", Fixtures.repository.appendingPathComponent("site-templates").path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    func build(content: URL, output: URL) throws -> Double {
        let start = Date()
        let p = try startBuild(content: content, output: output)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "build of \(content.lastPathComponent)")
        return Date().timeIntervalSince(start)
    }

    /// The page parses as HTML to its end and every relative link of it names a file of the site.
    func assertBrowsable(_ site: [String: Data], page: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let data = site[page] else { return XCTFail("no \(page)", file: file, line: line) }
        let html = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"), "\(page) is whole", file: file, line: line)
        let scan = HTMLScan(html)
        let base = (page as NSString).deletingLastPathComponent
        for tag in scan.tags {
            guard let href = tag.attribute("href") ?? tag.attribute("src"), HTMLScan.scheme(ofURL: href) == nil,
                  !href.hasPrefix("#"), !href.hasPrefix("/") else { continue }
            var target = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
            if target.isEmpty { continue }
            if target.hasSuffix("/") { target += "index.html" }
            let resolved = URL(fileURLWithPath: "/" + base).appendingPathComponent(String(target)).standardizedFileURL.path.dropFirst()
            // assets/search.js belongs to a feature not built in every branch yet.
            if resolved == "assets/search.js" || resolved.hasPrefix("data/checks.") { continue }
            XCTAssertNotNil(site[String(resolved)], "\(page) links to \(href): missing", file: file, line: line)
        }
    }

    func testKilledBuildsNeverBreakThePublishedSite() throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["PORTAL_KILL_SEED"] ?? "") ?? 20_240_601
        var random = SplitMix64(seed: seed)
        let dir = try Fixtures.temporaryDirectory()
        let small = dir.appendingPathComponent("small")
        try FileManager.default.copyItem(at: Fixtures.url("seeds"), to: small)
        let large = dir.appendingPathComponent("large")
        try Self.largeContent(at: large, count: 150)
        let site = dir.appendingPathComponent("www/public")

        // The two sites the output may hold: the first build, and the large one (built elsewhere).
        _ = try build(content: small, output: site)
        let previous = try Self.snapshot(site)
        let reference = dir.appendingPathComponent("reference/public")
        let duration = try build(content: large, output: reference)
        let next = try Self.snapshot(reference)
        XCTAssertGreaterThan(next.count, 400)
        XCTAssertNotEqual(previous.count, next.count)

        var kills = 0, swappedIn = 0, attempts = 0, stagingLeft = 0
        let parent = site.deletingLastPathComponent()
        func leftovers(_ prefix: String = ".public.") throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: parent.path).filter { $0.hasPrefix(prefix) }
        }
        let deadline = Date().addingTimeInterval(240)
        while kills < 20 && Date() < deadline {
            attempts += 1
            // Anywhere from process start to the end of a typical build: load, render, write, swap, clean-up.
            let delay = Double.random(in: 0.0...(duration * 1.05), using: &random)
            let p = try startBuild(content: large, output: site)
            Thread.sleep(forTimeInterval: delay)
            let wasRunning = p.isRunning
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            if wasRunning { kills += 1 }
            if !(try leftovers(".public.staging-")).isEmpty { stagingLeft += 1 }
            let now = try Self.snapshot(site)
            let context = "seed \(seed), attempt \(attempts), kill after \(String(format: "%.3f", delay)) s"
            if now == previous {
                // The old site, untouched.
            } else if now == next {
                swappedIn += 1
            } else {
                let missing = Set(previous.keys).subtracting(now.keys).sorted().prefix(5)
                let changed = now.keys.filter { previous[$0] != nil && previous[$0] != now[$0] }.sorted().prefix(5)
                return XCTFail("\(context): the output is neither the previous site nor the new one "
                               + "(\(now.count) files; missing \(Array(missing)); changed \(Array(changed)))")
            }
            assertBrowsable(now, page: "index.html")
            if let agency = now.keys.first(where: { $0.hasPrefix("agencies/") && $0.hasSuffix("/index.html") }) {
                assertBrowsable(now, page: agency)
            }
        }
        XCTAssertGreaterThanOrEqual(kills, 20, "only \(kills) builds killed while running in \(attempts) attempts")
        print("AtomicPublishTests: seed \(seed): \(kills) builds killed, \(attempts) attempts; \(swappedIn) times the kill came "
              + "after the swap; \(stagingLeft) times a staging folder was left")
        XCTAssertGreaterThan(stagingLeft, 0, "no kill came while a staging folder existed: the clean-up was not exercised")

        // A normal build clears what the killed builds left beside the output, and publishes.
        _ = try build(content: large, output: site)
        XCTAssertEqual(try leftovers(".public.staging-"), [], "stale .public.staging-PID folders are moved aside")
        XCTAssertTrue(Self.waitUntilGone(parent, prefix: ".public.old-"), "retired folders are deleted (in the background)")
        XCTAssertTrue(try Self.snapshot(site) == next, "the site after the normal build is the new one")
    }

    /// Retired folders are deleted by a detached `rm`: waits (up to a minute) until none is left.
    static func waitUntilGone(_ dir: URL, prefix: String) -> Bool {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let left = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasPrefix(prefix) }
            if left.isEmpty { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    /// An unchanged agency's files are hard links to the live site's; writing such a path again must make a
    /// new file, not rewrite the shared one (which would change the live site before the swap).
    func testWritingOverAReusedFileLeavesTheLiveSiteAlone() throws {
        let dir = try Fixtures.temporaryDirectory()
        let output = dir.appendingPathComponent("public")
        let first = try StagedOutput(output: output)
        try first.write("agencies/a/index.html", "live")
        try first.commit()
        let live = output.appendingPathComponent("agencies/a/index.html")
        let second = try StagedOutput(output: output)
        try second.reuse("agencies/a/index.html", from: live)
        try second.write("agencies/a/index.html", "next")
        XCTAssertEqual(try String(contentsOf: live, encoding: .utf8), "live", "the live site changed before the swap")
        try second.commit()
        XCTAssertEqual(try String(contentsOf: live, encoding: .utf8), "next")
    }

    /// The fallback swap (where renameat2 cannot exchange) moves the old site aside, then the new one in;
    /// a build killed between the two leaves no output. The next build puts the old site back first.
    func testASiteLeftAsideByAKilledSwapIsPutBack() throws {
        let dir = try Fixtures.temporaryDirectory()
        let output = dir.appendingPathComponent("public")
        // A process that has exited: its pid names the dead build.
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        let retired = dir.appendingPathComponent(".public.old-\(dead.processIdentifier)")
        try FileManager.default.createDirectory(at: retired, withIntermediateDirectories: true)
        try "old site".write(to: retired.appendingPathComponent("index.html"), atomically: false, encoding: .utf8)
        let staging = dir.appendingPathComponent(".public.staging-\(dead.processIdentifier)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)

        let stage = try StagedOutput(output: output)
        XCTAssertEqual(try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8), "old site",
                       "the site set aside is online again while the new one is built")
        XCTAssertFalse(FileManager.default.fileExists(atPath: retired.path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: staging.path), "the dead build's staging folder is removed")
        try stage.write("index.html", "new site")
        try stage.commit()
        XCTAssertEqual(try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8), "new site")
        XCTAssertTrue(Self.waitUntilGone(dir, prefix: ".public.old-"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["public"])
    }
}
