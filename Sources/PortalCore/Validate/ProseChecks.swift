/// The figures the prose states about applications, review and litigation, set against the tables.
///
/// A figure is a number of 件 (or 宗, 份) in a clause of the overview or of sections 三/四, and it belongs
/// to what the words *between it and the previous figure* name: `收到…申请2件` is applications received,
/// `提起行政复议1件` a review even though the clause speaks of 申请, `予以公开及部分公开42件` a sum of two result
/// rows that no single cell holds, so it is not taken at all. Anything unclear is passed over: a missed
/// figure costs nothing, a false alarm costs a reader's trust.
public enum ProseChecks {
    public static let rule = "prose-table"

    /// What a figure says, keyed as `Report.proseFigures` is: the cell path it should equal.
    public enum Topic: String, CaseIterable, Sendable {
        case newReceived = "applications.newReceived.total"
        case carriedOver = "applications.carriedOver.total"
        case resultsTotal = "applications.results.total.total"
        case carriedForward = "applications.carriedForward.total"
        case review = "reviewLitigation.review.total"
        /// Litigation without saying which kind: direct + after review (no single cell; not in the JSON cells).
        case litigation = "reviewLitigation.litigation.total"
        case litigationDirect = "reviewLitigation.litigationDirect.total"
        case litigationAfterReview = "reviewLitigation.litigationAfterReview.total"

        var label: String {
            switch self {
            case .newReceived: return "本年新收申请"
            case .carriedOver: return "上年结转申请"
            case .resultsTotal: return "办结申请"
            case .carriedForward: return "结转下年度继续办理"
            case .review: return "行政复议"
            case .litigation: return "行政诉讼"
            case .litigationDirect: return "未经复议直接起诉"
            case .litigationAfterReview: return "复议后起诉"
            }
        }
    }

    /// The sections whose prose speaks of these figures.
    static let sections: [SectionKey] = [.overview, .applications, .reviewLitigation]

    // MARK: Extraction

    /// Every figure the prose states, in reading order (a topic may appear more than once).
    public static func figures(in report: Report) -> [(topic: Topic, figure: ProseFigure)] {
        var out: [(Topic, ProseFigure)] = []
        for key in sections {
            guard let section = report.sections[key] else { continue }
            out += figures(inSection: section, key: key)
        }
        return out
    }

    /// One section in one pass over its scalars (no String per paragraph or sentence unless a figure is found).
    static func figures(inSection section: Section, key: SectionKey) -> [(Topic, ProseFigure)] {
        let scalars = plainScalars(section.markdown)
        var bounds: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < scalars.count {
            if scalars[i] == "\n" && i + 1 < scalars.count && scalars[i + 1] == "\n" {
                bounds.append(start..<i)
                start = i + 2
                i = start
            } else {
                i += 1
            }
        }
        bounds.append(start..<scalars.count)
        let lines = section.paragraphLines.count == bounds.count ? section.paragraphLines
            : Array(repeating: section.line, count: bounds.count)
        var out: [(Topic, ProseFigure)] = []
        for (range, line) in zip(bounds, lines) {
            out += figures(inParagraph: scalars[range], line: line, section: key)
        }
        return out
    }

    /// The first figure of each topic, as `Report.proseFigures` holds them.
    public static func firstFigures(in report: Report) -> [String: ProseFigure] {
        var map: [String: ProseFigure] = [:]
        for (topic, figure) in figures(in: report) where map[topic.rawValue] == nil { map[topic.rawValue] = figure }
        return map
    }

    /// Splits at every blank line (`\n\n`), left to right, on UTF-8 bytes.
    static func splitParagraphs(_ text: String) -> [Substring] {
        // The blank lines found on the contiguous bytes, the parts cut at their offsets (O(1) on native UTF-8).
        let u = text.utf8
        let cuts: [(end: Int, next: Int)]? = u.withContiguousStorageIfAvailable { b in
            var found: [(end: Int, next: Int)] = []
            var i = 0
            while i < b.count {
                if b[i] == 0x0A, i + 1 < b.count, b[i + 1] == 0x0A {
                    found.append((i, i + 2))
                    i += 2
                } else {
                    i += 1
                }
            }
            return found
        }
        if let cuts {
            var parts: [Substring] = []
            parts.reserveCapacity(cuts.count + 1)
            var start = u.startIndex
            for cut in cuts {
                let end = u.index(u.startIndex, offsetBy: cut.end)
                parts.append(Substring(u[start..<end]))
                start = u.index(u.startIndex, offsetBy: cut.next)
            }
            parts.append(Substring(u[start..<u.endIndex]))
            return parts
        }
        return splitParagraphsByIndex(text)
    }

