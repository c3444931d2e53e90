/// Interprets a `SourceDocument` as an annual report: identity, the six sections, the three tables.
public enum ReportParser {
    public static func parse(_ document: SourceDocument, source: String, form: SourceForm) -> Report {
        var report = Report(source: source, form: form)
        let blocks = document.blocks

        // Title: the first line naming a report, past any page furniture (it may be split over two lines).
        let head = Identity.title(in: blocks)
        report.title = head?.title
        report.publishedOn = head?.date
        let titleBlocks = Set(head?.indices ?? [])

        // Sections and tables, in reading order.
        var current: SectionKey?
        var preamble: [TextBlock] = []
        var prose: [SectionKey: [TextBlock]] = [:]
        var headingLines: [SectionKey: Int] = [:]
        var tables: [(TableInterpreter.Kind, SourceTable)] = []
        for (index, block) in blocks.enumerated() where !titleBlocks.contains(index) {
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

        // Identity: the title first; where it falls short, the page's metadata and the opening sentences.
        // The body as one text, made only when asked (most reports name agency and year in the title).
        var body: String?
        func bodyText() -> String {
            if let body { return body }
            let text = blocks.compactMap { if case .text(let t) = $0 { return t.text } else { return nil } }.joined(separator: "\n")
            body = text
            return text
        }
        let opening = (preamble + (prose[.overview] ?? []).prefix(3)).map(\.text).joined(separator: "\n")
        let title = report.title ?? ""
        let printed = Identity.agency(fromTitle: title)
            ?? Identity.publisher(inHead: preamble.prefix(12).map(\.text))
            ?? Identity.agency(inBody: opening)
        report.printedAgency = printed.map { Identity.completed($0, body: bodyText()) }
        report.year = Identity.titleYear(in: TextNormalization.halfWidth(title))?.year
            ?? Identity.year(inBody: bodyText(), opening: opening)
        if let last = blocks.suffix(4).reversed().lazy.compactMap({ block -> String? in
            if case .text(let t) = block { return Identity.date(in: t.text) } else { return nil }
        }).first {
            report.publishedOn = last
        }
        // Reports without the 一、总体情况 heading state their figures before any heading.
        let overview = prose[.overview] ?? preamble
        report.proactiveItems = ProseFigures.proactiveItems(overview: overview)
        if let received = ProseFigures.applicationsReceived(overview + (prose[.overview] == nil ? [] : preamble)) {
            report.proseFigures["applications.newReceived.total"] = received
        }

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
        // The blocks as Markdown (`escape(trimmed(text))` unless Markdown already), joined by blank lines.
        let markdown = MarkdownEscaping.markdown(of: blocks)
        return Section(markdown: markdown, line: blocks.first?.line ?? 0, paragraphLines: blocks.map(\.line))
    }

    /// 2019 when table 二 is the earlier template's, or when there is no table 二 and table 三 has the single
    /// 其他处理 row of a report for 2019 or 2020.
    static func detectFormat(disclosure: SourceTable?, applications: SourceTable?, year: Int?) -> ReportFormat {
        if let d = disclosure { return TableInterpreter.isDisclosure2019(d) ? .v2019 : .v2021 }
        if let a = applications {
            var text: [UInt8] = []
            for row in a.rows { for c in row.cells { TextNormalization.appendLabelKey(c.text, to: &text) } }
            if text.includes("逾期不补正") || text.includes("缴纳费用") { return .v2021 }
        }
        if let y = year, y <= 2020 { return .v2019 }
        return .v2021
    }
}

/// Escapes plain text so cmark renders it exactly as written (no lists, emphasis or HTML from stray marks).
public enum MarkdownEscaping {
    public static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        var source = text
        source.withUTF8 { appendEscaped($0, to: &out) }
        // `1. ` at the start of a line would become a list item numbered from 1.
        return escapeOrderedListMarkers(String(decoding: out, as: UTF8.self))
    }

