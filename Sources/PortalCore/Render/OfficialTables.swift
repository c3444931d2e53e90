/// The three official tables rebuilt as in the 2021 (or 2019) format: merged header cells, the group
/// labels of table 三 spanning their rows, blank cells blank (not 0), a cell's own text shown when it is
/// more than a number, and every cell a broken rule involves marked with the rule's message.
///
/// Generated in Swift rather than per cell through templates: ~250 cells a report, millions at national
/// scale. The markup carries classes (`official`, `num`, `blank`, `raw`, `flagged`, `suspect`) for the
/// site's stylesheet. Everything but the cells is the same for every report of a format, so each table is
/// laid out once (`Layout`) and a report only fills in its anchor and cells.
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

    // MARK: Layouts

    /// A table as fixed markup with holes for the report's anchor and cells, built once per table and format.
    /// Plain arrays of plain values, so filling it in retains nothing.
    struct Layout: Sendable {
        enum HoleKind: Sendable { case anchor, cell, procurementUnit }
        /// What goes after `markup[..<end]` (and before the next hole's markup).
        struct Hole: Sendable { let end: Int; let kind: HoleKind; let cell: Int }
        struct Cell: Sendable {
            let row: Int, column: Int
            /// What follows the anchor in the cell's start tag, `ids[idStart..<idEnd]`: `-` + the path as an
            /// id, the colspan, and the start of the class list (`-applications-newReceived-total" class="num`).
            let idStart: Int, idEnd: Int
        }
        private(set) var markup: [UInt8] = []
        private(set) var holes: [Hole] = []
        private(set) var cells: [Cell] = []
        private(set) var ids: [UInt8] = []
        /// Each cell's JSON path (the key of rawCells and of the findings' cells), and back.
        private(set) var paths: [String] = []
        private(set) var cellIndex: [String: Int] = [:]
        /// Bytes to reserve for a rendered table: its markup and room for typical cells.
        var sizeHint: Int { markup.count + cells.count * 24 + ids.count + holes.count * 8 }

        /// Opens the wrapper every official table has: a scrollable region named by the caption, ids from the anchor.
        init(_ id: String, caption: String) {
            markup("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"")
            anchor()
            markup("-\(id)-caption\"><table class=\"official\" id=\"")
            anchor()
            markup("-\(id)\"><caption id=\"")
            anchor()
            markup("-\(id)-caption\">\(HTML.escape(caption))</caption><thead>")
        }

        mutating func markup(_ s: String) { markup += Array(s.utf8) }
        mutating func anchor() { holes.append(Hole(end: markup.count, kind: .anchor, cell: 0)) }
        mutating func procurementUnit() { holes.append(Hole(end: markup.count, kind: .procurementUnit, cell: 0)) }

        mutating func th(_ text: String, colspan: Int = 1, rowspan: Int = 1, scope: String? = nil, classes: String = "") {
            var s = "<th"
            if colspan > 1 { s += " colspan=\"\(colspan)\"" }
            if rowspan > 1 { s += " rowspan=\"\(rowspan)\"" }
            if let scope { s += " scope=\"\(scope)\"" }
            if !classes.isEmpty { s += " class=\"\(classes)\"" }
            markup(s + ">" + HTML.escape(text) + "</th>")
        }

        /// A value cell, filled per report from `grid[row, column]`: `<td id="` anchor, then the cell's own
        /// constant part, then its value.
        mutating func td(row: Int, column: Int = 0, path: String, colspan: Int = 1) {
            markup("<td id=\"")
            let start = ids.count
            ids += Array(("-" + HTML.anchor(path) + "\"" + (colspan > 1 ? " colspan=\"\(colspan)\"" : "") + " class=\"num").utf8)
            cellIndex[path] = cells.count
            holes.append(Hole(end: markup.count, kind: .cell, cell: cells.count))
            cells.append(Cell(row: row, column: column, idStart: start, idEnd: ids.count))
            paths.append(path)
        }

        mutating func tr() { markup("<tr>") }
        mutating func endRow() { markup("</tr>") }
        mutating func body() { markup("</thead><tbody>") }
        mutating func end() { markup("</tbody></table></div>") }
    }

    // MARK: Cells

    /// Renders a layout with this report's anchor and the cells of `grid`.
    private func render(_ layout: Layout, _ grid: NumberGrid, procurementUnit: String? = nil) -> [UInt8] {
        var out = MarkupBuffer(capacity: layout.sizeHint)
        let anchorBytes = Array(anchor.utf8)
        // The cells with text of their own or findings take the long way; the others are a number or blank.
        var special: [Bool] = []
        if !report.rawCells.isEmpty || !flags.isEmpty || !involved.isEmpty {
            special = [Bool](repeating: false, count: layout.cells.count)
            for keys in [Array(report.rawCells.keys), Array(flags.keys), Array(involved.keys)] {
                for key in keys { if let i = layout.cellIndex[key] { special[i] = true } }
            }
        }
        layout.markup.withUnsafeBufferPointer { markup in
            layout.ids.withUnsafeBufferPointer { ids in
                var start = 0
                for hole in layout.holes {
                    out.append(UnsafeBufferPointer(rebasing: markup[start..<hole.end]))
                    start = hole.end
                    switch hole.kind {
                    case .anchor:
                        out.append(anchorBytes)
                    case .procurementUnit:
                        if let unit = procurementUnit { out.append("（单位："); out.append(escaping: unit); out.append("）") }
                    case .cell:
                        let c = layout.cells[hole.cell]
                        let number = grid[c.row, c.column]
                        out.append(anchorBytes)
                        out.append(UnsafeBufferPointer(rebasing: ids[c.idStart..<c.idEnd]))
                        if !special.isEmpty && special[hole.cell] {
                            value(number, path: layout.paths[hole.cell], into: &out)
                        } else if let n = number {
                            out.append("\">")
                            out.append(number: n)
                            out.append("</td>")
                        } else {
                            out.append(" blank\" title=\"空白：报告未填写此项\"><span class=\"visually-hidden\">空白</span></td>")
                        }
                    }
                }
                out.append(UnsafeBufferPointer(rebasing: markup[start...]))
            }
        }
        return out.bytes
    }

    /// The rest of a value cell after `class="num`: its number, its own text when that is more than a
    /// number, and its findings.
    private func value(_ number: Double?, path: String, into out: inout MarkupBuffer) {
        let raw = report.rawCells[path]
        let flagged = flags[path]
        let involvedIn = flagged != nil ? nil : involved[path]
        if raw != nil { out.append(" raw") } else if number == nil { out.append(" blank") }
        if flagged != nil {
            out.append(" flagged")
            if suspects.contains(path) { out.append(" suspect") }
        }
        if involvedIn != nil { out.append(" involved") }
        out.append("\"")
        // Title: why the cell is blank, then the findings that flag it or that it takes part in.
        if (raw == nil && number == nil) || flagged != nil || involvedIn != nil {
            var first = true
            func part(_ s: String) {
                out.append(first ? " title=\"" : "；")
                out.append(escaping: s)
                first = false
            }
            if raw == nil && number == nil { part("空白：报告未填写此项") }
            for n in flagged ?? [] { part(findings[n - 1].message) }
            for n in involvedIn ?? [] { part("参与核对：" + findings[n - 1].message) }
            out.append("\"")
        }
        out.append(">")
        if let raw {
            out.append("<span class=\"as-written\">")
            out.append(text: raw)
            out.append("</span>")
            if let n = number { out.append("<span class=\"read-as\">读作 "); out.append(number: n); out.append("</span>") }
            else { out.append("<span class=\"read-as\">无数字</span>") }
        } else if let n = number {
            out.append(number: n)
        } else {
            out.append("<span class=\"visually-hidden\">空白</span>")
        }
        for n in flagged ?? [] {
            out.append("<a class=\"flag\" href=\"#")
            out.append(anchor)
            out.append("-finding-")
            out.append(int: n)
            out.append("\" aria-label=\"问题 ")
            out.append(int: n)
            out.append("：")
            out.append(escaping: findings[n - 1].message)
            out.append("\">")
            out.append(int: n)
            out.append("</a>")
        }
        out.append("</td>")
    }

    // MARK: Table 二

    public func activeDisclosure() -> String? { activeDisclosureMarkup().map { String(decoding: $0, as: UTF8.self) } }

    func activeDisclosureMarkup() -> [UInt8]? {
        if let d = report.activeDisclosure { return render(Self.activeDisclosure2021, d.grid) }
        if let d = report.activeDisclosure2019 { return render(Self.activeDisclosure2019, d.grid, procurementUnit: d.procurementAmountUnit) }
        return nil
    }

    static let activeDisclosure2021: Layout = {
        var l = Layout("t2", caption: "二、主动公开政府信息情况")
        func v(_ item: DisclosureItem, colspan: Int = 1) { l.td(row: item.rawValue, path: "activeDisclosure." + item.path, colspan: colspan) }
        l.body()
        l.tr(); l.th("第二十条第（一）项", colspan: 4, scope: "colgroup", classes: "article"); l.endRow()
        l.tr(); l.th("信息内容", scope: "col"); l.th("本年制发件数", scope: "col"); l.th("本年废止件数", scope: "col"); l.th("现行有效件数", scope: "col"); l.endRow()
        l.tr(); l.th("规章", scope: "row"); v(.regulationsIssued); v(.regulationsRepealed); v(.regulationsInForce); l.endRow()
        l.tr(); l.th("行政规范性文件", scope: "row"); v(.normativeIssued); v(.normativeRepealed); v(.normativeInForce); l.endRow()
        l.tr(); l.th("第二十条第（五）项", colspan: 4, scope: "colgroup", classes: "article"); l.endRow()
        l.tr(); l.th("信息内容", scope: "col"); l.th("本年处理决定数量", colspan: 3, scope: "col"); l.endRow()
        l.tr(); l.th("行政许可", scope: "row"); v(.licensing, colspan: 3); l.endRow()
        l.tr(); l.th("第二十条第（六）项", colspan: 4, scope: "colgroup", classes: "article"); l.endRow()
        l.tr(); l.th("信息内容", scope: "col"); l.th("本年处理决定数量", colspan: 3, scope: "col"); l.endRow()
        l.tr(); l.th("行政处罚", scope: "row"); v(.punishment, colspan: 3); l.endRow()
        l.tr(); l.th("行政强制", scope: "row"); v(.coercion, colspan: 3); l.endRow()
        l.tr(); l.th("第二十条第（八）项", colspan: 4, scope: "colgroup", classes: "article"); l.endRow()
        l.tr(); l.th("信息内容", scope: "col"); l.th("本年收费金额（单位：万元）", colspan: 3, scope: "col"); l.endRow()
        l.tr(); l.th("行政事业性收费", scope: "row"); v(.fees, colspan: 3); l.endRow()
        l.end()
        return l
    }()

    static let activeDisclosure2019: Layout = {
        var l = Layout("t2", caption: "二、主动公开政府信息情况（2019 年格式）")
        func v(_ item: Disclosure2019Item, colspan: Int = 1) { l.td(row: item.rawValue, path: "activeDisclosure2019." + item.path, colspan: colspan) }
        func changeHeaders() {
            l.tr(); l.th("信息内容", scope: "col"); l.th("上一年项目数量", scope: "col"); l.th("本年增/减", scope: "col"); l.th("处理决定数量", scope: "col"); l.endRow()
        }
        l.body()
        l.tr(); l.th("第二十条第（一）项", colspan: 4, scope: "colgroup", classes: "article"); l.endRow()
        l.tr(); l.th("信息内容", scope: "col"); l.th("本年新制作数量", scope: "col"); l.th("本年新公开数量", scope: "col"); l.th("对外公开总数量", scope: "col"); l.endRow()
        l.tr(); l.th("规章", scope: "row"); v(.regulationsMade); v(.regulationsPublished); v(.regulationsTotalPublic); l.endRow()
        l.tr(); l.th("规范性文件", scope: "row"); v(.normativeMade); v(.normativePublished); v(.normativeTotalPublic); l.endRow()
        l.tr(); l.th("第二十条第（五）项", colspan: 4, scope: "colgroup", classes: "article"); l.endRow()
        changeHeaders()
        l.tr(); l.th("行政许可", scope: "row"); v(.licensingPreviousYear); v(.licensingChange); v(.licensingDecisions); l.endRow()
        l.tr(); l.th("其他对外管理服务事项", scope: "row"); v(.otherServicesPreviousYear); v(.otherServicesChange); v(.otherServicesDecisions); l.endRow()
        l.tr(); l.th("第二十条第（六）项", colspan: 4, scope: "colgroup", classes: "article"); l.endRow()
        changeHeaders()
        l.tr(); l.th("行政处罚", scope: "row"); v(.punishmentPreviousYear); v(.punishmentChange); v(.punishmentDecisions); l.endRow()
        l.tr(); l.th("行政强制", scope: "row"); v(.coercionPreviousYear); v(.coercionChange); v(.coercionDecisions); l.endRow()
        l.tr(); l.th("第二十条第（八）项", colspan: 4, scope: "colgroup", classes: "article"); l.endRow()
        l.tr(); l.th("信息内容", scope: "col"); l.th("上一年项目数量", scope: "col"); l.th("本年增/减", colspan: 2, scope: "col"); l.endRow()
        l.tr(); l.th("行政事业性收费", scope: "row"); v(.feesPreviousYear); v(.feesChange, colspan: 2); l.endRow()
        l.tr(); l.th("第二十条第（九）项", colspan: 4, scope: "colgroup", classes: "article"); l.endRow()
        l.tr(); l.th("信息内容", scope: "col"); l.th("采购项目数量", scope: "col")
        l.markup("<th colspan=\"2\" scope=\"col\">采购总金额"); l.procurementUnit(); l.markup("</th>"); l.endRow()
        l.tr(); l.th("政府集中采购", scope: "row"); v(.procurementProjects); v(.procurementAmount, colspan: 2); l.endRow()
        l.end()
        return l
    }()

    // MARK: Table 三

    public func applications() -> String? { applicationsMarkup().map { String(decoding: $0, as: UTF8.self) } }

    func applicationsMarkup() -> [UInt8]? {
        guard let a = report.applications else { return nil }
        return render(report.format == .v2019 ? Self.applications2019 : Self.applications2021, a.grid)
    }

    static let applications2021 = applicationsLayout(.v2021)
    static let applications2019 = applicationsLayout(.v2019)

    static func applicationsLayout(_ format: ReportFormat) -> Layout {
        let rows = ApplicationRow.rows(for: format)
        var l = Layout("t3", caption: "三、收到和处理政府信息公开申请情况")
        l.tr()
        l.th("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", colspan: 3, rowspan: 3, classes: "corner")
        l.th("申请人情况", colspan: 7, scope: "colgroup")
        l.endRow()
        l.tr()
        l.th("自然人", rowspan: 2, scope: "col"); l.th("法人或其他组织", colspan: 5, scope: "colgroup"); l.th("总计", rowspan: 2, scope: "col")
        l.endRow()
        l.tr()
        for name in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"] { l.th(name, scope: "col") }
        l.endRow()
        l.body()
        func values(_ row: ApplicationRow) {
            for applicant in Applicant.allCases {
                l.td(row: row.rawValue, column: applicant.rawValue, path: "applications.\(row.path).\(applicant.key)")
            }
        }
        let resultRows = rows.filter { $0.group != nil }
        var groupStarted = Set<String>()
        for row in rows {
            l.tr()
            switch row {
            case .newReceived, .carriedOver, .carriedForward:
                l.th(row.label, colspan: 3, scope: "row")
            default:
                if row == resultRows.first {
                    l.th(ResultGroup.results.rawValue, rowspan: resultRows.count, scope: "rowgroup", classes: "group")
                }
                if let group = row.group, group != .results {
                    if !groupStarted.contains(group.rawValue) {
                        groupStarted.insert(group.rawValue)
                        let span = rows.filter { $0.group == group }.count
                        l.th(group.rawValue, rowspan: span, scope: "rowgroup", classes: "group")
                    }
                    l.th(row.label, scope: "row")
                } else {
                    l.th(row.label, colspan: 2, scope: "row")
                }
            }
            values(row)
            l.endRow()
        }
        l.end()
        return l
    }

    // MARK: Table 四

    public func reviewLitigation() -> String? { reviewLitigationMarkup().map { String(decoding: $0, as: UTF8.self) } }

    func reviewLitigationMarkup() -> [UInt8]? {
        guard let r = report.reviewLitigation else { return nil }
        return render(Self.reviewLitigationLayout, r.grid)
    }

    static let reviewLitigationLayout: Layout = {
        let outcomes = ReviewOutcome.allCases.map(\.label)
        var l = Layout("t4", caption: "四、政府信息公开行政复议、行政诉讼情况")
        l.tr(); l.th("行政复议", colspan: 5, scope: "colgroup"); l.th("行政诉讼", colspan: 10, scope: "colgroup"); l.endRow()
        l.tr()
        for o in outcomes { l.th(o, rowspan: 2, scope: "col") }
        l.th("未经复议直接起诉", colspan: 5, scope: "colgroup"); l.th("复议后起诉", colspan: 5, scope: "colgroup")
        l.endRow()
        l.tr()
        for o in outcomes + outcomes { l.th(o, scope: "col") }
        l.endRow()
        l.body()
        l.tr()
        for g in ReviewGroup.allCases {
            for o in ReviewOutcome.allCases { l.td(row: g.rawValue, column: o.rawValue, path: "reviewLitigation.\(g.key).\(o.key)") }
        }
        l.endRow()
        l.end()
        return l
    }()
}
