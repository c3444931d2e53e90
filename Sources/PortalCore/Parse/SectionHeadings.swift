/// Recognises the six section headings however they are worded or numbered
/// (`一、总体情况`, `一、总体要求`, `## 五、存在的问题及改进情况`, `**二、主动公开政府信息情况**`).
public enum SectionHeadings {
    /// 一…六 as 1…6 (a switch: this runs on every line, and hashing a scalar costs more).
    private static func numeral(_ u: Unicode.Scalar) -> Int? {
        switch u { case "一": return 1; case "二": return 2; case "三": return 3; case "四": return 4; case "五": return 5; case "六": return 6
        default: return nil }
    }

    private static let keywords: [(SectionKey, [String])] = [
        (.overview, ["总体情况", "总体要求", "概述", "基本情况", "总体"]),
        (.activeDisclosure, ["主动公开"]),
        (.applications, ["收到和处理", "依申请", "申请情况"]),
        (.reviewLitigation, ["行政复议", "行政诉讼"]),
        (.problems, ["存在的", "主要问题", "问题及改进", "改进情况"]),
        (.otherMatters, ["其他需要报告", "其他事项", "其它需要报告"]),
    ]

    /// The section a line heads, or nil when it is not a section heading.
    public static func match(_ text: String) -> SectionKey? {
        // Most lines are not headings: their key does not start with 一…六. Found without building the key.
        for u in text.unicodeScalars {
            guard let k = TextNormalization.labelKeyScalar(u) else { continue }
            if numeral(k) == nil { return nil }
            break
        }
        // The key as UTF-8 bytes, built only as far as a heading can go: a key of more than 40 scalars
        // is no heading, and a paragraph starting `（一）` need not be keyed to its end to say so.
        var key: [UInt8] = []
        key.reserveCapacity(min(text.utf8.count, 4 * 41))
        var count = 0
        var first: Unicode.Scalar = " ", second: Unicode.Scalar = " "  // the key's first two scalars
        for u in text.unicodeScalars {
            guard let k = TextNormalization.labelKeyScalar(u) else { continue }
            count += 1
            if count > 40 { return nil }
            if count == 1 { first = k } else if count == 2 { second = k }
            appendUTF8(k, to: &key)
        }
        guard count >= 3 else { return nil }
        guard let n = numeral(first) else { return nil }
        // `一、…` loses its `、` in labelKey; a second numeral would make it 十一 or similar, not a heading.
        if numeral(second) != nil || second == "十" { return nil }
        let rest = Array(key[(UTF8.width(first))...])
        // The numeral must agree with the wording (a mismatch is more likely a table row such as
        // 三、本年度办理结果 or 四、结转下年度继续办理 than a heading).
        let expected = SectionKey.allCases[n - 1]
        for (section, words) in keywords where section == expected {
            if words.contains(where: { rest.includes($0) }) && !rest.includes("办理结果") && !rest.includes("结转") {
                return section
            }
        }
        return nil
    }
}
