/// Crawler text in which a page's tables lost their cell boundaries: `行政许可2629…一、本年新收政府信息公开
/// 申请数量801000081二、上年结转…`. Labels are known words, so rows are found by label; the numbers of a
/// row are glued together and are never split by guesswork. A row is read only when its digits can be
/// cut into the row's cells one way alone — because there is only one way (`0000000`, a single value
/// cell), or because exactly one way satisfies every arithmetic rule that applies (row sums, the group
/// totals of table 四, the column totals and balance of table 三). Otherwise its cells are null and a
/// diagnostic gives the digits and why; every row recovered by a rule carries a notice saying so.
///
/// The whole body is one line, so every block and diagnostic points at that line. A blank cell leaves no
/// trace in glued text, so the reader assumes that a row with digits has no blank cells (the format asks
/// for a number in every cell); a row with a blank will usually satisfy no rule and stay null.
public enum FlattenedReader {
    public static func read(_ text: String, path: String) -> SourceDocument {
        var state = State(path: path)
        let lines = sourceLines(text)
        var bodyStart = 0
        // The crawler's header (标题: …, 发布时间: …) down to its `==== 正文 ====` rule: only the title is
        // the report's; the rest is the crawler's record of where it found the page.
        if let rule = lines.prefix(40).firstIndex(where: { $0.includes("正文") && $0.includes("==") }) {
            for (i, line) in lines[..<rule].enumerated() {
                if let title = headerValue(line, key: "标题") {
                    state.blocks.append(.text(TextBlock(text: title, line: i + 1, isHeading: true)))
                }
            }
            bodyStart = rule + 1
        }
        for index in bodyStart..<lines.count {
            let line = lines[index]
            if TextNormalization.isBlank(String(line)) { continue }
            if isGlued(line) {
                state.readGlued(Array(line.unicodeScalars), line: index + 1)
            } else {
                state.blocks.append(.text(TextBlock(text: String(line), line: index + 1)))
            }
        }
        return SourceDocument(blocks: state.blocks, diagnostics: state.diagnostics)
    }

    static func headerValue(_ line: Substring, key: String) -> String? {
        let t = TextNormalization.trimmed(String(line))
        guard t.hasPrefix(key) else { return nil }
        let rest = t.dropFirst(key.count).drop { $0 == ":" || $0 == "：" || $0 == " " }
        return rest.isEmpty ? nil : String(rest)
    }

    /// A line that holds a table's labels and numbers run together.
    static func isGlued(_ line: Substring) -> Bool {
        FormDetection.isGluedTableLine(line)
    }

    // MARK: Scalars

    static let numerals = Array("一二三四五六七八九十".unicodeScalars)

    static func isDigit(_ u: Unicode.Scalar) -> Bool { u.isASCIIDigit || (0xFF10...0xFF19).contains(u.value) }
    static func isPoint(_ u: Unicode.Scalar) -> Bool { u == "." || u == "．" }

