/// Text helpers shared by the readers and the interpreter. They work on Unicode scalars, which is
/// several times faster than `Character` on the volumes a national portal reads.
public enum TextNormalization {
    /// Full-width ASCII (digits, letters, brackets, ．) to half-width; U+3000, NBSP and other spaces to " ".
    public static func halfWidth(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u.value {
            case 0xFF01...0xFF5E: out.append(UInt8(u.value - 0xFEE0))
            case 0x3000, 0x00A0, 0x2002...0x200A, 0x202F, 0x205F: out.append(0x20)
            case 0x200B, 0xFEFF, 0x200E, 0x200F: continue  // zero-width and BOM carry nothing
            default: appendUTF8(u, to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func isSpace(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xA0, 0x3000, 0x2002...0x200B, 0x202F, 0x205F, 0xFEFF: return true
        default: return false
        }
    }

    public static func trimmed(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }

    /// The bytes `trimmed` keeps of the UTF-8 bytes `b`: without the `isSpace` scalars at either end.
    static func trimmedRange(_ b: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        /// The scalar whose bytes are `b[i..<i + width]`.
        func scalar(at i: Int, width: Int) -> Unicode.Scalar {
            let lead = b[i]
            switch width {
            case 1: return Unicode.Scalar(lead)
            case 2: return Unicode.Scalar(UInt32(lead & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F))!
            case 3: return Unicode.Scalar(UInt32(lead & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F))!
            default:
                return Unicode.Scalar(UInt32(lead & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6
                                      | UInt32(b[i + 3] & 0x3F))!
            }
        }
        func width(_ lead: UInt8) -> Int { lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4 }
        var start = 0
        while start < b.count {
            let w = width(b[start])
            guard isSpace(scalar(at: start, width: w)) else { break }
            start += w
        }
        var end = b.count
        while end > start {
            var s = end - 1
            while s > start && b[s] & 0xC0 == 0x80 { s -= 1 }
            guard isSpace(scalar(at: s, width: end - s)) else { break }
            end = s
        }
        return start..<end
    }

    public static func isBlank(_ s: String) -> Bool {
        // ASCII text is answered from its bytes (1 blank, 0 not); any other byte sends it to the scalars.
        if let answer = s.utf8.withContiguousStorageIfAvailable({ b -> Int in
            for c in b {
                if c >= 0x80 { return -1 }
                if c != 0x20 && !(c >= 0x09 && c <= 0x0D) { return 0 }
            }
            return 1
        }), answer >= 0 { return answer == 1 }
        return s.unicodeScalars.allSatisfy(isSpace)
    }

    /// The key a label is matched by: half-width, no spaces or line breaks, no quotes or brackets,
    /// so that `（二）部分公开（区分…）`, `(二) 部分公开 (区分…)` and `部分\n公开` compare equal.
    public static func labelKey(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        appendLabelKey(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `labelKey(s)` as UTF-8 bytes appended to `out`.
    static func appendLabelKey(_ s: String, to out: inout [UInt8]) {
        // On the UTF-8 bytes, in runs: every scalar labelKeyScalar drops or changes is ASCII or starts with
        // C2, E2, E3 or EF; the bytes of any other scalar stand as they are and are copied a run at a time.
        var s = s
        s.withUTF8 { b in
            let n = b.count
            var start = 0, i = 0
            while i < n {
                let c = b[i]
                if c < 0x80 {
                    if labelKeyScalar(Unicode.Scalar(c)) == nil {
                        if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i])) }
                        start = i + 1
                    }
                    i += 1
                } else if c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF {
                    let width = c == 0xC2 ? 2 : 3
                    let v = width == 2 ? UInt32(c & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F)
                        : UInt32(c & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
                    let k = labelKeyScalar(Unicode.Scalar(v)!)
                    if k?.value != v {
                        if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i])) }
                        if let k { appendUTF8(k, to: &out) }
                        start = i + width
                    }
                    i += width
                } else {
                    i += 1  // another lead byte or a continuation byte of a scalar kept as it is
                }
            }
            if start < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<n])) }
        }
    }

    /// What `labelKey` keeps of one scalar: nil for spaces, zero-width marks, quotes, brackets and
    /// punctuation; full-width ASCII as half-width; anything else as it is.
    @inline(__always)
    static func labelKeyScalar(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        var v = scalar.value
        if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }  // half-width first (as `halfWidth`), in the same pass
        if v < 0x80 {
            // ASCII spaces and the marks ( ) [ ] " ' < > , . : ; * # | - as two bit masks.
            let dropped = v < 64 ? (0x5C00_778D_0000_3E00 as UInt64) >> UInt64(v) & 1 : (0x1000_0000_2800_0000 as UInt64) >> UInt64(v - 64) & 1
            return dropped == 1 ? nil : Unicode.Scalar(v)
        }
        switch v {
        case 0x200B, 0xFEFF, 0x200E, 0x200F: return nil                          // zero-width marks and BOM
        case 0xA0, 0x3000, 0x2002...0x200A, 0x202F, 0x205F: return nil           // spaces (isSpace)
        case 0x201C, 0x201D, 0x2018, 0x2019, 0x3008, 0x3009, 0x300A, 0x300B,    // “ ” ‘ ’ 〈 〉 《 》
             0x3001, 0x3002, 0x3014, 0x3015, 0x3010, 0x3011, 0x2014:            // 、 。 〔 〕 【 】 —
            return nil
        default: return scalar
        }
    }

    /// Removes the numbering a label starts with (`1.`, `（三）`, `三、`) so the wording alone is compared.
    public static func strippingNumbering(_ key: String) -> String {
        var scalars = Substring(key).unicodeScalars[...]
        while let f = scalars.first, isNumbering(f) {
            scalars = scalars.dropFirst()
        }
        if scalars.startIndex == key.unicodeScalars.startIndex { return key }
        return String(Substring(scalars))
    }

    private static let numerals: Set<Unicode.Scalar> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
    /// `numericType != nil` of U+4E00…U+9FFF, looked up once (the property lookup dominated the label path).
    private static let cjkNumeric: [Bool] = (0x4E00...0x9FFF).map {
        let u = Unicode.Scalar(UInt32($0))!
        return u.properties.numericType != nil || numerals.contains(u)
    }

    /// A scalar numbering may consist of: anything with a numeric value, or the numerals 一…十.
    @inline(__always)
    static func isNumbering(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v < 0x80 { return v >= 0x30 && v <= 0x39 }  // in ASCII only the digits have a numeric type
        if v >= 0x4E00 && v <= 0x9FFF { return cjkNumeric[Int(v - 0x4E00)] }
        return u.properties.numericType != nil || numerals.contains(u)
    }

    /// True when the text holds a \n or \r byte (a scan of its bytes, not of the generic UTF8View).
    @inline(__always)
    static func hasLineBreak(_ s: String) -> Bool {
        if let found = s.utf8.withContiguousStorageIfAvailable({ b -> Bool in
            for c in b where c == 0x0A || c == 0x0D { return true }
            return false
        }) { return found }
        return s.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D })
    }

    /// Joins the lines of a cell: CJK text broken over lines (`商业\n企业`) joins with nothing,
    /// Latin words with a space.
    public static func joinLines(_ s: String) -> String {
        guard hasLineBreak(s) else { return s }
        if let joined = joinPlainLines(s) { return joined }
        // Plain text (FastText.swift) has no CR and one Character per scalar: split on the scalars.
        let pieces = s.isPlainText ? splitPlain(s, where: { $0 == "\n" })
            : s.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
        let parts = pieces.map { trimmed($0) }.filter { !$0.isEmpty }
        var out = ""
        for p in parts {
            if let last = out.unicodeScalars.last, let first = p.unicodeScalars.first,
               last.isASCIIAlnum && first.isASCIIAlnum {
                out += " "
            }
            out += p
        }
        return out
    }
}

