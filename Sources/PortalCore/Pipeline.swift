import Foundation

/// The stages end to end: Ingest → Parse → Validate → Build → Render → Output.
public enum Pipeline {
    /// Everything the content folder holds, read, parsed and validated.
    public struct Content: Sendable {
        public var reports: [Report]
        public var skipped: [SkippedSource]
        public var agencies: [Agency]
        public var diagnostics: [Diagnostic]
    }

    /// Reads one source file into a validated report, or says why it cannot be published.
    public static func read(_ file: SourceFile) -> Result<Report, SkippedSource> {
        let location = SourceLocation(file: file.path)
        guard !file.data.isEmpty else {
            return .failure(SkippedSource(source: file.path, reason: "空文件", line: nil))
        }
        let document: SourceDocument
        let form: SourceForm
        if let binary = FormDetection.binaryForm(file.data) {
            form = binary
            switch Readers.read(binary: binary, data: file.data, path: file.path) {
            case .success(let d): document = d
            case .failure(let d): return .failure(SkippedSource(source: file.path, reason: d.message, line: d.location.line))
            }
        } else {
            if file.data.prefix(8192).contains(0) && !(file.data.starts(with: [0xFF, 0xFE]) || file.data.starts(with: [0xFE, 0xFF])) {
                return .failure(SkippedSource(source: file.path, reason: "二进制文件，不是可读的报告", line: nil))
            }
            guard let (text, _) = TextDecoding.decode(file.data) else {
                return .failure(SkippedSource(source: file.path, reason: "无法识别的文字编码（已尝试 UTF-8、UTF-16、GB18030）", line: nil))
            }
            form = FormDetection.textForm(text)
            switch Readers.read(text: text, form: form, path: file.path) {
            case .success(let d): document = d
            case .failure(let d): return .failure(SkippedSource(source: file.path, reason: d.message, line: d.location.line))
            }
        }
        var report = ReportParser.parse(document, source: file.path, form: form)
        guard report.tablesFound > 0 else {
            return .failure(SkippedSource(source: file.path, agency: report.printedAgency, year: report.year,
                                          reason: "未找到报告的统计表格（表二、表三、表四均缺失）", line: nil))
        }
        for (kind, present) in [("表二（主动公开）", report.activeDisclosure != nil || report.activeDisclosure2019 != nil),
                                ("表三（依申请公开）", report.applications != nil),
                                ("表四（行政复议、行政诉讼）", report.reviewLitigation != nil)] where !present {
            report.diagnostics.append(Diagnostic(.error, .parse, location, "\(kind)缺失"))
        }
        if report.year == nil { report.diagnostics.append(Diagnostic(.warning, .parse, location, "未能确定报告年度")) }
        if report.printedAgency == nil { report.diagnostics.append(Diagnostic(.warning, .parse, location, "未能确定发布机构")) }
        report.checks = ArithmeticRules.check(report)
        return .success(report)
    }

