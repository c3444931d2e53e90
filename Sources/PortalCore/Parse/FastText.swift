import Foundation

/// Substring search on UTF-8 bytes. Foundation's `contains`/`range(of:)` on String go through NSString
/// and CFString here and dominated the parser's profile.
extension StringProtocol {
    @inline(__always)
    func includes(_ needle: String) -> Bool {
        if needle.isEmpty { return true }
        let found = utf8.withContiguousStorageIfAvailable { hay in
            var needle = needle
            return needle.withUTF8 { byteOffset(of: $0, in: hay) != nil }
        }
        if let found { return found }
        var copy = String(self)
        return copy.withUTF8 { hay in var n = needle; return n.withUTF8 { byteOffset(of: $0, in: hay) != nil } }
    }
}

extension Array where Element == UInt8 {
    /// `includes` on UTF-8 bytes built by hand, for a String needle.
    func includes(_ needle: String) -> Bool {
        if needle.isEmpty { return true }
        var n = needle
        return withUnsafeBufferPointer { hay in n.withUTF8 { byteOffset(of: $0, in: hay) != nil } }
    }

    /// `includes` on UTF-8 bytes built by hand (label keys run together).
    func includes(_ needle: StaticString) -> Bool {
        withUnsafeBufferPointer { hay in
            byteOffset(of: UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount), in: hay) != nil
        }
    }
}

/// Where `needle` first stands in `hay[lower..<upper]`, as a byte offset.
@inline(__always)
func byteOffset(of needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>,
                from lower: Int = 0, to upper: Int? = nil) -> Int? {
    let upper = upper ?? hay.count
    guard let first = needle.first, needle.count <= upper - lower else { return nil }
    // The needle's last byte is tested with its first: a CJK needle starts with a byte (E4…E9) that
    // most CJK text is full of, while its last byte (a continuation byte) rarely lines up as well.
    let last = needle.count - 1
    let lastByte = needle[last]
    var i = lower
    while i <= upper - needle.count {
        if hay[i + last] == lastByte && hay[i] == first {
            var j = 1
            while j < last && hay[i + j] == needle[j] { j += 1 }
            if j >= last { return i }
        }
        i += 1
    }
    return nil
}

/// A label prepared once for fuzzy comparison: its scalars and its set of adjacent scalar pairs.
struct LabelShape {
    let text: String
    let count: Int
    let pairs: [UInt64]  // sorted, with repeats
    /// Plain text (`isPlainText`) compares equal exactly when its bytes do.
    let plain: Bool

    init(_ text: String) {
        self.text = text
        plain = text.isPlainText
        var p: [UInt64] = []
        var n = 0
        var previous: UInt32 = 0
        for u in text.unicodeScalars {
            if n > 0 { p.append(UInt64(previous) << 32 | UInt64(u.value)) }
            previous = u.value
            n += 1
        }
        count = n
        p.sort()
        pairs = p
    }

    /// 1 for the same words, 0.9 when one contains the other, else the Dice share of common pairs.
    /// Two-character labels (其他, 总计) must be equal.
    func similarity(to other: LabelShape) -> Double {
        if plain && other.plain ? sameUTF8(text, other.text) : text == other.text { return 1 }
        if min(count, other.count) <= 2 { return 0 }
        if text.includes(other.text) || other.text.includes(text) { return 0.9 }
        var i = 0, j = 0, common = 0
        while i < pairs.count && j < other.pairs.count {
            if pairs[i] == other.pairs[j] { common += 1; i += 1; j += 1 }
            else if pairs[i] < other.pairs[j] { i += 1 } else { j += 1 }
        }
        return 2 * Double(common) / Double(max(1, pairs.count + other.pairs.count))
    }
}

extension String {
    /// `range(of:)` on UTF-8 bytes, optionally within `range` (which must lie on scalar boundaries).
    func fastRange(of needle: String, range: Range<String.Index>? = nil) -> Range<String.Index>? {
        guard !needle.isEmpty else { return nil }
        let lower = range.map { utf8.distance(from: utf8.startIndex, to: $0.lowerBound) } ?? 0
        let upper = range.map { utf8.distance(from: utf8.startIndex, to: $0.upperBound) } ?? utf8.count
        var hay = self
        var n = needle
        let found: Int? = hay.withUTF8 { h in n.withUTF8 { byteOffset(of: $0, in: h, from: lower, to: upper) } }
        guard let offset = found else { return nil }
        let start = utf8.index(utf8.startIndex, offsetBy: offset)
        return start..<utf8.index(start, offsetBy: needle.utf8.count)
    }
}

/// Scalars that are a `Character` of their own whatever stands next to them (grapheme break class Other
/// or Control: no combining marks, joiners, Hangul jamo or regional indicators), and that have no canonical
/// equivalent (no decomposition, not the target of a singleton). Text made only of these compares the same
/// byte by byte as `Character` by `Character` and as Foundation's non-literal search does, so fast paths on
/// bytes or scalars may stand in for `Character`- and NSString-based code exactly. CR is left out: CR LF is
/// one `Character`. Tests/PortalCoreTests/FastTextTests checks the grapheme property of every scalar here.
@inline(__always)
func isPlainScalar(_ v: UInt32) -> Bool {
    switch v {
    case 0x00...0x0C, 0x0E...0x7F: return true
    case 0x4E00...0x9FFF, 0x3000...0x3029, 0x3030...0x303F, 0xFF01...0xFF5E: return true
    case 0x2010...0x2027, 0x2030...0x205E, 0x2460...0x24FF, 0x25A0...0x25FF: return true
    case 0xA0...0xBF, 0xD7, 0xF7: return v != 0xAD
    default: return false
    }
}

extension StringProtocol {
    /// True when every scalar is a plain one (`isPlainScalar`).
    var isPlainText: Bool {
        for u in unicodeScalars where !isPlainScalar(u.value) { return false }
        return true
    }

}

/// `split(whereSeparator:)` on the Characters of plain text (`isPlainText`), done on its scalars (each is a
/// Character there): the same non-empty pieces, without grapheme breaking.
func splitPlain(_ text: String, where isSeparator: (Unicode.Scalar) -> Bool) -> [String] {
    var out: [String] = []
    let scalars = text.unicodeScalars
    var start = scalars.startIndex
    var i = start
    while i != scalars.endIndex {
        if isSeparator(scalars[i]) {
            if start != i { out.append(String(Substring(scalars[start..<i]))) }
            i = scalars.index(after: i)
            start = i
        } else {
            i = scalars.index(after: i)
        }
    }
    if start != i { out.append(String(Substring(scalars[start..<i]))) }
    return out
}

/// The same UTF-8 bytes (memcmp, not the generic element-by-element comparison).
func sameUTF8(_ a: String, _ b: String) -> Bool {
    guard a.utf8.count == b.utf8.count else { return false }
    var a = a, b = b
    return a.withUTF8 { x in b.withUTF8 { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
}
