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

    /// A year in a title, with or without its 年: `2023年`, `2022年度`, and the bare `2021` of
    /// `东河区卫生健康委员会 2021政府信息公开工作年度报告` (four digits that no other digit touches).
    static func titleYear(in text: String) -> (year: Int, range: Range<String.Index>)? {
        if let y = firstYear(in: text) { return y }
        let scalars = text.unicodeScalars
        var i = scalars.startIndex
        while i != scalars.endIndex {
            guard scalars[i].isASCIIDigit else { i = scalars.index(after: i); continue }
            var j = i
            while j != scalars.endIndex, scalars[j].isASCIIDigit { j = scalars.index(after: j) }
            let digits = String(scalars[i..<j])
            if digits.count == 4, let y = Int(digits), (2008...2099).contains(y) { return (y, i..<j) }
            i = j
        }
        return nil
    }

    /// The agency named in a title: what is left once the year and the report's own words are taken out.
    static func agency(fromTitle title: String) -> String? {
        var t = TextNormalization.halfWidth(title)
        for prefix in ["标题:", "标题："] where t.hasPrefix(prefix) { t = String(t.dropFirst(prefix.count)) }
        if let y = titleYear(in: t) { t.replaceSubrange(y.range, with: " ") }
        for marker in ["政府信息公开", "政务公开", "信息公开工作", "年度报告", "工作报告", "年度政府"] {
            if let r = t.fastRange(of: marker) { t = String(t[..<r.lowerBound]) }
        }
        let name = t.unicodeScalars.filter { !TextNormalization.isSpace($0) && $0 != "《" && $0 != "》" }
        var s = String(String.UnicodeScalarView(name))
        // `2023年度` leaves a stray 年/度 when the year was written apart from them.
        while let last = s.unicodeScalars.last, last == "年" || last == "度" { s.unicodeScalars.removeLast() }
        return s.unicodeScalars.count >= 2 ? s : nil
    }

    // MARK: Title

    /// Web page furniture copied with a report: breadcrumbs, accessibility switches, counters, metadata labels.
    static let chromeWords = ["无障碍", "关怀版", "当前位置", "所在位置", "首页", "访问量", "字号", "打印", "分享",
                              "阅读次数", "浏览次数", "信息来源", "发布时间", "索引号", "发布机构", "返回", "点击", "来源：", "来源:"]

    /// `chromeWords` as static UTF-8, for the byte search on plain text.
    static let chromeWordBytes: [StaticString] = ["无障碍", "关怀版", "当前位置", "所在位置", "首页", "访问量", "字号", "打印", "分享",
                                                   "阅读次数", "浏览次数", "信息来源", "发布时间", "索引号", "发布机构", "返回", "点击", "来源：", "来源:"]

    static func isChrome(_ text: String) -> Bool {
        if text.includes(">") || text.includes("»") || text.includes("›") { return true }
        // Foundation's search only where it can differ from the byte search (FastText.swift).
        guard text.isPlainText else { return chromeWords.contains { text.contains($0) } }
        var text = text
        return text.withUTF8 { hay in
            chromeWordBytes.contains { byteOffset(of: UnsafeBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount), in: hay) != nil }
        }
    }

    /// A line that can be (part of) a title: short, no sentence punctuation, not page furniture.
    static func isTitleLine(_ text: String) -> Bool {
        let t = TextNormalization.trimmed(text)
        let n = t.unicodeScalars.count
        guard n >= 2, n <= 60, !isChrome(t) else { return false }
        return !t.unicodeScalars.contains { isSentencePunctuation($0) && !(t.hasPrefix("标题") && ($0 == ":" || $0 == "：")) }
    }

    /// 。，,；;：:！？ (a switch: asked of every scalar of the head lines).
    @inline(__always)
    static func isSentencePunctuation(_ u: Unicode.Scalar) -> Bool {
        switch u { case "。", "，", ",", "；", ";", "：", ":", "！", "？": return true; default: return false }
    }

    /// The title among the lines before the first section heading: the first line that names a report
    /// (报告 with a year or 信息公开), joined to the line before it when it lacks the agency or the year
    /// (`宽城满族自治县卫生健康局` / `政府信息公开工作2022年度报告`). Page furniture before it is passed over.
    /// Returns the title, the blocks it used, and a date printed among those head lines.
    static func title(in blocks: [Block]) -> (title: String, indices: [Int], date: String?)? {
        var head: [(index: Int, text: String)] = []
        for (i, block) in blocks.enumerated().prefix(20) {
            guard case .text(let t) = block else { break }
            if SectionHeadings.match(t.text) != nil { break }
            head.append((i, TextNormalization.trimmed(TextNormalization.joinLines(t.text))))
        }
        var date: String?
        var dateIndex: Int?
        for (k, line) in head.enumerated() {
            if date == nil, let d = Identity.date(in: line.text) { date = d; dateIndex = line.index; continue }
            let t = stripTitleLabel(line.text)
            // A title split over lines (呼兰区卫生健康局2023年政府信息公开 / 工作年度报告) names its year and
            // subject in the line before the one that says 报告.
            let previous = k > 0 ? stripTitleLabel(head[k - 1].text) : ""
            let joined = previous + t
            guard isTitleLine(line.text), t.includes("报告"),
                  titleYear(in: t) != nil || t.includes("信息公开") || t.includes("政务公开")
                    || (isTitleLine(previous) && (titleYear(in: joined) != nil || joined.includes("信息公开"))) else { continue }
            var parts = [t]
            var indices = [line.index]
            if agency(fromTitle: t) == nil || titleYear(in: t) == nil, k > 0 {
                let before = head[k - 1]
                let p = stripTitleLabel(before.text)
                if isTitleLine(before.text), !p.includes("报告"), Identity.date(in: p) == nil, p.unicodeScalars.count <= 40 {
                    parts.insert(p, at: 0)
                    indices.insert(before.index, at: 0)
                }
            }
            if let di = dateIndex, di < indices[0] { indices.insert(di, at: 0) }
            // A date printed just below the title (发布日期：2020-01-31) is the report's, not its preamble.
            if date == nil, k + 1 < head.count, let d = Identity.date(in: head[k + 1].text) {
                date = d
                indices.append(head[k + 1].index)
            }
            return (parts.joined(), indices, date)
        }
        return nil
    }

    static func stripTitleLabel(_ text: String) -> String {
        for prefix in ["标题:", "标题：", "标题: "] where text.hasPrefix(prefix) {
            return TextNormalization.trimmed(String(text.dropFirst(prefix.count)))
        }
        return text
    }

    // MARK: Agency from the body

    /// Endings of agency names, longest first so 委员会 wins over 委.
    static let agencySuffixes = ["街道办事处", "管理委员会", "委员会", "办公室", "办事处", "管委会", "管理局", "人民政府", "政府",
                                 "局", "委", "办", "中心", "厅", "院", "站", "队", "署", "馆", "公司"]
    /// A one-character ending that the next character turns into another word (委托, 办理, 局面).
    static let notEndings: [Unicode.Scalar: Set<Unicode.Scalar>] = [
        "委": Set("托屈婉".unicodeScalars), "办": Set("理结件好事".unicodeScalars), "局": Set("面势限".unicodeScalars),
        "站": Set("在".unicodeScalars), "队": Set("伍列".unicodeScalars), "院": Set("校子".unicodeScalars),
    ]
    static let placeMarks: Set<Unicode.Scalar> = ["省", "市", "区", "县", "旗", "州", "盟", "镇", "乡"]
    /// Characters that do not occur in agency names and so mark where one begins.
    static let nameStops: Set<Unicode.Scalar> = Set("我在的了把是年度日由与请被让使该其此".unicodeScalars)

    /// The first agency name in the text: a run of CJK characters, with a place in it, ending in an agency
    /// word (`宜兴市教育局`, `汤原县人民政府办公室`, `区卫生健康局`). Text inside 《》 and （） is passed
    /// over (law and document titles name other bodies).
    static func firstAgencyName(in text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        var depth = 0
        var i = 0
        while i < scalars.count {
            let u = scalars[i]
            if u == "《" || u == "（" || u == "(" || u == "〈" { depth += 1; i += 1; continue }
            if u == "》" || u == "）" || u == ")" || u == "〉" { depth = max(0, depth - 1); i += 1; continue }
            guard depth == 0, let suffix = suffix(at: i, in: scalars) else { i += 1; continue }
            var end = i + suffix
            // 人民政府 + 办公室, 卫生健康委 + 员会: a name goes on while another agency word follows.
            while let more = Identity.suffix(at: end, in: scalars) { end += more }
            var start = i
            while start > 0, scalars[start - 1].isCJK, !nameStops.contains(scalars[start - 1]), i - start < 20 { start -= 1 }
            // A name does not begin with a verb phrase such as 根据/按照/结合 (those end with a comma anyway).
            let name = Array(scalars[start..<end])
            if name.count >= 4, name.contains(where: { placeMarks.contains($0) }) {
                return String(String.UnicodeScalarView(name))
            }
            i = end
        }
        return nil
    }

    static func suffix(at i: Int, in scalars: [Unicode.Scalar]) -> Int? {
        for s in agencySuffixes {
            let w = Array(s.unicodeScalars)
            if i + w.count <= scalars.count, scalars[i..<(i + w.count)].elementsEqual(w) {
                if w.count == 1, i + 1 < scalars.count, notEndings[w[0]]?.contains(scalars[i + 1]) == true { continue }
                return w.count
            }
        }
        return nil
    }

    /// The agency from the body when the title does not name it: who compiled the report (由X编制), whom
    /// to contact (请与X联系), else the first agency named in the opening sentences.
    static func agency(inBody opening: String) -> String? {
        for (before, after) in [("由", "编制"), ("请与", "联系"), ("联系", "（"), ("联系", "(")] {
            var search = opening.startIndex..<opening.endIndex
            while let a = opening.fastRange(of: before, range: search) {
                search = a.upperBound..<opening.endIndex
                guard let b = opening.fastRange(of: after, range: a.upperBound..<opening.endIndex) else { break }
                let between = String(opening[a.upperBound..<b.lowerBound])
                guard between.unicodeScalars.count <= 30 else { continue }
                if let name = firstAgencyName(in: between) { return name }
            }
        }
        for sentence in opening.split(whereSeparator: { "。！？\n".contains($0) }).prefix(4) {
            if let name = firstAgencyName(in: String(sentence)) { return name }
        }
        return nil
    }

    /// `发布机构：X` or `信息来源：X` among the page's metadata lines.
    static func publisher(inHead lines: [String]) -> String? {
        for line in lines {
            let t = TextNormalization.halfWidth(line)
            for label in ["发布机构:", "发布单位:", "信息来源:", "来源:"] {
                guard let r = t.fastRange(of: label) else { continue }
                let value = t[r.upperBound...].drop { $0 == " " }.prefix { !$0.isWhitespace }
                if value.unicodeScalars.count >= 3 { return String(value) }
            }
        }
        return nil
    }

    // MARK: Year from the body

    /// The year the body says the report is for: `编制了2022年政府信息公开工作年度报告`, then the statistics
    /// period (also when its 年 is missing: `统计期限为202211日至20221231日`), then the first year in the
    /// opening sentences (`2022年度，汤原县人民政府办公室…`).
    static func year(inBody body: String, opening: String) -> Int? {
        let half = TextNormalization.halfWidth(body)
        for phrase in ["年政府信息公开", "年度政府信息公开", "年政务公开", "年度政务公开"] {
            var search = half.startIndex..<half.endIndex
            while let r = half.fastRange(of: phrase, range: search) {
                search = r.upperBound..<half.endIndex
                let before = half[..<r.lowerBound].unicodeScalars.suffix(4)
                let tail = half[r.upperBound...].prefix(12)
                guard tail.includes("报告"), before.count == 4, before.allSatisfy({ $0.isASCIIDigit }),
                      let y = Int(String(String.UnicodeScalarView(before))), (2008...2099).contains(y) else { continue }
                return y
            }
        }
        if let y = periodYear(in: half) { return y }
        let openingHalf = TextNormalization.halfWidth(opening)
        for sentence in openingHalf.split(whereSeparator: { "。\n".contains($0) }).prefix(3) {
            if let y = firstYear(in: String(sentence)) { return y.year }
        }
        return nil
    }

    static let placeSuffixes: Set<Unicode.Scalar> = ["区", "县", "市", "州", "旗", "镇", "乡", "省", "盟"]

    /// Completes a short name from the body: `卫健委` is printed as `二七区卫健委`, `区卫生健康局` as
    /// `雁江区卫生健康局`. Only a place prefix (ending in 区/县/市…) is taken, the most frequent one.
    static func completed(_ name: String, body makeBody: @autoclosure () -> String) -> String {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first else { return name }
        let startsWithPlaceWord = placeSuffixes.contains(first)
        if !startsWithPlaceWord && scalars.prefix(6).contains(where: { placeSuffixes.contains($0) }) { return name }
        let core = startsWithPlaceWord ? String(String.UnicodeScalarView(scalars.dropFirst())) : name
        guard core.unicodeScalars.count >= 2 else { return name }
        let body = makeBody()
        let clauseStarts = Set("年日月我的在对和与及是为".unicodeScalars)
        var counts: [String: Int] = [:]
        var searchRange = body.startIndex..<body.endIndex
        while let r = body.fastRange(of: core, range: searchRange) {
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
        // A date line is at most 24 scalars once trimmed; every scalar that is not a space or a mark
        // halfWidth drops stays in it, so a line with more of them is none (most lines are longer).
        // And it has exactly three runs of digits once half-width (full-width digits count; the marks
        // halfWidth drops join the digits around them).
        var kept = 0, runs = 0, inRun = false
        for u in text.unicodeScalars {
            switch u.value {
            case 0x200B, 0xFEFF, 0x200E, 0x200F: continue
            case 0x30...0x39, 0xFF10...0xFF19:
                if !inRun { runs += 1; inRun = true }
                kept += 1; if kept > 24 { return nil }
            default:
                inRun = false
                if !TextNormalization.isSpace(u) { kept += 1; if kept > 24 { return nil } }
            }
        }
        guard runs == 3 else { return nil }
        let t = TextNormalization.trimmed(TextNormalization.halfWidth(text))
        let digits = t.unicodeScalars.split(whereSeparator: { !$0.isASCIIDigit }).map { String(String.UnicodeScalarView($0)) }
        guard digits.count == 3, let y = Int(digits[0]), let m = Int(digits[1]), let d = Int(digits[2]),
              digits[0].count == 4, (2008...2099).contains(y), (1...12).contains(m), (1...31).contains(d) else { return nil }
        let rest = t.unicodeScalars.filter { !$0.isASCIIDigit && !TextNormalization.isSpace($0) }
        guard rest.allSatisfy({ dateWords.contains($0) }), t.unicodeScalars.count <= 24 else { return nil }
        // yyyy-mm-dd (the year has four digits here): what String(format: "%04d-%02d-%02d") gives, without Foundation.
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    static let dateWords = Set("年月日-/.发布日期时间:：成文".unicodeScalars)

    /// The statistics period's year: `统计期限…自2023年1月1日起至2023年12月31日止`.
    static func periodYear(in text: String) -> Int? {
        guard let r = text.fastRange(of: "期限") ?? text.fastRange(of: "统计期") ?? text.fastRange(of: "统计") else { return nil }
        let window = String(text[r.upperBound...].prefix(40))
        if let y = firstYear(in: window) { return y.year }
        // `202211日至20221231日`: a date written without 年 and 月 still starts with its year.
        for run in window.unicodeScalars.split(whereSeparator: { !$0.isASCIIDigit }) where (6...8).contains(run.count) {
            if let y = Int(String(String.UnicodeScalarView(run.prefix(4)))), (2008...2099).contains(y) { return y }
        }
        return nil
    }
}

/// Figures the prose states, found by the phrases reports use.
enum ProseFigures {
    /// The total of proactively published items, from the overview's 主动公开 part:
    /// `主动公开政务信息61条`, `主动公开信息共计 683 条`, or under （一）主动公开… `发布各类信息共计322条`.
    static func proactiveItems(overview: [TextBlock]) -> ProseFigure? {
        // First: a clause that says 主动公开 and a number of 条.
        for block in overview where block.text.includes("主动公开") {  // a clause is part of its block
            for clause in clauses(block.text, including: "主动公开") {
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
            guard inSubsection, block.text.includes("信息") else { continue }
            for clause in clauses(block.text, including: "信息") {
                if let n = number(before: "条", in: clause, after: "信息") {
                    return ProseFigure(value: n, sentence: clause, line: block.line)
                }
            }
        }
        return nil
    }

    /// The number of applications the prose says were received this year: `收到依申请公开政府信息 2 件`,
    /// `共受理政府信息依申请公开0件`, `接收…政府信息公开申请共计81件`, and 0 for `未收到政府信息公开申请`.
    /// Clauses about review and litigation (`提起行政复议1件`), replies or carried-over applications are not it.
    static func applicationsReceived(_ blocks: [TextBlock]) -> ProseFigure? {
        let receive = ["收到", "受理", "接收", "接到", "收悉"]
        let excluded = ["复议", "诉讼", "结转", "答复", "办结", "上年", "转结"]
        // A clause is part of its block: a block without 申请 has no clause with it (most blocks), and is
        // not cut into clauses at all.
        for block in blocks where block.text.includes("申请") {
            // Plain text (FastText.swift): scalars are Characters and Foundation's search is a byte search.
            let plain = block.text.isPlainText
            // Plain text's clauses are first tested where they stand; only those that may state the figure
            // become Strings (splitPlain made every clause a String).
            let parts = plain ? plainPieces(block.text, where: { $0 == "。" || $0 == "；" || $0 == ";" || $0 == "，" || $0 == "," || $0 == "\n" })
                    .filter { piece in piece.includes("申请") && !excluded.contains(where: { piece.includes($0) }) }.map(String.init)
                : block.text.split(whereSeparator: { "。；;，,\n".contains($0) }).map(String.init)
            for clause in parts {
                func has(_ word: String) -> Bool { plain ? clause.includes(word) : clause.contains(word) }
                guard clause.includes("申请"), !excluded.contains(where: has) else { continue }
                if ["未收到", "没有收到", "未受理", "未接到", "未接收"].contains(where: has) {
                    return ProseFigure(value: 0, sentence: clause, line: block.line)
                }
                for verb in receive where has(verb) {
                    if let n = number(before: "件", in: clause, after: verb) {
                        return ProseFigure(value: n, sentence: clause, line: block.line)
                    }
                }
            }
        }
        return nil
    }

    /// `splitPlain` of plain text as Substrings of it (no String made per piece).
    static func plainPieces(_ text: String, where isSeparator: (Unicode.Scalar) -> Bool) -> [Substring] {
        var out: [Substring] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var i = start
        while i != scalars.endIndex {
            if isSeparator(scalars[i]) {
                if start != i { out.append(Substring(scalars[start..<i])) }
                i = scalars.index(after: i)
                start = i
            } else {
                i = scalars.index(after: i)
            }
        }
        if start != i { out.append(Substring(scalars[start..<i])) }
        return out
    }

    /// `clauses(text)` that include `word`, plain text's tested before they become Strings.
    static func clauses(_ text: String, including word: String) -> [String] {
        if text.isPlainText {
            return plainPieces(text, where: { $0 == "。" || $0 == "；" || $0 == ";" || $0 == "\n" }).filter { $0.includes(word) }.map(String.init)
        }
        return clauses(text).filter { $0.includes(word) }
    }

    /// Sentences and clauses (split at 。；; and line breaks).
    static func clauses(_ text: String) -> [String] {
        if text.isPlainText { return splitPlain(text, where: { $0 == "。" || $0 == "；" || $0 == ";" || $0 == "\n" }) }
        return text.split(whereSeparator: { "。；;\n".contains($0) }).map(String.init)
    }

    /// The number directly before `unit` (spaces allowed) that stands after `anchor` in the clause.
    static func number(before unit: String, in clause: String, after anchor: String) -> Double? {
        guard let a = clause.fastRange(of: anchor) else { return nil }
        let tail = TextNormalization.halfWidth(String(clause[a.upperBound...]))
        var search = tail.startIndex..<tail.endIndex
        while let u = tail.fastRange(of: unit, range: search) {
            let before = tail[..<u.lowerBound].unicodeScalars.reversed().drop(while: { $0 == " " })
            // The digits (thousands commas left out) as ASCII bytes, read back in order.
            var digits: [UInt8] = []
            for c in before.prefix(while: { $0.isASCIIDigit || $0 == "," }) where c != "," { digits.append(UInt8(c.value)) }
            digits.reverse()
            if let n = Double(String(decoding: digits, as: UTF8.self)) { return n }
            search = u.upperBound..<tail.endIndex
        }
        return nil
    }
}
