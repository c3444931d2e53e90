import Foundation
import XCTest
@testable import PortalCore

/// Names from content never choose where the build writes: agency names and file names that look like
/// paths (`../../etc`, `/etc/passwd`, `C:\…`, `..`), names differing only by case or Unicode form, and a
/// NUL all stay inside public/, and distinct agencies get distinct pages. Links out of content/ are refused.
final class PathSafetyTests: XCTestCase {
    static let seed = "seeds/000_4e7e543bd70c2432.txt"
    static let seedAgency = "盘州市卫生健康局"

    /// Seed 000 published by another agency.
    func report(agency: String) throws -> String {
        try Fixtures.text(Self.seed).replacingOccurrences(of: Self.seedAgency, with: agency)
    }

    /// Every regular file under `root`, relative to it.
    func allFiles(under root: URL) -> [String] {
        var out: [String] = []
        let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [])!
        for case let url as URL in e where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            out.append(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
        }
        return out.sorted()
    }

    func testNamesThatLookLikePathsStayInsideTheOutput() throws {
        let dir = try Fixtures.temporaryDirectory()
        let content = dir.appendingPathComponent("work/content")
        try FileManager.default.createDirectory(at: content.appendingPathComponent("sub/deeper"), withIntermediateDirectories: true)
        // Agency name → file name it is published in.
        let agencies: [(name: String, file: String)] = [
            ("../../etc局", "dots..txt"), ("/etc/passwd", "-rf.txt"), ("..", "a\\b.txt"), ("C:\\Windows\\System32局", "sub/deeper/c.txt"),
            ("%2e%2e%2f局", "index.html"), ("ABC局", "abc-upper.txt"), ("abc局", "abc-lower.txt"), ("CON", "con.txt"),
            ("Café局", "nfc.txt"), ("Cafe\u{301}局", "nfd.txt"), ("甲\u{0}乙局", "nul.txt"),
            ("~/.ssh/authorized_keys局", "名字 带空格\n换行.txt"),
        ]
        for (name, file) in agencies {
            try report(agency: name).write(to: content.appendingPathComponent(file), atomically: false, encoding: .utf8)
        }
        let output = dir.appendingPathComponent("work/public")
        let run = try PortalCLI.run(PortalCLI.build(content, into: output, ["--quiet"]))
        let printed = run.out
        XCTAssertEqual(run.status, 1, "the file with a NUL is skipped: \(printed)")
        XCTAssertTrue(printed.contains("portal: skipped nul.txt: 二进制文件"), printed)

        // Nothing was written anywhere but public/ and portal's own parse cache beside it (content/ is as it was).
        let everything = allFiles(under: dir)
        let outside = everything.filter { !$0.hasPrefix("work/public/") && !$0.hasPrefix("work/content/") && !$0.hasPrefix("work/.public.cache/") }
        XCTAssertEqual(outside, [], "files written outside the output folder")
        XCTAssertEqual(allFiles(under: content).count, agencies.count)

        let files = allFiles(under: output)
        for path in files {
            XCTAssertNoThrow(try OutputPath.validate(path), path)
            XCTAssertTrue(path.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "./-_".unicodeScalars.contains($0)) },
                          "output path not plain ASCII: \(path)")
        }
        XCTAssertEqual(Set(files.map { $0.lowercased() }).count, files.count, "two output paths differ only by case")

        // Distinct agencies got distinct pages; the NFC and NFD spellings of one name are one agency.
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("data/reports.json"))) as? [String: Any])
        let reports = try XCTUnwrap(json["reports"] as? [[String: Any]])
        XCTAssertEqual(reports.count, agencies.count - 1)
        var slugByName: [String: Set<String>] = [:]
        for r in reports {
            let a = try XCTUnwrap(r["agency"] as? [String: Any])
            slugByName[try XCTUnwrap(a["name"] as? String), default: []].insert(try XCTUnwrap(a["slug"] as? String))
        }
        XCTAssertEqual(slugByName.count, agencies.count - 2, "\(slugByName.keys.sorted())")
        XCTAssertTrue(slugByName.values.allSatisfy { $0.count == 1 })
        let slugs = slugByName.values.map { $0.first! }
        XCTAssertEqual(Set(slugs).count, slugs.count, "two agencies share a page")
        XCTAssertEqual(reports.filter { ($0["agency"] as? [String: Any])?["name"] as? String == "Café局" }.count, 2,
                       "NFC and NFD spellings are one agency")
        for (name, slug) in slugByName {
            let page = try String(contentsOf: output.appendingPathComponent("agencies/\(slug.first!)/index.html"), encoding: .utf8)
            XCTAssertTrue(page.contains("<h1>\(HTML.text(name))</h1>"), "the page of \(name) is its own")
        }
        XCTAssertEqual(files.filter { $0.hasPrefix("sources/") }.count, reports.count, "every original has its own copy")
        XCTAssertTrue(files.contains("index.html"))
        XCTAssertTrue(try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8).contains("<h1>政府信息公开工作年度报告</h1>"),
                      "a content file named index.html does not replace the home page")
    }

    func testSlugsOfNamesDifferingOnlyByCaseOrFormAreDistinctOrEqualAsTheNamesAre() {
        let names = ["ABC局", "abc局", "Abc局", "Café局", "Cafe\u{301}局", "../../etc", "..", "/", "局"]
        let slugs = Slug.make(names.map(AgencyNames.key))
        XCTAssertEqual(slugs[3], slugs[4], "NFC and NFD of one name")
        XCTAssertEqual(Set(slugs).count, names.count - 1)
        for s in slugs {
            XCTAssertNoThrow(try OutputPath.validate("agencies/\(s)/index.html"))
            XCTAssertFalse(s.hasPrefix(".") || s.hasPrefix("-"), s)
        }
    }

    func testOutputPathsFromContentAreRefused() {
        for bad in ["../x", "a/../../x", "/etc/passwd", "a//b", "a/./b", "a\\..\\b", "a\u{0}b", "", String(repeating: "a", count: 256)] {
            XCTAssertThrowsError(try OutputPath.validate(bad), bad)
            XCTAssertThrowsError(try MemorySink().write(bad, "x"), bad)
        }
    }

    func testLinksOutOfTheContentFolderAreRefusedWithADiagnostic() throws {
        let dir = try Fixtures.temporaryDirectory()
        let content = dir.appendingPathComponent("content")
        let outside = dir.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: content.appendingPathComponent("inner"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        let secret = try report(agency: "机密泄露局")
        try secret.write(to: outside.appendingPathComponent("secret.txt"), atomically: false, encoding: .utf8)
        try report(agency: "正常局").write(to: content.appendingPathComponent("ok.txt"), atomically: false, encoding: .utf8)
        try report(agency: "内部局").write(to: content.appendingPathComponent("inner/real.txt"), atomically: false, encoding: .utf8)
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: content.appendingPathComponent("file-link.txt").path, withDestinationPath: "../outside/secret.txt")
        try fm.createSymbolicLink(atPath: content.appendingPathComponent("absolute-link.txt").path, withDestinationPath: outside.appendingPathComponent("secret.txt").path)
        try fm.createSymbolicLink(atPath: content.appendingPathComponent("dir-link").path, withDestinationPath: "../outside")
        // A chain that ends outside, and a link that stays inside (allowed).
        try fm.createSymbolicLink(atPath: content.appendingPathComponent("chain.txt").path, withDestinationPath: "file-link.txt")
        try fm.createSymbolicLink(atPath: content.appendingPathComponent("inside-link.txt").path, withDestinationPath: "inner/real.txt")

        let scan = ContentScanner.scan(content)
        XCTAssertEqual(scan.files.map(\.path).sorted(), ["inner/real.txt", "inside-link.txt", "ok.txt"])
        XCTAssertEqual(scan.diagnostics.map(\.location.file).sorted(), ["absolute-link.txt", "chain.txt", "dir-link", "file-link.txt"])
        for d in scan.diagnostics {
            XCTAssertEqual(d.severity, .error)
            XCTAssertTrue(d.message.contains("符号链接指向内容目录之外"), d.message)
            XCTAssertFalse(d.message.contains(dir.path) && d.location.file != "absolute-link.txt",
                           "the build machine's paths are not published: \(d.message)")
        }

        // Built: the secret is nowhere in the site, the refusals are listed, the build says so (exit 1).
        let output = dir.appendingPathComponent("public")
        let summary = try Pipeline.build(Pipeline.Options(content: content, output: output,
                                                          templates: Fixtures.repository.appendingPathComponent("site-templates")))
        XCTAssertEqual(summary.content.reports.count, 3)
        XCTAssertEqual(summary.content.skipped.map(\.source).sorted(), ["absolute-link.txt", "chain.txt", "dir-link", "file-link.txt"])
        for path in allFiles(under: output) {
            let text = String(decoding: try Data(contentsOf: output.appendingPathComponent(path)), as: UTF8.self)
            XCTAssertFalse(text.contains("机密泄露局"), "\(path) holds the file outside content/")
        }
    }
}