    /// `splitParagraphs` through the UTF-8 view's indices (for text without contiguous storage).
    static func splitParagraphsByIndex(_ text: String) -> [Substring] {
        var parts: [Substring] = []
        let u = text.utf8
        var start = u.startIndex
        var i = u.startIndex
        while i != u.endIndex {
            let next = u.index(after: i)
            if u[i] == 0x0A, next != u.endIndex, u[next] == 0x0A {
                parts.append(Substring(text.utf8[start..<i]))
                start = u.index(after: next)
                i = start
            } else {
                i = next
            }
        }
        parts.append(Substring(text.utf8[start..<u.endIndex]))
        return parts
    }

    /// Markdown back to the words: escapes and emphasis marks removed, full-width digits and spaces made
    /// half-width (the rest stays as written, so a quoted sentence reads as the agency wrote it).
    static func plainText(_ markdown: Substring) -> String {
        // `plainScalars` as UTF-8 bytes (a scalar array made into a String cost several times more).
        var out: [UInt8] = []
        out.reserveCapacity(markdown.utf8.count)
        var escaped = false
        for u in markdown.unicodeScalars {
            if escaped { appendUTF8(u, to: &out); escaped = false; continue }
            switch u.value {
            case 0x5C: escaped = true                                      // \
            case 0x2A, 0x60: continue                                      // * `
            case 0xFF10...0xFF19: out.append(UInt8(u.value - 0xFEE0))
            case 0x3000, 0x00A0: out.append(0x20)
            default: appendUTF8(u, to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func plainScalars<S: StringProtocol>(_ markdown: S) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(markdown.utf8.count / 2)
        var escaped = false
        for u in markdown.unicodeScalars {
            if escaped { out.append(u); escaped = false; continue }
            switch u.value {
            case 0x5C: escaped = true                                      // \
            case 0x2A, 0x60: continue                                      // * `
            case 0xFF10...0xFF19: out.append(Unicode.Scalar(u.value - 0xFEE0)!)
            case 0x3000, 0x00A0: out.append(" ")
            default: out.append(u)
            }
        }
        return out
    }

    // Switches, not Sets: these run on every character of the prose, and hashing a scalar costs more.
    static func endsSentence(_ u: Unicode.Scalar) -> Bool {
        switch u { case "。", "！", "？", "!", "?", "\n": return true; default: return false }
    }
    static func endsClause(_ u: Unicode.Scalar) -> Bool {
        switch u { case "，", ",", "；", ";", "：", ":", "（", "）", "(", ")", "【", "】": return true; default: return false }
    }
    static func isUnit(_ u: Unicode.Scalar) -> Bool {
        switch u { case "件", "宗", "份": return true; default: return false }
    }

    /// One paragraph: sentences, clauses, figures. Lines count the paragraph's own line breaks.
    static func figures(inParagraph text: String, line: Int, section: SectionKey) -> [(Topic, ProseFigure)] {
        figures(inParagraph: plainScalars(text)[...], line: line, section: section)
    }

    static func figures(inParagraph scalars: ArraySlice<Unicode.Scalar>, line: Int, section: SectionKey) -> [(Topic, ProseFigure)] {
        var out: [(Topic, ProseFigure)] = []
        var sentenceStart = scalars.startIndex
        var lineAtSentence = line
        var i = scalars.startIndex
        while i <= scalars.endIndex {
            if i == scalars.endIndex || endsSentence(scalars[i]) {
                let sentence = scalars[sentenceStart..<i]
                out += figures(inSentence: sentence, line: lineAtSentence, section: section)
                if i < scalars.endIndex && scalars[i] == "\n" { lineAtSentence += 1 }
                sentenceStart = i + 1
            }
            i += 1
        }
        return out
    }

    static func string(_ s: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(s)) }

    /// A unit of count, or a negation that may state a zero: sentences without one say nothing here,
    /// and most sentences are passed over on this one scan.
    static func mayStateFigure(_ u: Unicode.Scalar) -> Bool {
        switch u { case "件", "宗", "份", "未", "没", "无": return true; default: return false }
    }

    static func figures(inSentence sentence: ArraySlice<Unicode.Scalar>, line: Int, section: SectionKey) -> [(Topic, ProseFigure)] {
        guard sentence.contains(where: mayStateFigure) else { return [] }
        // Review and litigation numbers in a sentence that is not about disclosure are the agency's own
        // caseload (a 司法局 decides hundreds of reviews), not table 四.
        let aboutDisclosure = section != .overview || sentence.has(Words.disclosure)
        var out: [(Topic, ProseFigure)] = []
        var sentenceText: String?
        var clauseStart = sentence.startIndex
        var i = sentence.startIndex
        while i <= sentence.endIndex {
            // `1,330` keeps its thousands separator.
            let isSeparator = i < sentence.endIndex && sentence[i] == "," && i > sentence.startIndex && i + 1 < sentence.endIndex
                && sentence[i - 1].isASCIIDigit && sentence[i + 1].isASCIIDigit
            if i == sentence.endIndex || (endsClause(sentence[i]) && !isSeparator) {
                let clause = sentence[clauseStart..<i]
                for (topic, value) in figures(inClause: clause, aboutDisclosure: aboutDisclosure) {
                    if sentenceText == nil { sentenceText = TextNormalization.trimmed(string(sentence)) }
                    out.append((topic, ProseFigure(value: value, sentence: sentenceText!, line: line)))
                }
                clauseStart = i + 1
            }
            i += 1
        }
        return out
    }

    /// Numbers of 件 in a clause, each read against the words since the previous one; or, for a clause
    /// without any, a statement of none (`未收到…申请`, `未发生…行政复议和行政诉讼`).
    static func figures(inClause clause: ArraySlice<Unicode.Scalar>, aboutDisclosure: Bool) -> [(Topic, Double)] {
        var out: [(Topic, Double)] = []
        var segmentStart = clause.startIndex
        var sawFigure = false
        var i = clause.startIndex
        while i < clause.endIndex {
            guard isUnit(clause[i]), let number = number(endingBefore: i, in: clause, from: segmentStart) else {
                i += 1; continue
            }
            sawFigure = true
            let segment = clause[segmentStart..<number.start]
            let after = clause[(i + 1)...].prefix(2)
            segmentStart = i + 1
            i += 1
            // `80件以上`, `约80件`, `近百件`: not an exact figure.
            if Words.approximateAfter.contains(where: { after.starts(with: $0.scalars) }) { continue }
            if Words.approximateBefore.contains(where: { segment.ends(with: $0) }) { continue }
            for topic in topics(of: segment, aboutDisclosure: aboutDisclosure) { out.append((topic, number.value)) }
        }
        if !sawFigure && clause.contains(where: { $0 == "未" || $0 == "没" || $0 == "无" }) {
            out += noneStated(clause, aboutDisclosure: aboutDisclosure)
        }
        return out
    }

    /// What the words before a figure say it counts. Several topics only when the words state several
    /// (`收到并办结申请3件`); none when unclear.
    static func topics(of segment: ArraySlice<Unicode.Scalar>, aboutDisclosure: Bool) -> [Topic] {
        let litigation = segment.has(Words.litigation) || segment.has(Words.suit)
        let review = segment.has(Words.review)
        if review || litigation {
            guard aboutDisclosure, !segment.hasAny(Words.outcomes), !segment.has(Words.ofWhich),
                  !segment.has(Words.respectively) else { return [] }
            if segment.has(Words.suitAfterReview) { return [.litigationAfterReview] }
            if segment.has(Words.directSuit) { return [.litigationDirect] }
            if review && litigation { return [] }  // 行政复议和行政诉讼共3件: no cell holds the sum
            return review ? [.review] : [.litigation]
        }
        // `自然人、企业各1件`: each, not a total.
        if segment.last == "各" || segment.hasAny(Words.parts) { return [] }
        if segment.has(Words.carried) {
            let fromLastYear = segment.hasAny(Words.lastYear)
            let toNextYear = segment.hasAny(Words.nextYear)
            if fromLastYear && !toNextYear { return [.carriedOver] }
            if toNextYear && !fromLastYear { return [.carriedForward] }
            return []
        }
        var out: [Topic] = []
        if aboutDisclosure && segment.has(Words.application) && segment.hasAny(Words.receive) {
            out.append(.newReceived)
        }
        if segment.hasAny(Words.handled) { out.append(.resultsTotal) }
        return out
    }

    /// `未收到…政府信息公开申请`, `没有收到依申请公开事项`, `未发生…行政复议和行政诉讼案件`: a stated zero.
    static func noneStated(_ clause: ArraySlice<Unicode.Scalar>, aboutDisclosure: Bool) -> [(Topic, Double)] {
        guard aboutDisclosure, !clause.contains("除") else { return [] }
        guard let negation = Words.negations.firstIndex(where: { clause.has($0) }) else { return [] }
        let word = Words.negations[negation].scalars
        let review = clause.has(Words.review)
        let litigation = clause.has(Words.litigation) || clause.has(Words.suit)
        if word == ["无"] {
            // `无` alone is too loose (无法提供, 无正当理由); only `无…行政复议/诉讼案件` is taken.
            guard clause.hasAny(Words.noCases) else { return [] }
        }
        var out: [(Topic, Double)] = []
        if review { out.append((.review, 0)) }
        if litigation { out.append((.litigation, 0)) }
        let aboutEvents = word == Array("未发生".unicodeScalars) || word == Array("没有发生".unicodeScalars)
        if !review && !litigation && !aboutEvents && clause.has(Words.application) {
            out.append((.newReceived, 0))
        }
        return out
    }

    static func chineseDigit(_ u: Unicode.Scalar) -> Int? {
        switch u {
        case "〇", "零": return 0
        case "一": return 1
        case "二", "两": return 2
        case "三": return 3
        case "四": return 4
        case "五": return 5
        case "六": return 6
        case "七": return 7
        case "八": return 8
        case "九": return 9
        default: return nil
        }
    }

    /// The number written directly before `unit` (spaces allowed): `81`, `1,330`, `十二`, `两`.
    static func number(endingBefore unit: Int, in clause: ArraySlice<Unicode.Scalar>, from lower: Int)
        -> (value: Double, start: Int)? {
        var end = unit
        while end > lower, clause[end - 1] == " " { end -= 1 }
        var start = end
        while start > lower, clause[start - 1].isASCIIDigit || (clause[start - 1] == "," && start - 1 > lower) { start -= 1 }
        if start < end {
            var digits = string(clause[start..<end])
            while digits.hasPrefix(",") { digits.removeFirst(); start += 1 }
            // A decimal point before the digits (`1.5件`) is not a count.
            if start > lower, clause[start - 1] == "." { return nil }
            guard let v = Double(digits.filter { $0 != "," }) else { return nil }  // ASCII digits and commas only
            return (v, start)
        }
        while start > lower, chineseDigit(clause[start - 1]) != nil || clause[start - 1] == "十" { start -= 1 }
        guard start < end, let v = chineseNumber(clause[start..<end]) else { return nil }
        return (Double(v), start)
    }

    /// 一 … 九十九, as written in prose (十二, 二十, 二十三).
    static func chineseNumber(_ s: ArraySlice<Unicode.Scalar>) -> Int? {
        let a = Array(s)
        if let t = a.firstIndex(of: "十") {
            guard a.filter({ $0 == "十" }).count == 1, t <= 1, a.count - t <= 2 else { return nil }
            let tens = t == 0 ? 1 : chineseDigit(a[0])!
            let ones = t == a.count - 1 ? 0 : chineseDigit(a[t + 1])!
            return tens * 10 + ones
        }
        guard a.count == 1 else { return nil }  // 二三 is not a number
        return chineseDigit(a[0])
    }

    // MARK: Comparison

    /// Each stated figure (the first per topic) against the table; a topic whose cells are blank is skipped.
    public static func check(_ report: Report) -> [Check] {
        var checks: [Check] = []
        for topic in Topic.allCases {
            guard let figure = report.proseFigures[topic.rawValue] else { continue }
            guard let table = tableValues(topic, report) else { continue }
            if table.accepted.contains(figure.value) { continue }
            let quoted = figure.sentence.unicodeScalars.count > 160
                ? String(String.UnicodeScalarView(figure.sentence.unicodeScalars.prefix(160))) + "…" : figure.sentence
            checks.append(Check(rule: rule, severity: .warning, cells: table.cells,
                expected: figure.value, found: table.value,
                message: "正文称「\(quoted)」，即\(topic.label) \(formatNumber(figure.value)) 件；\(table.label)为 \(formatNumber(table.value))",
                line: figure.line))
        }
        return checks
    }

    /// The table's value for a topic, the values the prose may fairly mean by it, and the cells involved.
    static func tableValues(_ topic: Topic, _ report: Report)
        -> (value: Double, accepted: [Double], cells: [String], label: String)? {
        switch topic {
        case .newReceived, .carriedOver, .resultsTotal, .carriedForward:
            guard let a = report.applications else { return nil }
            let row: ApplicationRow = topic == .newReceived ? .newReceived : topic == .carriedOver ? .carriedOver
                : topic == .resultsTotal ? .resultsTotal : .carriedForward
            guard let v = a[row, .total] else { return nil }
            var accepted = [v]
            var cells = [ArithmeticRules.cellPath(row, .total)]
            // `收到申请N件` often counts last year's carried-over applications too.
            if topic == .newReceived, let carried = a[.carriedOver, .total], carried != 0 {
                accepted.append(v + carried)
                cells.append(ArithmeticRules.cellPath(.carriedOver, .total))
            }
            return (v, accepted, cells, "表三「\(row.label)」总计")
        case .review, .litigationDirect, .litigationAfterReview:
            let group: ReviewGroup = topic == .review ? .review : topic == .litigationDirect ? .litigationDirect : .litigationAfterReview
            guard let v = report.reviewLitigation?[group, .total] else { return nil }
            return (v, [v], ["reviewLitigation.\(group.key).total"], "表四「\(group.label)」总计")
        case .litigation:
            guard let r = report.reviewLitigation, let direct = r[.litigationDirect, .total],
                  let after = r[.litigationAfterReview, .total] else { return nil }
            // The sum is what the prose usually means; some agencies count only direct suits.
            return (direct + after, [direct + after, direct],
                    ["reviewLitigation.litigationDirect.total", "reviewLitigation.litigationAfterReview.total"],
                    "表四行政诉讼（直接起诉与复议后起诉）合计")
        }
    }
}

/// A word as scalars, searched for in scalar slices without building Strings.
struct Words {
    let scalars: [Unicode.Scalar]
    init(_ s: String) { scalars = Array(s.unicodeScalars) }
    static func list(_ words: [String]) -> [Words] { words.map(Words.init) }

    static let disclosure = Words("公开")
    static let application = Words("申请")
    static let review = Words("复议")
    static let litigation = Words("诉讼")
    static let suit = Words("起诉")
    static let suitAfterReview = Words("复议后起诉")
    static let directSuit = Words("直接起诉")
    static let ofWhich = Words("其中")
    static let respectively = Words("分别")
    static let carried = Words("结转")
    static let receive = list(["新收", "收到", "受理", "接收", "接到", "收悉", "共收"])
    static let handled = list(["办结", "办理完毕", "已答复", "予以答复"])
    static let lastYear = list(["上年", "上一年", "去年", "以前年度", "往年"])
    static let nextYear = list(["下年", "下一年", "次年", "继续办理", "明年", "转入"])
    /// Words that make a figure a part of something (a result, an applicant kind, a comparison), not a total.
    static let parts = list(["其中", "涉及", "分别", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理",
                             "自然人", "商业企业", "科研机构", "公益组织", "法律服务", "按时", "按期", "超期", "逾期", "延期",
                             "平均", "同比", "较上年", "较去年", "比上年", "增加", "减少", "增长", "下降"])
    static let outcomes = list(["维持", "纠正", "撤销", "驳回", "审结", "败诉", "胜诉", "确认违法", "其他结果", "撤诉", "终止"])
    static let negations = list(["未收到", "没有收到", "未接到", "没有接到", "未接收", "未发生", "没有发生", "无"])
    static let noCases = list(["无行政复议", "无行政诉讼"])
    static let approximateAfter = list(["以上", "左右", "以下"])
    static let approximateBefore = list(["约", "近", "超过", "逾", "不足", "多于", "少于", "第", "每", "这", "那", "任何", "同", "各"])
}

extension ArraySlice where Element == Unicode.Scalar {
    func has(_ word: Words) -> Bool {
        let w = word.scalars
        guard let first = w.first, count >= w.count else { return false }
        var i = startIndex
        while i <= endIndex - w.count {
            if self[i] == first {
                var j = 1
                while j < w.count && self[i + j] == w[j] { j += 1 }
                if j == w.count { return true }
            }
            i += 1
        }
        return false
    }
}

extension ArraySlice where Element == Unicode.Scalar {
    func hasAny(_ words: [Words]) -> Bool { words.contains(where: has) }
    func ends(with word: Words) -> Bool { count >= word.scalars.count && self.suffix(word.scalars.count).elementsEqual(word.scalars) }
}
