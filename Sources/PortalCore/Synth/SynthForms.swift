import Foundation

/// Writes a synthesized report in the physical forms real ones arrive in: text extracted from Word (a cell a
/// line after a tab, rows separated by blank lines, labels broken over lines, vertical headers), Markdown
/// with tab-separated rows, and a saved agency web page with rowspan/colspan tables.
struct SynthSpec {
    var agency: String
    var place: String
    var year: SynthYear
    var prose: SynthProse
    var titleLines: [String]
    var publishedOn: String
    /// The date as printed at the end (`2024年1月20日`).
    var dateLine: String
    var style: SynthStyle
}

/// The small differences between agencies' copies of the template, drawn once per report.
struct SynthStyle {
    var brokenLabels: Bool
    var verticalReviewHeader: Bool
    var halfWidthBrackets: Bool
    var shortPartialLabel: Bool
    /// A value written after blank lines (` \n \n\n0`), as Word extraction sometimes leaves it.
    var spreadValue: Bool
    var normativeLabel: String
    var overviewHeading: String
    var blankLineFirst: Bool

    init(rng: inout SplitMix64) {
        brokenLabels = rng.chance(0.5)
        verticalReviewHeader = rng.chance(0.3)
        halfWidthBrackets = rng.chance(0.2)
        shortPartialLabel = rng.chance(0.2)
        spreadValue = rng.chance(0.1)
        normativeLabel = rng.chance(0.6) ? "行政规范性文件" : "规范性文件"
        overviewHeading = rng.chance(0.9) ? "一、总体情况" : "一、总体要求"
        blankLineFirst = rng.chance(0.2)
    }
}

enum SynthForms {
    static let balanceNote = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

    /// A row label as this report's copy of the template words it.
    static func label(_ row: ApplicationRow, _ style: SynthStyle) -> String {
        var s = row == .partiallyGranted && style.shortPartialLabel ? "（二）部分公开" : row.label
        if style.halfWidthBrackets {
            s = s.replacingOccurrences(of: "（", with: "(").replacingOccurrences(of: "）", with: ") ")
                .replacingOccurrences(of: "，", with: ", ")
            if let dot = s.firstIndex(of: "."), s.distance(from: s.startIndex, to: dot) == 1 {
                s.insert(" ", at: s.index(after: dot))
            }
            s = s.trimmingSpacesAtEnd()
        }
        return s
    }

