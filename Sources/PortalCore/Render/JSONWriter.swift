/// A streaming JSON writer: keys in the order written (so output is deterministic), numbers as people
/// write them, and `<`, `>`, `&`, U+2028/9 escaped so the same bytes are safe inline in HTML.
/// Foundation's JSONEncoder runs ~24 MB/s here; this writes straight into a byte buffer.
public struct JSONWriter {
    public internal(set) var bytes: [UInt8] = []
    private let pretty: Bool
    private var first: [Bool] = []
    private var afterKey = false

    public init(pretty: Bool = false, capacity: Int = 4096) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func newline() {
        guard pretty else { return }
        bytes.append(0x0A)
        for _ in 0..<first.count { bytes.append(0x20); bytes.append(0x20) }
    }

    /// Writes the comma and indentation a new value needs in the current container.
    private mutating func beginValue() {
        if afterKey { afterKey = false; return }
        if let isFirst = first.last {
            if !isFirst { bytes.append(0x2C) }
            first[first.count - 1] = false
            newline()
        }
    }

    public mutating func beginObject() { beginValue(); bytes.append(0x7B); first.append(true) }
    public mutating func endObject() { close(0x7D) }
    public mutating func beginArray() { beginValue(); bytes.append(0x5B); first.append(true) }
    public mutating func endArray() { close(0x5D) }

    private mutating func close(_ byte: UInt8) {
        let wasEmpty = first.removeLast()
        if !wasEmpty { newline() }
        bytes.append(byte)
    }

    public mutating func key(_ k: String) {
        beginValue()
        writeString(k)
        bytes.append(0x3A)
        if pretty { bytes.append(0x20) }
        afterKey = true
    }

    public mutating func string(_ s: String?) {
        beginValue()
        if let s { writeString(s) } else { appendNull() }
    }

    private mutating func appendNull() { bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }

    public mutating func number(_ v: Double?) {
        beginValue()
        guard let v, v.isFinite else { appendNull(); return }
        appendNumber(v, to: &bytes)
    }

    public mutating func int(_ v: Int?) {
        beginValue()
        if let v { bytes += String(v).utf8 } else { appendNull() }
    }

    public mutating func bool(_ v: Bool) { beginValue(); bytes += Array((v ? "true" : "false").utf8) }
    public mutating func null() { beginValue(); appendNull() }

    /// Copies an already-encoded JSON value (a report record written once, reused in several files).
    public mutating func raw(_ json: [UInt8]) { beginValue(); bytes += json }

    /// Copies an encoded value onto a line of its own (one report per line in the data files).
    public mutating func rawLine(_ json: [UInt8]) { beginValue(); bytes.append(0x0A); bytes += json }

