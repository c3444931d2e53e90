/// UTF-8 bytes of generated markup, appended in place. Pages are built here rather than by String
/// concatenation and interpolation: at national scale a build writes ~10⁸ bytes of markup, and String
/// building (grapheme-aware appends, a temporary String per interpolation) dominated the render time.
///
/// Every `append…` is byte-for-byte what the String helpers it replaces produce (`HTML.escape`,
/// `HTML.text`, `formatNumber`, `SVGText.escape`, `SVGText.num`), so output does not change.
///
/// The bytes live in a buffer of its own rather than an Array: a page is ~10⁴ small appends, and an
/// Array's append (uniqueness, capacity and bridging checks, a retain and release around each call) cost
/// more than the copying.
struct MarkupBuffer {
    /// Copy-on-write storage; `MarkupBuffer` values are not shared in practice.
    final class Storage {
        var base: UnsafeMutablePointer<UInt8>
        var count = 0
        var capacity: Int

        init(capacity: Int) {
            self.capacity = max(capacity, 64)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }

        func grow(toAtLeast minimum: Int) {
            let newCapacity = max(minimum, capacity * 2)
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            bigger.initialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity = newCapacity
        }

        func copy() -> Storage {
            let c = Storage(capacity: capacity)
            c.base.initialize(from: base, count: count)
            c.count = count
            return c
        }
    }

    private var storage: Storage

    init(capacity: Int = 0) { storage = Storage(capacity: capacity) }

    var count: Int { storage.count }

    /// The bytes written so far, as an array (one copy).
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: storage.base, count: storage.count)) }

    var string: String { String(decoding: UnsafeBufferPointer(start: storage.base, count: storage.count), as: UTF8.self) }

    subscript(i: Int) -> UInt8 { storage.base[i] }

    /// Room for `n` more bytes; returns where they go.
    @inline(__always)
    private mutating func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        if storage.count + n > storage.capacity { storage.grow(toAtLeast: storage.count + n) }
        return storage.base + storage.count
    }

    @inline(__always)
    mutating func append(_ b: UnsafeBufferPointer<UInt8>) {
        let n = b.count
        guard n > 0 else { return }
        reserve(n).initialize(from: b.baseAddress!, count: n)
        storage.count += n
    }

    @inline(__always)
    mutating func append(_ s: StaticString) {
        s.withUTF8Buffer { append($0) }
    }

    @inline(__always)
    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { append($0) }
    }

    @inline(__always)
    mutating func append(_ b: [UInt8]) { b.withUnsafeBufferPointer { append($0) } }

    @inline(__always)
    mutating func append(byte b: UInt8) {
        reserve(1).pointee = b
        storage.count += 1
    }

    /// Puts `b` at `offset`, moving what follows (an indented partial's indentation).
    mutating func insert(_ b: [UInt8], at offset: Int) {
        let n = b.count
        _ = reserve(n)
        let at = storage.base + offset
        (at + n).moveInitialize(from: at, count: storage.count - offset)
        b.withUnsafeBufferPointer { at.initialize(from: $0.baseAddress!, count: n) }
        storage.count += n
    }

    /// `String(n)`.
    mutating func append(int n: Int) {
        if n >= 0 && n < 1000 {  // most numbers on a page: no scratch buffer
            if n >= 100 { append(byte: 0x30 + UInt8(n / 100)) }
            if n >= 10 { append(byte: 0x30 + UInt8(n / 10 % 10)) }
            append(byte: 0x30 + UInt8(n % 10))
            return
        }
        if n < 0 { append(byte: 0x2D) }
        var m = n.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in  // any Int has ≤ 19 digits
            var i = digits.count
            repeat {
                i -= 1
                digits[i] = 0x30 + UInt8(m % 10)
                m /= 10
            } while m > 0
            append(UnsafeBufferPointer(rebasing: digits[i...]))
        }
    }

    mutating func append(_ other: MarkupBuffer) {
        append(UnsafeBufferPointer(start: other.storage.base, count: other.storage.count))
    }

    /// `formatNumber(v)`: whole numbers without a decimal point, anything else as Swift prints a Double.
    mutating func append(number v: Double) {
        // Int64(exactly:) is the same test as `v.rounded() == v` here, without a call to libm's round.
        if abs(v) < 1e15, let whole = Int64(exactly: v) { append(int: Int(whole)) } else { append("\(v)") }
    }

    /// `HTML.escape(s)`.
    mutating func append(escaping s: String) {
        var s = s
        s.withUTF8 { appendEscaped($0) }
    }

    /// `HTML.text(s)`: bidi controls made visible, then escaped.
    mutating func append(text s: String) {
        var s = s
        if s.withUTF8(HTML.containsBidiControl) {
            append(escaping: HTML.neutralizingBidi(s))
        } else {
            s.withUTF8 { appendEscaped($0) }
        }
    }

    /// The bytes `HTML.escape` writes for `& < > " '`, the controls XML forbids and U+FFFE/U+FFFF; with
    /// `deleteToo`, DEL becomes U+FFFD as well (SVG: XML 1.0 discourages it).
    mutating func appendEscaped(_ b: UnsafeBufferPointer<UInt8>, deleteToo: Bool = false) {
        var start = 0
        var i = 0
        let n = b.count
        while i < n {
            let x = b[i]
            let special = x == 0x26 || x == 0x3C || x == 0x3E || x == 0x22 || x == 0x27 || (deleteToo && x == 0x7F)
                || HTML.isForbiddenControl(x)
                || (x == 0xEF && i + 2 < n && b[i + 1] == 0xBF && (b[i + 2] == 0xBE || b[i + 2] == 0xBF))
            if !special { i += 1; continue }
            if start < i { append(UnsafeBufferPointer(rebasing: b[start..<i])) }
            switch x {
            case 0x26: append("&amp;")
            case 0x3C: append("&lt;")
            case 0x3E: append("&gt;")
            case 0x22: append("&quot;")
            case 0x27: append("&#39;")
            case 0xEF: append("\u{FFFD}"); i += 2
            default: append("\u{FFFD}")
            }
            i += 1
            start = i
        }
        if start < n { append(UnsafeBufferPointer(rebasing: b[start..<n])) }
    }

    // MARK: SVG

    /// `SVGText.escape(s)`: like `append(text:)`, and DEL becomes U+FFFD too (XML 1.0 discourages it).
    mutating func append(svgEscaping s: String) {
        var s = s
        if s.withUTF8(HTML.containsBidiControl) { s = HTML.neutralizingBidi(s) }
        s.withUTF8 { appendEscaped($0, deleteToo: true) }
    }

    /// `SVGText.num(x)`: one decimal at most, never "-0", non-finite as 0.
    mutating func append(svgNumber x: Double) {
        guard x.isFinite else { append(byte: 0x30); return }
        let tenths = Int64((x * 10).rounded())
        if tenths == 0 { append(byte: 0x30); return }
        if tenths < 0 { append(byte: 0x2D) }
        let a = tenths.magnitude
        append(int: Int(a / 10))
        if a % 10 != 0 { append(byte: 0x2E); append(byte: 0x30 + UInt8(a % 10)) }
    }
}