extension TextNormalization {
    /// `joinLines` of plain text (`isPlainText`) on its UTF-8 bytes in one pass; nil for other text. In
    /// plain text a line break is `\n` alone (CR is not plain) and the only spaces `trimmed` can meet are
    /// ASCII ones, U+00A0 and U+3000 (the other `isSpace` scalars are not plain).
    static func joinPlainLines(_ s: String) -> String? {
        var s = s
        return s.withUTF8 { b -> String? in
            let n = b.count
            var out: [UInt8] = []
            out.reserveCapacity(n)
            var i = 0
            while i < n {
                // The scalars of the line, checked plain as they go by.
                var end = i
                while end < n && b[end] != 0x0A {
                    let lead = b[end]
                    if lead < 0x80 {
                        guard lead != 0x0D else { return nil }  // CR LF is one Character: not plain
                        end += 1
                        continue
                    }
                    let width = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                    guard width < 4, end + width <= n else { return nil }
                    let v = width == 2 ? UInt32(lead & 0x1F) << 6 | UInt32(b[end + 1] & 0x3F)
                        : UInt32(lead & 0x0F) << 12 | UInt32(b[end + 1] & 0x3F) << 6 | UInt32(b[end + 2] & 0x3F)
                    guard isPlainScalar(v) else { return nil }
                    end += width
                }
                // Trimmed at both ends (ASCII spaces and controls of isSpace, U+00A0, U+3000).
                var a = i, z = end
                while a < z {
                    if isASCIISpace(b[a]) { a += 1 }
                    else if b[a] == 0xC2, a + 1 < z, b[a + 1] == 0xA0 { a += 2 }
                    else if b[a] == 0xE3, a + 2 < z, b[a + 1] == 0x80, b[a + 2] == 0x80 { a += 3 }
                    else { break }
                }
                while z > a {
                    if isASCIISpace(b[z - 1]) { z -= 1 }
                    else if z - a >= 2, b[z - 2] == 0xC2, b[z - 1] == 0xA0 { z -= 2 }
                    else if z - a >= 3, b[z - 3] == 0xE3, b[z - 2] == 0x80, b[z - 1] == 0x80 { z -= 3 }
                    else { break }
                }
                if a < z {
                    if let last = out.last, isASCIIAlnum(last), isASCIIAlnum(b[a]) { out.append(0x20) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[a..<z]))
                }
                i = end + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The ASCII scalars `isSpace` holds: space, tab, LF, VT, FF, CR.
    @inline(__always)
    private static func isASCIISpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }

    @inline(__always)
    private static func isASCIIAlnum(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }
}

/// Appends the UTF-8 bytes of `u` (building text as bytes is much cheaper than `UnicodeScalarView.append`).
@inline(__always)
func appendUTF8(_ u: Unicode.Scalar, to out: inout [UInt8]) {
    let v = u.value
    switch v {
    case 0..<0x80: out.append(UInt8(v))
    case 0x80..<0x800:
        out.append(UInt8(0xC0 | (v >> 6))); out.append(UInt8(0x80 | (v & 0x3F)))
    case 0x800..<0x10000:
        out.append(UInt8(0xE0 | (v >> 12))); out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
    default:
        out.append(UInt8(0xF0 | (v >> 18))); out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
    }
}

extension Unicode.Scalar {
    var isASCIIDigit: Bool { value >= 0x30 && value <= 0x39 }
    var isASCIIAlnum: Bool { isASCIIDigit || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A) }
    var isCJK: Bool { (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) }
}
