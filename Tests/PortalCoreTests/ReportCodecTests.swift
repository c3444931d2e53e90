import XCTest
@testable import PortalCore

final class ReportCodecTests: XCTestCase {
    func roundTrip(_ r: Report) throws -> Report {
        var w = BinaryWriter()
        ReportCodec.encode(r, into: &w)
        var reader = BinaryReader(w.bytes)
        let back = try ReportCodec.decode(&reader)
        XCTAssertTrue(reader.atEnd)
        return back
    }

    func testEverySampleReportRoundTrips() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: Fixtures.url("seeds").path) {
            var r = try Fixtures.report("seeds/\(name)")
            r.agency = AgencyRef(name: "某机构", slug: "mou-ji-gou-000000")
            XCTAssertEqual(try roundTrip(r), r, name)
        }
        for name in ["pingtan-2023.html", "shanghai-govoffice-2019.html"] {
            let r = try Fixtures.report("real/\(name)")
            XCTAssertEqual(try roundTrip(r), r, name)
        }
    }

    /// A field added to Report must be added to the codec too, or cached builds would drop it.
    func testCodecCoversEveryField() {
        let fields = Mirror(reflecting: Report.Fields(source: "x", form: .wordText)).children.compactMap(\.label)
        XCTAssertEqual(fields, ["source", "form", "format", "title", "printedAgency", "agency", "year", "publishedOn",
                                "proactiveItems", "activeDisclosure", "activeDisclosure2019", "applications",
                                "reviewLitigation", "rawCells", "sections", "preamble", "proseFigures", "checks", "diagnostics"],
                       "Report changed: update ReportCodec (encode and decode) and this list")
    }

    func testIntegersRoundTripAcrossTheWholeRange() throws {
        let values = [0, 1, -1, 63, -64, 1 << 40, Int.max, Int.min, Int(Int64(bitPattern: 0xDEAD_BEEF_CAFE_F00D))]
        var w = BinaryWriter()
        for v in values { w.int(v) }
        var r = BinaryReader(w.bytes)
        XCTAssertEqual(try values.map { _ in try r.int() }, values)
    }

    func testCorruptInputThrowsInsteadOfCrashing() {
        var reader = BinaryReader([0x05, 0x41])
        XCTAssertThrowsError(try ReportCodec.decode(&reader))
    }
}

final class DigestTests: XCTestCase {
    /// The cache's digest: the same bytes give the same value however they are held; any byte changes it.
    func testDigestIsTheSameForAnyContainerAndSeesEveryByte() {
        let bytes = (0..<1_003).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let value = Digest.of(bytes)
        XCTAssertEqual(bytes.withUnsafeBytes { Digest.of($0) }, value)
        XCTAssertEqual(Digest.of(AnySequence(bytes)), value, "the byte-at-a-time path agrees with the word path")
        XCTAssertEqual(Data(bytes).withUnsafeBytes { Digest.of($0) }, value)
        for i in [0, 7, 8, 500, 1_000, 1_002] {
            var changed = bytes
            changed[i] ^= 1
            XCTAssertNotEqual(Digest.of(changed), value, "byte \(i)")
        }
        XCTAssertNotEqual(Digest.of(bytes.dropLast()), value)
    }
}