    /// The applicant columns' header words.
    static let applicantHeaders = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]

    // MARK: Table 二 rows (shared by Word text and Markdown)

    /// The rows of table 二, each a list of cells: section rows (`第二十条第（一）项`), header rows and data rows.
    static func disclosureRows(_ spec: SynthSpec) -> [[String]] {
        let y = spec.year
        if y.format == .v2021 {
            return [
                ["第二十条第（一）项"],
                ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                ["规章", y.text(.regulationsIssued), y.text(.regulationsRepealed), y.text(.regulationsInForce)],
                [spec.style.normativeLabel, y.text(.normativeIssued), y.text(.normativeRepealed), y.text(.normativeInForce)],
                ["第二十条第（五）项"],
                ["信息内容", "本年处理决定数量"],
                ["行政许可", y.text(.licensing)],
                ["第二十条第（六）项"],
                ["信息内容", "本年处理决定数量"],
                ["行政处罚", y.text(.punishment)],
                ["行政强制", y.text(.coercion)],
                ["第二十条第（八）项"],
                ["信息内容", "本年收费金额（单位：万元）"],
                ["行政事业性收费", y.text(.fees)],
            ]
        }
        return [
            ["第二十条第（一）项"],
            ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
            ["规章", y.text(.regulationsMade), y.text(.regulationsPublished), y.text(.regulationsTotalPublic)],
            ["规范性文件", y.text(.normativeMade), y.text(.normativePublished), y.text(.normativeTotalPublic)],
            ["第二十条第（五）项"],
            ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            ["行政许可", y.text(.licensingPreviousYear), y.text(.licensingChange), y.text(.licensingDecisions)],
            ["其他对外管理服务事项", y.text(.otherServicesPreviousYear), y.text(.otherServicesChange), y.text(.otherServicesDecisions)],
            ["第二十条第（六）项"],
            ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            ["行政处罚", y.text(.punishmentPreviousYear), y.text(.punishmentChange), y.text(.punishmentDecisions)],
            ["行政强制", y.text(.coercionPreviousYear), y.text(.coercionChange), y.text(.coercionDecisions)],
            ["第二十条第（八）项"],
            ["信息内容", "上一年项目数量", "本年增/减"],
            ["行政事业性收费", y.text(.feesPreviousYear), y.text(.feesChange)],
            ["第二十条第（九）项"],
            ["信息内容", "采购项目数量", "采购总金额"],
            ["政府集中采购", y.text(.procurementProjects), y.text(.procurementAmount)],
        ]
    }

    /// Table 三's data rows as label cells (with the blank cells of merged label columns) and values.
    static func applicationRows(_ spec: SynthSpec) -> [(labels: [String], values: [String])] {
        let y = spec.year
        var out: [([String], [String])] = []
        var previousGroup: ResultGroup?
        for row in ApplicationRow.rows(for: y.format) {
            let values = Applicant.allCases.map { y.text(row, $0) }
            let own = label(row, spec.style)
            var labels: [String]
            switch row {
            case .newReceived, .carriedOver, .carriedForward:
                labels = [own]
            case .granted:
                labels = [ResultGroup.results.rawValue, own]
            case .partiallyGranted, .resultsTotal, .otherHandlingTotal:
                labels = ["", own]
            default:
                let group = row.group!
                labels = group == previousGroup ? ["", "", own] : ["", group.rawValue, own]
            }
            previousGroup = row.group
            out.append((labels, values))
        }
        return out
    }
}

extension String {
    func trimmingSpacesAtEnd() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}

// MARK: Word text

enum SynthWordText {
    static func write(_ spec: SynthSpec, rng: inout SplitMix64) -> String {
        var out: [String] = []
        let p = spec.prose
        if spec.style.blankLineFirst { out.append("") }
        for (i, line) in spec.titleLines.enumerated() {
            if i > 0 && spec.style.blankLineFirst { out.append("") }
            out.append(line)
        }
        out.append("")
        out += p.preamble
        out.append(spec.style.overviewHeading)
        out += p.overview
        out.append("")
        out.append(SectionKey.activeDisclosure.heading)
        if let intro = p.tableIntro[.activeDisclosure] { out.append(intro) }
        for row in SynthForms.disclosureRows(spec) { out += cells(row, spec, &rng); out.append("") }
        out.append("")
        out.append(SectionKey.applications.heading)
        if let intro = p.tableIntro[.applications] { out.append(intro) }
        out += applicationsTable(spec, &rng)
        out.append("")
        out.append(SectionKey.reviewLitigation.heading)
        out += reviewTable(spec, &rng)
        out.append("")
        if let after = p.afterTable[.reviewLitigation] { out.append(after) }
        out.append(SectionKey.problems.heading)
        out += p.problems
        out.append(SectionKey.otherMatters.heading)
        out += p.otherMatters
        out.append("")
        out.append(spec.agency)
        out.append(spec.dateLine)
        return out.joined(separator: "\n") + "\n"
    }

    /// A row: a cell a line after a tab; a label may be broken over lines.
    static func cells(_ row: [String], _ spec: SynthSpec, _ rng: inout SplitMix64) -> [String] {
        row.map { "\t" + broken($0, spec, &rng) }
    }

    /// Breaks a long label over lines as Word's narrow cells do (`商业\n企业`).
    static func broken(_ text: String, _ spec: SynthSpec, _ rng: inout SplitMix64) -> String {
        let scalars = Array(text.unicodeScalars)
        guard spec.style.brokenLabels, scalars.count >= 6, rng.chance(0.35),
              !CellValue.looksLikeValue(text) else { return text }
        let cut = rng.int(2...(scalars.count - 2))
        // Never leave a space or bracket alone at a line's edge.
        if scalars[cut - 1] == " " || scalars[cut] == " " { return text }
        return String(String.UnicodeScalarView(scalars[..<cut])) + "\n" + String(String.UnicodeScalarView(scalars[cut...]))
    }

