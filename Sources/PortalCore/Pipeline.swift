import Foundation

/// The stages end to end: Ingest → Parse → Validate → Build → Render → Output.
public enum Pipeline {
    /// Everything the content folder holds, read, parsed and validated.
    public struct Content: Sendable {
        public var reports: [Report]
        public var skipped: [SkippedSource]
        public var agencies: [Agency]
        public var diagnostics: [Diagnostic]
        /// Reports as the previous build read them, of the sources whose bytes changed since (for the
        /// search index's update).
        var previous: [String: Report] = [:]
    }

    /// Reads one source file into a validated report, or says why it cannot be published.
    public static func read(_ file: SourceFile, today: CalendarDay = today()) -> Result<Report, SkippedSource> {
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
            if file.data.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
                return .failure(SkippedSource(source: file.path, reason: "Word 97-2003（.doc）等旧式二进制文档无法读取，请另存为 .docx", line: nil))
            }
            if file.data.withUnsafeBytes({ b in b.baseAddress.map { memchr($0, 0, min(b.count, 8192)) != nil } ?? false }) && !(file.data.starts(with: [0xFF, 0xFE]) || file.data.starts(with: [0xFE, 0xFF])) {
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
        report.diagnostics = document.diagnostics + report.diagnostics
        guard report.tablesFound > 0 else {
            return .failure(SkippedSource(source: file.path, agency: report.printedAgency, year: report.year,
                                          reason: "未找到报告的统计表格（表二、表三、表四均缺失）", line: nil))
        }
        // A file that ends inside a table is said so once (harden: Truncation.swift), not table by table.
        let truncated = Truncation.fold(&report, document: document, source: file.path)
        for (kind, present) in [("表二（主动公开）", report.activeDisclosure != nil || report.activeDisclosure2019 != nil),
                                ("表三（依申请公开）", report.applications != nil),
                                ("表四（行政复议、行政诉讼）", report.reviewLitigation != nil)] where !present && !truncated {
            report.diagnostics.append(Diagnostic(.error, .parse, location, "\(kind)缺失"))
        }
        if report.year == nil { report.diagnostics.append(Diagnostic(.warning, .parse, location, "未能确定报告年度")) }
        if report.printedAgency == nil { report.diagnostics.append(Diagnostic(.warning, .parse, location, "未能确定发布机构")) }
        return .success(Audit.audited(report, today: today))
    }

    /// Reads the content folder: reports in parallel (parsing is pure), then agencies.
    public static func load(content: URL, today: CalendarDay = today(), progress: BuildProgressHandler? = nil) -> Content {
        var cache = BuildCache()
        return load(content: content, today: today, cache: &cache, progress: progress)
    }

    /// Reads the content folder, taking from `cache` what did not change (same size and time, or same
    /// bytes) and leaving in it what this build read.
    public static func load(content: URL, today: CalendarDay, cache: inout BuildCache,
                            progress: BuildProgressHandler? = nil, timings: StageTimings = StageTimings()) -> Content {
        let listing = timings.measure("list content") { ContentScanner.list(content) }
        var diagnostics = listing.diagnostics
        let entries = listing.entries
        let previous = cache.entries
        let counter = progress.map { ProgressCounter(total: entries.count, handler: $0) }
        let fresh: [Result<BuildCache.Entry, Diagnostic>] = timings.measure("read, parse, validate") {
            Parallel.map(entries.count) { i in
                defer { counter?.step() }
                let e = entries[i]
                let old = previous[e.path]
                if let old, old.size == e.size, old.modified == e.modified { return .success(old) }
                return ContentScanner.read(e).map { file in
                    let hash = file.data.withUnsafeBytes { Digest.of($0) }  // not Data's byte-by-byte iterator
                    let outcome = old.flatMap { $0.hash == hash && $0.size == e.size ? $0.outcome : nil } ?? read(file, today: today)
                    return BuildCache.Entry(size: e.size, modified: e.modified, hash: hash, outcome: outcome)
                }
            }
        }
        cache.entries = [:]
        var results: [Result<Report, SkippedSource>?] = []
        var unreadable: [Diagnostic] = []
        var replaced: [String: Report] = [:]
        for (e, entry) in zip(entries, fresh) {
            switch entry {
            case .failure(let d): diagnostics.append(d); unreadable.append(d)
            case .success(let entry):
                cache.entries[e.path] = entry
                results.append(entry.outcome)
                if let old = previous[e.path], old.hash != entry.hash, case .success(let report) = old.outcome { replaced[e.path] = report }
            }
        }
        var scanProblems = listing.diagnostics
        scanProblems += unreadable
        var assembled = timings.measure("group agencies, cross-report checks") {
            assemble(results, scanProblems: scanProblems, diagnostics: diagnostics, content: content, slugs: &cache.slugs)
        }
        assembled.previous = replaced
        return assembled
    }

