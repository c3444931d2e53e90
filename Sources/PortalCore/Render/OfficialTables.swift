/// The three official tables rebuilt as in the 2021 (or 2019) format: merged header cells, the group
/// labels of table 三 spanning their rows, blank cells blank (not 0), a cell's own text shown when it is
/// more than a number, and every cell a broken rule involves marked with the rule's message.
///
/// Generated in Swift rather than per cell through templates: ~250 cells a report, millions at national
/// scale. The markup carries classes (`official`, `num`, `blank`, `raw`, `flagged`, `suspect`) for the
/// site's stylesheet.
public struct OfficialTables {
    let report: Report
    /// Prefix of every id on the page for this report (`y2023`), so cells can be linked to.
    let anchor: String
    /// Cell path → numbers of the findings that name it as the value found (the total a rule compares,
    /// or the suspect cell): these get a marker. The other cells a rule adds up are only tinted.
    let flags: [String: [Int]]
    let involved: [String: [Int]]
    let suspects: Set<String>
    let findings: [Check]

    public init(report: Report, anchor: String) {
        self.report = report
        self.anchor = anchor
        findings = report.checks
        var flags: [String: [Int]] = [:]
        var involved: [String: [Int]] = [:]
        var suspects = Set<String>()
        for (i, check) in report.checks.enumerated() {
            let marked = Set([check.cells.last, check.suspect].compactMap { $0 })
            for cell in marked { flags[cell, default: []].append(i + 1) }
            for cell in check.cells where !marked.contains(cell) { involved[cell, default: []].append(i + 1) }
            if let s = check.suspect { suspects.insert(s) }
        }
        self.flags = flags
        self.involved = involved
        self.suspects = suspects
    }

    public func cellID(_ path: String) -> String { "\(anchor)-\(HTML.anchor(path))" }

    // MARK: Cells

    private func header(_ text: String, colspan: Int = 1, rowspan: Int = 1, scope: String? = nil, classes: String = "") -> String {
        var s = "<th"
        if colspan > 1 { s += " colspan=\"\(colspan)\"" }
        if rowspan > 1 { s += " rowspan=\"\(rowspan)\"" }
        if let scope { s += " scope=\"\(scope)\"" }
        if !classes.isEmpty { s += " class=\"\(classes)\"" }
        return s + ">" + HTML.escape(text) + "</th>"
    }

    /// A value cell: its number, its own text when that is more than a number, and its findings.
    private func value(_ number: Double?, path: String, colspan: Int = 1) -> String {
        var classes = ["num"]
        var title: [String] = []
        var body: String
        if let raw = report.rawCells[path] {
            classes.append("raw")
            body = "<span class=\"as-written\">" + HTML.text(raw) + "</span>"
            if let n = number { body += "<span class=\"read-as\">读作 " + formatNumber(n) + "</span>" }
            else { body += "<span class=\"read-as\">无数字</span>" }
        } else if let n = number {
            body = formatNumber(n)
        } else {
            classes.append("blank")
            title.append("空白：报告未填写此项")
            body = "<span class=\"visually-hidden\">空白</span>"
        }
        if let numbers = flags[path] {
            classes.append("flagged")
            if suspects.contains(path) { classes.append("suspect") }
            for n in numbers {
                let check = findings[n - 1]
                title.append(check.message)
                body += "<a class=\"flag\" href=\"#\(anchor)-finding-\(n)\" aria-label=\"问题 \(n)：\(HTML.escape(check.message))\">\(n)</a>"
            }
        }
        if let numbers = involved[path], flags[path] == nil {
            classes.append("involved")
            title += numbers.map { "参与核对：" + findings[$0 - 1].message }
        }
        var s = "<td id=\"\(cellID(path))\""
        if colspan > 1 { s += " colspan=\"\(colspan)\"" }
        s += " class=\"\(classes.joined(separator: " "))\""
        if !title.isEmpty { s += " title=\"\(HTML.escape(title.joined(separator: "；")))\"" }
        return s + ">" + body + "</td>"
    }