    static func applicationsTable(_ spec: SynthSpec, _ rng: inout SplitMix64) -> [String] {
        var out: [String] = []
        out += cells([SynthForms.balanceNote, "申请人情况"], spec, &rng); out.append("")
        out += cells(["", "自然人", "法人或其他组织", "总计"], spec, &rng); out.append("")
        let headers = SynthForms.applicantHeaders.map { h -> String in
            spec.style.brokenLabels && h.unicodeScalars.count == 4 ? String(h.prefix(2)) + "\n" + String(h.suffix(2)) : h
        }
        out += ["\t", "\t"] + headers.map { "\t" + $0 } + ["\t"]; out.append("")
        var spread = spec.style.spreadValue
        for (labels, values) in SynthForms.applicationRows(spec) {
            out += cells(labels, spec, &rng)
            for (i, v) in values.enumerated() {
                // Word sometimes leaves the last value after blank lines.
                if spread && i == values.count - 1 && !v.isEmpty && rng.chance(0.3) {
                    out += ["\t ", " ", " ", "", v]
                    spread = false
                } else {
                    out.append("\t" + v)
                }
            }
            out.append("")
        }
        out.append("")
        return out
    }

    static func reviewTable(_ spec: SynthSpec, _ rng: inout SplitMix64) -> [String] {
        func header(_ s: String) -> String {
            if spec.style.verticalReviewHeader { return s.map(String.init).joined(separator: "\n") }
            return s.count == 4 && spec.style.brokenLabels ? String(s.prefix(2)) + "\n" + String(s.suffix(2)) : s
        }
        let outcomes = ReviewOutcome.allCases.map { header($0.label) }
        var out: [String] = []
        out += ["\t行政复议", "\t行政诉讼", ""]
        out += outcomes.map { "\t" + $0 } + ["\t未经复议直接起诉", "\t复议后起诉", ""]
        out += Array(repeating: "\t", count: 5) + (outcomes + outcomes).map { "\t" + $0 } + [""]
        for group in ReviewGroup.allCases {
            for outcome in ReviewOutcome.allCases { out.append("\t" + spec.year.text(group, outcome)) }
        }
        out.append("")
        return out
    }
}

// MARK: Markdown with tab rows

enum SynthMarkdown {
    static func write(_ spec: SynthSpec, rng: inout SplitMix64) -> String {
        let p = spec.prose
        let level = rng.chance(0.5) ? "##" : "###"
        var out: [String] = []
        if spec.style.blankLineFirst { out += ["", ""] }
        // `# 安平县卫生健康局 2023 年政府信息公开工作年度报告`: the title on one heading line.
        out.append("# " + spec.titleLines.joined())
        out.append("")
        for para in p.preamble { out += [para, ""] }
        out += ["\(level) \(spec.style.overviewHeading)", ""]
        for para in p.overview { out += [para, ""] }
        out += ["\(level) \(SectionKey.activeDisclosure.heading)", ""]
        if let intro = p.tableIntro[.activeDisclosure] { out += [intro, ""] }
        for row in SynthForms.disclosureRows(spec) {
            // Every row padded to four cells with trailing tabs, as Word's export leaves them.
            out.append((row + Array(repeating: "", count: max(0, 4 - row.count))).joined(separator: "\t"))
        }
        out.append("")
        out += ["\(level) \(SectionKey.applications.heading)", ""]
        if let intro = p.tableIntro[.applications] { out += [intro, ""] }
        out.append(SynthForms.balanceNote + "\t\t申请人情况\t\t\t\t\t\t总计\t")
        out.append("\t\t自然人\t法人或其他组织\t\t\t\t\t\t")
        out.append("\t\t\t" + SynthForms.applicantHeaders.joined(separator: "\t") + "\t\t")
        for (labels, values) in SynthForms.applicationRows(spec) {
            // Label columns: three in the template (group, subgroup, item); rows with fewer fill with blanks.
            var cells = labels
            if labels.count == 1 { cells = [labels[0], ""] }
            out.append((cells + values).joined(separator: "\t") + (labels.count == 3 ? "" : "\t"))
        }
        out.append("")
        out += ["\(level) \(SectionKey.reviewLitigation.heading)", ""]
        let outcomes = ReviewOutcome.allCases.map(\.label)
        out.append("行政复议\t\t\t\t\t行政诉讼" + String(repeating: "\t", count: 9))
        out.append(outcomes.joined(separator: "\t") + "\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t")
        out.append(String(repeating: "\t", count: 5) + (outcomes + outcomes).joined(separator: "\t"))
        out.append(ReviewGroup.allCases.flatMap { g in ReviewOutcome.allCases.map { spec.year.text(g, $0) } }.joined(separator: "\t"))
        out.append("")
        if let after = p.afterTable[.reviewLitigation] { out += [after, ""] }
        out += ["\(level) \(SectionKey.problems.heading)", ""]
        for para in p.problems { out += [para, ""] }
        out += ["\(level) \(SectionKey.otherMatters.heading)", ""]
        for para in p.otherMatters { out += [para, ""] }
        out += [spec.agency, "", spec.dateLine]
        return out.joined(separator: "\n") + "\n"
    }
}

