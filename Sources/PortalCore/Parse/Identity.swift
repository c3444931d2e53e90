import Foundation

/// Who wrote a report and for which year, from its title and, where the title falls short, its body.
enum Identity {
    /// `2023年`, `2022年度`, `2023 年`: a year a report can cover (2008, when the regulations took effect, to 2099).
    static func firstYear(in text: String) -> (year: Int, range: Range<String.Index>)? {
        let scalars = text.unicodeScalars
        var i = scalars.startIndex
        while i != scalars.endIndex {
            if scalars[i].isASCIIDigit {
                var j = i
                var digits = ""
                while j != scalars.endIndex, scalars[j].isASCIIDigit { digits.unicodeScalars.append(scalars[j]); j = scalars.index(after: j) }
                let before = i == scalars.startIndex ? nil : scalars[scalars.index(before: i)]
                if digits.count == 4, let y = Int(digits), (2008...2099).contains(y), before.map({ !$0.isASCIIDigit }) ?? true {
                    var k = j
                    while k != scalars.endIndex, scalars[k] == " " { k = scalars.index(after: k) }
                    if k != scalars.endIndex, scalars[k] == "年" {
                        var end = scalars.index(after: k)
                        if end != scalars.endIndex, scalars[end] == "度" { end = scalars.index(after: end) }
                        return (y, i..<end)
                    }
                }
                i = j
            } else {
                i = scalars.index(after: i)
            }
        }
        return nil
    }

    /// The agency named in a title: what is left once the year and the report's own words are taken out.
    static func agency(fromTitle title: String) -> String? {
        var t = TextNormalization.halfWidth(title)
        if let y = firstYear(in: t) { t.replaceSubrange(y.range, with: " ") }
        for marker in ["政府信息公开", "政务公开", "信息公开工作", "年度报告", "工作报告"] {
            if let r = t.range(of: marker) { t = String(t[..<r.lowerBound]) }
        }
        let name = t.unicodeScalars.filter { !TextNormalization.isSpace($0) && $0 != "《" && $0 != "》" }
        let s = String(String.UnicodeScalarView(name))
        return s.unicodeScalars.count >= 2 ? s : nil
    }

    static let placeSuffixes: Set<Unicode.Scalar> = ["区", "县", "市", "州", "旗", "镇", "乡", "省", "盟"]

    /// Completes a short name from the body: `卫健委` is printed as `二七区卫健委`, `区卫生健康局` as
    /// `雁江区卫生健康局`. Only a place prefix (ending in 区/县/市…) is taken, the most frequent one.
    static func completed(_ name: String, body: String) -> String {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first else { return name }
        let startsWithPlaceWord = placeSuffixes.contains(first)
        if !startsWithPlaceWord && scalars.prefix(6).contains(where: { placeSuffixes.contains($0) }) { return name }
        let core = startsWithPlaceWord ? String(String.UnicodeScalarView(scalars.dropFirst())) : name
        guard core.unicodeScalars.count >= 2 else { return name }
        let clauseStarts = Set("年日月我的在对和与及是为".unicodeScalars)
        var counts: [String: Int] = [:]
        var searchRange = body.startIndex..<body.endIndex
        while let r = body.range(of: core, range: searchRange) {
            searchRange = r.upperBound..<body.endIndex
            let run = Array(body.unicodeScalars[..<r.lowerBound].suffix(10).reversed().prefix(while: { $0.isCJK }).reversed())
            let start = (run.lastIndex(where: { clauseStarts.contains($0) }).map { $0 + 1 }) ?? 0
            let prefix = run[start...]
            guard let last = prefix.last, placeSuffixes.contains(last), prefix.count >= 2,
                  !startsWithPlaceWord || last == first else { continue }
            counts[String(String.UnicodeScalarView(prefix)), default: 0] += 1
        }
        guard let best = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) else { return name }
        return best.key + core
    }

    /// `2023年1月19日` alone on a line, or `发布日期：2020-01-31`, as yyyy-mm-dd.
    static func date(in text: String) -> String? {
        let t = TextNormalization.trimmed(TextNormalization.halfWidth(text))
        let digits = t.unicodeScalars.split(whereSeparator: { !$0.isASCIIDigit }).map { String(String.UnicodeScalarView($0)) }
        guard digits.count == 3, let y = Int(digits[0]), let m = Int(digits[1]), let d = Int(digits[2]),
              digits[0].count == 4, (2008...2099).contains(y), (1...12).contains(m), (1...31).contains(d) else { return nil }
        let rest = t.unicodeScalars.filter { !$0.isASCIIDigit && !TextNormalization.isSpace($0) }
        let allowed = Set("年月日-/.发布日期时间:：成文".unicodeScalars)
        guard rest.allSatisfy({ allowed.contains($0) }), t.unicodeScalars.count <= 24 else { return nil }
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// The statistics period's year: `统计期限…自2023年1月1日起至2023年12月31日止`.
    static func periodYear(in text: String) -> Int? {
        guard let r = text.range(of: "期限") ?? text.range(of: "统计") else { return nil }
        let window = String(text[r.upperBound...].prefix(40))
        return firstYear(in: window)?.year
    }
}

/// Figures the prose states, found by the phrases reports use.
enum ProseFigures {
    /// The total of proactively published items, from the overview's 主动公开 part:
    /// `主动公开政务信息61条`, `主动公开信息共计 683 条`, or under （一）主动公开… `发布各类信息共计322条`.
    static func proactiveItems(overview: [TextBlock]) -> ProseFigure? {
        // First: a clause that says 主动公开 and a number of 条.
        for block in overview {
            for clause in clauses(block.text) where clause.includes("主动公开") {
                if let n = number(before: "条", in: clause, after: "主动公开") {
                    return ProseFigure(value: n, sentence: clause, line: block.line)
                }
            }
        }
        // Then: inside the （一）主动公开 subsection only, the first "…信息…N条".
        var inSubsection = false
        for block in overview {
            let head = TextNormalization.labelKey(String(block.text.prefix(16)))
            if head.hasPrefix("一") && head.includes("主动公开") { inSubsection = true }
            else if head.hasPrefix("二") || head.hasPrefix("三") { if inSubsection { break } }
            guard inSubsection else { continue }
            for clause in clauses(block.text) where clause.includes("信息") {
                if let n = number(before: "条", in: clause, after: "信息") {
                    return ProseFigure(value: n, sentence: clause, line: block.line)
                }
            }
        }
        return nil
    }

    /// Sentences and clauses (split at 。；; and line breaks).
    static func clauses(_ text: String) -> [String] {
        text.split(whereSeparator: { "。；;\n".contains($0) }).map(String.init)
    }

    /// The number directly before `unit` (spaces allowed) that stands after `anchor` in the clause.
    static func number(before unit: String, in clause: String, after anchor: String) -> Double? {
        guard let a = clause.range(of: anchor) else { return nil }
        let tail = TextNormalization.halfWidth(String(clause[a.upperBound...]))
        var search = tail.startIndex..<tail.endIndex
        while let u = tail.range(of: unit, range: search) {
            let before = tail[..<u.lowerBound].unicodeScalars.reversed().drop(while: { $0 == " " })
            let digits = String(String.UnicodeScalarView(before.prefix(while: { $0.isASCIIDigit || $0 == "," }).reversed()))
                .replacingOccurrences(of: ",", with: "")
            if let n = Double(digits) { return n }
            search = u.upperBound..<tail.endIndex
        }
        return nil
    }
}
