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
}
