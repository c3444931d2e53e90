import Foundation

/// Escaping for the contexts report text lands in. Everything from a report passes through one of these.
public enum HTML {
    /// Text and attribute values: `& < > " '` escaped (safe inside quoted attributes too). Control
    /// characters other than tab and line breaks, and the non-characters U+FFFE/U+FFFF, become U+FFFD:
    /// they are not allowed in XML (one in a title would make feed.xml unreadable) nor useful in HTML.
    public static func escape(_ s: String) -> String {
        var needs = false
        for b in s.utf8 where b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x27 || isForbiddenControl(b) || b == 0xEF {
            needs = true; break
        }
        if !needs { return s }
        var out = [UInt8]()
        out.reserveCapacity(s.utf8.count + 16)
        let bytes = Array(s.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x26: out += Array("&amp;".utf8)
            case 0x3C: out += Array("&lt;".utf8)
            case 0x3E: out += Array("&gt;".utf8)
            case 0x22: out += Array("&quot;".utf8)
            case 0x27: out += Array("&#39;".utf8)
            case 0xEF where i + 2 < bytes.count && bytes[i + 1] == 0xBF && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF):
                out += replacementCharacter
                i += 2
            default:
                if isForbiddenControl(b) { out += replacementCharacter } else { out.append(b) }
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

    @inline(__always)
    static func isForbiddenControl(_ b: UInt8) -> Bool { b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D }

    /// Bidirectional overrides and isolates in a name could reorder what a reader sees; they are shown as
    /// visible escapes instead.
    public static func neutralizingBidi(_ s: String) -> String {
        var bytes = s
        guard bytes.withUTF8(containsBidiControl) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if isBidiControl(u) { out += "\\u{" + String(u.value, radix: 16) + "}" } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    /// Whether UTF-8 text holds a scalar `isBidiControl` accepts: U+061C is D8 9C; U+200E/F are E2 80 8E/8F;
    /// U+202A…E are E2 80 AA…AE; U+2066…9 are E2 81 A6…A9.
    static func containsBidiControl(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = b.baseAddress else { return false }
        let n = b.count
        // memchr to each candidate lead byte: most text has none, or only the E2 of “ ” — …
        var i = 0
        while i + 1 < n, let hit = memchr(base + i, 0xD8, n - i - 1) {
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if base[at + 1] == 0x9C { return true }
            i = at + 1
        }
        i = 0
        while i + 2 < n, let hit = memchr(base + i, 0xE2, n - i - 2) {
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            let y = base[at + 1], z = base[at + 2]
            if y == 0x80 && (z == 0x8E || z == 0x8F || (z >= 0xAA && z <= 0xAE)) { return true }
            if y == 0x81 && z >= 0xA6 && z <= 0xA9 { return true }
            i = at + 1
        }
        return false
    }

    static func isBidiControl(_ u: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value) || u.value == 0x200E || u.value == 0x200F
            || u.value == 0x061C
    }

    /// Text from a report for display: bidi controls made visible, then escaped.
    public static func text(_ s: String) -> String { escape(neutralizingBidi(s)) }

    /// An id or anchor made from a cell path: `applications.results.total.naturalPerson` → `applications-results-total-naturalPerson`.
    public static func anchor(_ path: String) -> String {
        var bytes = Array(path.utf8)
        for i in bytes.indices {
            let b = bytes[i]
            let alnum = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            if !alnum { bytes[i] = 0x2D }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