    /// Groups what was read into agencies and attaches the checks that need every report.
    static func assemble(_ results: [Result<Report, SkippedSource>?], scanProblems: [Diagnostic], diagnostics initial: [Diagnostic],
                         content: URL, slugs: inout [String: String]) -> Content {
        var diagnostics = initial
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
        for s in scanProblems { skipped.append(SkippedSource(source: s.location.file, reason: s.message, line: s.location.line)) }
        var list = AgencyList()
        for name in ["agencies.yaml", "agencies.yml"] {
            let url = content.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: url) else { continue }
            // Any encoding a report may use; an unreadable list is an error, never silently ignored.
            if let text = TextDecoding.decode(data)?.text {
                let (parsed, problems) = AgencyList.parse(text, file: name)
                list = parsed
                diagnostics += problems
            } else {
                diagnostics.append(Diagnostic(.error, .ingest, SourceLocation(file: name), "机构名录的文字编码无法识别（已尝试 UTF-8、UTF-16、GB18030），未采用"))
            }
            break
        }
        let grouped = AgencyGrouping.group(reports, list: list, slugs: &slugs)
        diagnostics += grouped.diagnostics
        let agencies = CrossReportChecks.attached(to: grouped.agencies)
        let published = agencies.flatMap(\.reports)
        return Content(reports: published, skipped: skipped.sorted { $0.source < $1.source },
                       agencies: agencies, diagnostics: diagnostics)
    }

    /// The build's date in China (where the reports' years are counted): the one place the clock is read.
    public static func today(_ now: Date = Date()) -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        return CalendarDay(year: c.year ?? 0, month: c.month ?? 1, day: c.day ?? 1)
    }

    /// Every problem to show a user: load-time diagnostics, then each report's own, then rule breaks.
    public static func allDiagnostics(_ content: Content) -> [Diagnostic] {
        var out = content.diagnostics
        // Indices sorted, not Reports: moving a Report retains every field it has.
        for i in content.reports.indices.sorted(by: { content.reports[$0].source < content.reports[$1].source }) {
            let r = content.reports[i]
            out += r.diagnostics
            out += r.checks.map { Diagnostic($0.severity, .validate, SourceLocation(file: r.source, line: $0.line), "\($0.message)（\($0.rule)）") }
        }
        return out
    }

    /// Renders the data files of the site. The whole-dataset files are streamed: agencies are taken a
    /// batch at a time, their records, data.json files and CSV rows made in parallel and appended in order.
    /// An agency whose lines `layout` holds under its current digest has them copied from the live site's
    /// files (`live`); `reused` agencies keep their data.json. Returns where every agency's lines now are.
    static func renderData(_ content: Content, to sink: OutputSink, digests: [String: UInt64] = [:], reused: Set<String> = [],
                           layout: SiteLayout = SiteLayout(), live: URL? = nil) throws -> SiteLayout {
        let previous = SiteLayout.files.map { path in live.map { $0.appendingPathComponent(path) } }
        let writers = try zip(SiteLayout.files, [DataFiles.reportsJSONHead, DataFiles.csvHead, DataFiles.rawCellsCSVHead]).enumerated().map {
            try PartWriter(try sink.stream($1.0), head: $1.1, separator: $0 == 0 ? [0x2C] : [], previous: previous[$0])
        }
        var placed = SiteLayout()
        let batchSize = 512
        for start in stride(from: 0, to: content.agencies.count, by: batchSize) {
            let batch = Array(content.agencies[start..<min(start + batchSize, content.agencies.count)])
            let parts = try Parallel.mapThrowing(batch.count) { i -> [[UInt8]]? in
                let agency = batch[i]
                if let old = layout.parts[agency.slug], old.digest == digests[agency.slug], reused.contains(agency.slug) { return nil }
                let records = agency.reports.map { r in
                    var w = JSONWriter(capacity: 16_384)
                    ReportJSON.write(r, to: &w)
                    return w.bytes
                }
                var part: [[UInt8]] = [[], [], []]
                for r in agency.reports {
                    DataFiles.csvRow(r, into: &part[1])
                    DataFiles.rawCellRows(r, into: &part[2])
                }
                part[0].reserveCapacity(records.reduce(0) { $0 + $1.count + 2 })
                for (n, record) in records.enumerated() { DataFiles.reportsJSONLine(record, first: n == 0, into: &part[0]) }
                if !reused.contains(agency.slug) { try sink.write("agencies/\(agency.slug)/data.json", DataFiles.agencyJSON(agency, records: records)) }
                return part
            }
            for (agency, part) in zip(batch, parts) {
                let ranges = try part.map { part in try zip(writers, part).map { try $0.append($1) } }
                    ?? zip(writers, layout.parts[agency.slug]!.ranges).map { try $0.copy($1) }
                placed.parts[agency.slug] = SiteLayout.Part(digest: digests[agency.slug] ?? 0, ranges: ranges)
                if part == nil { placed.copied += 1 }
            }
        }
        try writers[0].finish(tail: DataFiles.reportsJSONTail(skipped: content.skipped))
        for writer in writers.dropFirst() { try writer.finish(tail: []) }
        placed.sizes = writers.map(\.offset)
        try sink.write("data/schema.json", SchemaJSON.document())
        try sink.write("data/checks.json", CheckReport.jsonFile(content))
        try sink.write("data/checks.csv", CheckReport.csv(content))
        return placed
    }

    /// The search index: the live site's brought up to date when `layout` describes it and only report
    /// texts changed (a changed shard is checked against its digest before it is edited), else made anew.
    static func renderSearchIndex(_ site: SiteRenderer, digests: [String: UInt64], layout: SiteLayout, live: URL,
                                  to sink: OutputSink) throws -> (layout: SearchIndex.Layout, updated: Bool) {
        let documents = site.searchDocuments()  // once, whichever way the index is made
        if let old = layout.search {
            let changed = Set(site.content.agencies.map(\.slug).filter { layout.parts[$0]?.digest != digests[$0] })
            let updated = site.searchIndex(documents, updating: old, changed: changed, previous: site.content.previous) { path in
                let bytes = BuildCache.readWhole(live.appendingPathComponent(path).path)
                return bytes.flatMap { SearchIndex.fileDigest($0) == old.fileDigests[path] ? $0 : nil }
            }
            if let (files, next) = updated {
                for file in files { try sink.write(file.path, file.bytes) }
                let written = Set(files.map(\.path))
                for path in next.fileDigests.keys.sorted() where !written.contains(path) {
                    try sink.reuse(path, from: live.appendingPathComponent(path))
                }
                return (next, true)
            }
        }
        return (try site.searchIndex(documents) { try sink.write($0.path, $0.bytes) }, false)
    }

    /// The original files, so readers can check the rebuilt tables against what the agency published.
    static func copySources(_ content: Content, from root: URL, to sink: OutputSink, reused: Set<String> = []) throws {
        let reports = content.reports.filter { !reused.contains($0.agency?.slug ?? "") }
        _ = try Parallel.mapThrowing(reports.count) { i in
            try sink.copy(SitePaths.source(reports[i]), from: root.appendingPathComponent(reports[i].source))
        }
    }

    public struct Options {
        public var content: URL
        public var output: URL
        public var templates: URL
        public var baseURL: String
        /// Reuse what the previous build learnt (`.public.cache`); off, every report is parsed and every page rendered.
        public var useCache: Bool
        /// Called as reports are parsed and files written (from several threads), for a progress line.
        public var progress: BuildProgressHandler?
        public init(content: URL, output: URL, templates: URL, baseURL: String = "/", useCache: Bool = true) {
            self.content = content; self.output = output; self.templates = templates; self.baseURL = baseURL
            self.useCache = useCache
        }
    }

    public struct Summary {
        public var content: Content
        public var diagnostics: [Diagnostic]
        public var filesWritten: Int
        /// Agencies whose folder was linked from the previous build instead of rendered again.
        public var reusedAgencies: Int = 0
        /// Agencies whose lines in the whole-dataset files were copied from the live site's.
        public var copiedDataLines: Int = 0
        /// Whether the live site's search index was brought up to date rather than built anew.
        public var searchIndexUpdated = false
        /// Wall time of each stage, in order, for `--timings` and the benchmark.
        public var timings: [(stage: String, seconds: Double)]
    }


    /// Builds the whole site into a staging folder and swaps it in.
    public static func build(_ options: Options) throws -> Summary {
        let timings = StageTimings()
        let today = today()
        let cacheFolder = BuildCache.folder(for: options.output.standardizedFileURL)
        var cache = options.useCache ? timings.measure("load cache") { BuildCache.load(from: cacheFolder, today: today) } : BuildCache()
        let content = load(content: options.content, today: today, cache: &cache, progress: options.progress, timings: timings)
        let templates = try Templates(directory: options.templates)
        // The cache's digests hold only for the folders they were made for (see BuildCache.pages).
        let liveInode = StagedOutput.inode(of: options.output.standardizedFileURL)
        let livePages = liveInode != 0 && cache.liveInode == liveInode ? cache.pages : [:]
        // The layout of the live site's shared files, when the cache (which holds the reports as the live
        // site has them) is from the same build.
        let layout = options.useCache && liveInode != 0 && cache.liveInode == liveInode
            ? SiteLayout.load(from: cacheFolder, site: options.output.standardizedFileURL, today: today) : SiteLayout()
        let baseInode = StagedOutput.inode(of: StagedOutput.basePath(for: options.output.standardizedFileURL))
        let basePages = baseInode != 0 && cache.baseInode == baseInode ? cache.basePages : [:]
        let output = try StagedOutput(output: options.output, recycling: options.useCache && !basePages.isEmpty)
        let counting = CountingSink(output, progress: options.progress)
        var reusedAgencies = Set<String>()
        var copiedDataLines = 0
        nonisolated(unsafe) var searchIndexUpdated = false
        do {
            let digests = timings.measure("digest agencies") { pageDigests(content, cache: cache, templates: templates, baseURL: options.baseURL) }
            cache.pages = digests
            cache.liveInode = StagedOutput.inode(of: output.staging)  // the staging folder becomes the live site
            cache.basePages = livePages
            cache.baseInode = liveInode
            // The next build's cache is written while this one renders, and put in place after the swap.
            let saving = DispatchGroup()
            nonisolated(unsafe) var savedCache: URL?
            if options.useCache {
                let snapshot = cache
                DispatchQueue.global().async(group: saving) { savedCache = snapshot.writeTemporary(in: cacheFolder, today: today) }
            }
            defer {
                saving.wait()
                if let savedCache { try? FileManager.default.removeItem(at: savedCache) }
            }
            let kept = try timings.measure("recycle the previous site") {
                try keepUnchanged(content, digests: digests, base: basePages, in: output)
            }
            let linked = try timings.measure("reuse unchanged agencies") {
                try reuseUnchanged(content.agencies.filter { !kept.contains($0.slug) }, digests: digests, previous: livePages,
                                   site: output.output, into: counting)
            }
            let reused = kept.union(linked)
            reusedAgencies = reused
            // Independent jobs at once, so the serial parts of each (the search index, the whole-dataset
            // files, the comparison pages) overlap with the parallel parts of the others.
            // Each job leaves its part of the layout of what it wrote.
            nonisolated(unsafe) var placed = SiteLayout(), placedSearch: SearchIndex.Layout?
            try timings.measure("render (search index, data files, sources, pages: all at once)") {
                let jobs = DispatchGroup(), failures = FirstError()
                // A thread each: GCD runs no more blocks than there are cores, which queued two jobs behind two.
                func run(_ stage: String, _ job: @escaping () throws -> Void) {
                    jobs.enter()
                    Thread.detachNewThread {
                        do { try timings.measure("  " + stage, job) } catch { failures.record(error) }
                        jobs.leave()
                    }
                }
                let site = SiteRenderer(content: content, templates: templates, baseURL: options.baseURL)
                run("search index") {
                    (placedSearch, searchIndexUpdated) = try renderSearchIndex(site, digests: digests, layout: layout,
                                                                                live: options.output.standardizedFileURL, to: counting)
                }
                run("data files") {
                    placed = try renderData(content, to: counting, digests: digests, reused: reused, layout: layout,
                                            live: options.output.standardizedFileURL)
                }
                run("copy sources") { try copySources(content, from: options.content, to: counting, reused: reused) }
                run("agency pages") { try site.renderAgencyPages(to: counting, reused: reused) }
                run("other pages") { try site.renderSharedPages(to: counting) }
                jobs.wait()
                try failures.throwIfSet()
            }
            // The placeholder git keeps for the output folder.
            try counting.write(".gitkeep", [])
            try timings.measure("remove what the recycled site no longer has") {
                try output.removeUntouched(keeping: Set(kept.flatMap { [SitePaths.agency($0), "sources/\($0)/"] }))
            }
            placed.search = placedSearch
            placed.site = cache.liveInode
            copiedDataLines = placed.copied
            let savedLayout = options.useCache ? placed.writeTemporary(in: cacheFolder, today: today) : nil
            defer { if let savedLayout { try? FileManager.default.removeItem(at: savedLayout) } }
            try timings.measure("swap in") { try output.commit(keepPrevious: options.useCache) }
            timings.measure("save cache (rest)") { saving.wait() }
            if let saved = savedCache { BuildCache.install(saved, in: cacheFolder); savedCache = nil }
            if let savedLayout { SiteLayout.install(savedLayout, in: cacheFolder) }
        } catch {
            output.abandon()
            throw error
        }
        return Summary(content: content, diagnostics: allDiagnostics(content), filesWritten: counting.count,
                       reusedAgencies: reusedAgencies.count, copiedDataLines: copiedDataLines,
                       searchIndexUpdated: searchIndexUpdated, timings: timings.stages)
    }

    /// Everything an agency's folder (page, data, charts), source copies and lines in the whole-dataset
    /// files are made from: its reports as published, the bytes of their sources, its agencies.yaml entry,
    /// the templates and the base URL.
    static func pageDigests(_ content: Content, cache: BuildCache, templates: Templates, baseURL: String) -> [String: UInt64] {
        let values = Parallel.map(content.agencies.count) { i in
            var d = Digest()
            d.add(String(templates.digest))
            d.add(baseURL)
            // The agency's own entry in agencies.yaml: the page and data.json show its region and aliases.
            let agency = content.agencies[i]
            d.add(agency.region.map { "region:" + $0 } ?? "")
            for alias in agency.aliases { d.add(alias) }
            d.add([1])
            // A report as published is the report as read with its agency and the checks across reports
            // added. What was read follows from the source's path and bytes (the cache is only used by the
            // binary and on the day that wrote it): those are digested, not the whole report encoded again.
            var w = BinaryWriter()
            for r in agency.reports {
                guard let entry = cache.entries[r.source] else { w.int(0); ReportCodec.encode(r, into: &w); continue }
                w.string(r.source); w.int(Int(Int64(bitPattern: entry.hash)))
                w.optional(r.agency) { $0.string($1.name); $0.string($1.slug) }
                w.int(r.checks.count)
                for c in r.checks { ReportCodec.check(&w, c) }
            }
            d.add(w.bytes)
            return d.value
        }
        return Dictionary(uniqueKeysWithValues: zip(content.agencies.map(\.slug), values))
    }

    /// In a recycled staging site (the site before the live one), keeps the folders of agencies whose
    /// digest is the one they were built from and removes the folders of every other agency it has.
    static func keepUnchanged(_ content: Content, digests: [String: UInt64], base: [String: UInt64],
                              in output: StagedOutput) throws -> Set<String> {
        guard output.recycled else { return [] }
        var kept = Set<String>()
        for agency in content.agencies where base[agency.slug] != nil && base[agency.slug] == digests[agency.slug]
            && output.stagedFileExists(SitePaths.agency(agency.slug) + "index.html") {
            kept.insert(agency.slug)
        }
        for slug in base.keys where !kept.contains(slug) {
            try output.removeFolder(SitePaths.agency(slug))
            try output.removeFolder("sources/\(slug)/")
        }
        return kept
    }

    /// Links the folders of agencies whose digest is the one the live site was built from; returns their slugs.
    static func reuseUnchanged(_ agencies: [Agency], digests: [String: UInt64], previous: [String: UInt64], site: URL,
                               into sink: OutputSink) throws -> Set<String> {
        let candidates = agencies.filter { previous[$0.slug] != nil && previous[$0.slug] == digests[$0.slug] }
        // Two lanes: at 10k reports this is 23,000 links, and each is a system call that waits on the file system.
        let linked = try Parallel.mapThrowing(candidates.count) { i -> Bool in
            var files: [(String, String)] = []
            for folder in [SitePaths.agency(candidates[i].slug), "sources/\(candidates[i].slug)/"] {
                let dir = site.path + "/" + folder
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
                files += names.map { (folder + $0, dir + $0) }
            }
            // All or nothing: a folder someone emptied by hand is rendered again.
            guard files.contains(where: { $0.0.hasSuffix("/index.html") }) else { return false }
            for (path, file) in files { try sink.reuse(path, from: URL(fileURLWithPath: file)) }
            return true
        }
        return Set(zip(candidates, linked).filter(\.1).map(\.0.slug))
    }
}