    private func table(_ id: String, caption: String, head: [String], body: [String]) -> String {
        var s = "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"\(anchor)-\(id)-caption\">"
        s += "<table class=\"official\" id=\"\(anchor)-\(id)\"><caption id=\"\(anchor)-\(id)-caption\">\(HTML.escape(caption))</caption>"
        s += "<thead>" + head.map { "<tr>\($0)</tr>" }.joined() + "</thead>"
        s += "<tbody>" + body.map { "<tr>\($0)</tr>" }.joined() + "</tbody></table></div>"
        return s
    }

    // MARK: Table 二

    public func activeDisclosure() -> String? {
        if let d = report.activeDisclosure { return activeDisclosure2021(d) }
        if let d = report.activeDisclosure2019 { return activeDisclosure2019(d) }
        return nil
    }

    private func activeDisclosure2021(_ d: ActiveDisclosure) -> String {
        let p = "activeDisclosure."
        func v(_ item: DisclosureItem, colspan: Int = 1) -> String { value(d[item], path: p + item.path, colspan: colspan) }
        var body: [String] = []
        body.append(header("第二十条第（一）项", colspan: 4, scope: "colgroup", classes: "article"))
        body.append(header("信息内容", scope: "col") + header("本年制发件数", scope: "col") + header("本年废止件数", scope: "col") + header("现行有效件数", scope: "col"))
        body.append(header("规章", scope: "row") + v(.regulationsIssued) + v(.regulationsRepealed) + v(.regulationsInForce))
        body.append(header("行政规范性文件", scope: "row") + v(.normativeIssued) + v(.normativeRepealed) + v(.normativeInForce))
        body.append(header("第二十条第（五）项", colspan: 4, scope: "colgroup", classes: "article"))
        body.append(header("信息内容", scope: "col") + header("本年处理决定数量", colspan: 3, scope: "col"))
        body.append(header("行政许可", scope: "row") + v(.licensing, colspan: 3))
        body.append(header("第二十条第（六）项", colspan: 4, scope: "colgroup", classes: "article"))
        body.append(header("信息内容", scope: "col") + header("本年处理决定数量", colspan: 3, scope: "col"))
        body.append(header("行政处罚", scope: "row") + v(.punishment, colspan: 3))
        body.append(header("行政强制", scope: "row") + v(.coercion, colspan: 3))
        body.append(header("第二十条第（八）项", colspan: 4, scope: "colgroup", classes: "article"))
        body.append(header("信息内容", scope: "col") + header("本年收费金额（单位：万元）", colspan: 3, scope: "col"))
        body.append(header("行政事业性收费", scope: "row") + v(.fees, colspan: 3))
        return table("t2", caption: "二、主动公开政府信息情况", head: [], body: body)
    }

    private func activeDisclosure2019(_ d: ActiveDisclosure2019) -> String {
        let p = "activeDisclosure2019."
        func v(_ item: Disclosure2019Item, colspan: Int = 1) -> String { value(d[item], path: p + item.path, colspan: colspan) }
        let changeHeaders = header("信息内容", scope: "col") + header("上一年项目数量", scope: "col") + header("本年增/减", scope: "col") + header("处理决定数量", scope: "col")
        var body: [String] = []
        body.append(header("第二十条第（一）项", colspan: 4, scope: "colgroup", classes: "article"))
        body.append(header("信息内容", scope: "col") + header("本年新制作数量", scope: "col") + header("本年新公开数量", scope: "col") + header("对外公开总数量", scope: "col"))
        body.append(header("规章", scope: "row") + v(.regulationsMade) + v(.regulationsPublished) + v(.regulationsTotalPublic))
        body.append(header("规范性文件", scope: "row") + v(.normativeMade) + v(.normativePublished) + v(.normativeTotalPublic))
        body.append(header("第二十条第（五）项", colspan: 4, scope: "colgroup", classes: "article"))
        body.append(changeHeaders)
        body.append(header("行政许可", scope: "row") + v(.licensingPreviousYear) + v(.licensingChange) + v(.licensingDecisions))
        body.append(header("其他对外管理服务事项", scope: "row") + v(.otherServicesPreviousYear) + v(.otherServicesChange) + v(.otherServicesDecisions))
        body.append(header("第二十条第（六）项", colspan: 4, scope: "colgroup", classes: "article"))
        body.append(changeHeaders)
        body.append(header("行政处罚", scope: "row") + v(.punishmentPreviousYear) + v(.punishmentChange) + v(.punishmentDecisions))
        body.append(header("行政强制", scope: "row") + v(.coercionPreviousYear) + v(.coercionChange) + v(.coercionDecisions))
        body.append(header("第二十条第（八）项", colspan: 4, scope: "colgroup", classes: "article"))
        body.append(header("信息内容", scope: "col") + header("上一年项目数量", scope: "col") + header("本年增/减", colspan: 2, scope: "col"))
        body.append(header("行政事业性收费", scope: "row") + v(.feesPreviousYear) + v(.feesChange, colspan: 2))
        body.append(header("第二十条第（九）项", colspan: 4, scope: "colgroup", classes: "article"))
        let unit = d.procurementAmountUnit.map { "（单位：\($0)）" } ?? ""
        body.append(header("信息内容", scope: "col") + header("采购项目数量", scope: "col") + header("采购总金额" + unit, colspan: 2, scope: "col"))
        body.append(header("政府集中采购", scope: "row") + v(.procurementProjects) + v(.procurementAmount, colspan: 2))
        return table("t2", caption: "二、主动公开政府信息情况（2019 年格式）", head: [], body: body)
    }

