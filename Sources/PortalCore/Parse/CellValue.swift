/// What one table cell says: a number, a blank, or text that may state a number.
public struct CellValue: Sendable, Equatable {
    /// The number the cell states; nil for a blank cell or one that states none (`——`, `无`).
    public var number: Double?
    /// The cell's text when it is more than a plain number (`789(医、护士、公共卫生许可)`, `0万元`, `１２`).
    public var raw: String?

    public static let blank = CellValue(number: nil, raw: nil)

    public var isBlank: Bool { number == nil && raw == nil }

    /// Reads a cell. A blank stays blank (never 0); a plain number is the number; anything else keeps
    /// its text in `raw` and gives the first number it states, if any.
    public static func parse(_ text: String) -> CellValue {
        switch quickShape(text) {
        case .blank: return .blank
        case .digits(let n): return CellValue(number: n, raw: nil)
        default: return parseGeneral(text)
        }
    }

    /// `parse` for any text.
    static func parseGeneral(_ text: String) -> CellValue {
        let original = TextNormalization.trimmed(TextNormalization.joinLines(text))
        if original.isEmpty { return .blank }
        let half = TextNormalization.halfWidth(original)
        let compact = String(String.UnicodeScalarView(half.unicodeScalars.filter { !TextNormalization.isSpace($0) }))
        if let plain = plainNumber(compact) {
            // Full-width digits or spacing inside are still "more than a plain number" as written.
            return CellValue(number: plain, raw: compact == original ? nil : original)
        }
        return CellValue(number: firstNumber(in: compact), raw: original)
    }

    /// `12`, `-3`, `5949.088667`, `1,330` (thousands separators only in groups of three).
    static func plainNumber(_ s: String) -> Double? {
        var digits = ""
        var scalars = Array(s.unicodeScalars)
        guard !scalars.isEmpty else { return nil }
        var negative = false
        if scalars.first == "-" || scalars.first == "−" { negative = true; scalars.removeFirst() }
        guard let first = scalars.first, first.isASCIIDigit else { return nil }
        var sawDot = false
        var i = 0
        while i < scalars.count {
            let u = scalars[i]
            if u.isASCIIDigit {
                digits.unicodeScalars.append(u)
            } else if u == "." && !sawDot && i + 1 < scalars.count && scalars[i + 1].isASCIIDigit {
                sawDot = true; digits.append(".")
            } else if u == "," && !sawDot && i + 3 < scalars.count + 0 &&
                        scalars[(i + 1)...].prefix(3).allSatisfy({ $0.isASCIIDigit }) &&
                        (i + 4 == scalars.count || !scalars[i + 4].isASCIIDigit) {
                // thousands separator
            } else {
                return nil
            }
            i += 1
        }
        guard let v = Double(digits) else { return nil }
        return negative ? -v : v
    }

    /// The first number in mixed text: `789(医、护士…)` → 789, `0万元` → 0, `减少5` → 5.
    static func firstNumber(in s: String) -> Double? {
        let scalars = Array(s.unicodeScalars)
        guard let start = scalars.firstIndex(where: { $0.isASCIIDigit }) else { return nil }
        var end = start
        var sawDot = false
        while end < scalars.count {
            let u = scalars[end]
            if u.isASCIIDigit { end += 1; continue }
            if u == "." && !sawDot && end + 1 < scalars.count && scalars[end + 1].isASCIIDigit {
                sawDot = true; end += 1; continue
            }
            break
        }
        let negative = start > 0 && (scalars[start - 1] == "-" || scalars[start - 1] == "−")
        guard let v = Double(String(String.UnicodeScalarView(scalars[start..<end]))) else { return nil }
        return negative ? -v : v
    }

    /// True when the text is what a value cell holds (a number, a blank, a dash), not a label.
    public static func looksLikeValue(_ text: String) -> Bool {
        switch quickShape(text) {
        case .blank, .digits, .dash: return true
        case .word: return false
        case .other: return looksLikeValueGeneral(text)
        }
    }

    /// `looksLikeValue` for any text.
    static func looksLikeValueGeneral(_ text: String) -> Bool {
        let t = TextNormalization.trimmed(TextNormalization.joinLines(text))
        if t.isEmpty { return true }
        let half = TextNormalization.halfWidth(t)
        if plainNumber(String(String.UnicodeScalarView(half.unicodeScalars.filter { $0 != " " }))) != nil { return true }
        if ["—", "——", "-", "--", "/", "\\", "无", "－", "─"].contains(half) { return true }
        // A number with a short note or unit: 0万元, 789(医、护士、公共卫生许可), 12件 — but not a
        // numbered label such as 1.属于国家秘密 or 3、其他 (digits, a list mark, then words).
        let scalars = Array(half.unicodeScalars)
        guard let f = scalars.first, f.isASCIIDigit else { return false }
        let afterDigits = scalars.drop(while: { $0.isASCIIDigit })
        if let mark = afterDigits.first, mark == "." || mark == "、",
           let next = afterDigits.dropFirst().first(where: { !TextNormalization.isSpace($0) }), !next.isASCIIDigit {
            return false
        }
        return true
    }