/// The wall time of each stage, in order, for `--timings` and the benchmark.
public final class StageTimings: @unchecked Sendable {
    private var recorded: [(stage: String, seconds: Double)] = []
    private let lock = NSLock()
    public init() {}
    public var stages: [(stage: String, seconds: Double)] { lock.lock(); defer { lock.unlock() }; return recorded }
    /// Stages are listed in the order they start (a stage's parts after it).
    func measure<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        lock.lock(); let slot = recorded.count; recorded.append((stage, 0)); lock.unlock()
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            lock.lock(); recorded[slot].seconds = seconds; lock.unlock()
        }
        return try body()
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
        counted()
    }
    func reuse(_ path: String, from file: URL) throws {
        try inner.reuse(path, from: file)
        counted()
    }
    func copy(_ path: String, from file: URL) throws {
        try inner.copy(path, from: file)
        counted()
    }
    func stream(_ path: String) throws -> StreamedFile {
        let file = try inner.stream(path)
        counted()
        return file
    }
    private func counted() {
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
        case .html:
            guard let document = HTMLReader.read(text) else {
                return .failure(Diagnostic(.error, .parse, SourceLocation(file: path), "HTML 无法解析"))
            }
            return .success(document)
        case .flattened: return .success(FlattenedReader.read(text, path: path))
        case .docx, .pdf:
            return .failure(Diagnostic(.error, .parse, SourceLocation(file: path), "\(form.rawValue) 形式暂不支持读取"))
        }
    }

    public static func read(binary form: SourceForm, data: Data, path: String) -> Result<SourceDocument, Diagnostic> {
        switch form {
        case .docx: return DocxReader.read(data, path: path)
        case .pdf: return PDFReader.read(data, path: path)
        default: return .failure(Diagnostic(.error, .parse, SourceLocation(file: path), "\(form.rawValue) 形式暂不支持读取"))
        }
    }
}
