import Foundation

/// Where each page and file of the site lives. Links between pages are relative (`root` climbs back to
/// the site root), so the site works under any base path; `baseURL` is used only where a URL must be
/// absolute (sitemap, feed, canonical links, the 404 page served at any depth).
public enum SitePaths {
    public static func agency(_ slug: String) -> String { "agencies/\(slug)/" }
    public static func compareYear(_ year: Int) -> String { "compare/\(year)/" }

    /// The copy of a report's original file: a safe name derived from the source path (its own name is
    /// shown as the link text), so no file name can escape `sources/`.
    public static func source(_ report: Report) -> String {
        let ext = (report.source as NSString).pathExtension.lowercased()
        let safeExt = ext.count <= 5 && !ext.isEmpty && ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) ? ext : "txt"
        let slug = report.agency?.slug ?? "unknown"
        return "sources/\(slug)/\(report.year.map(String.init) ?? "undated")-\(Slug.shortHash(report.source)).\(safeExt)"
    }

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

    func page(_ path: String, root: String, title: String, extra: [String: Any]) -> [String: Any] {
        var c = extra
        c["root"] = root
        c["pageTitle"] = title
        c["canonical"] = baseURL + path
        c["baseURL"] = baseURL
        return c
    }

    public func render(to sink: OutputSink) throws {
        for asset in templates.assets { try sink.write(asset.path, asset.bytes) }
        try sink.write("index.html", try home())
        // Agency pages in parallel: each is independent; cmark calls serialize on their own lock.
        let agencies = content.agencies
        let failures = FirstError()
        DispatchQueue.concurrentPerform(iterations: agencies.count) { i in
            guard !failures.isSet else { return }
            do { try sink.write(SitePaths.agency(agencies[i].slug) + "index.html", try agencyPage(agencies[i])) }
            catch { failures.record(error) }
        }
        try failures.throwIfSet()
        try sink.write("compare/index.html", try compareIndex())
        for year in years { try sink.write(SitePaths.compareYear(year) + "index.html", try compareYear(year)) }
        try sink.write("search/index.html", try templates.render("search", page("search/", root: "../", title: "搜索", extra: [:])))
        try sink.write("quality/index.html", try quality())
        try sink.write("404.html", try templates.render("404", page("404.html", root: baseURL, title: "页面不存在", extra: [:])))
        try sink.write("sitemap.xml", sitemap())
        try sink.write("feed.xml", feed())
    }

    // MARK: Home

    func home() throws -> String {
        let latest = years.first
        let latestReports = content.reports.filter { $0.year == latest && latest != nil }
        let glance: [[String: Any]] = KeyFigure.allCases.map { f in
            let values = latestReports.compactMap { f.value(in: $0) }
            return ["label": f.label, "value": values.isEmpty ? "—" : formatNumber(values.reduce(0, +)),
                    "n": values.count, "of": latestReports.count]
        }
        let agencies: [[String: Any]] = content.agencies.map { a in
            ["name": HTML.neutralizingBidi(a.name), "href": SitePaths.agency(a.slug),
             "years": a.reports.compactMap(\.year).map(String.init).joined(separator: "、")]
        }
        let withBreaks = content.reports.filter { $0.checks.contains { $0.severity == .error } }.count
        // `false`, never "" or nil, for what is absent: swift-mustache renders a section for "" and prints nil as "nil".
        return try templates.render("index", page("", root: "", title: "政府信息公开工作年度报告", extra: [
            "agencyCount": content.agencies.count, "reportCount": content.reports.count,
            "yearCount": years.count, "yearRange": years.isEmpty ? false as Any : "\(years.last!)–\(years.first!)",
            "withBreaks": withBreaks, "skippedCount": content.skipped.count, "hasSkipped": !content.skipped.isEmpty,
            "latestYear": latest.map(String.init) ?? "", "glance": glance, "hasGlance": latest != nil,
            "agencies": agencies,
            "years": years.map { ["year": $0, "href": SitePaths.compareYear($0)] },
        ]))
    }

    // MARK: Agency

    func agencyPage(_ agency: Agency) throws -> String {
        let anchors = SitePaths.reportAnchors(agency)
        var reports: [[String: Any]] = []
        for (report, anchor) in zip(agency.reports, anchors) { reports.append(reportContext(report, anchor: anchor)) }
        let dated = zip(agency.reports, anchors).filter { $0.0.year != nil }
        var yoy = ""
        if !dated.isEmpty {
            let header = ["指标"] + dated.map { "[\($0.0.year!)年](#\($0.1))" }
            let rows = KeyFigure.allCases.map { f in [f.label] + dated.map { $0.0 }.map { f.value(in: $0).map(formatNumber) ?? "—" } }
            yoy = Markdown.html(Markdown.table(header: header, alignRight: [false] + dated.map { _ in true }, rows: rows))
        }
        return try templates.render("agency", page(SitePaths.agency(agency.slug), root: "../../", title: agency.name, extra: [
            "name": HTML.neutralizingBidi(agency.name), "region": agency.region.map { $0 as Any } ?? false,
            "aliases": agency.aliases.joined(separator: "、"), "hasAliases": !agency.aliases.isEmpty,
            "years": zip(agency.reports, anchors).map { ["label": $0.0.year.map { "\($0)年" } ?? "年度不明", "anchor": $0.1] },
            "yearOverYear": yoy.isEmpty ? false as Any : yoy, "reports": reports, "dataHref": "data.json",
        ]))
    }

    func reportContext(_ r: Report, anchor: String) -> [String: Any] {
        let tables = OfficialTables(report: r, anchor: anchor)
        let findings: [[String: Any]] = r.checks.enumerated().map { i, c in
            var f: [String: Any] = ["n": i + 1, "id": "\(anchor)-finding-\(i + 1)", "message": HTML.neutralizingBidi(c.message),
                                    "severity": c.severity.rawValue, "severityLabel": severityLabel(c.severity), "rule": c.rule]
            if let cell = c.suspect ?? c.cells.last { f["cellHref"] = "#" + tables.cellID(cell) }
            if let l = c.line { f["line"] = l }
            return f
        }
        let diagnostics: [[String: Any]] = r.diagnostics.map { d in
            var x: [String: Any] = ["severity": d.severity.rawValue, "severityLabel": severityLabel(d.severity), "message": HTML.neutralizingBidi(d.message)]
            if let l = d.location.line { x["line"] = l }
            return x
        }
        var sections: [[String: Any]] = []
        if let p = r.preamble, !p.markdown.isEmpty { sections.append(["heading": false, "html": Markdown.html(p.markdown), "id": "\(anchor)-preamble"]) }
        for key in SectionKey.allCases {
            let table: String? = switch key {
            case .activeDisclosure: tables.activeDisclosure()
            case .applications: tables.applications()
            case .reviewLitigation: tables.reviewLitigation()
            default: nil
            }
            let prose = r.sections[key].map { Markdown.html($0.markdown) } ?? ""
            guard table != nil || r.sections[key] != nil else { continue }
            var s: [String: Any] = ["heading": key.heading, "html": prose, "id": "\(anchor)-\(key.rawValue)"]
            if let table { s["table"] = table }
            sections.append(s)
        }
        var c: [String: Any] = [
            "anchor": anchor, "yearLabel": r.year.map { "\($0) 年度" } ?? "年度不明",
            "title": HTML.neutralizingBidi(r.title ?? r.source), "sourceName": r.source,
            "sourceHref": "../../" + SitePaths.source(r), "format": r.format.rawValue, "form": r.form.rawValue,
            "findings": findings, "findingCount": findings.count, "hasFindings": !findings.isEmpty,
            "diagnostics": diagnostics, "hasDiagnostics": !diagnostics.isEmpty, "diagnosticCount": diagnostics.count,
            "sections": sections,
            "is2019": r.format == .v2019,
        ]
        if let d = r.publishedOn { c["publishedOn"] = d }
        if let p = r.proactiveItems { c["proactiveItems"] = formatNumber(p.value) }
        return c
    }

    func severityLabel(_ s: Severity) -> String {
        switch s { case .error: return "错误"; case .warning: return "警告"; case .notice: return "提示" }
    }

    // MARK: Comparisons (GFM tables rendered through cmark-gfm)

    func compareIndex() throws -> String {
        let header = ["年度", "报告数"] + KeyFigure.allCases.map(\.label)
        let rows: [[String]] = years.map { y in
            let rs = content.reports.filter { $0.year == y }
            return ["[\(y)](\(y)/)", String(rs.count)] + KeyFigure.allCases.map { f in
                let values = rs.compactMap { f.value(in: $0) }
                return values.isEmpty ? "—" : formatNumber(values.reduce(0, +)) + (values.count < rs.count ? "（\(values.count) 份）" : "")
            }
        }
        let table = Markdown.html(Markdown.table(header: header, alignRight: [false] + header.dropFirst().map { _ in true }, rows: rows))
        return try templates.render("compare", page("compare/", root: "../", title: "比较", extra: [
            "table": table, "years": years.map { ["year": $0, "href": "\($0)/"] },
            "figures": KeyFigure.allCases.map { ["label": $0.label] },
        ]))
    }

    func compareYear(_ year: Int) throws -> String {
        var rows: [[String]] = []
        for agency in content.agencies {
            let anchors = SitePaths.reportAnchors(agency)
            for (r, anchor) in zip(agency.reports, anchors) where r.year == year {
                let name = MarkdownEscaping.escape(HTML.neutralizingBidi(agency.name))
                let problems = r.checks.filter { $0.severity == .error }.count
                rows.append(["[\(name)](../../\(SitePaths.agency(agency.slug))#\(anchor))", r.format.rawValue]
                            + KeyFigure.allCases.map { f in f.value(in: r).map(formatNumber) ?? "—" } + [String(problems)])
            }
        }
        let header = ["机构", "格式"] + KeyFigure.allCases.map(\.label) + ["规则问题"]
        let table = Markdown.html(Markdown.table(header: header, alignRight: [false, false] + header.dropFirst(2).map { _ in true }, rows: rows))
        return try templates.render("compare-year", page(SitePaths.compareYear(year), root: "../../", title: "\(year) 年度比较", extra: [
            "year": year, "table": table, "reportCount": rows.count,
            "mixedFormats": Set(content.reports.filter { $0.year == year }.map(\.format)).count > 1,
        ]))
    }

    // MARK: Quality

    func quality() throws -> String {
        var findings: [[String: Any]] = []
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
                    findings.append(["agency": HTML.neutralizingBidi(agency.name), "year": r.year.map(String.init) ?? "—",
                                     "severity": c.severity.rawValue, "severityLabel": severityLabel(c.severity),
                                     "rule": c.rule, "message": HTML.neutralizingBidi(c.message),
                                     "href": "../\(SitePaths.agency(agency.slug))#\(target)"])
                }
            }
        }
        let skipped: [[String: Any]] = content.skipped.map { s in
            var x: [String: Any] = ["source": s.source, "reason": s.reason]
            if let a = s.agency { x["agency"] = a }
            if let y = s.year { x["year"] = y }
            return x
        }
        return try templates.render("quality", page("quality/", root: "../", title: "数据质量", extra: [
            "findings": findings, "findingCount": findings.count, "reportCount": reportsWithFindings,
            "rules": ruleCounts.sorted { $0.key < $1.key }.map { ["id": $0.key, "count": $0.value] },
            "skipped": skipped,
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
