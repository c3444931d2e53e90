import Foundation
import XCTest
@testable import PortalCore

/// The same report in every encoding agencies publish in gives exactly the same data; full-width digits,
/// full-width spaces (U+3000) and no-break spaces change nothing but the kept raw text.
final class EncodingTests: XCTestCase {
    static let seeds = ["000_4e7e543bd70c2432.txt", "001_0d7b6ffdfb1250b7.txt", "003_4338f21fe6e2a3fa.txt"]

    /// The report's whole published record, so that any difference (a cell, a section, a diagnostic) shows.
    func record(_ data: Data, name: String = "report.txt") throws -> String {
        let report = try FormFixtures.report(data, as: name)
        var w = JSONWriter(pretty: true)
        ReportJSON.write(report, to: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    func utf16(_ text: String, bigEndian: Bool) -> Data {
        var data = Data(bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE])
        for unit in text.utf16 {
            let u = bigEndian ? unit.bigEndian : unit.littleEndian
            withUnsafeBytes(of: u) { data.append(contentsOf: $0) }
        }
        return data
    }

    func testEveryEncodingGivesTheSameDataAsUTF8() throws {
        for seed in Self.seeds {
            let text = try Fixtures.text("seeds/\(seed)")
            let utf8 = try record(Data(text.utf8))
            let gb = try XCTUnwrap(text.data(using: TextDecoding.gb18030), "GB18030 encoder missing")
            XCTAssertNil(String(validatingUTF8Data: gb), "the GB18030 copy must not also be valid UTF-8")
            let copies: [(String, Data, TextDecoding.Encoding)] = [
                ("UTF-8 BOM", Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8), .utf8BOM),
                ("UTF-16LE", utf16(text, bigEndian: false), .utf16LE),
                ("UTF-16BE", utf16(text, bigEndian: true), .utf16BE),
                ("GB18030", gb, .gb18030),
            ]
            for (label, data, encoding) in copies {
                XCTAssertEqual(TextDecoding.decode(data)?.encoding, encoding, "\(seed) \(label)")
                XCTAssertEqual(TextDecoding.decode(data)?.text, text, "\(seed) \(label) decodes to the same text")
                XCTAssertEqual(try record(data), utf8, "\(seed) \(label) gives different data")
            }
        }
    }

    func testUndecodableBytesAreRefusedWithTheEncodingsTried() {
        // 0x81 0x20 is not valid UTF-8, and no GB18030 sequence either.
        let data = Data([0x81, 0x20, 0x81, 0x20, 0xFF, 0x20])
        guard case .failure(let s) = FormFixtures.read(data, as: "odd.txt") else { return XCTFail("read") }
        XCTAssertTrue(s.reason.contains("GB18030"), s.reason)
    }

    /// Full-width digits in the table cells: the same numbers, with each cell's text kept in rawCells.
    func testFullWidthDigitsReadAsTheirNumbersAndKeepTheirText() throws {
        let seed = "seeds/000_4e7e543bd70c2432.txt"
        let text = try Fixtures.text(seed)
        let original = try Fixtures.report(seed)
        let wide = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix("\t") else { return String(line) }
            return String(String.UnicodeScalarView(line.unicodeScalars.map { $0.isASCIIDigit ? Unicode.Scalar($0.value + 0xFEE0)! : $0 }))
        }.joined(separator: "\n")
        let report = try FormFixtures.report(Data(wide.utf8), as: "wide.txt")
        let a = ReportJSON.allCells(original), b = ReportJSON.allCells(report)
        XCTAssertEqual(a.map(\.path), b.map(\.path))
        XCTAssertEqual(a.map(\.value), b.map(\.value))
        XCTAssertEqual(report.activeDisclosure?[.licensing], 4573)
        XCTAssertEqual(report.rawCells["activeDisclosure.licensing"], "４５７３")
        XCTAssertTrue(report.checks.isEmpty)
    }

    /// U+3000 paragraph indents, a full-width space after labels and no-break spaces around values.
    func testFullWidthAndNoBreakSpacesChangeNothing() throws {
        for seed in Self.seeds {
            let text = try Fixtures.text("seeds/\(seed)")
            let spaced = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                if line.hasPrefix("\t") {
                    // \t0 → \t\u{00A0}0\u{00A0}; labels get a trailing U+3000.
                    return line.split(separator: "\t", omittingEmptySubsequences: false).map { cell -> String in
                        if cell.isEmpty { return "" }
                        return CellValue.looksLikeValue(String(cell)) ? "\u{00A0}\(cell)\u{00A0}" : "\(cell)\u{3000}"
                    }.joined(separator: "\t")
                }
                if line.isEmpty || line.hasPrefix("#") { return String(line) }
                return "\u{3000}\u{3000}" + line
            }.joined(separator: "\n")
            let original = try Fixtures.report("seeds/\(seed)")
            let report = try FormFixtures.report(Data(spaced.utf8), as: seed)
            XCTAssertEqual(ReportJSON.allCells(report).map(\.value), ReportJSON.allCells(original).map(\.value), seed)
            XCTAssertEqual(report.year, original.year, seed)
            XCTAssertEqual(report.printedAgency, original.printedAgency, seed)
            XCTAssertEqual(report.title, original.title, seed)
            XCTAssertEqual(report.proactiveItems?.value, original.proactiveItems?.value, seed)
            XCTAssertEqual(Set(report.sections.keys), Set(original.sections.keys), seed)
            XCTAssertEqual(report.checks.count, original.checks.count, seed)
            XCTAssertEqual(report.rawCells.keys.sorted(), original.rawCells.keys.sorted(), "\(seed): spaces alone are not raw text")
        }
    }
}
