/// Turns a `SourceTable` into one of the three official tables. Rows are found by their labels
/// (loosely, and in the official order), never by position alone; values are the cells after the label.
struct TableInterpreter {
    let file: String
    var diagnostics: [Diagnostic] = []
    var rawCells: [String: String] = [:]

    init(file: String) { self.file = file }

    enum Kind { case activeDisclosure, applications, reviewLitigation }

    /// What a table is, from its words: the three official tables share almost none.
    static func classify(_ table: SourceTable) -> Kind? {
        // The keys run together as bytes (a match may span cells, as in the String this was).
        var text: [UInt8] = []
        for row in table.rows.prefix(40) {
            for c in row.cells where !c.isSpanned {
                let before = text.count
                TextNormalization.appendLabelKey(c.text, to: &text)
                // Table 三's words stand in its first rows: said as soon as they are there (a match not
                // found before ends in the new bytes; the longest word is 21 bytes).
                if text.count > before, includesApplicationWords(text, from: max(0, before - 20)) { return .applications }
            }
        }
        // Not table 三: none of its words is anywhere in the text (checked cell by cell above).
        if (text.includes("行政复议") || text.includes("行政诉讼")) && (text.includes("结果维持") || text.includes("尚未审结")) {
            return .reviewLitigation
        }
        if text.includes("第二十条") || text.includes("行政许可") || text.includes("规范性文件") || text.includes("规章") {
            return .activeDisclosure
        }
        return nil
    }

    /// Whether `w` stands in `hay` at byte `i`, its first byte already matched (the scans below switch on it).
    @inline(__always)
    static func continuesWord(_ w: StaticString, at i: Int, in hay: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = w.utf8CodeUnitCount
        guard i + n <= hay.count else { return false }
        for k in 1..<n where hay[i + k] != w.utf8Start[k] { return false }
        return true
    }

    /// 本年新收, 上年结转 or 本年度办理结果 in `text` at or after byte `start`.
    /// One pass over the bytes: 本年新收 and 本年度办理结果 start with 本 (E6 9C AC), 上年结转 with 上 (E4 B8 8A).
    static func includesApplicationWords(_ text: [UInt8], from start: Int) -> Bool {
        text.withUnsafeBufferPointer { hay in
            func word(_ w: StaticString, at i: Int) -> Bool { continuesWord(w, at: i, in: hay) }
            var i = start
            while i + 12 <= hay.count {  // the shorter words are 12 bytes
                switch hay[i] {
                case 0xE6: if word("本年新收", at: i) || word("本年度办理结果", at: i) { return true }
                case 0xE4: if word("上年结转", at: i) { return true }
                default: break
                }
                i += 1
            }
            return false
        }
    }

    /// True when the table is the 2019 template's table 二 (本年新制作数量, 上一年项目数量, 政府集中采购).
    static func isDisclosure2019(_ table: SourceTable) -> Bool {
        var text: [UInt8] = []
        for row in table.rows { for c in row.cells { TextNormalization.appendLabelKey(c.text, to: &text) } }
        return text.includes("新制作数量") || text.includes("上一年项目数量") || text.includes("对外公开总数量")
            || text.includes("政府集中采购")
    }

    // MARK: Rows split into label and values

    struct LabelledRow {
        var labels: [String]
        var values: [SourceCell]
        var line: Int
    }

    /// The label cells are those up to the last cell that is not a value; values follow it.
    static func split(_ row: SourceRow) -> LabelledRow {
        let cells = row.cells.contains(where: \.isSpanned) ? row.cells.filter { !$0.isSpanned } : row.cells
        let lastLabel = cells.lastIndex(where: { !CellValue.looksLikeValue($0.text) })
        var labels: [String] = []
        if let last = lastLabel {
            labels.reserveCapacity(last + 1)
            for cell in cells[...last] {
                let label = TextNormalization.joinLines(cell.text)
                if !TextNormalization.isBlank(label) { labels.append(label) }
            }
        }
        let values = lastLabel.map { Array(cells[($0 + 1)...]) } ?? cells
        return LabelledRow(labels: labels, values: values, line: row.line)
    }

