import Foundation

/// The same reports as plain Markdown pages with front matter, plus a minimal Hugo site (config, a list
/// template and a page template), so Hugo builds pages comparable to portal's.
enum SynthHugo {
    static func page(_ spec: SynthSpec, truth: SynthTruth) -> String {
        let y = spec.year
        func q(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        func n(_ v: Double?) -> String { v.map(formatNumber) ?? "null" }
        let review = y.review
        var out = "---\n"
        out += "title: \(q(truth.title))\n"
        out += "agency: \(q(spec.agency))\n"
        out += "agencies: [\(q(spec.agency))]\n"
        out += "years: [\"\(y.year)\"]\n"
        out += "year: \(y.year)\n"
        out += "date: \(spec.publishedOn)\n"
        out += "format: \"\(y.format.rawValue)\"\n"
        out += "proactiveItems: \(y.proactiveItems)\n"
        out += "applicationsReceived: \(n(y.value(.newReceived, .total)))\n"
        out += "applicationsHandled: \(n(y.value(.resultsTotal, .total)))\n"
        out += "granted: \(n(y.value(.granted, .total)))\n"
        out += "licensing: \(n(y.disclosure?[DisclosureItem.licensing.rawValue] ?? y.disclosure2019?[Disclosure2019Item.licensingDecisions.rawValue] ?? nil))\n"
        out += "punishment: \(n(y.disclosure?[DisclosureItem.punishment.rawValue] ?? y.disclosure2019?[Disclosure2019Item.punishmentDecisions.rawValue] ?? nil))\n"
        out += "reviews: \(n(review[ReviewGroup.review.rawValue][ReviewOutcome.total.rawValue]))\n"
        out += "lawsuits: \(n(review[ReviewGroup.litigationDirect.rawValue][ReviewOutcome.total.rawValue]))\n"
        out += "---\n\n"
        let p = spec.prose
        for para in p.preamble { out += para + "\n\n" }
        out += "## \(SectionKey.overview.heading)\n\n"
        for para in p.overview { out += para + "\n\n" }
        out += "## \(SectionKey.activeDisclosure.heading)\n\n"
        out += disclosureTable(spec) + "\n"
        out += "## \(SectionKey.applications.heading)\n\n"
        out += applicationsTable(spec) + "\n"
        out += "## \(SectionKey.reviewLitigation.heading)\n\n"
        out += reviewTable(spec) + "\n"
        if let after = p.afterTable[.reviewLitigation] { out += after + "\n\n" }
        out += "## \(SectionKey.problems.heading)\n\n"
        for para in p.problems { out += para + "\n\n" }
        out += "## \(SectionKey.otherMatters.heading)\n\n"
        for para in p.otherMatters { out += para + "\n\n" }
        out += spec.agency + "  \n" + spec.dateLine + "\n"
        return out
    }

    static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.isEmpty ? " " : $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
    }

    static func header(_ cells: [String]) -> String {
        row(cells) + "|" + cells.indices.map { $0 == 0 ? "---|" : "---:|" }.joined() + "\n"
    }

    static func disclosureTable(_ spec: SynthSpec) -> String {
        var out = ""
        var inTable = false
        for r in SynthForms.disclosureRows(spec) {
            if r.count == 1 { out += (inTable ? "\n" : "") + "**\(r[0])**\n\n"; inTable = false; continue }
            if r[0] == "信息内容" { out += header(r); inTable = true; continue }
            out += row(r)
        }
        return out
    }

    static func applicationsTable(_ spec: SynthSpec) -> String {
        var out = header(["项目"] + Applicant.allCases.map(\.label))
        for (labels, values) in SynthForms.applicationRows(spec) {
            out += row([labels.filter { !$0.isEmpty }.joined(separator: " ")] + values)
        }
        return out
    }

    static func reviewTable(_ spec: SynthSpec) -> String {
        var out = header(["类别"] + ReviewOutcome.allCases.map(\.label))
        for group in ReviewGroup.allCases {
            out += row([group.label] + ReviewOutcome.allCases.map { spec.year.text(group, $0) })
        }
        return out
    }

    /// The site around the pages: config and two templates (a list, a page).
    static let siteFiles: [(path: String, text: String)] = [
        ("hugo.toml", """
        baseURL = "/"
        languageCode = "zh-cn"
        defaultContentLanguage = "zh"
        title = "政府信息公开工作年度报告"
        hasCJKLanguage = true
        enableRobotsTXT = false

        [taxonomies]
          agency = "agencies"
          year = "years"

        [markup.goldmark.renderer]
          unsafe = false

        """),
        ("layouts/_default/list.html", """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
        <body>
        <header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
        <main>
        <h1>{{ .Title }}</h1>
        <ul>
        {{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.year }} · {{ . }}年{{ end }}</li>
        {{ end }}</ul>
        </main>
        </body>
        </html>

        """),
        ("layouts/_default/single.html", """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
        <body>
        <header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
        <main data-pagefind-body>
        <h1>{{ .Title }}</h1>
        <dl>
        <dt>机构</dt><dd>{{ range .Params.agencies }}<a href="{{ (printf "/agencies/%s/" (. | urlize)) | relURL }}">{{ . }}</a>{{ end }}</dd>
        <dt>年度</dt><dd>{{ .Params.year }}</dd>
        <dt>主动公开（条）</dt><dd>{{ .Params.proactiveItems }}</dd>
        <dt>收到申请（件）</dt><dd>{{ .Params.applicationsReceived }}</dd>
        <dt>办结申请（件）</dt><dd>{{ .Params.applicationsHandled }}</dd>
        <dt>行政许可</dt><dd>{{ .Params.licensing }}</dd>
        <dt>行政处罚</dt><dd>{{ .Params.punishment }}</dd>
        <dt>行政复议（件）</dt><dd>{{ .Params.reviews }}</dd>
        <dt>行政诉讼（件）</dt><dd>{{ .Params.lawsuits }}</dd>
        </dl>
        {{ .Content }}
        </main>
        </body>
        </html>

        """),
    ]
}
