/// What every physical form (Word text, Markdown, HTML, .docx, PDF) is read into before the report is
/// interpreted: paragraphs and tables in reading order, each with the line it came from.
/// The interpreter (ReportParser) sees only this, so a new form needs only a reader.
public struct SourceDocument: Sendable, Equatable {
    public var blocks: [Block]
    /// What the reader could not read with certainty (cells left null and why) or recovered by rule;
    /// the pipeline puts these in front of the report's own diagnostics.
    public var diagnostics: [Diagnostic]
    public init(blocks: [Block] = [], diagnostics: [Diagnostic] = []) { self.blocks = blocks; self.diagnostics = diagnostics }
}

public enum Block: Sendable, Equatable {
    case text(TextBlock)
    case table(SourceTable)
}

public struct TextBlock: Sendable, Equatable {
    public var text: String
    public var line: Int
    /// A Markdown `#` heading, an HTML `<h1>`…, or a bold paragraph: a hint, not a requirement.
    public var isHeading: Bool
    /// Prose that is already Markdown (from a Markdown source) rather than plain text.
    public var isMarkdown: Bool
    public init(text: String, line: Int, isHeading: Bool = false, isMarkdown: Bool = false) {
        self.text = text; self.line = line; self.isHeading = isHeading; self.isMarkdown = isMarkdown
    }
}

public struct SourceTable: Sendable, Equatable {
    public var rows: [SourceRow]
    public var line: Int
    public init(rows: [SourceRow], line: Int) { self.rows = rows; self.line = line }
}

public struct SourceRow: Sendable, Equatable {
    public var cells: [SourceCell]
    public var line: Int
    public init(cells: [SourceCell], line: Int) { self.cells = cells; self.line = line }
}

public struct SourceCell: Sendable, Equatable {
    public var text: String
    public var line: Int
    /// True for the grid positions a `rowspan`/`colspan`/`vMerge` covers after the first: they repeat no value.
    public var isSpanned: Bool
    public init(text: String, line: Int, isSpanned: Bool = false) {
        self.text = text; self.line = line; self.isSpanned = isSpanned
    }
}
