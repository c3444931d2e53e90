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
        return agency.reports.map { r in
            let base = r.year.map { "y\($0)" } ?? "y-undated"
            seen[base, default: 0] += 1
            return seen[base]! == 1 ? base : "\(base)-\(seen[base]!)"
        }
    }
}

/// Collects the first error thrown by parallel work.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var error: Error?
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return error != nil }
    func record(_ e: Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
    func throwIfSet() throws { lock.lock(); let e = error; lock.unlock(); if let e { throw e } }
}

public struct SiteRenderer {
    public let content: Pipeline.Content
    public let templates: Templates
    /// Ends with `/`: `/`, `/reports/`, or `https://example.gov.cn/reports/`.
    public let baseURL: String

    public init(content: Pipeline.Content, templates: Templates, baseURL: String) {
        self.content = content
        self.templates = templates
        var b = baseURL.isEmpty ? "/" : baseURL
        if !b.hasSuffix("/") { b += "/" }
        self.baseURL = b
    }

    var years: [Int] { Array(Set(content.reports.compactMap(\.year))).sorted(by: >) }

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
        for asset in templates.assets { try sink.write(asset.path, asset.bytes) }
        try sink.write("index.html", try home())
        // Agency pages in parallel: each is independent; cmark calls serialize on their own lock.
        let agencies = content.agencies.filter { !reused.contains($0.slug) }
        let failures = FirstError()
        DispatchQueue.concurrentPerform(iterations: agencies.count) { i in
            guard !failures.isSet else { return }
            do { try sink.write(SitePaths.agency(agencies[i].slug) + "index.html", try agencyPage(agencies[i], chartSink: sink)) }
            catch { failures.record(error) }
        }
        try failures.throwIfSet()
        try sink.write("compare/index.html", try compareIndex(sink: sink))
        for year in years { try sink.write(SitePaths.compareYear(year) + "index.html", try compareYear(year, sink: sink)) }
        try sink.write("search/index.html", try templates.renderPage("search", page("search/", root: "../", title: "搜索", extra: [:])))
        try sink.write("quality/index.html", try quality())
        try sink.write("404.html", try templates.renderPage("404", page("404.html", root: baseURL, title: "页面不存在", extra: [:])))
        try sink.write("sitemap.xml", sitemap())
        try sink.write("feed.xml", feed())
        for file in SearchIndex.build(searchDocuments()) { try sink.write(file.path, file.bytes) }
    }

    // MARK: Search

    /// One document per agency page and one per report; a report's text is its prose, a section a line.
    func searchDocuments() -> [SearchIndex.Document] {
        var docs: [SearchIndex.Document] = []
        for agency in content.agencies {
            let years = agency.reports.compactMap(\.year).map { "\($0)" }
            docs.append(SearchIndex.Document(id: agency.slug, url: SitePaths.agency(agency.slug), title: agency.name,
                kind: .agency, year: nil, agency: agency.name,
                text: ([agency.region ?? ""] + agency.aliases + years).joined(separator: "\n")))
            for (r, anchor) in zip(agency.reports, SitePaths.reportAnchors(agency)) {
                let prose = ([r.preamble] + SectionKey.allCases.map { r.sections[$0] }).compactMap { $0?.markdown }
                    .map(Self.plainText).filter { !$0.isEmpty }
                docs.append(SearchIndex.Document(id: "\(agency.slug)#\(anchor)", url: SitePaths.agency(agency.slug) + "#" + anchor,
                    title: r.title ?? "\(agency.name) \(r.year.map(String.init) ?? "") 年度报告", kind: .report,
                    year: r.year, agency: agency.name, text: prose.joined(separator: "\n")))
            }
        }
        return docs
    }

    /// Markdown to searchable text: escapes dropped, line breaks folded, one line per section.
    static func plainText(_ markdown: String) -> String {
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
        let latestReports = content.reports.filter { $0.year == latest && latest != nil }
        let glance: [TemplateValue] = KeyFigure.allCases.map { f in
            let values = latestReports.compactMap { f.value(in: $0) }
            return ["label": .string(f.label), "value": .string(values.isEmpty ? "—" : formatNumber(values.reduce(0, +))),
                    "n": .int(values.count), "of": .int(latestReports.count)]
        }
        let agencies: [TemplateValue] = content.agencies.map { a in
            ["name": .string(HTML.neutralizingBidi(a.name)), "href": .string(SitePaths.agency(a.slug)),
             "years": .string(a.reports.compactMap(\.year).map(String.init).joined(separator: "、"))]
        }
        let withBreaks = content.reports.filter { $0.checks.contains { $0.severity == .error } }.count
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
        var reports: [TemplateValue] = []
        for (report, anchor) in zip(agency.reports, anchors) { reports.append(reportContext(report, anchor: anchor)) }
        let dated = zip(agency.reports, anchors).filter { $0.0.year != nil }
        var yoy = ""
        if !dated.isEmpty {
            let header = ["指标"] + dated.map { "[\($0.0.year!)年](#\($0.1))" }
            let rows = KeyFigure.allCases.map { f in [f.label] + dated.map { $0.0 }.map { f.value(in: $0).map(formatNumber) ?? "—" } }
            yoy = Markdown.html(Markdown.table(header: header, alignRight: [false] + dated.map { _ in true }, rows: rows))
        }
        let charts = try agencyCharts(agency, sink: chartSink)
        return try templates.renderPage("agency", page(SitePaths.agency(agency.slug), root: "../../", title: agency.name, extra: [
            "charts": .list(charts),
            "name": .string(HTML.neutralizingBidi(agency.name)), "region": agency.region.map { .string($0) } ?? false,
            "aliases": .string(agency.aliases.joined(separator: "、")), "hasAliases": .bool(!agency.aliases.isEmpty),
            "years": .list(zip(agency.reports, anchors).map { ["label": .string($0.0.year.map { "\($0)年" } ?? "年度不明"), "anchor": .string($0.1)] }),
            "yearOverYear": yoy.isEmpty ? false : .string(yoy), "reports": .list(reports), "dataHref": "data.json",
        ]))
    }

    // MARK: Charts

    /// The downloadable copy of an inline chart: SVG files are SVG 1.1, which has no ARIA attributes; a
    /// standalone SVG names itself by its <title> and <desc>.
    static func standaloneSVG(_ svg: String) -> String {
        let b = Array(svg.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        let aria = Array(" aria-".utf8), role = Array(" role=".utf8)
        func at(_ i: Int, _ p: [UInt8]) -> Bool { i + p.count <= b.count && b[i..<(i + p.count)].elementsEqual(p) }
        var i = 0
        while i < b.count {
            if b[i] == 0x20, at(i, aria) || at(i, role), let open = b[i...].firstIndex(of: 0x22),
               let close = b[(open + 1)...].firstIndex(of: 0x22) {
                i = close + 1  // skip ` name="value"`
                continue
            }
            out.append(b[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    func totalsChart(sink: OutputSink) throws -> [TemplateValue] {
        guard !years.isEmpty else { return [] }
        let ordered = years.sorted()
        let figures: [KeyFigure] = [.newReceived, .granted, .review, .litigation]
        let series = figures.map { f in
            (name: f.label, values: ordered.map { y -> Double? in
                let values = content.reports.filter { $0.year == y }.compactMap { f.value(in: $0) }
                return values.isEmpty ? nil : values.reduce(0, +)
            })
        }
        let groups = ordered.map { "\($0)年" }
        let t = "各年度合计：新收申请、予以公开、行政复议、行政诉讼"
        return [try chart(Charts.groupedBarChart(id: "totals", title: t, description: "各年度所有报告的合计（未填报的不计入）", unit: "件", groups: groups, series: series),
                          table: Charts.groupedBarTable(title: t, unit: "件", groups: groups, series: series),
                          caption: t, file: "totals.svg", folder: "compare/", sink: sink)]
    }

    /// A chart inline on its page, as a downloadable file beside the page, with its numbers in a table.
    func chart(_ svg: String, table: String, caption: String, file: String, folder: String, sink: OutputSink) throws -> TemplateValue {
        try sink.write(folder + file, Self.standaloneSVG(svg))
        return ["svg": .string(svg), "table": .string(table), "caption": .string(caption), "file": .string(file)]
    }

    func agencyCharts(_ agency: Agency, sink: OutputSink) throws -> [TemplateValue] {
        let dated = agency.reports.filter { $0.year != nil }
        guard !dated.isEmpty else { return [] }
        let folder = SitePaths.agency(agency.slug)
        let years = dated.map { "\($0.year!)年" }
        let figures: [KeyFigure] = [.newReceived, .granted, .resultsTotal, .review, .litigation]
        let series = figures.map { f in (name: f.label, values: dated.map { f.value(in: $0) }) }
        let title = "\(agency.name)：依申请公开与复议诉讼（按年度）"
        var charts = [try chart(
            Charts.groupedBarChart(id: "\(agency.slug)-yearly", title: title, description: "各年度新收申请、予以公开、办理结果总计、行政复议和行政诉讼件数",
                                   unit: "件", groups: years, series: series),
            table: Charts.groupedBarTable(title: title, unit: "件", groups: years, series: series),
            caption: title, file: "yearly.svg", folder: folder, sink: sink)]
        let handled = dated.filter { $0.applications != nil }
        if !handled.isEmpty {
            let bars = handled.map { r in (label: "\(r.year!)年", values: Charts.handlingValues(r.applications!, format: r.format)) }
            let t = "\(agency.name)：申请办理结果构成（按年度）"
            charts.append(try chart(
                Charts.stackedBarChart(id: "\(agency.slug)-handling", title: t, description: "各年度申请的办理结果：予以公开、部分公开、不予公开、无法提供、不予处理、其他处理", unit: "件", bars: bars),
                table: Charts.stackedBarTable(title: t, unit: "件", bars: bars),
                caption: t, file: "handling.svg", folder: folder, sink: sink))
        }
        return charts
    }

    /// At most this many agencies in a chart across agencies (the table beside it lists all).
    static let chartLimit = 30

    func yearCharts(_ year: Int, sink: OutputSink) throws -> [TemplateValue] {
        let folder = SitePaths.compareYear(year)
        let reports = content.agencies.flatMap { a in a.reports.filter { $0.year == year }.map { (a.name, $0) } }
        let ranked = reports.map { (label: $0.0, value: KeyFigure.newReceived.value(in: $0.1)) }
            .sorted { ($0.value ?? -1, $1.label) > ($1.value ?? -1, $0.label) }
        let top = Array(ranked.prefix(Self.chartLimit))
        let limited = ranked.count > top.count ? "（前 \(top.count) 个机构，共 \(ranked.count) 个，全部见上表）" : ""
        let t1 = "\(year) 年度各机构新收政府信息公开申请数量" + limited
        var charts = [try chart(
            Charts.barChart(id: "y\(year)-new", title: t1, description: "按新收申请数量排序", unit: "件", bars: top),
            table: Charts.barTable(title: t1, unit: "件", labelHeader: "机构", valueHeader: "新收申请", bars: top),
            caption: t1, file: "new-received.svg", folder: folder, sink: sink)]
        let handled = reports.filter { $0.1.applications != nil }
            .sorted { (KeyFigure.resultsTotal.value(in: $0.1) ?? -1, $1.0) > (KeyFigure.resultsTotal.value(in: $1.1) ?? -1, $0.0) }
            .prefix(Self.chartLimit)
        if !handled.isEmpty {
            let bars = handled.map { (label: $0.0, values: Charts.handlingValues($0.1.applications!, format: $0.1.format)) }
            let t2 = "\(year) 年度各机构申请办理结果构成" + (reports.count > handled.count ? "（办理量前 \(handled.count) 个机构）" : "")
            charts.append(try chart(
                Charts.stackedBarChart(id: "y\(year)-handling", title: t2, description: "各机构申请的办理结果构成", unit: "件", bars: bars),
                table: Charts.stackedBarTable(title: t2, unit: "件", labelHeader: "机构", bars: bars),
                caption: t2, file: "handling.svg", folder: folder, sink: sink))
        }
        return charts
    }

    func reportContext(_ r: Report, anchor: String) -> TemplateValue {
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
        if let p = r.preamble, !p.markdown.isEmpty { sections.append(["heading": false, "html": .string(Markdown.html(p.markdown)), "id": .string("\(anchor)-preamble")]) }
        for key in SectionKey.allCases {
            let table: String? = switch key {
            case .activeDisclosure: tables.activeDisclosure()
            case .applications: tables.applications()
            case .reviewLitigation: tables.reviewLitigation()
            default: nil
            }
            let prose = r.sections[key].map { Markdown.html($0.markdown) } ?? ""
            guard table != nil || r.sections[key] != nil else { continue }
            var s: TemplateObject = ["heading": .string(key.heading), "html": .string(prose), "id": .string("\(anchor)-\(key.rawValue)")]
            if let table { s["table"] = .string(table) }
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
            let rs = content.reports.filter { $0.year == y }
            return ["[\(y)](\(y)/)", String(rs.count)] + KeyFigure.allCases.map { f in
                let values = rs.compactMap { f.value(in: $0) }
                return values.isEmpty ? "—" : formatNumber(values.reduce(0, +)) + (values.count < rs.count ? "（\(values.count) 份）" : "")
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
        for agency in content.agencies {
            let anchors = SitePaths.reportAnchors(agency)
            for (r, anchor) in zip(agency.reports, anchors) where r.year == year {
                let name = MarkdownEscaping.escape(HTML.neutralizingBidi(agency.name))
                let problems = r.checks.filter { $0.severity == .error }.count
                let derived = DerivedFigures(r)
                rows.append(["[\(name)](../../\(SitePaths.agency(agency.slug))#\(anchor))", r.format.rawValue]
                            + KeyFigure.allCases.map { f in f.value(in: r).map(formatNumber) ?? "—" }
                            + [Self.rateText(derived.grantedRate), Self.rateText(derived.reviewCorrectionRate), String(problems)])
            }
        }
        let header = ["机构", "格式"] + KeyFigure.allCases.map(\.label) + ["予以公开率", "复议纠错率", "规则问题"]
        let table = Markdown.html(Markdown.table(header: header, alignRight: [false, false] + header.dropFirst(2).map { _ in true }, rows: rows))
        return try templates.renderPage("compare-year", page(SitePaths.compareYear(year), root: "../../", title: "\(year) 年度比较", extra: [
            "year": .int(year), "table": .string(table), "reportCount": .int(rows.count), "charts": .list(try yearCharts(year, sink: sink)),
            "mixedFormats": .bool(Set(content.reports.filter { $0.year == year }.map(\.format)).count > 1),
        ]))
    }

    // MARK: Quality

    func quality() throws -> [UInt8] {
        var findings: [TemplateValue] = []
        var ruleCounts: [String: Int] = [:]
        var reportsWithFindings = 0
        for agency in content.agencies {
            for (r, anchor) in zip(agency.reports, SitePaths.reportAnchors(agency)) where !r.checks.isEmpty {
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

    func sitemap() -> String {
        var paths = ["", "compare/", "search/", "quality/"] + content.agencies.map { SitePaths.agency($0.slug) }
        paths += years.map(SitePaths.compareYear)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for p in paths { xml += "<url><loc>\(HTML.escape(baseURL + p))</loc></url>\n" }
        return xml + "</urlset>\n"
    }

    /// Atom, newest first. A report's `updated` is the date printed in it, or the end of the year it
    /// covers when it prints none (the feed needs a date and the build must not invent one from the clock).
    func feed() -> String {
        func date(_ r: Report) -> String {
            if let d = r.publishedOn { return d + "T00:00:00Z" }
            return "\(r.year ?? 2008)-12-31T00:00:00Z"
        }
        let entries = content.agencies.flatMap { a in zip(a.reports, SitePaths.reportAnchors(a)).map { (a, $0.0, $0.1) } }
            .sorted { (date($0.1), $0.1.source) > (date($1.1), $1.1.source) }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        xml += "<title>政府信息公开工作年度报告</title>\n<id>\(HTML.escape(baseURL))</id>\n"
        xml += "<link rel=\"self\" href=\"\(HTML.escape(baseURL))feed.xml\"/>\n<link href=\"\(HTML.escape(baseURL))\"/>\n"
        xml += "<updated>\(entries.first.map { date($0.1) } ?? "2008-01-01T00:00:00Z")</updated>\n"
        for (agency, r, anchor) in entries {
            let url = baseURL + SitePaths.agency(agency.slug) + "#" + anchor
            xml += "<entry><title>\(HTML.text(r.title ?? "\(agency.name) \(r.year.map(String.init) ?? "") 年度报告"))</title>"
            xml += "<id>\(HTML.escape(url))</id><link href=\(quote(url))/><updated>\(date(r))</updated>"
            xml += "<author><name>\(HTML.text(agency.name))</name></author>"
            xml += "<summary>\(HTML.text(summary(r)))</summary></entry>\n"
        }
        return xml + "</feed>\n"
    }

    func quote(_ s: String) -> String { "\"" + HTML.escape(s) + "\"" }

    func summary(_ r: Report) -> String {
        let parts = [KeyFigure.newReceived, .granted, .review, .litigation].compactMap { f in f.value(in: r).map { "\(f.label) \(formatNumber($0))" } }
        let problems = r.checks.filter { $0.severity == .error }.count
        return parts.joined(separator: "，") + (problems > 0 ? "；\(problems) 处数字不符" : "")
    }
}
