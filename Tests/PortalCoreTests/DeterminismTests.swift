import Foundation
import XCTest
@testable import PortalCore

/// The same content gives the same bytes: no clock, no hash-map order (each process seeds Swift's
/// hashing afresh, so separate builds differ wherever output follows Dictionary or Set order), and no
/// absolute path — also when the output folder is elsewhere and named otherwise.
final class DeterminismTests: XCTestCase {
    func testBuildsOfTheSameContentAreByteIdentical() throws {
        let dir = try Fixtures.temporaryDirectory()
        let content = dir.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        // Every kind of fixture: Word text, Markdown, web pages, hostile names, an agency list with aliases,
        // two reports of one agency in one year, and a file that is skipped.
        for folder in ["seeds", "real", "hostile"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: Fixtures.url(folder).path)
            where name.hasSuffix(".txt") || name.hasSuffix(".md") || name.hasSuffix(".html") || name == "agencies.yaml" {
                try FileManager.default.copyItem(at: Fixtures.url("\(folder)/\(name)"), to: content.appendingPathComponent("\(folder)-\(name)"))
            }
        }
        try FileManager.default.moveItem(at: content.appendingPathComponent("hostile-agencies.yaml"), to: content.appendingPathComponent("agencies.yaml"))
        try FileManager.default.copyItem(at: Fixtures.url("seeds/000_4e7e543bd70c2432.txt"), to: content.appendingPathComponent("again-000.txt"))
        try Data([0x00, 0x01, 0x02]).write(to: content.appendingPathComponent("binary.txt"))

        let outputs = [dir.appendingPathComponent("a/public"), dir.appendingPathComponent("a/public"),
                       dir.appendingPathComponent("elsewhere/deeper/site-out")]
        var trees: [[String: Data]] = []
        for output in outputs {
            XCTAssertEqual(try PortalCLI.run(PortalCLI.build(content, into: output, ["--quiet"])).status, 1, "published with one skipped file")
            trees.append(try AtomicPublishTests.snapshot(output))
        }
        XCTAssertGreaterThan(trees[0].count, 40)
        for (i, tree) in trees.enumerated().dropFirst() {
            XCTAssertEqual(tree.keys.sorted(), trees[0].keys.sorted(), "build \(i + 1): the same files")
            for (path, data) in tree where trees[0][path] != data {
                let a = String(decoding: trees[0][path] ?? Data(), as: UTF8.self), b = String(decoding: data, as: UTF8.self)
                let at = zip(a, b).prefix(while: { $0 == $1 }).count
                XCTFail("build \(i + 1): \(path) differs at character \(at): …\(a.dropFirst(max(0, at - 40)).prefix(120))… vs …\(b.dropFirst(max(0, at - 40)).prefix(120))…")
            }
        }
        // Nothing of the machine or the moment in any file.
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: .current, formatOptions: [.withFullDate])
        let forbidden = [dir.path, content.path, FileManager.default.temporaryDirectory.path, NSHomeDirectory(), today,
                         ProcessInfo.processInfo.hostName].filter { $0.count > 4 }
        for (path, data) in trees[0] {
            let text = String(decoding: data, as: UTF8.self)
            for f in forbidden where text.contains(f) { XCTFail("\(path) contains \(f)") }
        }
    }
}