    static func string(_ s: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(s)) }

    static func find(_ word: String, in s: ArraySlice<Unicode.Scalar>) -> Int? {
        let w = Array(word.unicodeScalars)
        guard let first = w.first, s.count >= w.count else { return nil }
        var i = s.startIndex
        while i <= s.endIndex - w.count {
            if s[i] == first && s[i..<(i + w.count)].elementsEqual(w) { return i }
            i += 1
        }
        return nil
    }

    // MARK: Runs of label text and of digits

    struct Run {
        var text: String
        var isDigits: Bool
    }

    /// Splits table text into alternating label and digit runs. A list number glued to the digits before
    /// it (`…00000002.其他法律…`) belongs to the label after it: the template numbers its rows 1 to 8.
    static func runs(_ s: ArraySlice<Unicode.Scalar>) -> [Run] {
        var out: [Run] = []
        var i = s.startIndex
        while i < s.endIndex {
            let start = i
            if isDigit(s[i]) {
                var end = i + 1
                while end < s.endIndex {
                    if isDigit(s[end]) { end += 1; continue }
                    // A decimal point or a space is part of the run only between digits.
                    if (isPoint(s[end]) || TextNormalization.isSpace(s[end])), end + 1 < s.endIndex, isDigit(s[end + 1]) {
                        end += 2; continue
                    }
                    break
                }
                out.append(Run(text: string(s[start..<end]), isDigits: true))
                i = end
            } else {
                var end = i + 1
                while end < s.endIndex, !isDigit(s[end]) { end += 1 }
                out.append(Run(text: string(s[start..<end]), isDigits: false))
                i = end
            }
        }
        // Move list numbers (`2` of `2.其他法律`) from the digits to their label.
        var k = 0
        while k + 1 < out.count {
            if out[k].isDigits, !out[k + 1].isDigits, let mark = out[k + 1].text.unicodeScalars.first,
               isPoint(mark) || mark == "、" {
                let number = out[k].text.unicodeScalars.last!
                out[k].text = string(Array(out[k].text.unicodeScalars).dropLast()[...])
                out[k + 1].text = String(Character(number)) + out[k + 1].text
                if out[k].text.isEmpty {
                    out.remove(at: k)
                    if k > 0, !out[k - 1].isDigits {
                        out[k - 1].text += out[k].text
                        out.remove(at: k)
                        k -= 1
                    }
                    continue
                }
            }
            k += 1
        }
        return out
    }

    // MARK: State

    struct State {
        let path: String
        var blocks: [Block] = []
        var diagnostics: [Diagnostic] = []
        var line = 0

        init(path: String) { self.path = path }

        var location: SourceLocation { SourceLocation(file: path, line: line) }

        mutating func notice(_ message: String) { diagnostics.append(Diagnostic(.notice, .parse, location, message)) }
        mutating func warning(_ message: String) { diagnostics.append(Diagnostic(.warning, .parse, location, message)) }

        mutating func readGlued(_ s: [Unicode.Scalar], line: Int) {
            self.line = line
            let headings = sectionHeadings(s)
            if headings.isEmpty {
                // A table on a line of its own, its heading on the line before: known by its words.
                let text = String(String.UnicodeScalarView(s))
                let key: SectionKey = text.includes("本年新收") || text.includes("申请人情况") ? .applications
                    : text.includes("第二十条") ? .activeDisclosure : .reviewLitigation
                tableSection(key, s[...])
                return
            }
            if !headings.contains(where: { [.activeDisclosure, .applications, .reviewLitigation].contains($0.key) }) {
                warning("抓取文本中未找到表二、表三、表四的标题，粘连的表格未读入")
            }
            prose(s[0..<(headings.first?.start ?? s.count)])
            for (n, h) in headings.enumerated() {
                blocks.append(.text(TextBlock(text: FlattenedReader.string(s[h.start..<h.end]), line: line, isHeading: true)))
                let content = s[h.end..<(n + 1 < headings.count ? headings[n + 1].start : s.count)]
                switch h.key {
                case .activeDisclosure: tableSection(.activeDisclosure, content)
                case .applications: tableSection(.applications, content)
                case .reviewLitigation: tableSection(.reviewLitigation, content)
                default: prose(content)
                }
            }
        }

        /// The six section headings in order, each up to its closing 情况/事项.
        func sectionHeadings(_ s: [Unicode.Scalar]) -> [(key: SectionKey, start: Int, end: Int)] {
            var found: [(key: SectionKey, start: Int, end: Int)] = []
            var from = 0
            for (n, key) in SectionKey.allCases.enumerated() {
                var i = from
                while i + 1 < s.count {
                    if s[i] == FlattenedReader.numerals[n], s[i + 1] == "、" || FlattenedReader.isPoint(s[i + 1]),
                       let end = headingEnd(s, from: i),
                       !s[i..<end].contains(where: FlattenedReader.isDigit),
                       SectionHeadings.match(FlattenedReader.string(s[i..<end])) == key {
                        found.append((key, i, end))
                        from = end
                        break
                    }
                    i += 1
                }
            }
            return found
        }

        func headingEnd(_ s: [Unicode.Scalar], from i: Int) -> Int? {
            var j = i + 2
            while j + 1 < min(s.count, i + 42) {
                if (s[j] == "情" && s[j + 1] == "况") || (s[j] == "事" && s[j + 1] == "项") { return j + 2 }
                j += 1
            }
            return nil
        }

        /// Running text, cut into paragraphs where a numbered part begins (`。（二）依申请公开…`).
        mutating func prose(_ s: ArraySlice<Unicode.Scalar>) {
            var start = s.startIndex
            var i = s.startIndex
            while i + 2 < s.endIndex {
                let opens = s[i] == "（" || s[i] == "("
                if opens, FlattenedReader.numerals.contains(s[i + 1]), s[i + 2] == "）" || s[i + 2] == ")",
                   i == s.startIndex || "。；; ".unicodeScalars.contains(s[i - 1]) || TextNormalization.isSpace(s[i - 1]), i > start {
                    paragraph(s[start..<i])
                    start = i
                }
                i += 1
            }
            paragraph(s[start..<s.endIndex])
        }

        mutating func paragraph(_ s: ArraySlice<Unicode.Scalar>) {
            let text = TextNormalization.trimmed(FlattenedReader.string(s))
            if !text.isEmpty { blocks.append(.text(TextBlock(text: text, line: line))) }
        }

        // MARK: Tables

        static let tableStarts: [SectionKey: [String]] = [
            .activeDisclosure: ["第二十条", "信息内容"],
            .applications: ["（本列数据", "(本列数据", "本列数据", "申请人情况", "自然人"],
            .reviewLitigation: ["行政复议"],
        ]

        mutating func tableSection(_ key: SectionKey, _ content: ArraySlice<Unicode.Scalar>) {
            let starts = (Self.tableStarts[key] ?? []).compactMap { FlattenedReader.find($0, in: content) }
            guard let start = starts.min() else {
                prose(content)
                if content.contains(where: FlattenedReader.isDigit) {
                    warning("\(Self.tableName(key))：抓取文本中未找到表头，表格未读入")
                }
                return
            }
            prose(content[content.startIndex..<start])
            let runs = FlattenedReader.runs(content[start...])
            let rest: ArraySlice<Run>
            switch key {
            case .activeDisclosure: rest = disclosure(runs[...])
            case .applications: rest = applications(runs[...])
            default: rest = review(runs[...])
            }
            // Text after the table's last row is the section's prose again.
            let after = rest.map(\.text).joined()
            if !TextNormalization.isBlank(after) { prose(Array(after.unicodeScalars)[...]) }
        }

        static func tableName(_ key: SectionKey) -> String {
            switch key {
            case .activeDisclosure: return "表二（主动公开）"
            case .applications: return "表三（依申请公开）"
            default: return "表四（行政复议、行政诉讼）"
            }
        }

        static func show(_ values: [Double]) -> String {
            values.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int64($0)) : String($0) }.joined(separator: " | ")
        }

        static func cellText(_ v: Double) -> String { show([v]) }

        // Table 二

        struct DisclosureSpec {
            var surfaces: [String]
            var cells: Int
            var decimalCells: Set<Int> = []
        }

        static let disclosure2021: [DisclosureSpec] = [
            .init(surfaces: ["规章"], cells: 3),
            .init(surfaces: ["行政规范性文件", "规范性文件"], cells: 3),
            .init(surfaces: ["行政许可"], cells: 1),
            .init(surfaces: ["行政处罚"], cells: 1),
            .init(surfaces: ["行政强制"], cells: 1),
            .init(surfaces: ["行政事业性收费", "收费"], cells: 1, decimalCells: [0]),
        ]

        static let disclosure2019: [DisclosureSpec] = [
            .init(surfaces: ["规章"], cells: 3),
            .init(surfaces: ["规范性文件"], cells: 3),
            .init(surfaces: ["行政许可"], cells: 3),
            .init(surfaces: ["其他对外管理服务事项"], cells: 3),
            .init(surfaces: ["行政处罚"], cells: 3),
            .init(surfaces: ["行政强制"], cells: 3),
            .init(surfaces: ["行政事业性收费"], cells: 2),
            .init(surfaces: ["政府集中采购"], cells: 2, decimalCells: [1]),
        ]

        /// Table 二 has no arithmetic rules: a row is read only when its digits split one way alone.
        mutating func disclosure(_ runs: ArraySlice<Run>) -> ArraySlice<Run> {
            let text = TextNormalization.labelKey(runs.map(\.text).joined())
            let is2019 = text.includes("新制作数量") || text.includes("上一年项目数量") || text.includes("政府集中采购")
            let specs = is2019 ? Self.disclosure2019 : Self.disclosure2021
            var rows: [SourceRow] = []
            var seen = Set<Int>()
            var k = runs.startIndex
            while k < runs.endIndex, seen.count < specs.count {
                let run = runs[k]
                k += 1
                guard !run.isDigits else {
                    warning("表二（主动公开）：数字「\(run.text)」前没有可识别的行名，未读入")
                    continue
                }
                let label = TextNormalization.trimmed(run.text)
                let digits = k < runs.endIndex && runs[k].isDigits ? runs[k].text : nil
                guard let (index, surface) = specs.enumerated().lazy.compactMap({ (i, spec) -> (Int, String)? in
                    guard !seen.contains(i), let s = spec.surfaces.first(where: { label.hasSuffix($0) }) else { return nil }
                    return (i, s)
                }).first else {
                    rows.append(SourceRow(cells: [SourceCell(text: label, line: line)], line: line))
                    if let d = digits {
                        warning("表二（主动公开）：「\(label.suffix(20))」后的数字「\(d)」不属于可识别的行，未读入")
                        k += 1
                    }
                    continue
                }
                if digits != nil { k += 1 }
                seen.insert(index)
                let spec = specs[index]
                let header = String(label.dropLast(surface.count))
                if !TextNormalization.isBlank(header) { rows.append(SourceRow(cells: [SourceCell(text: header, line: line)], line: line)) }
                var cells = [SourceCell(text: surface, line: line)]
                cells += disclosureValues(surface, digits, spec).map { SourceCell(text: $0, line: line) }
                rows.append(SourceRow(cells: cells, line: line))
            }
            if !rows.isEmpty { blocks.append(.table(SourceTable(rows: rows, line: line))) }
            return runs[k...]
        }

        mutating func disclosureValues(_ label: String, _ digits: String?, _ spec: DisclosureSpec) -> [String] {
            let blank = Array(repeating: "", count: spec.cells)
            guard let digits else { return blank }
            guard let splitter = DigitSplitter(digits) else { return blank }
            var s = splitter
            s.limit = 3
            let ways = s.splits(count: spec.cells, decimal: { spec.decimalCells.contains($0) }).splits
            if ways.count == 1 { return ways[0].map(Self.cellText) }
            if ways.isEmpty {
                warning("表二（主动公开）「\(label)」：抓取文本中的数字「\(digits)」不能读成 \(spec.cells) 个数（数不以 0 开头）；该行记为空")
            } else {
                warning("表二（主动公开）「\(label)」：抓取文本中 \(spec.cells) 个单元格的数字粘连为「\(digits)」，"
                    + "可拆成\(ways.count > 2 ? "多" : " \(ways.count) ")种（如 \(Self.show(ways[0])) 或 \(Self.show(ways[1]))），表二没有可用于判断的算术规则；该行记为空")
            }
            return blank
        }

        // Table 四

        /// Fifteen numbers in one run; each group's total must equal its four outcomes.
        mutating func review(_ runs: ArraySlice<Run>) -> ArraySlice<Run> {
            var k = runs.startIndex
            var header = ""
            while k < runs.endIndex, !runs[k].isDigits { header += runs[k].text; k += 1 }
            var rows = [SourceRow(cells: [SourceCell(text: header, line: line)], line: line)]
            let count = ReviewGroup.allCases.count * ReviewOutcome.allCases.count
            var values = Array(repeating: "", count: count)
            if k < runs.endIndex, let splitter = DigitSplitter(runs[k].text) {
                let digits = runs[k].text
                k += 1
                let groupRule: ([Double]) -> Bool = { parts in
                    guard parts.count % 5 == 0 else { return true }
                    let g = parts.suffix(5)
                    return g.prefix(4).reduce(0, +) == g.last!
                }
                let ways = splitter.waysToSplit(count: count)
                let byRule = splitter.splits(count: count, check: groupRule)
                if ways == 1, let only = splitter.splits(count: count).splits.first {
                    values = only.map(Self.cellText)
                } else if byRule.complete, byRule.splits.count == 1 {
                    values = byRule.splits[0].map(Self.cellText)
                    notice("表四：抓取文本中 15 个数字粘连为「\(digits)」，只有一种拆分满足各组“总计 = 四项之和”，读作 \(Self.show(byRule.splits[0]))")
                } else if ways == 0 {
                    warning("表四：抓取文本中的数字「\(digits)」不能读成 15 个数；表四记为空")
                } else {
                    warning("表四：抓取文本中 15 个数字粘连为「\(digits)」，满足各组总计的拆分有 \(byRule.complete ? "\(byRule.splits.count)" : "过多") 种，无法确定；表四记为空")
                }
            } else {
                warning("表四：抓取文本中没有表四的数字；表四记为空")
            }
            rows.append(SourceRow(cells: values.map { SourceCell(text: $0, line: line) }, line: line))
            blocks.append(.table(SourceTable(rows: rows, line: line)))
            return runs[k...]
        }

        // Table 三

        struct ApplicationDigits {
            var row: ApplicationRow
            var leaf: String
            var group: String
            var digits: String?
            /// The splits still possible; one means read, none means null.
            var candidates: [[Double]] = []
            var grammarUnique = false
            var reason: String?
        }

        mutating func applications(_ runs: ArraySlice<Run>) -> ArraySlice<Run> {
            let text = TextNormalization.labelKey(runs.map(\.text).joined())
            let format: ReportFormat = text.includes("逾期不补正") || text.includes("缴纳费用") || !text.includes("其他处理") ? .v2021 : .v2019
            let candidates = ApplicationRow.rows(for: format)
            var found: [ApplicationDigits] = []
            var headerRows: [Int: [String]] = [:]  // before the found row at this index
            var cursor = 0
            var k = runs.startIndex
            while k < runs.endIndex, cursor < candidates.count {
                let run = runs[k]
                k += 1
                guard !run.isDigits else {
                    warning("表三（依申请公开）：数字「\(run.text)」前没有可识别的行名，未读入")
                    continue
                }
                let digits = k < runs.endIndex && runs[k].isDigits ? runs[k].text : nil
                guard let match = Self.matchRow(run.text, candidates: candidates, from: cursor) else {
                    headerRows[found.count, default: []].append(run.text)
                    if let d = digits {
                        warning("表三（依申请公开）：「\(TextNormalization.trimmed(run.text).suffix(24))」后的数字「\(d)」不属于可识别的行，未读入")
                        k += 1
                    }
                    continue
                }
                if digits != nil { k += 1 }
                cursor = match.index + 1
                found.append(ApplicationDigits(row: candidates[match.index], leaf: match.leaf, group: match.prefix, digits: digits))
            }
            solve(&found, format: format)

            var rows: [SourceRow] = []
            for (i, f) in found.enumerated() {
                for h in headerRows[i] ?? [] { rows.append(SourceRow(cells: [SourceCell(text: h, line: line)], line: line)) }
                var cells: [SourceCell] = []
                let group = TextNormalization.trimmed(f.group)
                if !group.isEmpty {
                    // The header text before the first row is a row of its own; a group name (（三）不予公开)
                    // is the row's first label cell, as in the printed table.
                    let key = TextNormalization.labelKey(group)
                    if ["自然人", "申请人情况", "商业企业", "法人或其他组织", "本列数据"].contains(where: { key.contains($0) }) {
                        rows.append(SourceRow(cells: [SourceCell(text: group, line: line)], line: line))
                    } else {
                        cells.append(SourceCell(text: group, line: line))
                    }
                }
                cells.append(SourceCell(text: f.leaf, line: line))
                let values = f.candidates.count == 1 ? f.candidates[0].map(Self.cellText) : Array(repeating: "", count: Applicant.allCases.count)
                cells += values.map { SourceCell(text: $0, line: line) }
                rows.append(SourceRow(cells: cells, line: line))
            }
            if !rows.isEmpty { blocks.append(.table(SourceTable(rows: rows, line: line))) }
            summarize(found)
            return runs[k...]
        }

        mutating func summarize(_ found: [ApplicationDigits]) {
            let withDigits = found.filter { $0.digits != nil }
            let certain = withDigits.filter { $0.grammarUnique }.count
            let byRule = withDigits.filter { !$0.grammarUnique && $0.candidates.count == 1 }.count
            let unread = withDigits.filter { $0.candidates.count != 1 }.count
            notice("表三（依申请公开）由粘连的数字读入：\(certain) 行只有一种拆分，\(byRule) 行由算术规则唯一确定，\(unread) 行无法确定（记为空）")
        }

        /// Finds which official row a label run ends with, among the next few in the official order.
        static func matchRow(_ label: String, candidates: [ApplicationRow], from cursor: Int)
            -> (index: Int, leaf: String, prefix: String)? {
            let scalars = Array(label.unicodeScalars)
            // The label key with, for each of its scalars, where it stood in the run.
            var key: [Unicode.Scalar] = []
            var origin: [Int] = []
            for (i, u) in scalars.enumerated() {
                for k in TextNormalization.labelKey(String(u)).unicodeScalars { key.append(k); origin.append(i) }
            }
            let keyString = String(String.UnicodeScalarView(key))
            var best: (index: Int, score: Double, length: Int)?
            for i in cursor..<min(candidates.count, cursor + 6) {
                let official = TableInterpreter.officialKey(candidates[i].label)
                let n = official.unicodeScalars.count
                guard n > 0, key.count >= n else { continue }
                let score: Double
                if keyString.hasSuffix(official) { score = 1 }
                else {
                    let tail = String(String.UnicodeScalarView(key.suffix(n)))
                    score = n <= 2 ? 0 : TableInterpreter.similarity(tail, official)
                }
                if score >= 0.75, score > (best?.score ?? 0) { best = (i, score, n) }
            }
            guard let match = best else { return nil }
            var start = origin[key.count - match.length]
            start = Self.numberingStart(scalars, before: start)
            return (match.index, FlattenedReader.string(scalars[start...]), FlattenedReader.string(scalars[..<start]))
        }

        /// Takes in the list mark before a label: `1.`, `（三）`, `三、`.
        static func numberingStart(_ s: [Unicode.Scalar], before start: Int) -> Int {
            var i = start
            if i >= 2, (FlattenedReader.isPoint(s[i - 1]) || s[i - 1] == "、"), s[i - 2].isASCIIDigit { return i - 2 }
            if i >= 2, s[i - 1] == "、", FlattenedReader.numerals.contains(s[i - 2]) {
                i -= 2
                while i > 0, FlattenedReader.numerals.contains(s[i - 1]) { i -= 1 }
                return i
            }
            if i >= 3, s[i - 1] == "）" || s[i - 1] == ")" {
                var j = i - 2
                while j > 0, FlattenedReader.numerals.contains(s[j]) { j -= 1 }
                if j < i - 2, s[j] == "（" || s[j] == "(" { return j }
            }
            return start
        }

        /// Row sums first, then the column rules across rows for what is still open.
        mutating func solve(_ rows: inout [ApplicationDigits], format: ReportFormat) {
            let count = Applicant.allCases.count
            let rowSum: ([Double]) -> Bool = { parts in
                parts.count < count || parts.prefix(count - 1).reduce(0, +) == parts[count - 1]
            }
            for i in rows.indices {
                guard let digits = rows[i].digits else { continue }
                let label = TextNormalization.joinLines(rows[i].leaf)
                guard let splitter = DigitSplitter(digits) else { rows[i].reason = "不是数字"; continue }
                let ways = splitter.waysToSplit(count: count)
                if ways == 0 {
                    warning("表三「\(label)」：抓取文本中的数字「\(digits)」不能读成 7 个数（数不以 0 开头）；该行记为空")
                    continue
                }
                if ways == 1 {
                    rows[i].candidates = splitter.splits(count: count).splits
                    rows[i].grammarUnique = true
                    continue
                }
                let bySum = splitter.splits(count: count, check: rowSum)
                guard bySum.complete else {
                    warning("表三「\(label)」：抓取文本中的数字「\(digits)」拆分方式过多，无法确定；该行记为空")
                    continue
                }
                if bySum.splits.isEmpty {
                    warning("表三「\(label)」：抓取文本中的数字「\(digits)」没有一种拆分满足行合计（六类申请人之和等于总计）；该行记为空")
                }
                rows[i].candidates = bySum.splits
            }
            solveColumns(&rows, format: format)
            for i in rows.indices where rows[i].digits != nil && !rows[i].grammarUnique {
                let label = TextNormalization.joinLines(rows[i].leaf)
                let digits = rows[i].digits!
                if rows[i].candidates.count == 1 {
                    let rule = rows[i].reason ?? "行合计（六类申请人之和等于总计）"
                    notice("表三「\(label)」：抓取文本中 7 个单元格的数字粘连为「\(digits)」，只有一种拆分满足\(rule)，读作 \(Self.show(rows[i].candidates[0]))")
                } else if rows[i].candidates.count > 1 {
                    let c = rows[i].candidates
                    warning("表三「\(label)」：抓取文本中 7 个单元格的数字粘连为「\(digits)」，有 \(c.count) 种拆分都满足能用的算术规则（如 \(Self.show(c[0])) 或 \(Self.show(c[1]))），无法确定；该行记为空")
                }
            }
        }

        /// Rule 2 (results total) and rule 3 (balance), where every row they involve has digits: the rows
        /// still open are read when all assignments that satisfy both rules agree on them. When no
        /// assignment does, the rules cannot be trusted here (the report may break them itself), so rows
        /// that only a rule decided are left null too.
        mutating func solveColumns(_ rows: inout [ApplicationDigits], format: ReportFormat) {
            var index: [ApplicationRow: Int] = [:]
            for (i, r) in rows.enumerated() where !r.candidates.isEmpty { index[r.row] = i }
            let items = ApplicationRow.resultItems(for: format)
            var rules: [(plus: [Int], minus: [Int], name: String)] = []
            if let total = index[.resultsTotal], items.allSatisfy({ index[$0] != nil }) {
                rules.append((items.map { index[$0]! }, [total], "列合计（办理结果各项之和等于总计）"))
            }
            if let n = index[.newReceived], let c = index[.carriedOver], let t = index[.resultsTotal], let f = index[.carriedForward] {
                rules.append(([n, c], [t, f], "结转平衡（新收加上年结转等于办理结果总计加结转下年）"))
            }
            let open = rows.indices.filter { rows[$0].candidates.count > 1 }
            let involved = Set(rules.flatMap { $0.plus + $0.minus })
            let variables = open.filter { involved.contains($0) }
            let ruleDecided = rows.indices.filter { rows[$0].candidates.count == 1 && !rows[$0].grammarUnique && involved.contains($0) }
            guard !rules.isEmpty else { return }
            var combinations = 1
            for v in variables { combinations = combinations.multipliedReportingOverflow(by: rows[v].candidates.count).partialValue }
            guard combinations <= 200_000, combinations > 0 else {
                for v in variables { rows[v].reason = nil }
                return
            }
            var choice = Dictionary(uniqueKeysWithValues: variables.map { ($0, 0) })
            var agreed: [Int: Set<Int>] = [:]
            var satisfying = 0
            func value(_ row: Int, _ column: Int) -> Double {
                rows[row].candidates[choice[row] ?? 0][column]
            }
            func holds() -> Bool {
                for rule in rules {
                    for column in 0..<Applicant.allCases.count {
                        let plus = rule.plus.reduce(0) { $0 + value($1, column) }
                        let minus = rule.minus.reduce(0) { $0 + value($1, column) }
                        if plus != minus { return false }
                    }
                }
                return true
            }
            func walk(_ n: Int) {
                if n == variables.count {
                    if holds() {
                        satisfying += 1
                        for v in variables { agreed[v, default: []].insert(choice[v]!) }
                    }
                    return
                }
                for c in rows[variables[n]].candidates.indices {
                    choice[variables[n]] = c
                    walk(n + 1)
                }
            }
            walk(0)
            let names = rules.map(\.name).joined(separator: "与")
            if satisfying == 0 {
                for i in ruleDecided + variables {
                    warning("表三「\(TextNormalization.joinLines(rows[i].leaf))」：抓取文本中的数字「\(rows[i].digits ?? "")」无论怎样拆分，\(names)都不能同时成立（原表可能本身有误），由规则确定的拆分不予采用；该行记为空")
                    rows[i].candidates = []
                }
                return
            }
            for v in variables {
                let set = agreed[v] ?? []
                if set.count == 1 {
                    rows[v].candidates = [rows[v].candidates[set.first!]]
                    rows[v].reason = "行合计与\(names)"
                } else {
                    rows[v].candidates = set.sorted().map { rows[v].candidates[$0] }
                }
            }
            for i in ruleDecided { rows[i].reason = "行合计，且与\(names)相符" }
        }
    }
}
