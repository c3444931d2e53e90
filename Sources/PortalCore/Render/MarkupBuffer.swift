/// UTF-8 bytes of generated markup, appended in place. Pages are built here rather than by String
/// concatenation and interpolation: at national scale a build writes ~10⁸ bytes of markup, and String
/// building (grapheme-aware appends, a temporary String per interpolation) dominated the render time.
///
/// Every `append…` is byte-for-byte what the String helpers it replaces produce (`HTML.escape`,
/// `HTML.text`, `formatNumber`, `SVGText.escape`, `SVGText.num`), so output does not change.
struct MarkupBuffer {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    @inline(__always)
    mutating func append(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func append(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    @inline(__always)
    mutating func append(byte b: UInt8) { bytes.append(b) }

    /// `String(n)`.
    mutating func append(int n: Int) {
        if n >= 0 && n < 1000 {  // most numbers on a page: no scratch buffer
            if n >= 100 { bytes.append(0x30 + UInt8(n / 100)) }
            if n >= 10 { bytes.append(0x30 + UInt8(n / 10 % 10)) }
            bytes.append(0x30 + UInt8(n % 10))
            return
        }
        if n < 0 { bytes.append(0x2D) }
        var m = n.magnitude
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for the 20 digits of any Int
        withUnsafeMutableBytes(of: &scratch) { digits in
            var i = digits.count
            repeat {
                i -= 1
                digits[i] = 0x30 + UInt8(m % 10)
                m /= 10
            } while m > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: digits[i...]))
        }
    }

    /// `formatNumber(v)`: whole numbers without a decimal point, anything else as Swift prints a Double.
    mutating func append(number v: Double) {
        if v.rounded() == v && abs(v) < 1e15 { append(int: Int(Int64(v))) } else { append("\(v)") }
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

    /// The bytes `HTML.escape` writes for `& < > " '`, the controls XML forbids and U+FFFE/U+FFFF.
    mutating func appendEscaped(_ b: UnsafeBufferPointer<UInt8>) {
        var start = 0
        var i = 0
        let n = b.count
        while i < n {
            let x = b[i]
            let special = x == 0x26 || x == 0x3C || x == 0x3E || x == 0x22 || x == 0x27 || HTML.isForbiddenControl(x)
                || (x == 0xEF && i + 2 < n && b[i + 1] == 0xBF && (b[i + 2] == 0xBE || b[i + 2] == 0xBF))
            if !special { i += 1; continue }
            if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i])) }
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
        if start < n { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<n])) }
    }

    // MARK: SVG

    /// `SVGText.escape(s)`: like `append(text:)`, and DEL becomes U+FFFD too (XML 1.0 discourages it).
    mutating func append(svgEscaping s: String) {
        var s = s
        if s.withUTF8(HTML.containsBidiControl) { s = HTML.neutralizingBidi(s) }
        s.withUTF8 { b in
            var start = 0
            var i = 0
            let n = b.count
            while i < n {
                let x = b[i]
                let special = x == 0x26 || x == 0x3C || x == 0x3E || x == 0x22 || x == 0x27 || x == 0x7F || HTML.isForbiddenControl(x)
                    || (x == 0xEF && i + 2 < n && b[i + 1] == 0xBF && (b[i + 2] == 0xBE || b[i + 2] == 0xBF))
                if !special { i += 1; continue }
                if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i])) }
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
            if start < n { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<n])) }
        }
    }

    /// `SVGText.num(x)`: one decimal at most, never "-0", non-finite as 0.
    mutating func append(svgNumber x: Double) {
        guard x.isFinite else { bytes.append(0x30); return }
        let tenths = Int64((x * 10).rounded())
        if tenths == 0 { bytes.append(0x30); return }
        if tenths < 0 { bytes.append(0x2D) }
        let a = tenths.magnitude
        append(int: Int(a / 10))
        if a % 10 != 0 { bytes.append(0x2E); bytes.append(0x30 + UInt8(a % 10)) }
    }
}