    // MARK: Table 三

    public func applications() -> String? {
        guard let a = report.applications else { return nil }
        let rows = ApplicationRow.rows(for: report.format)
        let head = [
            header("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", colspan: 3, rowspan: 3, classes: "corner")
                + header("申请人情况", colspan: 7, scope: "colgroup"),
            header("自然人", rowspan: 2, scope: "col") + header("法人或其他组织", colspan: 5, scope: "colgroup") + header("总计", rowspan: 2, scope: "col"),
            ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"].map { header($0, scope: "col") }.joined(),
        ]
        func values(_ row: ApplicationRow) -> String {
            Applicant.allCases.map { value(a[row, $0], path: "applications.\(row.path).\($0.key)") }.joined()
        }
        let resultRows = rows.filter { $0.group != nil }
        var body: [String] = []
        var groupStarted = Set<String>()
        for row in rows {
            switch row {
            case .newReceived, .carriedOver, .carriedForward:
                body.append(header(row.label, colspan: 3, scope: "row") + values(row))
            default:
                var s = ""
                if row == resultRows.first {
                    s += header(ResultGroup.results.rawValue, rowspan: resultRows.count, scope: "rowgroup", classes: "group")
                }
                if let group = row.group, group != .results {
                    if !groupStarted.contains(group.rawValue) {
                        groupStarted.insert(group.rawValue)
                        let span = rows.filter { $0.group == group }.count
                        s += header(group.rawValue, rowspan: span, scope: "rowgroup", classes: "group")
                    }
                    s += header(row.label, scope: "row")
                } else {
                    s += header(row.label, colspan: 2, scope: "row")
                }
                body.append(s + values(row))
            }
        }
        return table("t3", caption: "三、收到和处理政府信息公开申请情况", head: head, body: body)
    }

    // MARK: Table 四

    public func reviewLitigation() -> String? {
        guard let r = report.reviewLitigation else { return nil }
        let outcomes = ReviewOutcome.allCases.map(\.label)
        let head = [
            header("行政复议", colspan: 5, scope: "colgroup") + header("行政诉讼", colspan: 10, scope: "colgroup"),
            outcomes.map { header($0, rowspan: 2, scope: "col") }.joined()
                + header("未经复议直接起诉", colspan: 5, scope: "colgroup") + header("复议后起诉", colspan: 5, scope: "colgroup"),
            (outcomes + outcomes).map { header($0, scope: "col") }.joined(),
        ]
        let body = ReviewGroup.allCases.flatMap { g in
            ReviewOutcome.allCases.map { value(r[g, $0], path: "reviewLitigation.\(g.key).\($0.key)") }
        }.joined()
        return table("t4", caption: "四、政府信息公开行政复议、行政诉讼情况", head: head, body: [body])
    }
}
