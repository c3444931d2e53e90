import Foundation
import XCTest
@testable import PortalCore

/// Every input under Fixtures/fuzz-regressions goes through what the fuzzer (Fuzz/) runs — decode, detect
/// the form, read, parse, check — and on to the record and the official tables: no crash, no hang, a
/// reason when it is not published, JSON that parses when it is. A crash or hang the fuzzer finds is saved
/// there (Fuzz/run.sh says where it put the input) and so stays fixed. The files there now are edge cases
/// written by hand: odd-length and unpaired UTF-16, a BOM alone, NUL after the binary sniff, spans of
/// 999999 and 0, 300 nested tables, 5,000 nested divs, an unterminated JS string, unclosed markers,
/// a row past the cell limit, numbers like 1e309 and ９, a .docx whose XML expands entities a billion
/// times and one that inflates to 200 MB. Found by the fuzzer: a .docx whose header points past the end
/// (crashed the build), one whose deflate stream ends early (hung it), and one whose corrupt stream
/// made ZIPFoundation's inflater read past the part (a SEGV under AddressSanitizer; Fuzz/run.sh seeds
/// from this folder, so the ASan run goes through it again).
final class FuzzRegressionTests: XCTestCase {
    func testEveryRegressionInputIsReadOrRefusedWithAReason() throws {
        let dir = Fixtures.url("fuzz-regressions")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        XCTAssertGreaterThanOrEqual(names.count, 10)
        for name in names {
            let data = try Data(contentsOf: dir.appendingPathComponent(name))
            // On another thread with a deadline: a hang fails this test instead of stalling the suite.
            final class Box: @unchecked Sendable { var result: Result<Report, SkippedSource>? }
            let box = Box()
            let done = DispatchSemaphore(value: 0)
            let start = DispatchTime.now().uptimeNanoseconds
            DispatchQueue.global().async {
                box.result = Pipeline.read(SourceFile(path: name, data: data))
                done.signal()
            }
            guard done.wait(timeout: .now() + 30) == .success, let result = box.result else {
                XCTFail("\(name): no result after 30 s (a hang)")
                continue
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            XCTAssertLessThan(seconds, 5, "\(name) took \(seconds) s")
            switch result {
            case .success(let report):
                var w = JSONWriter()
                ReportJSON.write(report, to: &w)
                XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(w.bytes)), name)
                let tables = OfficialTables(report: report, anchor: "y")
                for html in [tables.activeDisclosure(), tables.applications(), tables.reviewLitigation()].compactMap({ $0 }) {
                    XCTAssertFalse(HTMLScan(html).tags.contains { $0.name == "script" || $0.attributes.contains { $0.name.hasPrefix("on") } }, name)
                }
                for section in report.sections.values { _ = Markdown.html(section.markdown) }
            case .failure(let skipped):
                XCTAssertFalse(skipped.reason.isEmpty, "\(name): skipped without a reason")
            }
        }
    }
}
