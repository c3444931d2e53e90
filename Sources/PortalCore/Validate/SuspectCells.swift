/// Locates the one cell most likely to be wrong when a row of table 三 and a column of it break their
/// sums by the same amount: if only cell (r, c) were mistyped, row r's rule 1 and column c's rule 2 (or
/// rule 3) would both be off by exactly that cell's error. The cell is named on both checks.
public enum SuspectCells {
    /// The error a single wrong cell would carry, as each broken rule sees it. A rule's residual is
    /// `expected − found`; a cell on the "found" side of a rule (a total, or the outflow of rule 3)
    /// moves the residual the other way, hence the sign.
    public static func annotate(_ checks: [Check], applications a: Applications, format: ReportFormat) -> [Check] {
        // Nothing to locate without both a broken row and a broken column (most reports): said before the
        // lookup tables below are built.
        guard checks.contains(where: { $0.rule == ArithmeticRules.rowSum }),
              checks.contains(where: { $0.rule == ArithmeticRules.resultTotal || $0.rule == ArithmeticRules.balance }) else {
            return checks
        }
        let rows = ApplicationRow.rows(for: format)
        let resultItems = Set(ApplicationRow.resultItems(for: format))
        var rowOf: [String: ApplicationRow] = [:]
        var columnOf: [String: Applicant] = [:]
        for row in rows {
            rowOf[ArithmeticRules.cellPath(row, .total)] = row
        }
        for column in Applicant.allCases {
            columnOf[ArithmeticRules.cellPath(.resultsTotal, column)] = column
            columnOf[ArithmeticRules.cellPath(.newReceived, column)] = column
        }

        // Broken rows (rule 1) and broken columns (rules 2 and 3), by check index.
        var brokenRows: [(index: Int, row: ApplicationRow, residual: Double)] = []
        var brokenColumns: [(index: Int, column: Applicant, rule: String, residual: Double)] = []
        for (i, c) in checks.enumerated() {
            guard let expected = c.expected, let found = c.found else { continue }
            switch c.rule {
            case ArithmeticRules.rowSum:
                if let path = c.cells.last, let row = rowOf[path] { brokenRows.append((i, row, expected - found)) }
            case ArithmeticRules.resultTotal:
                if let path = c.cells.last, let column = columnOf[path] {
                    brokenColumns.append((i, column, c.rule, expected - found))
                }
            case ArithmeticRules.balance:
                if let path = c.cells.first, let column = columnOf[path] {
                    brokenColumns.append((i, column, c.rule, expected - found))
                }
            default: continue
            }
        }
        guard !brokenRows.isEmpty, !brokenColumns.isEmpty else { return checks }

        // Candidate cells per check; a check gets a suspect only when exactly one cell explains it.
        var candidates: [Int: Set<Int>] = [:]   // check index → cell keys (row * 16 + column)
        var errorOf: [Int: Double] = [:]        // cell key → the error it would carry
        for r in brokenRows {
            for column in Applicant.allCases {
                let rowError = column == .total ? -r.residual : r.residual
                for col in brokenColumns where col.column == column {
                    let columnError: Double?
                    switch col.rule {
                    case ArithmeticRules.resultTotal:
                        if r.row == .resultsTotal { columnError = -col.residual }
                        else if resultItems.contains(r.row) { columnError = col.residual }
                        else { columnError = nil }
                    default: // balance: newReceived + carriedOver = resultsTotal + carriedForward
                        switch r.row {
                        case .newReceived, .carriedOver: columnError = col.residual
                        case .resultsTotal, .carriedForward: columnError = -col.residual
                        default: columnError = nil
                        }
                    }
                    guard let columnError, columnError == rowError, rowError != 0,
                          a[r.row, column] != nil else { continue }
                    let key = r.row.rawValue * 16 + column.rawValue
                    candidates[r.index, default: []].insert(key)
                    candidates[col.index, default: []].insert(key)
                    errorOf[key] = rowError
                }
            }
        }

        var out = checks
        for (index, cells) in candidates where cells.count == 1 {
            let key = cells.first!
            let row = ApplicationRow(rawValue: key / 16)!
            let column = Applicant(rawValue: key % 16)!
            let path = ArithmeticRules.cellPath(row, column)
            out[index].suspect = path
            let error = errorOf[key]!
            let written = a[row, column].map(formatNumber) ?? ""
            out[index].message += "；行与栏的差额相同（\(formatNumber(abs(error)))），最可能有误的是「\(row.label)」行「\(column.label)」栏一格"
                + "（现为 \(written)，若它\(error > 0 ? "多" : "少")写了 \(formatNumber(abs(error)))，两处即都相符）"
        }
        return out
    }
}