    /// `escape` of plain text for each block that is not Markdown already, blocks joined by a blank line: the
    /// section's Markdown built in one byte buffer (no String per block, no join).
    static func markdown(of blocks: [TextBlock]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(blocks.reduce(0) { $0 + $1.text.utf8.count + 10 })
        for (k, block) in blocks.enumerated() {
            if k > 0 { out.append(0x0A); out.append(0x0A) }
            var text = block.text
            text.withUTF8 { b in
                if block.isMarkdown { out.append(contentsOf: b); return }
                // escape(TextNormalization.trimmed(text)), the trimming done on the bytes.
                let start = out.count
                appendEscaped(UnsafeBufferPointer(rebasing: b[TextNormalization.trimmedRange(b)]), to: &out)
                if out.withUnsafeBufferPointer({ mayHaveListMarker(UnsafeBufferPointer(rebasing: $0[start...])) }) {
                    let fixed = escapeOrderedListMarkers(String(decoding: out[start...], as: UTF8.self))
                    out.replaceSubrange(start..., with: fixed.utf8)
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The escaping of `escape` (before the ordered-list markers), from the bytes `b` onto `out`.
    /// Built on the UTF-8 bytes: every mark it escapes is ASCII, and the bytes of other scalars go
    /// through as they are (a scalar array and String appends cost several times more).
    static func appendEscaped(_ b: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var atLineStart = true
        do {
            var i = 0
            while i < b.count {
                let u = b[i]
                // Past the start of a line, a run of bytes that are no mark, no line break and no `h` goes
                // through as it is (most of the prose): copied at once, not byte by byte.
                if !atLineStart && !mayNeedEscape(u) {
                    var j = i + 1
                    while j < b.count && !mayNeedEscape(b[j]) { j += 1 }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<j]))
                    i = j
                    continue
                }
                // A web address becomes an explicit autolink that ends where the address does, not at the
                // next space (GFM's autolink would swallow the Chinese text after it).
                if u == 0x68, let end = urlEnd(b, from: i) {
                    out.append(0x3C)  // <
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<end]))
                    out.append(0x3E)  // >
                    i = end
                    atLineStart = false
                    continue
                }
                switch u {
                case 0x5C, 0x60, 0x2A, 0x5F, 0x5B, 0x5D, 0x3C, 0x3E, 0x26, 0x7C, 0x7E, 0x21:  // \ ` * _ [ ] < > & | ~ !
                    out.append(0x5C); out.append(u)
                case 0x23, 0x2D, 0x2B, 0x3D:  // # - + =
                    if atLineStart { out.append(0x5C) }
                    out.append(u)
                case 0x0A:
                    out.append(0x20); out.append(0x20); out.append(0x0A)  // a hard line break keeps the author's line
                    atLineStart = true
                    i += 1
                    continue
                default:
                    out.append(u)
                }
                if !(atLineStart && u == 0x20) { atLineStart = false }
                i += 1
            }
        }
    }

    /// The end of an `http://` or `https://` address starting at byte `i`: ASCII URL characters only, and
    /// more than the scheme. (`http://` followed by a non-ASCII scalar is no address whatever that scalar is.)
    static func urlEnd(_ s: UnsafeBufferPointer<UInt8>, from i: Int) -> Int? {
        guard s[i] == 0x68, i + 8 <= s.count else { return nil }
        let http: StaticString = "http://", https: StaticString = "https://"
        func at(_ p: StaticString) -> Bool {
            for k in 0..<p.utf8CodeUnitCount where s[i + k] != p.utf8Start[k] { return false }
            return true
        }
        guard at(http) || at(https) else { return nil }
        var j = i
        while j < s.count, s[j] > 0x20, s[j] < 0x80, !isURLStop(s[j]) { j += 1 }
        // Sentence punctuation after an address is not part of it.
        while j > i, isTrailingPunctuation(s[j - 1]) { j -= 1 }
        return j - i > 8 ? j : nil
    }

    /// The bytes `escape` may write otherwise than as they are once past a line's start: the marks it
    /// escapes anywhere, the line break, and `h` (a web address may start there).
    @inline(__always)
    static func mayNeedEscape(_ b: UInt8) -> Bool {
        switch b {
        case 0x5C, 0x60, 0x2A, 0x5F, 0x5B, 0x5D, 0x3C, 0x3E, 0x26, 0x7C, 0x7E, 0x21, 0x0A, 0x68: return true
        default: return false
        }
    }

    /// `<>"'`\\{}|^`
    @inline(__always)
    static func isURLStop(_ b: UInt8) -> Bool {
        switch b { case 0x3C, 0x3E, 0x22, 0x27, 0x60, 0x5C, 0x7B, 0x7D, 0x7C, 0x5E: return true; default: return false }
    }

    /// `.,;:!?)`
    @inline(__always)
    static func isTrailingPunctuation(_ b: UInt8) -> Bool {
        switch b { case 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x29: return true; default: return false }
    }

    static func escapeOrderedListMarkers(_ s: String) -> String {
        guard s.includes(".") || s.includes(")"), mayHaveListMarker(s) else { return s }
        return s.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let digits = line.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, digits.count <= 9 else { return String(line) }
            let rest = line.dropFirst(digits.count)
            guard let mark = rest.first, mark == "." || mark == ")" else { return String(line) }
            return String(digits) + "\\" + String(rest)
        }.joined(separator: "\n")
    }

    /// False when no line starts with 1–9 ASCII digits and `.` or `)`: then `escapeOrderedListMarkers`
    /// changes nothing (its Character-based test is narrower than this byte test, never wider).
    static func mayHaveListMarker(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { mayHaveListMarker($0) }
    }

    static func mayHaveListMarker(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count {
            var j = i
            while j < b.count, b[j] >= 0x30 && b[j] <= 0x39 { j += 1 }
            if j > i, j - i <= 9, j < b.count, b[j] == 0x2E || b[j] == 0x29 { return true }
            // next line
            while j < b.count, b[j] != 0x0A { j += 1 }
            i = j + 1
        }
        return false
    }
}