    /// The shapes almost every cell has, told from its bytes without building a String: blank (ASCII
    /// spaces and line breaks only), ASCII digits alone (at most 15, an exact Double), or a label: text whose
    /// first non-space scalar (half-width) cannot begin a number or a dash (`自然人`, `（一）予以公开`), or
    /// digits with `.`/`、` and a CJK word after them (`1.属于国家秘密`). Everything else is `.other` and goes
    /// the general way; the answers are those the general code gives for these shapes.
    enum QuickShape { case blank, digits(Double), dash, word, other }

    /// The value marks of `looksLikeValue` as UTF-8 bytes: — —— - -- / \\ 无 ─
    private static let dashMarks: [[UInt8]] = ["—", "——", "-", "--", "/", "\\", "无", "─"].map { Array($0.utf8) }

    @inline(__always)
    private static func isASCIISpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C
    }

    static func quickShape(_ text: String) -> QuickShape {
        var t = text
        return t.withUTF8 { bytes -> QuickShape in
            var i = 0
            let n = bytes.count
            while i < n, isASCIISpace(bytes[i]) { i += 1 }
            if i == n { return .blank }
            let b = bytes[i]
            // `-` then a digit: a negative number (or .other).
            let negative = b == 0x2D && i + 1 < n && bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39
            let first = negative ? i + 1 : i
            if bytes[first] >= 0x30 && bytes[first] <= 0x39 {
                // Digits with nothing but ASCII spaces and line breaks around them: the number, never raw
                // (the general path trims those before comparing).
                var j = first, v = 0
                while j < n, bytes[j] >= 0x30 && bytes[j] <= 0x39 { v = v &* 10 &+ Int(bytes[j] - 0x30); j += 1 }
                var k = j
                while k < n, isASCIISpace(bytes[k]) { k += 1 }
                if k == n { return j - first <= 15 ? .digits(negative ? -Double(v) : Double(v)) : .other }
                if negative { return .other }
                // A numbered label: digits, `.` or `、`, spaces or tabs, then a CJK ideograph.
                if j < n, bytes[j] == 0x2E { j += 1 }
                else if j + 2 < n, bytes[j] == 0xE3, bytes[j + 1] == 0x80, bytes[j + 2] == 0x81 { j += 3 }
                else { return .other }
                while j < n, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                return j < n && isCJKIdeograph(at: j, bytes) ? .word : .other
            }
            // A dash or 无 alone (ASCII spaces around): one of the marks a value cell holds.
            var end = n
            while end > i, isASCIISpace(bytes[end - 1]) { end -= 1 }
            let core = UnsafeBufferPointer(rebasing: bytes[i..<end])
            if core.count <= 6, dashMarks.contains(where: { $0.elementsEqual(core) }) { return .dash }
            if b < 0x80 {
                // ASCII that no number or dash begins with (digits were handled above).
                return b == 0x2D || b == 0x2F || b == 0x5C ? .other : .word
            }
            guard let scalar = scalar(at: i, bytes) else { return .other }
            var v = scalar
            if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }  // as halfWidth maps it
            switch v {
            // Digits and dashes, spaces (a non-ASCII one may lead), marks halfWidth drops, and 无 (a value).
            case 0x2D, 0x2F, 0x30...0x39, 0x5C, 0x2212, 0x2014, 0x2500, 0x65E0, 0x80...0xFF, 0x2000...0x206F, 0x3000, 0xFEFF:
                return .other
            default:
                return .word
            }
        }
    }

    /// The scalar of a 2- or 3-byte UTF-8 sequence at `i` (nil for 4-byte ones: left to the general path).
    @inline(__always)
    private static func scalar(at i: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        let b = bytes[i]
        if b >= 0xC0 && b < 0xE0 && i + 1 < bytes.count { return UInt32(b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F) }
        if b >= 0xE0 && b < 0xF0 && i + 2 < bytes.count {
            return UInt32(b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
        }
        return nil
    }

    @inline(__always)
    private static func isCJKIdeograph(at i: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let v = scalar(at: i, bytes) else { return false }
        return v >= 0x4E00 && v <= 0x9FFF
    }
}
