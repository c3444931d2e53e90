import Foundation

/// Where each page and file of the site lives. Links between pages are relative (`root` climbs back to
/// the site root), so the site works under any base path; `baseURL` is used only where a URL must be
/// absolute (sitemap, feed, canonical links, the 404 page served at any depth).
public enum SitePaths {
    public static func agency(_ slug: String) -> String { "agencies/\(slug)/" }
    public static func compareYear(_ year: Int) -> String { "compare/\(year)/" }

    /// The copy of a report's original file: a safe name derived from the source path (its own name is
    /// shown as the link text), so no file name can escape `sources/`.
    /// Only passive formats keep their extension. A web page (or SVG, XML…) served from the portal's own
    /// origin would run its scripts there, so it is copied as text: `2023-ab12cd.html.txt`.
    public static func source(_ report: Report) -> String {
        let ext = (report.source as NSString).pathExtension.lowercased()
        let plain = ext.count <= 5 && !ext.isEmpty && ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        let safeExt = !plain ? "txt" : passiveExtensions.contains(ext) ? ext : ext + ".txt"
        let slug = report.agency?.slug ?? "unknown"
        return "sources/\(slug)/\(report.year.map(String.init) ?? "undated")-\(Slug.shortHash(report.source)).\(safeExt)"
    }

    /// Extensions static servers serve as text, a download or a sandboxed viewer, never as a page.
    static let passiveExtensions: Set<String> = ["txt", "md", "pdf", "docx", "doc", "csv", "json"]

    /// Anchors of the reports on an agency page: `y2023`, and `y2023-2` for a second report of a year.
    public static func reportAnchors(_ agency: Agency) -> [String] {
        var seen: [String: Int] = [:]
        return agency.reports.withUnsafeBufferPointer { reports in
            reports.indices.map { i in
                let base = reports[i].year.map { "y\($0)" } ?? "y-undated"
                seen[base, default: 0] += 1
                return seen[base]! == 1 ? base : "\(base)-\(seen[base]!)"
            }
        }
    }
}

public struct SiteRenderer {
    public let content: Pipeline.Content
    public let templates: Templates
    /// Ends with `/`: `/`, `/reports/`, or `https://example.gov.cn/reports/`.
    public let baseURL: String
    /// Every year a report covers, newest first.
    let years: [Int]
    /// `SitePaths.reportAnchors` of each agency, in `content.agencies` order.
    let anchors: [[String]]
    /// Each year's reports as (agency, report) indices into `content.agencies`, in agency order: the
    /// comparison pages visit only their year's reports instead of every report once per year.
    let reportsByYear: [Int: [(agency: Int, report: Int)]]
    /// Indices into `content.reports` by year. Loops below go through indices: iterating or filtering an
    /// array of Reports copies each one (a retain per field).
    let contentReportsByYear: [Int?: [Int]]

    public init(content: Pipeline.Content, templates: Templates, baseURL: String) {
        self.content = content
        self.templates = templates
        var b = baseURL.isEmpty ? "/" : baseURL
        if !b.hasSuffix("/") { b += "/" }
        self.baseURL = b
        years = Array(Set(content.reports.compactMap(\.year))).sorted(by: >)
        anchors = content.agencies.map(SitePaths.reportAnchors)
        var byYear: [Int: [(agency: Int, report: Int)]] = [:]
        for (a, agency) in content.agencies.enumerated() {
            agency.reports.withUnsafeBufferPointer { reports in
                for i in reports.indices { if let y = reports[i].year { byYear[y, default: []].append((a, i)) } }
            }
        }
        reportsByYear = byYear
        contentReportsByYear = content.reports.withUnsafeBufferPointer { reports in Dictionary(grouping: reports.indices, by: { reports[$0].year }) }
    }

    /// The sum of figure `f` over some of `content.reports`, and how many of them state it.
    func total(_ f: KeyFigure, of indices: [Int]) -> (sum: Double, count: Int) {
        var sum = 0.0, count = 0
        content.reports.withUnsafeBufferPointer { reports in
            for i in indices { if let v = f.value(in: reports[i]) { sum += v; count += 1 } }
        }
        return (sum, count)
    }

    func page(_ path: String, root: String, title: String, extra: TemplateObject) -> TemplateValue {
        var c = extra
        c["root"] = .string(root)
        c["pageTitle"] = .string(title)
        c["canonical"] = .string(baseURL + path)
        c["baseURL"] = .string(baseURL)
        return .object(c)
    }

    /// Renders the site; the agencies in `reused` were put in place from the previous build.
    public func render(to sink: OutputSink, reused: Set<String> = []) throws {
        try renderAgencyPages(to: sink, reused: reused)
        try renderSharedPages(to: sink)
        try renderSearchIndex(to: sink)
    }