// MARK: A saved agency web page

enum SynthHTML {
    static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func cell(_ text: String, rowspan: Int = 1, colspan: Int = 1) -> String {
        var attrs = ""
        if rowspan > 1 { attrs += " rowspan=\"\(rowspan)\"" }
        if colspan > 1 { attrs += " colspan=\"\(colspan)\"" }
        let body = text.isEmpty ? "&nbsp;" : escape(text)
        return "<td\(attrs) style=\"border:1px solid #000;text-align:center\"><p>\(body)</p></td>"
    }

    static func write(_ spec: SynthSpec, rng: inout SplitMix64) -> String {
        let p = spec.prose
        let title = spec.titleLines.joined()
        var h: [String] = []
        h.append("<!DOCTYPE html>")
        h.append("<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"ArticleTitle\" content=\"\(escape(title))\">")
        h.append("<title>\(escape(title))_\(escape(spec.place))人民政府</title>")
        h.append("<link rel=\"stylesheet\" href=\"/css/common.css\"></head><body>")
        h.append("<div class=\"header\"><div class=\"logo\">\(escape(spec.place))人民政府</div><ul class=\"nav\"><li><a href=\"/\">首页</a></li><li><a href=\"/zwgk/\">政务公开</a></li><li><a href=\"/zwfw/\">政务服务</a></li><li><a href=\"/hdjl/\">互动交流</a></li></ul></div>")
        h.append("<div class=\"position\">您现在的位置：<a href=\"/\">首页</a> &gt; <a href=\"/zwgk/\">政务公开</a> &gt; 政府信息公开年报</div>")
        h.append("<div class=\"article\">")
        h.append("<h1 class=\"title\">\(escape(title))</h1>")
        h.append("<div class=\"info\">发布时间：\(spec.publishedOn)　来源：\(escape(spec.agency))　字号：[ 大 中 小 ]</div>")
        h.append("<div class=\"content\" id=\"zoom\">")
        func para(_ s: String) { h.append("<p style=\"text-indent:2em\">\(escape(s))</p>") }
        func heading(_ s: String) {
            h.append(rng.chance(0.5) ? "<p style=\"text-indent:2em\"><strong>\(escape(s))</strong></p>" : "<h3>\(escape(s))</h3>")
        }
        p.preamble.forEach(para)
        heading(spec.style.overviewHeading)
        p.overview.forEach(para)
        heading(SectionKey.activeDisclosure.heading)
        if let intro = p.tableIntro[.activeDisclosure] { para(intro) }
        h.append(disclosureTable(spec))
        heading(SectionKey.applications.heading)
        if let intro = p.tableIntro[.applications] { para(intro) }
        h.append(applicationsTable(spec))
        heading(SectionKey.reviewLitigation.heading)
        h.append(reviewTable(spec))
        if let after = p.afterTable[.reviewLitigation] { para(after) }
        heading(SectionKey.problems.heading)
        p.problems.forEach(para)
        heading(SectionKey.otherMatters.heading)
        p.otherMatters.forEach(para)
        h.append("<p style=\"text-align:right\">\(escape(spec.agency))</p>")
        h.append("<p style=\"text-align:right\">\(escape(spec.dateLine))</p>")
        h.append("</div>")
        h.append("<div class=\"tools\"><a href=\"javascript:window.print()\">打印本页</a> <a href=\"javascript:window.close()\">关闭窗口</a></div>")
        h.append("</div>")
        h.append("<div class=\"footer\">主办单位：\(escape(spec.place))人民政府办公室　网站标识码：\(rng.int(1_000_000_000...1_999_999_999))</div>")
        h.append("</body></html>")
        return h.joined(separator: "\n") + "\n"
    }