    /// `split(row)` without making its labels Strings: the row's cells (less the spanned positions) and the
    /// index of its last label cell, nil when it has none. A label's key is the key of its cell's text
    /// (joining lines only drops spaces and line breaks, which the key drops too); the last label is never
    /// blank (a blank looks like a value), and the blank cells before it key to nothing.
    static func cellsAndLeaf(_ row: SourceRow) -> (cells: [SourceCell], leaf: Int?) {
        let cells = row.cells.contains(where: \.isSpanned) ? row.cells.filter { !$0.isSpanned } : row.cells
        return (cells, cells.lastIndex(where: { !CellValue.looksLikeValue($0.text) }))
    }

    /// Blank cells at the edges come from merged label columns and trailing tabs; they are dropped
    /// only while more cells than expected remain, so a truly blank value keeps its place.
    static func fit(_ values: [SourceCell], to count: Int) -> [SourceCell] {
        var v = values
        while v.count > count, let last = v.last, TextNormalization.isBlank(last.text) { v.removeLast() }
        while v.count > count, let first = v.first, TextNormalization.isBlank(first.text) { v.removeFirst() }
        return v
    }

    /// The cells of a row as a message shows them: the first ten, each cut at 20 characters (a message
    /// is printed and published; a row of 256 long cells must not make it a megabyte).
    static func preview(_ cells: [SourceCell]) -> String {
        let shown = cells.prefix(10).map { cell -> String in
            let t = TextNormalization.trimmed(cell.text)
            return t.unicodeScalars.count > 20 ? String(String.UnicodeScalarView(t.unicodeScalars.prefix(20))) + "…" : t
        }
        return shown.joined(separator: " | ") + (cells.count > 10 ? " | …" : "")
    }

    /// Reads one cell into its number, keeping the text of any cell that is more than a plain number.
    /// The path is made only for a cell that keeps its text (most cells are plain numbers).
    mutating func value(_ cell: SourceCell, path makePath: @autoclosure () -> String) -> Double? {
        let v = CellValue.parse(cell.text)
        guard let raw = v.raw else { return v.number }
        let path = makePath()
        rawCells[path] = raw
        if v.number == nil {
            diagnostics.append(Diagnostic(.warning, .parse, SourceLocation(file: file, line: cell.line),
                                          "\(path): 单元格「\(raw)」不含数字，记为空"))
        }
        return v.number
    }

    // MARK: Label matching

    static func similarity(_ found: String, _ official: String) -> Double {
        LabelShape(found).similarity(to: LabelShape(official))
    }

    /// The official row labels' keys as UTF-8 bytes (the text of `officialRowShapes`).
    private static let officialKeyBytes: [[UInt8]] = officialRowShapes.map { Array($0.text.utf8) }

