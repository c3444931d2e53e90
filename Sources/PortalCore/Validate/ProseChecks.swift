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
            for paragraph in paragraphs(of: section) {
                out += figures(inParagraph: paragraph.text, line: paragraph.line, section: key)
            }
        }
        return out
    }

    /// The first figure of each topic, as `Report.proseFigures` holds them.
    public static func firstFigures(in report: Report) -> [String: ProseFigure] {
        var map: [String: ProseFigure] = [:]
        for (topic, figure) in figures(in: report) where map[topic.rawValue] == nil { map[topic.rawValue] = figure }
        return map
    }

    /// Paragraphs of a section with their source lines (ReportParser joins paragraphs with a blank line).
    static func paragraphs(of section: Section) -> [(text: String, line: Int)] {
        let parts = section.markdown.components(separatedBy: "\n\n")
        let lines = section.paragraphLines.count == parts.count ? section.paragraphLines
            : Array(repeating: section.line, count: parts.count)
        return zip(parts, lines).map { (plainText($0), $1) }
    }

    /// Markdown back to the words: escapes and emphasis marks removed, full-width digits and spaces made
    /// half-width (the rest stays as written, so a quoted sentence reads as the agency wrote it).
    static func plainText(_ markdown: String) -> String {
        var out = String.UnicodeScalarView()
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
        return String(out)
    }

    static let sentenceEnds: Set<Unicode.Scalar> = ["。", "！", "？", "!", "?", "\n"]
    static let clauseEnds: Set<Unicode.Scalar> = ["，", ",", "；", ";", "：", ":", "（", "）", "(", ")", "【", "】"]
    static let units: Set<Unicode.Scalar> = ["件", "宗", "份"]

    /// One paragraph: sentences, clauses, figures. Lines count the paragraph's own line breaks.
    static func figures(inParagraph text: String, line: Int, section: SectionKey) -> [(Topic, ProseFigure)] {
        var out: [(Topic, ProseFigure)] = []
        // Full-width digits read as digits (plainText does it too; callers may pass raw text).
        let scalars = text.unicodeScalars.map { (0xFF10...0xFF19).contains($0.value) ? Unicode.Scalar($0.value - 0xFEE0)! : $0 }
        var sentenceStart = 0
        var lineAtSentence = line
        var i = 0
        while i <= scalars.count {
            if i == scalars.count || sentenceEnds.contains(scalars[i]) {
                let sentence = Array(scalars[sentenceStart..<i])
                out += figures(inSentence: sentence, line: lineAtSentence, section: section)
                if i < scalars.count && scalars[i] == "\n" { lineAtSentence += 1 }
                sentenceStart = i + 1
            }
            i += 1
        }
        return out
    }

    static func string(_ s: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(s)) }

    static func figures(inSentence sentence: [Unicode.Scalar], line: Int, section: SectionKey) -> [(Topic, ProseFigure)] {
        let sentenceText = TextNormalization.trimmed(string(sentence[...]))
        guard !sentenceText.isEmpty else { return [] }
        // Review and litigation numbers in a sentence that is not about disclosure are the agency's own
        // caseload (a 司法局 decides hundreds of reviews), not table 四.
        let aboutDisclosure = sentenceText.contains("公开") || section != .overview
        var out: [(Topic, ProseFigure)] = []
        var clauseStart = 0
        var i = 0
        while i <= sentence.count {
            // `1,330` keeps its thousands separator.
            let isSeparator = i < sentence.count && sentence[i] == "," && i > 0 && i + 1 < sentence.count
                && sentence[i - 1].isASCIIDigit && sentence[i + 1].isASCIIDigit
            if i == sentence.count || (clauseEnds.contains(sentence[i]) && !isSeparator) {
                let clause = sentence[clauseStart..<i]
                for (topic, value) in figures(inClause: clause, aboutDisclosure: aboutDisclosure) {
                    out.append((topic, ProseFigure(value: value, sentence: sentenceText, line: line)))
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
            guard units.contains(clause[i]), let number = number(endingBefore: i, in: clause, from: segmentStart) else {
                i += 1; continue
            }
            sawFigure = true
            let segment = string(clause[segmentStart..<number.start])
            let after = string(clause[(i + 1)...].prefix(2))
            segmentStart = i + 1
            i += 1
            // `80件以上`, `约80件`, `近百件`: not an exact figure.
            if after.hasPrefix("以上") || after.hasPrefix("左右") || after.hasPrefix("以下") { continue }
            if ["约", "近", "超过", "逾", "不足", "多于", "少于", "第", "每", "这", "那", "任何", "同", "各"]
                .contains(where: { segment.hasSuffix($0) }) { continue }
            for topic in topics(of: segment, aboutDisclosure: aboutDisclosure) { out.append((topic, number.value)) }
        }
        if !sawFigure { out += noneStated(string(clause), aboutDisclosure: aboutDisclosure) }
        return out
    }

    static let receiveVerbs = ["新收", "收到", "受理", "接收", "接到", "收悉", "共收"]
    /// Words that make a figure a part of something (a result, an applicant kind, a channel), not a total.
    static let partWords = ["其中", "涉及", "分别", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理",
                            "自然人", "商业企业", "科研机构", "公益组织", "法律服务", "按时", "按期", "超期", "逾期", "延期",
                            "平均", "同比", "较上年", "较去年", "比上年", "增加", "减少", "增长", "下降"]
    static let outcomeWords = ["维持", "纠正", "撤销", "驳回", "审结", "败诉", "胜诉", "确认违法", "其他结果", "撤诉", "终止"]

    /// What the words before a figure say it counts. Several topics only when the words state several
    /// (`收到并办结申请3件`); none when unclear.
    static func topics(of segment: String, aboutDisclosure: Bool) -> [Topic] {
        let litigation = segment.contains("诉讼") || segment.contains("起诉")
        let review = segment.contains("复议")
        if review || litigation {
            guard aboutDisclosure, !outcomeWords.contains(where: { segment.contains($0) }),
                  !segment.contains("其中"), !segment.contains("分别") else { return [] }
            if segment.contains("复议后起诉") { return [.litigationAfterReview] }
            if segment.contains("直接起诉") { return [.litigationDirect] }
            if review && litigation { return [] }  // 行政复议和行政诉讼共3件: no cell holds the sum
            return review ? [.review] : [.litigation]
        }
        // `自然人、企业各1件`: each, not a total.
        if segment.hasSuffix("各") || partWords.contains(where: { segment.contains($0) }) { return [] }
        if segment.contains("结转") {
            let fromLastYear = ["上年", "上一年", "去年", "以前年度", "往年"].contains(where: { segment.contains($0) })
            let toNextYear = ["下年", "下一年", "次年", "继续办理", "明年", "转入"].contains(where: { segment.contains($0) })
            if fromLastYear && !toNextYear { return [.carriedOver] }
            if toNextYear && !fromLastYear { return [.carriedForward] }
            return []
        }
        var out: [Topic] = []
        if segment.contains("申请") && aboutDisclosure && receiveVerbs.contains(where: { segment.contains($0) }) {
            out.append(.newReceived)
        }
        if segment.contains("办结") || segment.contains("办理完毕") || segment.contains("已答复") || segment.contains("予以答复") {
            out.append(.resultsTotal)
        }
        return out
    }

    /// `未收到…政府信息公开申请`, `没有收到依申请公开事项`, `未发生…行政复议和行政诉讼案件`: a stated zero.
    static func noneStated(_ clause: String, aboutDisclosure: Bool) -> [(Topic, Double)] {
        guard aboutDisclosure, !clause.contains("除") else { return [] }
        let negations = ["未收到", "没有收到", "未接到", "没有接到", "未接收", "未发生", "没有发生", "无"]
        guard let negation = negations.first(where: { clause.contains($0) }) else { return [] }
        let review = clause.contains("复议")
        let litigation = clause.contains("诉讼") || clause.contains("起诉")
        var out: [(Topic, Double)] = []
        if negation == "无" {
            // `无` alone is too loose (无法提供, 无正当理由); only `无…行政复议/诉讼案件` is taken.
            guard clause.contains("无行政复议") || clause.contains("无行政诉讼") else { return [] }
        }
        if review { out.append((.review, 0)) }
        if litigation { out.append((.litigation, 0)) }
        if !review && !litigation && negation != "未发生" && negation != "没有发生" && clause.contains("申请") {
            out.append((.newReceived, 0))
        }
        return out
    }

    static let chineseDigits: [Unicode.Scalar: Int] = ["〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
                                                        "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]

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
            guard let v = Double(digits.replacingOccurrences(of: ",", with: "")) else { return nil }
            return (v, start)
        }
        while start > lower, chineseDigits[clause[start - 1]] != nil || clause[start - 1] == "十" { start -= 1 }
        guard start < end, let v = chineseNumber(clause[start..<end]) else { return nil }
        return (Double(v), start)
    }

    /// 一 … 九十九, as written in prose (十二, 二十, 二十三).
    static func chineseNumber(_ s: ArraySlice<Unicode.Scalar>) -> Int? {
        let a = Array(s)
        if let t = a.firstIndex(of: "十") {
            guard a.filter({ $0 == "十" }).count == 1, t <= 1, a.count - t <= 2 else { return nil }
            let tens = t == 0 ? 1 : chineseDigits[a[0]]!
            let ones = t == a.count - 1 ? 0 : chineseDigits[a[t + 1]]!
            return tens * 10 + ones
        }
        guard a.count == 1 else { return nil }  // 二三 is not a number
        return chineseDigits[a[0]]
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