    public mutating func field(_ k: String, _ s: String?) { key(k); string(s) }
    public mutating func field(_ k: String, _ v: Double?) { key(k); number(v) }
    public mutating func field(_ k: String, _ v: Int?) { key(k); int(v) }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func writeString(_ s: String) {
        bytes.append(0x22)
        var s = s
        s.withUTF8 { buf in
            // Runs of bytes that need no escape are copied at once.
            var run = 0, i = 0
            func flush(_ upTo: Int) { if upTo > run { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[run..<upTo])) } }
            while i < buf.count {
                let b = buf[i]
                let isLineSeparator = b == 0xE2 && i + 2 < buf.count && buf[i + 1] == 0x80 && (buf[i + 2] == 0xA8 || buf[i + 2] == 0xA9)
                guard b < 0x20 || b == 0x22 || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26 || b == 0x7F || isLineSeparator else {
                    i += 1
                    continue
                }
                flush(i)
                bytes.append(0x5C)
                switch b {
                case 0x22, 0x5C: bytes.append(b)
                case 0x0A: bytes.append(0x6E)
                case 0x0D: bytes.append(0x72)
                case 0x09: bytes.append(0x74)
                case 0xE2:
                    // U+2028 / U+2029 end a line in older JavaScript.
                    bytes.append(0x75); bytes.append(0x32); bytes.append(0x30); bytes.append(0x32)
                    bytes.append(buf[i + 2] == 0xA8 ? 0x38 : 0x39)
                    i += 2
                default:
                    bytes.append(0x75); bytes.append(0x30); bytes.append(0x30)
                    bytes.append(Self.hex[Int(b >> 4)]); bytes.append(Self.hex[Int(b & 0xF)])
                }
                i += 1
                run = i
            }
            flush(buf.count)
        }
        bytes.append(0x22)
    }

    /// Writes `(dotted.path, value)` pairs as nested objects: `results.denied.stateSecret.total` opens
    /// `results`, `denied`, `stateSecret` once for all their cells. Pairs must come grouped by prefix.
    public mutating func nested(_ entries: [(path: String, value: Double?)]) {
        nested(entries.map { ($0.path, JSONScalar.number($0.value)) })
    }

    public enum JSONScalar { case number(Double?), string(String?) }

    public mutating func nested(_ entries: [(path: String, value: JSONScalar)]) {
        nested(keys: entries.map { $0.path.split(separator: ".").map(String.init) }, values: entries.map(\.value))
    }

    /// The bytes `nested(keys:values:)` writes around its values, worked out once for a key list: a
    /// table is then its pieces with the values between (every report writes the same 200 keys).
    public struct NestedLayout: Sendable {
        let keys: [[String]]
        /// `pieces[i]` comes before value i; the last piece closes every object.
        let pieces: [[UInt8]]
        public init(keys: [[String]]) {
            self.keys = keys
            // Written with a marker for every value (U+0001, escaped: no key holds it), then cut at the markers.
            var w = JSONWriter()
            w.nested(keys: keys, values: keys.map { _ in .string("\u{1}") })
            let marker = Array(#""\u0001""#.utf8)
            var pieces: [[UInt8]] = []
            var start = 0, i = 0
            while i + marker.count <= w.bytes.count {
                if w.bytes[i..<(i + marker.count)].elementsEqual(marker) {
                    pieces.append(Array(w.bytes[start..<i]))
                    i += marker.count
                    start = i
                } else { i += 1 }
            }
            pieces.append(Array(w.bytes[start...]))
            self.pieces = pieces
        }
    }

    /// `nested(keys:values:)` through a precomputed layout (the same bytes; `pretty` writers take the long way).
    public mutating func nested(_ layout: NestedLayout, values: [JSONScalar]) {
        guard !pretty else { nested(keys: layout.keys, values: values); return }
        beginValue()
        for (piece, value) in zip(layout.pieces, values) {
            bytes += piece
            switch value {
            case .number(let v): if let v, v.isFinite { appendNumber(v, to: &bytes) } else { appendNull() }
            case .string(let v): if let v { writeString(v) } else { appendNull() }
            }
        }
        bytes += layout.pieces[layout.pieces.count - 1]
    }

    /// The same with the paths already split (the cell schema's are split once, not per report).
    public mutating func nested(keys: [[String]], values: [JSONScalar]) {
        beginObject()
        var open: [String] = []
        for (parts, value) in zip(keys, values) {
            let parents = parts.count - 1
            var common = 0
            while common < open.count, common < parents, open[common] == parts[common] { common += 1 }
            while open.count > common { endObject(); open.removeLast() }
            for p in parts[common..<parents] { key(p); beginObject(); open.append(p) }
            key(parts[parents])
            switch value {
            case .number(let v): number(v)
            case .string(let v): string(v)
            }
        }
        while !open.isEmpty { endObject(); open.removeLast() }
        endObject()
    }
}

/// Appends `formatNumber(v)` as UTF-8; whole numbers (nearly every cell) without building a String.
func appendNumber(_ v: Double, to bytes: inout [UInt8]) {
    guard v.rounded() == v, abs(v) < 1e15 else { bytes += formatNumber(v).utf8; return }
    var n = Int64(v)
    if n < 0 { bytes.append(0x2D); n = -n }
    if n < 10 { bytes.append(0x30 + UInt8(n)); return }
    var digits: (UInt64, UInt64) = (0, 0)  // up to 16 digits, written backwards into a fixed buffer
    withUnsafeMutableBytes(of: &digits) { buffer in
        var i = buffer.count
        while n > 0 { i -= 1; buffer[i] = 0x30 + UInt8(n % 10); n /= 10 }
        bytes.append(contentsOf: buffer[i...])
    }
}