    /// Reads the content folder: reports in parallel (parsing is pure), then agencies.
    public static func load(content: URL, progress: BuildProgressHandler? = nil) -> Content {
        let scan = ContentScanner.scan(content)
        var diagnostics = scan.diagnostics
        var results = [Result<Report, SkippedSource>?](repeating: nil, count: scan.files.count)
        let counter = progress.map { ProgressCounter(total: scan.files.count, handler: $0) }
        results.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: scan.files.count) { i in
                (base + i).pointee = read(scan.files[i])
                counter?.step()
            }
        }
        var reports: [Report] = []
        var skipped: [SkippedSource] = []
        for result in results {
            switch result! {
            case .success(let r): reports.append(r)
            case .failure(let s):
                skipped.append(s)
                diagnostics.append(Diagnostic(.error, .parse, SourceLocation(file: s.source, line: s.line), "未发布：\(s.reason)"))
            }
        }
        for s in scan.diagnostics { skipped.append(SkippedSource(source: s.location.file, reason: s.message, line: s.location.line)) }
        var list = AgencyList()
        for name in ["agencies.yaml", "agencies.yml"] {
            let url = content.appendingPathComponent(name)
            if let text = try? String(contentsOf: url, encoding: .utf8) {
                let (parsed, problems) = AgencyList.parse(text, file: name)
                list = parsed
                diagnostics += problems
                break
            }
        }
        let grouped = AgencyGrouping.group(reports, list: list)
        diagnostics += grouped.diagnostics
        let published = grouped.agencies.flatMap(\.reports)
        return Content(reports: published, skipped: skipped.sorted { $0.source < $1.source },
                       agencies: grouped.agencies, diagnostics: diagnostics)
    }

    /// Every problem to show a user: load-time diagnostics, then each report's own, then rule breaks.
    public static func allDiagnostics(_ content: Content) -> [Diagnostic] {
        var out = content.diagnostics
        for r in content.reports.sorted(by: { $0.source < $1.source }) {
            out += r.diagnostics
            out += r.checks.map { Diagnostic($0.severity, .validate, SourceLocation(file: r.source, line: $0.line), "\($0.message)（\($0.rule)）") }
        }
        return out
    }

    /// Renders the data files of the site.
    public static func renderData(_ content: Content, to sink: OutputSink) throws {
        var recordsBySource: [String: [UInt8]] = [:]
        for r in content.reports {
            var w = JSONWriter(capacity: 16_384)
            ReportJSON.write(r, to: &w)
            recordsBySource[r.source] = w.bytes
        }
        let ordered = content.reports.map { recordsBySource[$0.source]! }
        try sink.write("data/reports.json", DataFiles.reportsJSON(records: ordered, skipped: content.skipped))
        var csv = "\u{FEFF}" + DataFiles.csvHeader
        for r in content.reports { DataFiles.csvRows(r, into: &csv) }
        try sink.write("data/reports.csv", csv)
        try sink.write("data/schema.json", SchemaJSON.document())
        for agency in content.agencies {
            try sink.write("agencies/\(agency.slug)/data.json",
                           DataFiles.agencyJSON(agency, records: agency.reports.map { recordsBySource[$0.source]! }))
        }
    }

    /// The original files, so readers can check the rebuilt tables against what the agency published.
    static func copySources(_ content: Content, from root: URL, to sink: OutputSink) throws {
        for r in content.reports {
            let data = try Data(contentsOf: root.appendingPathComponent(r.source))
            try sink.write(SitePaths.source(r), [UInt8](data))
        }
    }

    public struct Options {
        public var content: URL
        public var output: URL
        public var templates: URL
        public var baseURL: String
        /// Called as reports are parsed and files written (from several threads), for a progress line.
        public var progress: BuildProgressHandler?
        public init(content: URL, output: URL, templates: URL, baseURL: String = "/") {
            self.content = content; self.output = output; self.templates = templates; self.baseURL = baseURL
        }
    }

    public struct Summary {
        public var content: Content
        public var diagnostics: [Diagnostic]
        public var filesWritten: Int
    }

    /// Builds the whole site into a staging folder and swaps it in.
    public static func build(_ options: Options) throws -> Summary {
        let content = load(content: options.content, progress: options.progress)
        let templates = try Templates(directory: options.templates)
        let output = try StagedOutput(output: options.output)
        let counting = CountingSink(output, progress: options.progress)
        do {
            try renderData(content, to: counting)
            try SiteRenderer(content: content, templates: templates, baseURL: options.baseURL).render(to: counting)
            try copySources(content, from: options.content, to: counting)
            // The placeholder git keeps for the output folder.
            try counting.write(".gitkeep", [])
            try output.commit()
        } catch {
            output.abandon()
            throw error
        }
        return Summary(content: content, diagnostics: allDiagnostics(content), filesWritten: counting.count)
    }
}

/// Counts what passes through to another sink.
final class CountingSink: OutputSink {
    let inner: OutputSink
    let progress: BuildProgressHandler?
    private let lock = NSLock()
    private(set) var count = 0
    init(_ inner: OutputSink, progress: BuildProgressHandler? = nil) { self.inner = inner; self.progress = progress }
    func write(_ path: String, _ bytes: [UInt8]) throws {
        try inner.write(path, bytes)
        lock.lock(); count += 1; let n = count; lock.unlock()
        progress?(.written(files: n))
    }
}

/// The readers of each physical form.
public enum Readers {
    public static func read(text: String, form: SourceForm, path: String) -> Result<SourceDocument, Diagnostic> {
        switch form {
        case .wordText: return .success(WordTextReader.read(text))
        case .markdown: return .success(MarkdownReader.read(text))
        case .html, .flattened, .docx, .pdf:
            return .failure(Diagnostic(.error, .parse, SourceLocation(file: path), "\(form.rawValue) 形式暂不支持读取"))
        }
    }

    public static func read(binary form: SourceForm, data: Data, path: String) -> Result<SourceDocument, Diagnostic> {
        .failure(Diagnostic(.error, .parse, SourceLocation(file: path), "\(form.rawValue) 形式暂不支持读取"))
    }
}
