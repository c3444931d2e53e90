/// Interprets a `SourceDocument` as an annual report: identity, the six sections, the three tables.
public enum ReportParser {
    public static func parse(_ document: SourceDocument, source: String, form: SourceForm) -> Report {
        var report = Report(source: source, form: form)
        let blocks = document.blocks

        // Title: the leading short lines up to the first that says 报告 (titles are often split over lines).
        var titleParts: [TextBlock] = []
        var bodyStart = 0
        for (i, block) in blocks.prefix(6).enumerated() {
            guard case .text(let t) = block, SectionHeadings.match(t.text) == nil,
                  t.text.unicodeScalars.count <= 80 else { break }
            if Identity.date(in: t.text) != nil { report.publishedOn = Identity.date(in: t.text); continue }
            titleParts.append(t)
            if t.text.contains("报告") { bodyStart = i + 1; break }
            if titleParts.count == 3 { break }
        }
        if !titleParts.contains(where: { $0.text.contains("报告") }) { titleParts = []; bodyStart = 0 }
        let title = titleParts.map { TextNormalization.trimmed($0.text) }.joined()
        report.title = title.isEmpty ? nil : title

        // Sections and tables, in reading order.
        var current: SectionKey?
        var preamble: [TextBlock] = []
        var prose: [SectionKey: [TextBlock]] = [:]
        var headingLines: [SectionKey: Int] = [:]
        var tables: [(TableInterpreter.Kind, SourceTable)] = []
        for block in blocks[bodyStart...] {
            switch block {
            case .text(let t):
                if let section = SectionHeadings.match(t.text), headingLines[section] == nil {
                    current = section
                    headingLines[section] = t.line
                } else if let section = current {
                    prose[section, default: []].append(t)
                } else {
                    preamble.append(t)
                }
            case .table(let table):
                if let kind = TableInterpreter.classify(table) { tables.append((kind, table)) }
                else if let section = current {
                    // A table that is none of the three official ones stays in the prose as text.
                    let text = table.rows.map { $0.cells.map { TextNormalization.joinLines($0.text) }.joined(separator: " | ") }
                    prose[section, default: []].append(TextBlock(text: text.joined(separator: "\n"), line: table.line))
                }
            }
        }

        // Identity.
        let bodyText = blocks.compactMap { if case .text(let t) = $0 { return t.text } else { return nil } }.joined(separator: "\n")
        if let printed = Identity.agency(fromTitle: title) {
            report.printedAgency = Identity.completed(printed, body: bodyText)
        }
        report.year = Identity.firstYear(in: TextNormalization.halfWidth(title))?.year
            ?? Identity.periodYear(in: TextNormalization.halfWidth(bodyText))
        if let last = blocks.suffix(4).reversed().lazy.compactMap({ block -> String? in
            if case .text(let t) = block { return Identity.date(in: t.text) } else { return nil }
        }).first {
            report.publishedOn = last
        }
        report.proactiveItems = ProseFigures.proactiveItems(overview: prose[.overview] ?? [])

        // Tables.
        var interpreter = TableInterpreter(file: source)
        let disclosure = tables.first(where: { $0.0 == .activeDisclosure })?.1
        report.format = detectFormat(disclosure: disclosure, applications: tables.first(where: { $0.0 == .applications })?.1,
                                     year: report.year)
        for (kind, table) in tables {
            switch kind {
            case .activeDisclosure where report.activeDisclosure == nil && report.activeDisclosure2019 == nil:
                if report.format == .v2019 { report.activeDisclosure2019 = interpreter.activeDisclosure2019(table) }
                else { report.activeDisclosure = interpreter.activeDisclosure(table) }
            case .applications where report.applications == nil:
                report.applications = interpreter.applications(table, format: report.format)
            case .reviewLitigation where report.reviewLitigation == nil:
                report.reviewLitigation = interpreter.reviewLitigation(table)
            default:
                interpreter.diagnostics.append(Diagnostic(.warning, .parse, SourceLocation(file: source, line: table.line),
                    "重复的表格（第 \(table.line) 行）未读入"))
            }
        }
        report.rawCells = interpreter.rawCells
        report.diagnostics = interpreter.diagnostics

        // Prose as Markdown.
        if !preamble.isEmpty { report.preamble = section(from: preamble) }
        for (key, blocks) in prose where key != .activeDisclosure || !blocks.isEmpty {
            report.sections[key] = section(from: blocks)
        }
        for (key, line) in headingLines where report.sections[key] == nil {
            report.sections[key] = Section(markdown: "", line: line)
        }
        return report
    }

    static func section(from blocks: [TextBlock]) -> Section {
        let markdown = blocks.map { $0.isMarkdown ? $0.text : MarkdownEscaping.escape(TextNormalization.trimmed($0.text)) }
            .joined(separator: "\n\n")
        return Section(markdown: markdown, line: blocks.first?.line ?? 0, paragraphLines: blocks.map(\.line))
    }

    /// 2019 when table 二 is the earlier template's, or when there is no table 二 and table 三 has the single
    /// 其他处理 row of a report for 2019 or 2020.
    static func detectFormat(disclosure: SourceTable?, applications: SourceTable?, year: Int?) -> ReportFormat {
        if let d = disclosure { return TableInterpreter.isDisclosure2019(d) ? .v2019 : .v2021 }
        if let a = applications {
            let text = a.rows.flatMap(\.cells).map { TextNormalization.labelKey($0.text) }.joined()
            if text.contains("逾期不补正") || text.contains("缴纳费用") { return .v2021 }
        }
        if let y = year, y <= 2020 { return .v2019 }
        return .v2021
    }
}

/// Escapes plain text so cmark renders it exactly as written (no lists, emphasis or HTML from stray marks).
public enum MarkdownEscaping {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        var atLineStart = true
        for u in text.unicodeScalars {
            switch u {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "&", "|", "~", "!":
                out.append("\\"); out.unicodeScalars.append(u)
            case "#", "-", "+", "=" where atLineStart:
                out.append("\\"); out.unicodeScalars.append(u)
            case "\n":
                out.append("  \n")  // a hard line break keeps the author's line
                atLineStart = true
                continue
            default:
                out.unicodeScalars.append(u)
            }
            if !(atLineStart && u == " ") { atLineStart = false }
        }
        // `1. ` at the start of a line would become a list item numbered from 1.
        return escapeOrderedListMarkers(out)
    }

    private static func escapeOrderedListMarkers(_ s: String) -> String {
        guard s.contains(".") || s.contains(")") else { return s }
        return s.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let digits = line.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, digits.count <= 9 else { return String(line) }
            let rest = line.dropFirst(digits.count)
            guard let mark = rest.first, mark == "." || mark == ")" else { return String(line) }
            return String(digits) + "\\" + String(rest)
        }.joined(separator: "\n")
    }
}
