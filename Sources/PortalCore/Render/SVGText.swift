/// Text helpers shared by the SVG charts: XML escaping that no report text can break out of, an
/// approximate text width (we lay out text without a font engine), and ellipsis truncation.
enum SVGText {
    /// Escapes `& < > " '` and replaces characters XML 1.0 forbids (C0 controls other than tab/LF/CR,
    /// U+FFFE/U+FFFF) with U+FFFD, so hostile labels can neither break well-formedness nor add markup.
    /// The result is safe both in element content and in double- or single-quoted attributes, in XML and HTML.
    /// Bidi overrides are shown as `\u{202e}` (harden), as everywhere else a name is shown.
    static func escape(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in HTML.neutralizingBidi(s).unicodeScalars {
            switch u.value {
            case 0x26: out.append(contentsOf: "&amp;".unicodeScalars)
            case 0x3C: out.append(contentsOf: "&lt;".unicodeScalars)
            case 0x3E: out.append(contentsOf: "&gt;".unicodeScalars)
            case 0x22: out.append(contentsOf: "&quot;".unicodeScalars)
            case 0x27: out.append(contentsOf: "&#39;".unicodeScalars)
            case 0x09, 0x0A, 0x0D: out.append(u)
            case 0x00..<0x20, 0x7F, 0xFFFE, 0xFFFF: out.append("\u{FFFD}")
            default: out.append(u)
            }
        }
        return String(out)
    }

    /// Collapses every whitespace run (newlines from a wrapped table cell included) to one space:
    /// a label is drawn on one line.
    static func singleLine(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isWhitespace) else { return s }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for u in s.unicodeScalars {
            if isWhitespace(u) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" "); pendingSpace = false }
                out.append(u)
            }
        }
        return String(out)
    }

    /// Unicode's White_Space property (`Unicode.Scalar.Properties.isWhitespace`), without the property
    /// table lookup: the set has been these 25 scalars since Unicode 6.3 (ChartTests compares the two).
    @inline(__always)
    static func isWhitespace(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Width of one scalar in em. Deliberately generous (an overestimate only wastes a little space):
    /// CJK and other wide characters 1em, ASCII about 0.55–0.6em with wide capitals, combining marks 0.
    static func em(_ u: Unicode.Scalar) -> Double {
        let v = u.value
        switch v {
        case 0x20: return 0.3
        case 0x4D, 0x57, 0x6D, 0x77: return 0.9            // M W m w
        case 0x41...0x5A: return 0.72                        // other capitals
        case 0x21..<0x7F: return 0.6
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: return 0  // combining, zero-width, selectors
        case 0x2026: return 1                                // …
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F000...0x3FFFD: return 1
        default: return 0.65
        }
    }

    static func width(_ s: String, fontSize: Double) -> Double {
        var w = 0.0
        for u in s.unicodeScalars { w += em(u) }
        return w * fontSize
    }

    /// The longest prefix (whole characters) that fits `maxWidth` with "…" appended, or `s` when it fits.
    static func truncate(_ s: String, maxWidth: Double, fontSize: Double) -> String {
        if width(s, fontSize: fontSize) <= maxWidth { return s }
        let budget = maxWidth - em("…") * fontSize
        var used = 0.0
        var kept = ""
        for ch in s {
            var w = 0.0
            for u in ch.unicodeScalars { w += em(u) }
            w *= fontSize
            if used + w > budget { break }
            used += w
            kept.append(ch)
        }
        return kept.isEmpty && budget < 0 ? "" : kept + "…"
    }

    /// A coordinate as short text: one decimal at most, never "-0", never NaN (non-finite becomes 0).
    static func num(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let tenths = Int64((x * 10).rounded())
        if tenths == 0 { return "0" }
        let sign = tenths < 0 ? "-" : ""
        let a = tenths.magnitude
        return a % 10 == 0 ? "\(sign)\(a / 10)" : "\(sign)\(a / 10).\(a % 10)"
    }

    /// A caller-supplied id prefix made into a valid XML name, one-to-one (so two agencies never share
    /// ids on one page): ASCII letters, digits and `-` stay, any other character — and a leading digit or
    /// `-`, which cannot start a name — becomes `_<hex>_`. An empty prefix becomes `_`.
    static func idPrefix(_ s: String) -> String {
        if s.isEmpty { return "_" }
        var out = ""
        for u in s.unicodeScalars {
            let v = u.value
            let letter = (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
            let digitOrHyphen = (v >= 0x30 && v <= 0x39) || v == 0x2D
            if letter || (digitOrHyphen && !out.isEmpty) {
                out.unicodeScalars.append(u)
            } else {
                out += "_" + String(v, radix: 16) + "_"
            }
        }
        return out
    }
}
