import Foundation
import XCTest

/// Golden ("snapshot") files: compared byte for byte; with PORTAL_RECORD_GOLDEN=1 they are rewritten and
/// the test fails, so a recorded change is always looked at.
func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let url = Fixtures.url("golden/\(name)")
    if ProcessInfo.processInfo.environment["PORTAL_RECORD_GOLDEN"] == "1" {
        try actual.write(to: url, atomically: true, encoding: .utf8)
        XCTFail("recorded \(name); run again without PORTAL_RECORD_GOLDEN", file: file, line: line)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("no golden file \(name); record it with PORTAL_RECORD_GOLDEN=1", file: file, line: line); return
    }
    guard expected != actual else { return }
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var diff: [String] = []
    for i in 0..<max(e.count, a.count) where (i < e.count ? e[i] : nil) != (i < a.count ? a[i] : nil) {
        diff.append("line \(i + 1):\n- \(i < e.count ? String(e[i]) : "<none>")\n+ \(i < a.count ? String(a[i]) : "<none>")")
        if diff.count == 10 { break }
    }
    XCTFail("\(name) differs from its golden file:\n" + diff.joined(separator: "\n"), file: file, line: line)
}