    /// The search index: one job of its own (the build runs it beside the pages; it is mostly serial).
    public func renderSearchIndex(to sink: OutputSink) throws {
        _ = try searchIndex(searchDocuments()) { try sink.write($0.path, $0.bytes) }
    }

    /// The agency pages (and their charts), in parallel: each is independent; cmark calls serialize on their own lock.
    public func renderAgencyPages(to sink: OutputSink, reused: Set<String> = []) throws {
        let agencies = content.agencies.filter { !reused.contains($0.slug) }
        _ = try Parallel.mapThrowing(agencies.count) { i in
            try sink.write(SitePaths.agency(agencies[i].slug) + "index.html", try agencyPage(agencies[i], chartSink: sink))
        }
    }

    /// The pages about the whole site: home, comparisons, quality, search page, 404, sitemap, feed, assets.
    public func renderSharedPages(to sink: OutputSink) throws {
        for asset in templates.assets { try sink.write(asset.path, asset.bytes) }
        try sink.write("index.html", try home())
        try sink.write("compare/index.html", try compareIndex(sink: sink))
        for year in years { try sink.write(SitePaths.compareYear(year) + "index.html", try compareYear(year, sink: sink)) }
        try sink.write("search/index.html", try templates.renderPage("search", page("search/", root: "../", title: "搜索", extra: [:])))
        try sink.write("quality/index.html", try quality())
        try sink.write("404.html", try templates.renderPage("404", page("404.html", root: baseURL, title: "页面不存在", extra: [:])))
        try sink.write("sitemap.xml", sitemap())
        try sink.write("feed.xml", feed())
    }

    // MARK: Search

    /// One document per agency page and one per report; a report's text is its prose, a section a line,
    /// made when the index reads it (all the prose at once would double the memory at national scale).
    /// Each file is handed to `emit` as it is made.
    func searchIndex(_ documents: SearchDocuments, emit: (SearchIndex.File) throws -> Void) rethrows -> SearchIndex.Layout {
        let (docs, reportOf) = documents
        return try SearchIndex.build(docs, text: { i in searchText(docs, reportOf, i) }, emit: emit)
    }

    /// The index of the live site brought up to date (`SearchIndex.update`): a report's text changed only
    /// where its agency is in `changed` and its source in `previous` (its report as the live site has it).
    func searchIndex(_ documents: SearchDocuments, updating layout: SearchIndex.Layout, changed: Set<String>,
                     previous: [String: Report], read: (String) -> [UInt8]?) -> (files: [SearchIndex.File], layout: SearchIndex.Layout)? {
        let (docs, reportOf) = documents
        var changes: [SearchIndex.Change] = []
        for (i, of) in reportOf.enumerated() {
            guard let (a, r) = of, changed.contains(content.agencies[a].slug),
                  let old = previous[content.agencies[a].reports[r].source] else { continue }
            let oldText = Self.searchText(old), newText = searchText(docs, reportOf, i)
            if oldText != newText { changes.append(SearchIndex.Change(document: i, oldText: oldText, newText: newText)) }
        }
        return SearchIndex.update(docs, changes: changes, layout: layout, text: { searchText(docs, reportOf, $0) }, read: read)
    }

    /// The documents without the reports' texts, and for each which report it is (nil: an agency page).
    typealias SearchDocuments = (docs: [SearchIndex.Document], reportOf: [(agency: Int, report: Int)?])

    func searchDocuments() -> SearchDocuments {
        var docs: [SearchIndex.Document] = []
        var reportOf: [(agency: Int, report: Int)?] = []
        for (a, agency) in content.agencies.enumerated() {
            let years = agency.reports.compactMap(\.year).map { "\($0)" }
            docs.append(SearchIndex.Document(id: agency.slug, url: SitePaths.agency(agency.slug), title: agency.name,
                kind: .agency, year: nil, agency: agency.name,
                text: ([agency.region ?? ""] + agency.aliases + years).joined(separator: "\n")))
            reportOf.append(nil)
            agency.reports.withUnsafeBufferPointer { reports in
                for i in reports.indices {
                    docs.append(searchDocument(reports[i], of: agency, anchor: anchors[a][i]))
                    reportOf.append((a, i))
                }
            }
        }
        return (docs, reportOf)
    }

    func searchText(_ docs: [SearchIndex.Document], _ reportOf: [(agency: Int, report: Int)?], _ i: Int) -> String {
        guard let (a, r) = reportOf[i] else { return docs[i].text }
        return Self.searchText(content.agencies[a].reports[r])
    }

