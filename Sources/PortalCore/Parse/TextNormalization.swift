/// Text helpers shared by the readers and the interpreter. They work on Unicode scalars, which is
/// several times faster than `Character` on the volumes a national portal reads.
public enum TextNormalization {
    /// Full-width ASCII (digits, letters, brackets, ．) to half-width; U+3000, NBSP and other spaces to " ".
    public static func halfWidth(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            switch u.value {
            case 0xFF01...0xFF5E: out.append(Unicode.Scalar(u.value - 0xFEE0)!)
            case 0x3000, 0x00A0, 0x2002...0x200A, 0x202F, 0x205F: out.append(" ")
            case 0x200B, 0xFEFF, 0x200E, 0x200F: continue  // zero-width and BOM carry nothing
            default: out.append(u)
            }
        }
        return String(out)
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

    public static func isBlank(_ s: String) -> Bool { s.unicodeScalars.allSatisfy(isSpace) }

    /// The key a label is matched by: half-width, no spaces or line breaks, no quotes or brackets,
    /// so that `（二）部分公开（区分…）`, `(二) 部分公开 (区分…)` and `部分\n公开` compare equal.
    public static func labelKey(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for var u in s.unicodeScalars {
            // half-width first (as `halfWidth`), in the same pass
            switch u.value {
            case 0xFF01...0xFF5E: u = Unicode.Scalar(u.value - 0xFEE0)!
            case 0x200B, 0xFEFF, 0x200E, 0x200F: continue
            default: break
            }
            if isSpace(u) { continue }
            switch u {
            case "(", ")", "[", "]", "\"", "'", "“", "”", "‘", "’", "〈", "〉", "《", "》", "<", ">",
                 "、", ",", "，", ".", "。", ":", "：", ";", "；", "*", "#", "|", "〔", "〕", "【", "】", "-", "—":
                continue
            default: out.append(u)
            }
        }
        return String(out)
    }

    /// Removes the numbering a label starts with (`1.`, `（三）`, `三、`) so the wording alone is compared.
    public static func strippingNumbering(_ key: String) -> String {
        var scalars = Substring(key).unicodeScalars[...]
        let numerals: Set<Unicode.Scalar> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        while let f = scalars.first, f.properties.numericType != nil || numerals.contains(f) {
            scalars = scalars.dropFirst()
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Joins the lines of a cell: CJK text broken over lines (`商业\n企业`) joins with nothing,
    /// Latin words with a space.
    public static func joinLines(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) else { return s }
        let parts = s.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { trimmed(String($0)) }.filter { !$0.isEmpty }
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

extension Unicode.Scalar {
    var isASCIIDigit: Bool { value >= 0x30 && value <= 0x39 }
    var isASCIIAlnum: Bool { isASCIIDigit || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A) }
    var isCJK: Bool { (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) }
}
