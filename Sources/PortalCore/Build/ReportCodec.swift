import Foundation

/// A compact binary form of a parsed `Report`, for the build cache: reading it back is far cheaper than
/// parsing the source again. Written by hand for speed (Codable coders cost ~1 µs a value); the test
/// `ReportCodecTests.testCodecCoversEveryField` fails when `Report` gains a field this does not carry.
enum ReportCodec {
    static let version: UInt8 = 1

    static func encode(_ r: Report, into w: inout BinaryWriter) {
        w.string(r.source)
        w.string(r.form.rawValue)
        w.string(r.format.rawValue)
        w.optional(r.title) { $0.string($1) }
        w.optional(r.printedAgency) { $0.string($1) }
        w.optional(r.agency) { $0.string($1.name); $0.string($1.slug) }
        w.optional(r.year) { $0.int($1) }
        w.optional(r.publishedOn) { $0.string($1) }
        w.optional(r.proactiveItems) { figure(&$0, $1) }
        w.optional(r.activeDisclosure) { grid(&$0, $1.grid); $0.int($1.line) }
        w.optional(r.activeDisclosure2019) { grid(&$0, $1.grid); $0.int($1.line); $0.optional($1.procurementAmountUnit) { $0.string($1) } }
        w.optional(r.applications) { grid(&$0, $1.grid); $0.int($1.line) }
        w.optional(r.reviewLitigation) { grid(&$0, $1.grid); $0.int($1.line) }
        w.int(r.rawCells.count)
        for (k, v) in r.rawCells.sorted(by: { $0.key < $1.key }) { w.string(k); w.string(v) }
        w.int(r.sections.count)
        for key in SectionKey.allCases { if let s = r.sections[key] { w.string(key.rawValue); section(&w, s) } }
        w.optional(r.preamble) { section(&$0, $1) }
        w.int(r.proseFigures.count)
        for (k, v) in r.proseFigures.sorted(by: { $0.key < $1.key }) { w.string(k); figure(&w, v) }
        w.int(r.checks.count)
        for c in r.checks { check(&w, c) }
        w.int(r.diagnostics.count)
        for d in r.diagnostics { diagnostic(&w, d) }
    }

    static func decode(_ r: inout BinaryReader) throws -> Report {
        let source = try r.string()
        guard let form = SourceForm(rawValue: try r.string()), let format = ReportFormat(rawValue: try r.string()) else {
            throw BinaryReader.Corrupt()
        }
        var report = Report(source: source, form: form)
        report.format = format
        report.title = try r.optional { try $0.string() }
        report.printedAgency = try r.optional { try $0.string() }
        report.agency = try r.optional { AgencyRef(name: try $0.string(), slug: try $0.string()) }
        report.year = try r.optional { try $0.int() }
        report.publishedOn = try r.optional { try $0.string() }
        report.proactiveItems = try r.optional { try figure(&$0) }
        report.activeDisclosure = try r.optional { var t = ActiveDisclosure(); t.grid = try grid(&$0); t.line = try $0.int(); return t }
        report.activeDisclosure2019 = try r.optional {
            var t = ActiveDisclosure2019(); t.grid = try grid(&$0); t.line = try $0.int()
            t.procurementAmountUnit = try $0.optional { try $0.string() }
            return t
        }
        report.applications = try r.optional { var t = Applications(); t.grid = try grid(&$0); t.line = try $0.int(); return t }
        report.reviewLitigation = try r.optional { var t = ReviewLitigation(); t.grid = try grid(&$0); t.line = try $0.int(); return t }
        for _ in 0..<(try r.int()) { report.rawCells[try r.string()] = try r.string() }
        for _ in 0..<(try r.int()) {
            guard let key = SectionKey(rawValue: try r.string()) else { throw BinaryReader.Corrupt() }
            report.sections[key] = try section(&r)
        }
        report.preamble = try r.optional { try section(&$0) }
        for _ in 0..<(try r.int()) { report.proseFigures[try r.string()] = try figure(&r) }
        report.checks = try (0..<(try r.int())).map { _ in try check(&r) }
        report.diagnostics = try (0..<(try r.int())).map { _ in try diagnostic(&r) }
        return report
    }

    private static func grid(_ w: inout BinaryWriter, _ g: NumberGrid) {
        w.int(g.columns)
        w.int(g.rowLines.count)
        for l in g.rowLines { w.int(Int(l)) }
        let values = g.rawValues
        w.int(values.count)
        for v in values { w.double(v) }
    }

    private static func grid(_ r: inout BinaryReader) throws -> NumberGrid {
        let columns = try r.int()
        let lines = try (0..<(try r.int())).map { _ in Int32(try r.int()) }
        let values = try (0..<(try r.int())).map { _ in try r.double() }
        return NumberGrid(columns: columns, rawValues: values, rowLines: lines)
    }