    /// A report's search document, without its text (`searchText`).
    func searchDocument(_ r: Report, of agency: Agency, anchor: String) -> SearchIndex.Document {
        SearchIndex.Document(id: "\(agency.slug)#\(anchor)", url: SitePaths.agency(agency.slug) + "#" + anchor,
            title: r.title ?? "\(agency.name) \(r.year.map(String.init) ?? "") 年度报告", kind: .report,
            year: r.year, agency: agency.name, text: "")
    }

    /// A report's searchable text: its prose, one line per section.
    static func searchText(_ r: Report) -> String {
        ([r.preamble] + SectionKey.allCases.map { r.sections[$0] }).compactMap { $0?.markdown }
            .map(plainText).filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// Markdown to searchable text: escapes dropped, line breaks folded, one line per section.
    static func plainText(_ markdown: String) -> String {
        var markdown = markdown
        let bytes: [UInt8]? = markdown.withUTF8 { b in
            // A space is folded unless the text already ends in the Character " ". That is its last byte
            // being a space, unless a Prepend scalar (U+0600…, U+0890…, U+110BD…) joined it into one
            // Character: text with any scalar of those blocks takes the Character-exact path.
            for x in b where (x >= 0xD8 && x <= 0xE0) || x >= 0xF0 { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(b.count)
            var escaped = false
            var i = 0
            let n = b.count
            @inline(__always) func special(_ x: UInt8) -> Bool {
                x < 0x80 && (x == 0x5C || x == 0x0A || x == 0x0D || x == 0x20 || x == 0x09 || x == 0x23 || x == 0x2A
                    || x == 0x60 || x == 0x3C || x == 0x3E)
            }
            while i < n {
                let x = b[i]
                // A scalar's continuation bytes are never ASCII: they are copied, escaped or not.
                if escaped { out.append(x); escaped = false; i += 1; continue }
                if !special(x) {
                    var j = i + 1
                    while j < n && !special(b[j]) { j += 1 }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<j]))
                    i = j
                    continue
                }
                switch x {
                case 0x5C: escaped = true
                case 0x0A, 0x0D, 0x20, 0x09: if out.last != 0x20 { out.append(0x20) }
                default: break  // # * ` < >
                }
                i += 1
            }
            return out
        }
        guard let bytes else { return plainTextByScalars(markdown) }
        return TextNormalization.trimmed(String(decoding: bytes, as: UTF8.self))
    }

    /// `plainText` scalar by scalar, for text where a space can be part of a larger Character.
    static func plainTextByScalars(_ markdown: String) -> String {
        var out = ""
        out.reserveCapacity(markdown.utf8.count)
        var escaped = false
        for u in markdown.unicodeScalars {
            if escaped { out.unicodeScalars.append(u); escaped = false; continue }
            switch u {
            case "\\": escaped = true
            case "\n", "\r", " ", "\t": if out.last != " " { out.append(" ") }
            case "#", "*", "`", "<", ">": continue
            default: out.unicodeScalars.append(u)
            }
        }
        return TextNormalization.trimmed(out)
    }

    // MARK: Home

    func home() throws -> [UInt8] {
        let latest = years.first
        let latestReports = latest.map { contentReportsByYear[$0] ?? [] } ?? []
        let glance: [TemplateValue] = KeyFigure.allCases.map { f in
            let (sum, n) = total(f, of: latestReports)
            return ["label": .string(f.label), "value": .string(n == 0 ? "—" : formatNumber(sum)),
                    "n": .int(n), "of": .int(latestReports.count)]
        }
        let agencies: [TemplateValue] = content.agencies.map { a in
            ["name": .string(HTML.neutralizingBidi(a.name)), "href": .string(SitePaths.agency(a.slug)),
             "years": .string(a.reports.compactMap(\.year).map(String.init).joined(separator: "、"))]
        }
        let withBreaks = content.reports.withUnsafeBufferPointer { reports in
            reports.indices.filter { reports[$0].checks.contains { $0.severity == .error } }.count
        }
        // `false`, never "" or nil, for what is absent: swift-mustache renders a section for "" and prints nil as "nil".
        return try templates.renderPage("index", page("", root: "", title: "政府信息公开工作年度报告", extra: [
            "agencyCount": .int(content.agencies.count), "reportCount": .int(content.reports.count),
            "yearCount": .int(years.count), "yearRange": years.isEmpty ? false : .string("\(years.last!)–\(years.first!)"),
            "withBreaks": .int(withBreaks), "skippedCount": .int(content.skipped.count), "hasSkipped": .bool(!content.skipped.isEmpty),
            "latestYear": .string(latest.map(String.init) ?? ""), "glance": .list(glance), "hasGlance": .bool(latest != nil),
            "agencies": .list(agencies),
            "years": .list(years.map { ["year": .int($0), "href": .string(SitePaths.compareYear($0))] }),
        ]))
    }

    // MARK: Agency

    func agencyPage(_ agency: Agency, chartSink: OutputSink) throws -> [UInt8] {
        let anchors = SitePaths.reportAnchors(agency)
        // The reports are read in place (an array subscript or loop copies a Report: a retain per field).
        let (reports, yoy): ([TemplateValue], String) = agency.reports.withUnsafeBufferPointer { rs in
            let dated = rs.indices.filter { rs[$0].year != nil }
            var yoySource: String?
            if !dated.isEmpty {
                let header = ["指标"] + dated.map { "[\(rs[$0].year!)年](#\(anchors[$0]))" }
                let rows = KeyFigure.allCases.map { f in [f.label] + dated.map { f.value(in: rs[$0]).map(formatNumber) ?? "—" } }
                yoySource = Markdown.table(header: header, alignRight: [false] + dated.map { _ in true }, rows: rows)
            }
            // All of the page's Markdown in one turn of cmark's lock: one lock round trip per page, not per section.
            var sources = rs.indices.flatMap { Self.markdownSources(rs[$0]) }
            if let yoySource { sources.append(yoySource) }
            var html = Markdown.html(sources)[...]
            let reports = rs.indices.map { reportContext(rs[$0], anchor: anchors[$0], html: &html) }
            return (reports, yoySource == nil ? "" : html.removeFirst())
        }
        let charts = try agencyCharts(agency, sink: chartSink)
        return try templates.renderPage("agency", page(SitePaths.agency(agency.slug), root: "../../", title: agency.name, extra: [
            "charts": .list(charts),
            "name": .string(HTML.neutralizingBidi(agency.name)), "region": agency.region.map { .string($0) } ?? false,
            "aliases": .string(agency.aliases.joined(separator: "、")), "hasAliases": .bool(!agency.aliases.isEmpty),
            "years": .list(agency.reports.withUnsafeBufferPointer { rs in
                rs.indices.map { ["label": .string(rs[$0].year.map { "\($0)年" } ?? "年度不明"), "anchor": .string(anchors[$0])] }
            }),
            "yearOverYear": yoy.isEmpty ? false : .string(yoy), "reports": .list(reports), "dataHref": "data.json",
        ]))
    }

    // MARK: Charts

    /// The downloadable copy of an inline chart: SVG files are SVG 1.1, which has no ARIA attributes; a
    /// standalone SVG names itself by its <title> and <desc>.
    static func standaloneSVG(_ svg: String) -> String {
        String(decoding: standaloneSVG(Array(svg.utf8)), as: UTF8.self)
    }

    static func standaloneSVG(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        b.withUnsafeBufferPointer { b in
            let n = b.count
            /// ` aria-` or ` role=` at i.
            func attribute(at i: Int) -> Bool {
                guard i + 6 <= n else { return false }
                let c = b[i + 1]
                if c == 0x61 { return b[i + 2] == 0x72 && b[i + 3] == 0x69 && b[i + 4] == 0x61 && b[i + 5] == 0x2D }
                if c == 0x72 { return b[i + 2] == 0x6F && b[i + 3] == 0x6C && b[i + 4] == 0x65 && b[i + 5] == 0x3D }
                return false
            }
            func quote(from i: Int) -> Int? {
                var j = i
                while j < n { if b[j] == 0x22 { return j }; j += 1 }
                return nil
            }
            var start = 0, i = 0
            while i < n {
                if b[i] == 0x20, attribute(at: i), let open = quote(from: i), let close = quote(from: open + 1) {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i]))
                    i = close + 1  // skip ` name="value"`
                    start = i
                    continue
                }
                i += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<b.count]))
        }
        return out
    }

    func totalsChart(sink: OutputSink) throws -> [TemplateValue] {
        guard !years.isEmpty else { return [] }
        let ordered = years.sorted()
        let figures: [KeyFigure] = [.newReceived, .granted, .review, .litigation]
        let series = figures.map { f in
            (name: f.label, values: ordered.map { y -> Double? in
                let (sum, n) = total(f, of: contentReportsByYear[y] ?? [])
                return n == 0 ? nil : sum
            })
        }
        let groups = ordered.map { "\($0)年" }
        let t = "各年度合计：新收申请、予以公开、行政复议、行政诉讼"
        return [try chart(Charts.groupedBarChartMarkup(id: "totals", title: t, description: "各年度所有报告的合计（未填报的不计入）", unit: "件", groups: groups, series: series),
                          table: Charts.groupedBarTableMarkup(title: t, unit: "件", groups: groups, series: series),
                          caption: t, file: "totals.svg", folder: "compare/", sink: sink)]
    }

    /// A chart inline on its page, as a downloadable file beside the page, with its numbers in a table.
    func chart(_ svg: MarkupBuffer, table: MarkupBuffer, caption: String, file: String, folder: String, sink: OutputSink) throws -> TemplateValue {
        try sink.write(folder + file, Self.standaloneSVG(svg.bytes))
        return ["svg": .utf8(svg.bytes), "table": .utf8(table.bytes), "caption": .string(caption), "file": .string(file)]
    }

    func agencyCharts(_ agency: Agency, sink: OutputSink) throws -> [TemplateValue] {
        // The reports' figures, read in place (see agencyPage).
        let (years, series, bars): ([String], [(name: String, values: [Double?])], [(label: String, values: [Double?])]) =
            agency.reports.withUnsafeBufferPointer { rs in
                let dated = rs.indices.filter { rs[$0].year != nil }
                let figures: [KeyFigure] = [.newReceived, .granted, .resultsTotal, .review, .litigation]
                let bars = dated.filter { rs[$0].applications != nil }.map { i in
                    (label: "\(rs[i].year!)年", values: Charts.handlingValues(rs[i].applications!, format: rs[i].format))
                }
                return (dated.map { "\(rs[$0].year!)年" }, figures.map { f in (name: f.label, values: dated.map { f.value(in: rs[$0]) }) }, bars)
            }
        guard !years.isEmpty else { return [] }
        let folder = SitePaths.agency(agency.slug)
        let title = "\(agency.name)：依申请公开与复议诉讼（按年度）"
        var charts = [try chart(
            Charts.groupedBarChartMarkup(id: "\(agency.slug)-yearly", title: title, description: "各年度新收申请、予以公开、办理结果总计、行政复议和行政诉讼件数",
                                   unit: "件", groups: years, series: series),
            table: Charts.groupedBarTableMarkup(title: title, unit: "件", groups: years, series: series),
            caption: title, file: "yearly.svg", folder: folder, sink: sink)]
        if !bars.isEmpty {
            let t = "\(agency.name)：申请办理结果构成（按年度）"
            charts.append(try chart(
                Charts.stackedBarChartMarkup(id: "\(agency.slug)-handling", title: t, description: "各年度申请的办理结果：予以公开、部分公开、不予公开、无法提供、不予处理、其他处理", unit: "件", bars: bars),
                table: Charts.stackedBarTableMarkup(title: t, unit: "件", bars: bars),
                caption: t, file: "handling.svg", folder: folder, sink: sink))
        }
        return charts
    }

    /// At most this many agencies in a chart across agencies (the table beside it lists all).
    static let chartLimit = 30

    func yearCharts(_ year: Int, sink: OutputSink) throws -> [TemplateValue] {
        let folder = SitePaths.compareYear(year)
        let reports = reportsByYear[year] ?? []
        // The report is lent to `body`, not returned: returning a Report copies it.
        func report<T>(_ i: Int, _ body: (Report) -> T) -> T {
            content.agencies[reports[i].agency].reports.withUnsafeBufferPointer { body($0[reports[i].report]) }
        }
        func name(_ i: Int) -> String { content.agencies[reports[i].agency].name }
        let ranked = reports.indices.map { (label: name($0), value: report($0) { KeyFigure.newReceived.value(in: $0) }) }
            .sorted { ($0.value ?? -1, $1.label) > ($1.value ?? -1, $0.label) }
        let top = Array(ranked.prefix(Self.chartLimit))
        let limited = ranked.count > top.count ? "（前 \(top.count) 个机构，共 \(ranked.count) 个，全部见上表）" : ""
        let t1 = "\(year) 年度各机构新收政府信息公开申请数量" + limited
        var charts = [try chart(
            Charts.barChartMarkup(id: "y\(year)-new", title: t1, description: "按新收申请数量排序", unit: "件", bars: top),
            table: Charts.barTableMarkup(title: t1, unit: "件", labelHeader: "机构", valueHeader: "新收申请", bars: top),
            caption: t1, file: "new-received.svg", folder: folder, sink: sink)]
        // Sorted by small keys, not by (name, Report) pairs: moving a Report retains each of its fields.
        let handled = reports.indices.filter { report($0) { $0.applications != nil } }
            .map { (total: report($0) { KeyFigure.resultsTotal.value(in: $0) } ?? -1, label: name($0), index: $0) }
            .sorted { ($0.total, $1.label) > ($1.total, $0.label) }
            .prefix(Self.chartLimit)
        if !handled.isEmpty {
            let bars = handled.map { h in (label: h.label, values: report(h.index) { Charts.handlingValues($0.applications!, format: $0.format) }) }
            let t2 = "\(year) 年度各机构申请办理结果构成" + (reports.count > handled.count ? "（办理量前 \(handled.count) 个机构）" : "")
            charts.append(try chart(
                Charts.stackedBarChartMarkup(id: "y\(year)-handling", title: t2, description: "各机构申请的办理结果构成", unit: "件", bars: bars),
                table: Charts.stackedBarTableMarkup(title: t2, unit: "件", labelHeader: "机构", bars: bars),
                caption: t2, file: "handling.svg", folder: folder, sink: sink))
        }
        return charts
    }

    /// A report's Markdown in the order `reportContext` takes its HTML: the preamble, then each section.
    static func markdownSources(_ r: Report) -> [String] {
        var sources: [String] = []
        if let p = r.preamble, !p.markdown.isEmpty { sources.append(p.markdown) }
        for key in SectionKey.allCases { if let s = r.sections[key] { sources.append(s.markdown) } }
        return sources
    }

    /// - html: the rendered `markdownSources(r)`, taken from the front.
    func reportContext(_ r: Report, anchor: String, html: inout ArraySlice<String>) -> TemplateValue {
        let tables = OfficialTables(report: r, anchor: anchor)
        let findings: [TemplateValue] = r.checks.enumerated().map { i, c in
            var f: TemplateObject = ["n": .int(i + 1), "id": .string("\(anchor)-finding-\(i + 1)"), "message": .string(HTML.neutralizingBidi(c.message)),
                                     "severity": .string(c.severity.rawValue), "severityLabel": .string(severityLabel(c.severity)), "rule": .string(c.rule)]
            if let cell = c.suspect ?? c.cells.last { f["cellHref"] = .string("#" + tables.cellID(cell)) }
            if let l = c.line { f["line"] = .int(l) }
            return .object(f)
        }
        let diagnostics: [TemplateValue] = r.diagnostics.map { d in
            var x: TemplateObject = ["severity": .string(d.severity.rawValue), "severityLabel": .string(severityLabel(d.severity)),
                                     "message": .string(HTML.neutralizingBidi(d.message))]
            if let l = d.location.line { x["line"] = .int(l) }
            return .object(x)
        }
        var sections: [TemplateValue] = []
        if let p = r.preamble, !p.markdown.isEmpty { sections.append(["heading": false, "html": .string(html.removeFirst()), "id": .string("\(anchor)-preamble")]) }
        for key in SectionKey.allCases {
            let table: [UInt8]? = switch key {
            case .activeDisclosure: tables.activeDisclosureMarkup()
            case .applications: tables.applicationsMarkup()
            case .reviewLitigation: tables.reviewLitigationMarkup()
            default: nil
            }
            let prose = r.sections[key] != nil ? html.removeFirst() : ""
            guard table != nil || r.sections[key] != nil else { continue }
            var s: TemplateObject = ["heading": .string(key.heading), "html": .string(prose), "id": .string("\(anchor)-\(key.rawValue)")]
            if let table { s["table"] = .utf8(table) }
            sections.append(.object(s))
        }
        var c: TemplateObject = [
            "derived": .list(Self.derivedRows(DerivedFigures(r))),
            "anchor": .string(anchor), "yearLabel": .string(r.year.map { "\($0) 年度" } ?? "年度不明"),
            "title": .string(HTML.neutralizingBidi(r.title ?? r.source)), "sourceName": .string(r.source),
            "sourceHref": .string("../../" + SitePaths.source(r)), "format": .string(r.format.rawValue), "form": .string(r.form.rawValue),
            "findings": .list(findings), "findingCount": .int(findings.count), "hasFindings": .bool(!findings.isEmpty),
            "diagnostics": .list(diagnostics), "hasDiagnostics": .bool(!diagnostics.isEmpty), "diagnosticCount": .int(diagnostics.count),
            "sections": .list(sections),
            "is2019": .bool(r.format == .v2019),
        ]
        if let d = r.publishedOn { c["publishedOn"] = .string(d) }
        if let p = r.proactiveItems { c["proactiveItems"] = .string(formatNumber(p.value)) }
        return .object(c)
    }

    /// A rate as people read it: `52.1%（n = 81）`, or `n = 12，样本过小不作评价` below the minimum count.
    static func rateText(_ rate: DerivedFigures.Rate?) -> String {
        guard let rate else { return "—" }
        let n = formatNumber(rate.n)
        guard rate.rated else { return "n = \(n)，样本过小不作评价" }
        return String(format: "%.1f%%", rate.value * 100) + "（n = \(n)）"
    }

    static func derivedRows(_ d: DerivedFigures) -> [TemplateValue] {
        [("予以公开率", "予以公开 ÷ 办理结果总计", d.grantedRate),
         ("实质公开率", "（予以公开 + 部分公开）÷ 办理结果总计", d.disclosedRate),
         ("复议纠错率", "复议结果纠正 ÷（复议总计 − 尚未审结）", d.reviewCorrectionRate)]
            .map { ["label": .string($0.0), "formula": .string($0.1), "text": .string(rateText($0.2))] }
    }

    func severityLabel(_ s: Severity) -> String {
        switch s { case .error: return "错误"; case .warning: return "警告"; case .notice: return "提示" }
    }

    // MARK: Comparisons (GFM tables rendered through cmark-gfm)

    func compareIndex(sink: OutputSink) throws -> [UInt8] {
        let header = ["年度", "报告数"] + KeyFigure.allCases.map(\.label)
        let rows: [[String]] = years.map { y in
            let rs = contentReportsByYear[y] ?? []
            return ["[\(y)](\(y)/)", String(rs.count)] + KeyFigure.allCases.map { f in
                let (sum, n) = total(f, of: rs)
                return n == 0 ? "—" : formatNumber(sum) + (n < rs.count ? "（\(n) 份）" : "")
            }
        }
        let table = Markdown.html(Markdown.table(header: header, alignRight: [false] + header.dropFirst().map { _ in true }, rows: rows))
        return try templates.renderPage("compare", page("compare/", root: "../", title: "比较", extra: [
            "table": .string(table), "years": .list(years.map { ["year": .int($0), "href": .string("\($0)/")] }),
            "charts": .list(try totalsChart(sink: sink)),
            "figures": .list(KeyFigure.allCases.map { ["label": .string($0.label)] }),
        ]))
    }

    func compareYear(_ year: Int, sink: OutputSink) throws -> [UInt8] {
        var rows: [[String]] = []
        for (a, i) in reportsByYear[year] ?? [] {
            let agency = content.agencies[a]
            rows.append(agency.reports.withUnsafeBufferPointer { compareRow($0[i], of: agency, anchor: anchors[a][i]) })
        }
        let header = ["机构", "格式"] + KeyFigure.allCases.map(\.label) + ["予以公开率", "复议纠错率", "规则问题"]
        let table = Markdown.html(Markdown.table(header: header, alignRight: [false, false] + header.dropFirst(2).map { _ in true }, rows: rows))
        return try templates.renderPage("compare-year", page(SitePaths.compareYear(year), root: "../../", title: "\(year) 年度比较", extra: [
            "year": .int(year), "table": .string(table), "reportCount": .int(rows.count), "charts": .list(try yearCharts(year, sink: sink)),
            "mixedFormats": .bool(content.reports.withUnsafeBufferPointer { rs in Set((contentReportsByYear[year] ?? []).map { rs[$0].format }) }.count > 1),
        ]))
    }

    /// A report's row in its year's comparison table.
    func compareRow(_ r: Report, of agency: Agency, anchor: String) -> [String] {
        let name = MarkdownEscaping.escape(HTML.neutralizingBidi(agency.name))
        let problems = r.checks.filter { $0.severity == .error }.count
        let derived = DerivedFigures(r)
        return ["[\(name)](../../\(SitePaths.agency(agency.slug))#\(anchor))", r.format.rawValue]
            + KeyFigure.allCases.map { f in f.value(in: r).map(formatNumber) ?? "—" }
            + [Self.rateText(derived.grantedRate), Self.rateText(derived.reviewCorrectionRate), String(problems)]
    }

    // MARK: Quality

    func quality() throws -> [UInt8] {
        var findings: [TemplateValue] = []
        var ruleCounts: [String: Int] = [:]
        var reportsWithFindings = 0
        for (a, agency) in content.agencies.enumerated() {
            let withFindings = agency.reports.withUnsafeBufferPointer { rs in rs.indices.filter { !rs[$0].checks.isEmpty } }
            for i in withFindings {
                let r = agency.reports[i], anchor = anchors[a][i]
                reportsWithFindings += 1
                let tables = OfficialTables(report: r, anchor: anchor)
                for (i, c) in r.checks.enumerated() {
                    ruleCounts[c.rule, default: 0] += 1
                    let cell = c.suspect ?? c.cells.last
                    let target = cell.map { tables.cellID($0) } ?? "\(anchor)-finding-\(i + 1)"
                    findings.append(["agency": .string(HTML.neutralizingBidi(agency.name)), "year": .string(r.year.map(String.init) ?? "—"),
                                     "severity": .string(c.severity.rawValue), "severityLabel": .string(severityLabel(c.severity)),
                                     "rule": .string(c.rule), "message": .string(HTML.neutralizingBidi(c.message)),
                                     "href": .string("../\(SitePaths.agency(agency.slug))#\(target)")])
                }
            }
        }
        let skipped: [TemplateValue] = content.skipped.map { s in
            var x: TemplateObject = ["source": .string(s.source), "reason": .string(s.reason)]
            if let a = s.agency { x["agency"] = .string(a) }
            if let y = s.year { x["year"] = .int(y) }
            return .object(x)
        }
        return try templates.renderPage("quality", page("quality/", root: "../", title: "数据质量", extra: [
            "findings": .list(findings), "findingCount": .int(findings.count), "reportCount": .int(reportsWithFindings),
            "rules": .list(ruleCounts.sorted { $0.key < $1.key }.map { ["id": .string($0.key), "count": .int($0.value)] }),
            "skipped": .list(skipped),
        ]))
    }

    // MARK: Sitemap and feed

    func sitemap() -> [UInt8] {
        var paths = ["", "compare/", "search/", "quality/"] + content.agencies.map { SitePaths.agency($0.slug) }
        paths += years.map(SitePaths.compareYear)
        var xml = MarkupBuffer(capacity: 128 + paths.count * (baseURL.utf8.count + 48))
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
        for p in paths { xml.append("<url><loc>"); xml.append(escaping: baseURL + p); xml.append("</loc></url>\n") }
        xml.append("</urlset>\n")
        return xml.bytes
    }

    /// Atom, newest first. A report's `updated` is the date printed in it, or the end of the year it
    /// covers when it prints none (the feed needs a date and the build must not invent one from the clock).
    /// The feed holds the newest reports only: a reader polls it for what is new, and at national scale
    /// every report would make it tens of MB (41 MB at 100,000 reports).
    static let feedEntries = 100

    func feed(entries limit: Int = feedEntries) -> [UInt8] {
        func date(_ r: Report) -> String {
            if let d = r.publishedOn { return d + "T00:00:00Z" }
            return "\(r.year ?? 2008)-12-31T00:00:00Z"
        }
        // Sorted as small keys (moving whole Reports through a merge sort retains every field each time).
        var keys: [(date: String, source: String, agency: Int, report: Int)] = []
        keys.reserveCapacity(content.reports.count)
        for a in content.agencies.indices {
            content.agencies[a].reports.withUnsafeBufferPointer { rs in
                for i in rs.indices { keys.append((date(rs[i]), rs[i].source, a, i)) }
            }
        }
        let entries = keys.sorted { ($0.date, $0.source) > ($1.date, $1.source) }.prefix(limit)
        var xml = MarkupBuffer(capacity: 1024 + entries.count * 600)
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
        xml.append("<title>政府信息公开工作年度报告</title>\n<id>"); xml.append(escaping: baseURL); xml.append("</id>\n")
        xml.append("<link rel=\"self\" href=\""); xml.append(escaping: baseURL); xml.append("feed.xml\"/>\n<link href=\"")
        xml.append(escaping: baseURL); xml.append("\"/>\n")
        xml.append("<updated>"); xml.append(entries.first?.date ?? "2008-01-01T00:00:00Z"); xml.append("</updated>\n")
        for e in entries {
            let agency = content.agencies[e.agency]
            agency.reports.withUnsafeBufferPointer { feedEntry($0[e.report], of: agency, anchor: anchors[e.agency][e.report], date: e.date, into: &xml) }
        }
        xml.append("</feed>\n")
        return xml.bytes
    }

    func feedEntry(_ r: Report, of agency: Agency, anchor: String, date: String, into xml: inout MarkupBuffer) {
        let url = baseURL + SitePaths.agency(agency.slug) + "#" + anchor
        xml.append("<entry><title>")
        xml.append(text: r.title ?? "\(agency.name) \(r.year.map(String.init) ?? "") 年度报告")
        xml.append("</title><id>"); xml.append(escaping: url)
        xml.append("</id><link href=\""); xml.append(escaping: url)
        xml.append("\"/><updated>"); xml.append(date)
        xml.append("</updated><author><name>"); xml.append(text: agency.name)
        xml.append("</name></author><summary>"); xml.append(text: summary(r))
        xml.append("</summary></entry>\n")
    }

    func summary(_ r: Report) -> String {
        let parts = [KeyFigure.newReceived, .granted, .review, .litigation].compactMap { f in f.value(in: r).map { "\(f.label) \(formatNumber($0))" } }
        let problems = r.checks.filter { $0.severity == .error }.count
        return parts.joined(separator: "，") + (problems > 0 ? "；\(problems) 处数字不符" : "")
    }
}