    static func table(_ rows: [String]) -> String {
        "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" style=\"border-collapse:collapse\"><tbody>\n"
            + rows.map { "<tr>\($0)</tr>" }.joined(separator: "\n") + "\n</tbody></table>"
    }

    static func disclosureTable(_ spec: SynthSpec) -> String {
        var rows: [String] = []
        for row in SynthForms.disclosureRows(spec) {
            if row.count == 1 {
                rows.append(cell(row[0], colspan: 4))
            } else if row.count == 2 {
                rows.append(cell(row[0]) + cell(row[1], colspan: 3))
            } else if row.count == 3 {
                rows.append(cell(row[0]) + cell(row[1]) + cell(row[2], colspan: 2))
            } else {
                rows.append(row.map { cell($0) }.joined())
            }
        }
        return table(rows)
    }

    static func applicationsTable(_ spec: SynthSpec) -> String {
        let y = spec.year
        var rows: [String] = []
        rows.append(cell(SynthForms.balanceNote, rowspan: 3, colspan: 3) + cell("申请人情况", colspan: 7))
        rows.append(cell("自然人", rowspan: 2) + cell("法人或其他组织", colspan: 5) + cell("总计", rowspan: 2))
        rows.append(SynthForms.applicantHeaders.map { cell($0) }.joined())
        let format = y.format
        let resultRows = ApplicationRow.rows(for: format).filter { $0.group != nil }
        func values(_ row: ApplicationRow) -> String { Applicant.allCases.map { cell(y.text(row, $0)) }.joined() }
        var previousGroup: ResultGroup?
        for row in ApplicationRow.rows(for: format) {
            let own = SynthForms.label(row, spec.style)
            var r = ""
            switch row {
            case .newReceived, .carriedOver, .carriedForward:
                r = cell(own, colspan: 3)
            case .granted:
                r = cell(ResultGroup.results.rawValue, rowspan: resultRows.count) + cell(own, colspan: 2)
            case .partiallyGranted, .resultsTotal, .otherHandlingTotal:
                r = cell(own, colspan: 2)
            default:
                let group = row.group!
                if group != previousGroup {
                    let size = resultRows.filter { $0.group == group }.count
                    r = cell(group.rawValue, rowspan: size)
                }
                r += cell(own)
            }
            previousGroup = row.group
            rows.append(r + values(row))
        }
        return table(rows)
    }

    static func reviewTable(_ spec: SynthSpec) -> String {
        var rows: [String] = []
        rows.append(cell("行政复议", colspan: 5) + cell("行政诉讼", colspan: 10))
        rows.append(ReviewOutcome.allCases.map { cell($0.label, rowspan: 2) }.joined()
                    + cell("未经复议直接起诉", colspan: 5) + cell("复议后起诉", colspan: 5))
        rows.append((ReviewOutcome.allCases + ReviewOutcome.allCases).map { cell($0.label) }.joined())
        rows.append(ReviewGroup.allCases.flatMap { g in ReviewOutcome.allCases.map { cell(spec.year.text(g, $0)) } }.joined())
        return table(rows)
    }
}
