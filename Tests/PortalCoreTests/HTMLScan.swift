import Foundation

/// What a browser's HTML tokenizer sees in a page: start tags with their attributes, the raw content of
/// `<script>`/`<style>`, and the text. Follows the WHATWG tokenizer's states for tags, attributes,
/// comments and raw text (no tree building), so an escaping gap shows up as the tag or attribute a
/// browser would create — not as a string a grep might miss or misread.
struct HTMLScan {
    struct Tag {
        var name: String
        var attributes: [(name: String, value: String)]
        /// For `script` and `style`: everything up to the end tag.
        var rawContent: String?
        func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }
    }

    private(set) var tags: [Tag] = []
    /// The text a reader sees (entities decoded, tags removed), with a space where a tag was.
    private(set) var text = ""

    init(_ html: String) {
        let s = Array(html.unicodeScalars)
        var i = 0
        var pendingText = String.UnicodeScalarView()
        func flushText() {
            text += Self.decodeEntities(String(pendingText)) + " "
            pendingText.removeAll()
        }
        func isAlpha(_ u: Unicode.Scalar) -> Bool { (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") }
        func isSpace(_ u: Unicode.Scalar) -> Bool { u == " " || u == "\t" || u == "\n" || u == "\u{0C}" || u == "\r" }
        while i < s.count {
            let u = s[i]
            guard u == "<", i + 1 < s.count else { pendingText.append(u); i += 1; continue }
            let next = s[i + 1]
            if next == "!" {
                // Comment, doctype or CDATA: up to the closing `-->` or `>`.
                flushText()
                let isComment = i + 3 < s.count && s[i + 2] == "-" && s[i + 3] == "-"
                var j = i + (isComment ? 4 : 2)
                if isComment {
                    while j + 2 < s.count && !(s[j] == "-" && s[j + 1] == "-" && s[j + 2] == ">") { j += 1 }
                    i = min(s.count, j + 3)
                } else {
                    while j < s.count && s[j] != ">" { j += 1 }
                    i = j + 1
                }
                continue
            }
            if next == "/" || next == "?" {
                flushText()
                var j = i + 2
                while j < s.count && s[j] != ">" { j += 1 }
                i = j + 1
                continue
            }
            guard isAlpha(next) else { pendingText.append(u); i += 1; continue }
            flushText()
            // Tag name.
            var j = i + 1
            var name = ""
            while j < s.count, !isSpace(s[j]), s[j] != "/", s[j] != ">" { name.unicodeScalars.append(s[j]); j += 1 }
            name = name.lowercased()
            // Attributes, state by state.
            var attributes: [(String, String)] = []
            var done = false
            while j < s.count && !done {
                let c = s[j]
                if isSpace(c) || c == "/" { j += 1; continue }
                if c == ">" { j += 1; done = true; break }
                var attrName = String(c).lowercased()
                j += 1
                while j < s.count, !isSpace(s[j]), s[j] != "/", s[j] != ">", s[j] != "=" {
                    attrName += String(s[j]).lowercased(); j += 1
                }
                while j < s.count, isSpace(s[j]) { j += 1 }
                var value = ""
                if j < s.count, s[j] == "=" {
                    j += 1
                    while j < s.count, isSpace(s[j]) { j += 1 }
                    if j < s.count, s[j] == "\"" || s[j] == "'" {
                        let quote = s[j]
                        j += 1
                        var v = String.UnicodeScalarView()
                        while j < s.count, s[j] != quote { v.append(s[j]); j += 1 }
                        j += 1
                        value = String(v)
                    } else {
                        var v = String.UnicodeScalarView()
                        while j < s.count, !isSpace(s[j]), s[j] != ">" { v.append(s[j]); j += 1 }
                        value = String(v)
                    }
                }
                attributes.append((attrName, Self.decodeEntities(value)))
            }
            i = j
            var tag = Tag(name: name, attributes: attributes, rawContent: nil)
            if name == "script" || name == "style" || name == "textarea" || name == "title" {
                // Raw text up to `</name`, whatever it holds.
                let close = Array("</\(name)".unicodeScalars)
                var k = i
                while k < s.count {
                    if k + close.count <= s.count, zip(s[k..<(k + close.count)], close).allSatisfy({ String($0).lowercased() == String($1) }) { break }
                    k += 1
                }
                let content = String(String.UnicodeScalarView(s[i..<k]))
                if name == "script" || name == "style" { tag.rawContent = content } else { pendingText.append(contentsOf: content.unicodeScalars) }
                i = k
            }
            tags.append(tag)
        }
        flushText()
    }

    /// `&lt;` `&#39;` `&#x27;` and the other references portal or cmark write. On scalars: `&quot;` followed
    /// by a combining mark must still decode (its `;` and the mark are one Character).
    static func decodeEntities(_ s: String) -> String {
        guard s.utf8.contains(0x26) else { return s }
        let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
        let u = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < u.count {
            if u[i] == "&", let semi = u[(i + 1)..<min(u.count, i + 12)].firstIndex(of: ";") {
                let ref = String(String.UnicodeScalarView(u[(i + 1)..<semi]))
                var decoded: Unicode.Scalar?
                if ref.hasPrefix("#x") || ref.hasPrefix("#X") { decoded = UInt32(ref.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
                else if ref.hasPrefix("#") { decoded = UInt32(ref.dropFirst()).flatMap(Unicode.Scalar.init) }
                else { decoded = named[ref]?.unicodeScalars.first }
                if let decoded { out.append(decoded); i = semi + 1; continue }
            }
            out.append(u[i])
            i += 1
        }
        return String(out)
    }

    /// The scheme a browser would use for a URL attribute: tabs and line breaks inside are removed and
    /// leading/trailing controls and spaces trimmed, as the URL parser does.
    static func scheme(ofURL raw: String) -> String? {
        let cleaned = String(String.UnicodeScalarView(raw.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }))
        let trimmed = cleaned.unicodeScalars.drop(while: { $0.value <= 0x20 })
        guard let first = trimmed.first, (first >= "a" && first <= "z") || (first >= "A" && first <= "Z") else { return nil }
        var scheme = ""
        for u in trimmed {
            if u == ":" { return scheme.lowercased() }
            guard (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") || (u >= "0" && u <= "9") || u == "+" || u == "-" || u == "." else { return nil }
            scheme.unicodeScalars.append(u)
        }
        return nil
    }
}
