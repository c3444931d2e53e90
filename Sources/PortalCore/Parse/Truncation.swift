/// A file cut short inside a table (a download that stopped, a copy that lost its end): said once, where
/// the file ends, instead of as the missing rows of that table, its half row and each missing table after it.
enum Truncation {
    /// When the document ends inside table 二 or 三 — that table lacks rows, and table 四 and the closing
    /// sections never come — the diagnostics that follow from the cut are replaced by one error at the last
    /// line. Returns true then, so the caller does not list the missing tables again. Cells stay as read:
    /// what is missing is null. A complete table 三 at the end of a file is no cut (table 四 is just missing).
    static func fold(_ report: inout Report, document: SourceDocument, source: String) -> Bool {
        guard report.reviewLitigation == nil, case .table(let table)? = document.blocks.last,
              let kind = TableInterpreter.classify(table), kind != .reviewLitigation,
              let lastRow = table.rows.last else { return false }
        // What the cut explains: the missing rows (said at the table's line) and the cut row's count of
        // cells (at its own line). What is said about the cells that were read stays.
        func followsFromTheCut(_ d: Diagnostic) -> Bool {
            (d.location.line == table.line && (d.message.hasPrefix("表三缺少") || d.message.hasPrefix("表二缺少")))
                || (d.location.line == lastRow.line && (d.message.contains("个数值单元格，应为") || d.message.contains("无法对应 7 栏")))
        }
        guard report.diagnostics.contains(where: followsFromTheCut) else { return false }
        report.diagnostics.removeAll(where: followsFromTheCut)
        let lastLine = lastRow.cells.map(\.line).max() ?? lastRow.line
        let missing: String
        if kind == .applications, let a = report.applications {
            let rows = ApplicationRow.rows(for: report.format).filter { a.line(of: $0) == 0 }.count
            missing = "表三缺少 \(rows) 行、表四及其后的正文"
        } else {
            missing = "表二其余各行、表三、表四及其后的正文"
        }
        report.diagnostics.append(Diagnostic(.error, .parse, SourceLocation(file: source, line: lastLine),
            "文件在第 \(lastLine) 行、\(kind == .activeDisclosure ? "表二" : "表三")之中结束，其后的内容缺失（\(missing)），文件可能不完整；缺失的单元格记为空"))
        return true
    }
}