    /// `key[from...]` and `other` hold the same bytes.
    @inline(__always)
    static func sameBytes(_ key: [UInt8], from start: Int, _ other: [UInt8]) -> Bool {
        guard key.count - start == other.count else { return false }
        return key.withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                for k in 0..<b.count where a[start + k] != b[k] { return false }
                return true
            }
        }
    }

    /// `TextNormalization.strippingNumbering` of the key whose UTF-8 bytes are `key`, without making the
    /// whole key a String first.
    static func strippingNumbering(_ key: [UInt8]) -> String {
        String(decoding: key[numberingLength(key)...], as: UTF8.self)
    }

    /// How many bytes of numbering (`TextNormalization.isNumbering` scalars) the key's bytes start with.
    static func numberingLength(_ key: [UInt8]) -> Int {
        key.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count {
                let lead = b[i]
                let width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                guard i + width <= b.count else { break }
                var v = UInt32(lead)
                switch width {
                case 2: v = UInt32(lead & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F)
                case 3: v = UInt32(lead & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
                case 4: v = UInt32(lead & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6 | UInt32(b[i + 3] & 0x3F)
                default: break
                }
                guard let u = Unicode.Scalar(v), TextNormalization.isNumbering(u) else { break }
                i += width
            }
            return i
        }
    }

    static func officialKey(_ label: String) -> String {
        TextNormalization.strippingNumbering(TextNormalization.labelKey(label))
    }

    // MARK: Table 三

    static let headerWords: [StaticString] = ["自然人", "商业企业", "法人或其他组织", "申请人情况", "科研机构"]

    /// `headerWords.contains { key.includes($0) }` in one pass over the key: each word is looked for only
    /// where its first byte stands (自 E8, 商 E5, 法 E6, 申 and 科 E7).
    static func includesHeaderWord(_ key: [UInt8]) -> Bool {
        key.withUnsafeBufferPointer { hay in
            func word(_ w: StaticString, at i: Int) -> Bool { continuesWord(w, at: i, in: hay) }
            var i = 0
            while i + 9 <= hay.count {  // the shortest word is 9 bytes
                switch hay[i] {
                case 0xE8: if word("自然人", at: i) { return true }
                case 0xE5: if word("商业企业", at: i) { return true }
                case 0xE6: if word("法人或其他组织", at: i) { return true }
                case 0xE7: if word("申请人情况", at: i) || word("科研机构", at: i) { return true }
                default: break
                }
                i += 1
            }
            return false
        }
    }
    private static let officialRowShapes: [LabelShape] = ApplicationRow.allCases.map { LabelShape(officialKey($0.label)) }

    mutating func applications(_ table: SourceTable, format: ReportFormat) -> Applications {
        var result = Applications()
        result.line = table.line
        let candidates = ApplicationRow.rows(for: format)
        var cursor = 0
        var seen = [Bool](repeating: false, count: ApplicationRow.allCases.count)  // by rawValue
        // Rows whose cells cannot hold the seven values: said once for the table when they all have the
        // same number of filled cells (a table with extra columns), else row by row.
        var wrongWidth: [(row: ApplicationRow, filled: Int, count: Int, line: Int, values: [SourceCell])] = []
        var matched: [(row: ApplicationRow, values: [SourceCell], labelEnd: Int, line: Int)] = []
        var keyBytes: [UInt8] = []
        for row in table.rows {
            let (cells, leaf) = Self.cellsAndLeaf(row)
            guard let leafIndex = leaf else { continue }
            let values = Array(cells[(leafIndex + 1)...])
            // Each label's key in one reused byte buffer: a row naming a header word is passed over; the
            // buffer then holds the leaf's key (officialKey(leaf) without computing the key twice).
            var isHeader = false
            for k in 0...leafIndex {
                keyBytes.removeAll(keepingCapacity: true)
                TextNormalization.appendLabelKey(cells[k].text, to: &keyBytes)
                if Self.includesHeaderWord(keyBytes) { isHeader = true; break }
            }
            if isHeader { continue }
            // Most rows name the next official row exactly (similarity's own first test, on the key bytes):
            // the key is made a String, and a shape (its sorted scalar pairs), only for the others.
            let numbering = Self.numberingLength(keyBytes)
            var found: LabelShape?
            var best: (index: Int, score: Double)?
            for i in cursor..<candidates.count {
                let s: Double
                if Self.sameBytes(keyBytes, from: numbering, Self.officialKeyBytes[candidates[i].rawValue]) {
                    s = 1
                } else {
                    if found == nil { found = LabelShape(String(decoding: keyBytes[numbering...], as: UTF8.self)) }
                    s = found!.similarity(to: Self.officialRowShapes[candidates[i].rawValue])
                }
                if s >= 0.6, s > (best?.score ?? 0) { best = (i, s) }
                if s == 1 { break }  // nothing later scores more than 1
            }
            guard let match = best else {
                if values.contains(where: { !TextNormalization.isBlank($0.text) }) {
                    let leaf = TextNormalization.joinLines(cells[leafIndex].text)
                    diagnostics.append(Diagnostic(.warning, .parse, SourceLocation(file: file, line: row.line),
                        "表三：未识别的行「\(leaf)」，该行的数字未读入"))
                }
                continue
            }
            let target = candidates[match.index]
            cursor = match.index + 1
            seen[target.rawValue] = true
            result.grid.rowLines[target.rawValue] = Int32(row.line)
            matched.append((target, values, leafIndex + 1, row.line))
        }

        // Where the seven values sit among the cells after the label: blank cells at the edges come from
        // merged label columns and trailing tabs, and a blank value may stand at either edge too. Rows
        // whose values can sit in one place only teach the layout of rows of the same shape (label
        // position, cell count); a row that could be read two ways and has no such example is left blank.
        let width = Applicant.allCases.count
        var learned: [Shape: Int?] = [:]
        let placesOf = matched.map { Self.placements($0.values, width) }  // once per row, for both passes
        for (m, places) in zip(matched, placesOf) {
            guard places.count == 1 else { continue }
            let key = Shape(level: Self.level(m.row), labelEnd: m.labelEnd, count: m.values.count)
            if let known = learned[key], known != places[0] { learned[key] = .some(nil) } else if learned[key] == nil { learned[key] = places[0] }
        }
        for (m, places) in zip(matched, placesOf) {
            let offset: Int
            if places.count == 1 {
                offset = places[0]
            } else if places.isEmpty {
                wrongWidth.append((m.row, m.values.filter { !TextNormalization.isBlank($0.text) }.count, m.values.count, m.line, m.values))
                continue
            } else if let known = learned[Shape(level: Self.level(m.row), labelEnd: m.labelEnd, count: m.values.count)],
                      let l = known, places.contains(l) {
                offset = l
            } else {
                diagnostics.append(Diagnostic(.error, .parse, SourceLocation(file: file, line: m.line),
                    "表三「\(m.row.label)」行的空白单元格使数值可按不同方式对应各栏（\(Self.preview(m.values))），本表没有可参照的行；该行记为空，未作猜测"))
                continue
            }
            for (column, cell) in zip(Applicant.allCases, m.values[offset..<(offset + width)]) {
                result[m.row, column] = value(cell, path: Self.applicationPaths[m.row.rawValue][column.rawValue])
            }
        }
        if wrongWidth.count >= 3, Set(wrongWidth.map(\.filled)).count == 1, let first = wrongWidth.first {
            let lines = wrongWidth.map { String($0.line) }
            diagnostics.append(Diagnostic(.error, .parse, SourceLocation(file: file, line: first.line),
                "表三有 \(wrongWidth.count) 行各有 \(first.filled) 个数值单元格，应为 7 个（表格\(first.filled > 7 ? "多" : "少")了 \(abs(first.filled - 7)) 列，"
                + "第 \(lines.prefix(5).joined(separator: "、"))\(lines.count > 5 ? " 等" : " ")行）；无法确定各列对应的申请人，这些行记为空"))
        } else {
            for w in wrongWidth {
                diagnostics.append(Diagnostic(.error, .parse, SourceLocation(file: file, line: w.line),
                    "表三「\(w.row.label)」行有 \(w.filled) 个非空单元格、\(w.count) 个单元格，无法对应 7 栏（\(Self.preview(w.values))）；该行记为空"))
            }
        }
        let missing = candidates.filter { !seen[$0.rawValue] }
        if !missing.isEmpty {
            diagnostics.append(Diagnostic(.warning, .parse, SourceLocation(file: file, line: table.line),
                "表三缺少 \(missing.count) 行：\(missing.map(\.label).joined(separator: "；"))"))
        }
        return result
    }

    /// `applications.<row path>.<applicant key>` of every cell, built once rather than per cell read.
    static let applicationPaths: [[String]] = ApplicationRow.allCases.map { row in
        Applicant.allCases.map { "applications.\(row.path).\($0.key)" }
    }

    /// A row's layout: its level in the official layout (一、… span three label columns, （一）… two, the
    /// numbered items one), where its label ends and how many cells follow.
    struct Shape: Hashable { var level: Int; var labelEnd: Int; var count: Int }

    static func level(_ row: ApplicationRow) -> Int {
        switch row.group {
        case nil: return 0
        case .results?: return 1
        default: return 2
        }
    }

    /// The offsets at which `width` values can sit among `cells` with every cell outside them blank.
    /// Linear (harden): the offsets are those with only blanks before and after the window, i.e. from
    /// `n - trailing - width` to `leading`; testing each offset against every cell was quadratic in the
    /// cells of a row (a Word-text row has as many cells as tab lines before a blank line).
    static func placements(_ cells: [SourceCell], _ width: Int) -> [Int] {
        guard cells.count >= width else { return [] }
        let blank = cells.map { TextNormalization.isBlank($0.text) }
        let leading = blank.firstIndex(of: false) ?? blank.count
        let trailing = blank.count - 1 - (blank.lastIndex(of: false) ?? -1)
        let low = max(0, cells.count - trailing - width), high = min(leading, cells.count - width)
        return low <= high ? Array(low...high) : []
    }

    // MARK: Table 二

    /// A row of table 二: the words that name it and the cells it holds.
    struct DisclosureRowSpec<Item> {
        var keys: [String]
        var items: [Item]
    }

    static let disclosure2021: [DisclosureRowSpec<DisclosureItem>] = [
        .init(keys: ["规章"], items: [.regulationsIssued, .regulationsRepealed, .regulationsInForce]),
        .init(keys: ["规范性文件"], items: [.normativeIssued, .normativeRepealed, .normativeInForce]),
        .init(keys: ["行政许可"], items: [.licensing]),
        .init(keys: ["行政处罚"], items: [.punishment]),
        .init(keys: ["行政强制"], items: [.coercion]),
        .init(keys: ["行政事业性收费", "收费"], items: [.fees]),
    ]

    static let disclosure2019: [DisclosureRowSpec<Disclosure2019Item>] = [
        .init(keys: ["规章"], items: [.regulationsMade, .regulationsPublished, .regulationsTotalPublic]),
        .init(keys: ["规范性文件"], items: [.normativeMade, .normativePublished, .normativeTotalPublic]),
        .init(keys: ["行政许可"], items: [.licensingPreviousYear, .licensingChange, .licensingDecisions]),
        .init(keys: ["其他对外管理服务事项", "对外管理服务"], items: [.otherServicesPreviousYear, .otherServicesChange, .otherServicesDecisions]),
        .init(keys: ["行政处罚"], items: [.punishmentPreviousYear, .punishmentChange, .punishmentDecisions]),
        .init(keys: ["行政强制"], items: [.coercionPreviousYear, .coercionChange, .coercionDecisions]),
        .init(keys: ["行政事业性收费", "收费"], items: [.feesPreviousYear, .feesChange]),
        .init(keys: ["政府集中采购", "集中采购"], items: [.procurementProjects, .procurementAmount]),
    ]

    /// 第二十条第（一）项 and 信息内容 rows are headers (本年制发件数, 本年收费金额（单位：万元）…).
    static let disclosureHeaderWords: [StaticString] = ["第二十条", "信息内容", "本年", "数量", "单位", "金额", "增/减", "增减"]

    /// The scalars of UTF-8 bytes: the bytes that are not continuation bytes.
    static func scalarCount(_ bytes: [UInt8]) -> Int {
        var n = 0
        for b in bytes where b & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// Reads the labelled rows of table 二 into `grid`; single-value rows keep their first value and say
    /// what extra cells they carried.
    mutating func disclosureRows<Item>(_ table: SourceTable, specs: [DisclosureRowSpec<Item>], prefix: String,
                                       path: (Item) -> String, index: (Item) -> Int, grid: inout NumberGrid) {
        var seen = Set<Int>()
        var key: [UInt8] = [], other: [UInt8] = []
        for row in table.rows {
            // As `split` gives them (see `cellsAndLeaf`), the keys made as bytes in reused buffers.
            let (cells, leafIndex) = Self.cellsAndLeaf(row)
            guard let leafIndex else { continue }
            key.removeAll(keepingCapacity: true)
            TextNormalization.appendLabelKey(cells[leafIndex].text, to: &key)
            // 第二十条第（一）项 and 信息内容 rows are headers (本年制发件数, 本年收费金额（单位：万元）…);
            // the data rows are named by a short noun.
            guard Self.scalarCount(key) <= 14, !Self.disclosureHeaderWords.contains(where: { key.includes($0) }),
                  // The leaf's key passed the test just above (信息内容 is a header word): the others only.
                  !(0..<leafIndex).contains(where: { k in
                      other.removeAll(keepingCapacity: true)
                      TextNormalization.appendLabelKey(cells[k].text, to: &other)
                      return other.includes("信息内容" as StaticString)
                  }) else { continue }
            guard let specIndex = specs.firstIndex(where: { spec in spec.keys.contains(where: { key.includes($0) }) }),
                  !seen.contains(specIndex) else { continue }
            seen.insert(specIndex)
            let spec = specs[specIndex]
            var leaf: String { TextNormalization.joinLines(cells[leafIndex].text) }  // for the messages
            let values = Self.fit(Array(cells[(leafIndex + 1)...]), to: spec.items.count)
            for item in spec.items { grid.rowLines[index(item)] = Int32(row.line) }
            if values.count < spec.items.count {
                diagnostics.append(Diagnostic(.error, .parse, SourceLocation(file: file, line: row.line),
                    "表二「\(leaf)」行有 \(values.count) 个数值单元格，应为 \(spec.items.count) 个；缺少的记为空"))
            } else if values.count > spec.items.count {
                let extra = Array(values[spec.items.count...])
                diagnostics.append(Diagnostic(.warning, .parse, SourceLocation(file: file, line: row.line),
                    "表二「\(leaf)」行在数值后另有 \(extra.count) 个单元格（\(Self.preview(extra))），未读入"))
            }
            for (item, cell) in zip(spec.items, values) {
                grid[index(item), 0] = value(cell, path: "\(prefix).\(path(item))")
            }
        }
        let missing = specs.indices.filter { !seen.contains($0) }.map { specs[$0].keys[0] }
        if !missing.isEmpty {
            diagnostics.append(Diagnostic(.warning, .parse, SourceLocation(file: file, line: table.line),
                "表二缺少：\(missing.joined(separator: "、"))"))
        }
    }

    mutating func activeDisclosure(_ table: SourceTable) -> ActiveDisclosure {
        var result = ActiveDisclosure()
        result.line = table.line
        disclosureRows(table, specs: Self.disclosure2021, prefix: "activeDisclosure",
                       path: \.path, index: \.rawValue, grid: &result.grid)
        return result
    }

    mutating func activeDisclosure2019(_ table: SourceTable) -> ActiveDisclosure2019 {
        var result = ActiveDisclosure2019()
        result.line = table.line
        disclosureRows(table, specs: Self.disclosure2019, prefix: "activeDisclosure2019",
                       path: \.path, index: \.rawValue, grid: &result.grid)
        // The unit is written in the cell (251000元) or in its column header (采购总金额（万元）); never assumed.
        var key: [UInt8] = []
        let header = table.rows.lazy.flatMap(\.cells).map(\.text).first { text in
            key.removeAll(keepingCapacity: true)
            TextNormalization.appendLabelKey(text, to: &key)
            return key.includes("总金额" as StaticString)
        }
        result.procurementAmountUnit = rawCells["activeDisclosure2019.procurement.amount"].flatMap(Self.moneyUnit)
            ?? header.flatMap(Self.moneyUnit)
        if result[.procurementAmount] != nil && result.procurementAmountUnit == nil {
            let line = result.grid.line(ofRow: Disclosure2019Item.procurementAmount.rawValue)
            diagnostics.append(Diagnostic(.warning, .parse, SourceLocation(file: file, line: line == 0 ? table.line : line),
                "表二「政府集中采购·采购总金额」未注明单位（元或万元），单位记为空"))
        }
        return result
    }

    /// 万元 or 元 as a text states it, else nil.
    static func moneyUnit(_ text: String) -> String? {
        text.includes("万") ? "万元" : text.includes("元") ? "元" : nil
    }

    // MARK: Table 四

    /// The fifteen numbers stand in one row after the headers; blank spacer rows are passed over.
    mutating func reviewLitigation(_ table: SourceTable) -> ReviewLitigation {
        var result = ReviewLitigation()
        result.line = table.line
        let count = ReviewGroup.allCases.count * ReviewOutcome.allCases.count
        var rows: [(values: [SourceCell], line: Int)] = []
        for row in table.rows {
            let (cells, leaf) = Self.cellsAndLeaf(row)
            let values = Self.fit(leaf.map { Array(cells[($0 + 1)...]) } ?? cells, to: count)
            if values.count == count { rows.append((values, row.line)) }
        }
        let filled = rows.filter { $0.values.contains(where: { !TextNormalization.isBlank($0.text) }) }
        guard let data = filled.last ?? rows.last else {
            diagnostics.append(Diagnostic(.error, .parse, SourceLocation(file: file, line: table.line),
                "表四：未找到 15 个数值的数据行；表四记为空"))
            return result
        }
        if filled.count > 1 {
            diagnostics.append(Diagnostic(.warning, .parse, SourceLocation(file: file, line: data.line),
                "表四有 \(filled.count) 行各含 15 个数值，读入最后一行（第 \(data.line) 行）"))
        }
        var i = 0
        for group in ReviewGroup.allCases {
            result.grid.rowLines[group.rawValue] = Int32(data.line)
            for outcome in ReviewOutcome.allCases {
                result[group, outcome] = value(data.values[i], path: "reviewLitigation.\(group.key).\(outcome.key)")
                i += 1
            }
        }
        return result
    }
}