    private static func figure(_ w: inout BinaryWriter, _ f: ProseFigure) { w.double(f.value); w.string(f.sentence); w.int(f.line) }
    private static func figure(_ r: inout BinaryReader) throws -> ProseFigure {
        ProseFigure(value: try r.double(), sentence: try r.string(), line: try r.int())
    }

    private static func section(_ w: inout BinaryWriter, _ s: Section) {
        w.string(s.markdown); w.int(s.line)
        w.int(s.paragraphLines.count); for l in s.paragraphLines { w.int(l) }
    }
    private static func section(_ r: inout BinaryReader) throws -> Section {
        var s = Section(markdown: try r.string(), line: try r.int())
        s.paragraphLines = try (0..<(try r.int())).map { _ in try r.int() }
        return s
    }

    static func check(_ w: inout BinaryWriter, _ c: Check) {
        w.string(c.rule); w.string(c.severity.rawValue)
        w.int(c.cells.count); for cell in c.cells { w.string(cell) }
        w.optional(c.expected) { $0.double($1) }; w.optional(c.found) { $0.double($1) }
        w.string(c.message); w.optional(c.line) { $0.int($1) }
        w.optional(c.suspect) { $0.string($1) }; w.optional(c.related) { $0.string($1) }
    }

    private static func check(_ r: inout BinaryReader) throws -> Check {
        let rule = try r.string()
        guard let severity = Severity(rawValue: try r.string()) else { throw BinaryReader.Corrupt() }
        let cells = try (0..<(try r.int())).map { _ in try r.string() }
        return Check(rule: rule, severity: severity, cells: cells, expected: try r.optional { try $0.double() },
                     found: try r.optional { try $0.double() }, message: try r.string(), line: try r.optional { try $0.int() },
                     suspect: try r.optional { try $0.string() }, related: try r.optional { try $0.string() })
    }

    private static func diagnostic(_ w: inout BinaryWriter, _ d: Diagnostic) {
        w.string(d.severity.rawValue); w.string(d.stage.rawValue); w.string(d.location.file)
        w.optional(d.location.line) { $0.int($1) }; w.string(d.message)
    }

    private static func diagnostic(_ r: inout BinaryReader) throws -> Diagnostic {
        guard let severity = Severity(rawValue: try r.string()), let stage = Stage(rawValue: try r.string()) else {
            throw BinaryReader.Corrupt()
        }
        let file = try r.string()
        let line: Int? = try r.optional { try $0.int() }
        return Diagnostic(severity, stage, SourceLocation(file: file, line: line), try r.string())
    }
}

struct BinaryWriter {
    var bytes: [UInt8] = []

    mutating func int(_ v: Int) {
        var z = UInt64(bitPattern: Int64((v << 1) ^ (v >> 63)))  // zigzag, then LEB128
        while z >= 0x80 { bytes.append(UInt8(z & 0x7F) | 0x80); z >>= 7 }
        bytes.append(UInt8(z))
    }
    mutating func double(_ v: Double) {
        var bits = v.bitPattern
        for _ in 0..<8 { bytes.append(UInt8(bits & 0xFF)); bits >>= 8 }
    }
    mutating func string(_ s: String) { int(s.utf8.count); bytes += s.utf8 }
    mutating func data(_ d: [UInt8]) { int(d.count); bytes += d }
    mutating func optional<T>(_ v: T?, _ write: (inout BinaryWriter, T) -> Void) {
        if let v { bytes.append(1); write(&self, v) } else { bytes.append(0) }
    }
}

struct BinaryReader {
    struct Corrupt: Error {}
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { offset >= bytes.count }

    mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw Corrupt() }
        defer { offset += 1 }
        return bytes[offset]
    }
    mutating func int() throws -> Int {
        var z: UInt64 = 0, shift: UInt64 = 0
        while true {
            let b = try byte()
            z |= UInt64(b & 0x7F) << shift
            if b < 0x80 { break }
            shift += 7
            guard shift < 64 else { throw Corrupt() }
        }
        // zigzag back, with a logical shift of the unsigned value (an arithmetic one breaks 64-bit hashes)
        return Int(Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
    }
    mutating func double() throws -> Double {
        guard offset + 8 <= bytes.count else { throw Corrupt() }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return Double(bitPattern: bits)
    }
    mutating func data() throws -> [UInt8] {
        let n = try int()
        guard n >= 0, offset + n <= bytes.count else { throw Corrupt() }
        defer { offset += n }
        return Array(bytes[offset..<(offset + n)])
    }
    mutating func string() throws -> String {
        let n = try int()
        guard n >= 0, offset + n <= bytes.count else { throw Corrupt() }
        defer { offset += n }
        return String(decoding: bytes[offset..<(offset + n)], as: UTF8.self)
    }
    mutating func optional<T>(_ read: (inout BinaryReader) throws -> T) throws -> T? {
        try byte() == 1 ? read(&self) : nil
    }
}
