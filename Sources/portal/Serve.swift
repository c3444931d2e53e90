import ArgumentParser
import FlyingFox
import FlyingSocks
import Foundation
import PortalCore

/// `portal serve`: builds, serves the output folder on 127.0.0.1, rebuilds when content or templates change,
/// and reloads open pages. The built files are never touched: the reload script is added to HTML responses
/// at serve time only.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build, serve the site on 127.0.0.1, rebuild on changes to content/ or site-templates/, and reload open pages.")

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).") var port: Int = 8000
    @Option(help: "Folder of reports.") var content = "content"
    @Option(help: "Folder the site is written to and served from.") var output = "public"
    @Option(help: "Folder of page templates and assets.") var templates = "site-templates"
    @Flag(name: [.short, .long], help: "Print only errors and the serving address.") var quiet = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let options = Pipeline.Options(content: URL(fileURLWithPath: content), output: URL(fileURLWithPath: output),
                                       templates: URL(fileURLWithPath: templates), baseURL: "/")
        let state = ServeState()
        let watched = [options.content, options.templates]
        var snapshot = FolderSnapshot.take(watched)

        let site = StaticSiteHandler(root: options.output, state: state)
        let server = HTTPServer(address: try sockaddr_in.inet(ip4: "127.0.0.1", port: UInt16(port)), timeout: 30, logger: .disabled, handler: site)
        let failure = ServeFailure()
        let serving = Task {
            do { try await server.run() } catch { await failure.set(error) }
        }
        // Listening, or failed to (the port is taken): whichever comes first, within 10 s.
        for _ in 0..<200 where !(await server.isListening) {
            if let error = await failure.error {
                FileHandle.standardError.write(Data("portal: cannot serve on 127.0.0.1:\(port): \(error)\n".utf8))
                throw ExitCode(Exit.errors)
            }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        var actualPort = port
        if case .ip4(_, let p)? = await server.listeningAddress { actualPort = Int(p) }
        say("portal: serving http://127.0.0.1:\(actualPort)/ from \(output)/ — watching \(content)/ and \(templates)/ (Ctrl-C to stop)", always: true)
        // Listening first, so a taken port is known at once, not after a long build; until the first build
        // ends, the previous site (if any) is served and pages reload when it is done.
        await rebuild(options, state: state, reason: "首次构建")

        // Poll file sizes and times: portable, and cheap. Every 300 ms, or less often when listing the
        // folders costs more than a tenth of that (100k reports), so watching never takes a core.
        var interval: UInt64 = 300_000_000
        while !serving.isCancelled {
            try await Task.sleep(nanoseconds: interval)
            if let error = await failure.error {
                FileHandle.standardError.write(Data("portal: the server stopped: \(error)\n".utf8))
                throw ExitCode(Exit.errors)
            }
            let started = DispatchTime.now().uptimeNanoseconds
            let now = FolderSnapshot.take(watched)
            interval = max(300_000_000, 10 * (DispatchTime.now().uptimeNanoseconds - started))
            guard now != snapshot else { continue }
            // Let a burst of saves settle before building.
            try await Task.sleep(nanoseconds: 150_000_000)
            let settled = FolderSnapshot.take(watched)
            let changed = settled.changes(since: snapshot)
            snapshot = settled
            let shown = changed.prefix(3).map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
            await rebuild(options, state: state, reason: "\(changed.count) 个文件有变动（\(shown)\(changed.count > 3 ? "…" : "")）")
        }
    }

    /// Builds off the cooperative thread pool (a build is seconds of CPU) and records the outcome: a new
    /// version on success; on failure the last good site stays served and the error is shown.
    func rebuild(_ options: Pipeline.Options, state: ServeState, reason: String) async {
        say("portal: \(reason)，正在构建…")
        await state.setBuilding(true)
        let start = Date()
        let result: Result<Pipeline.Summary, Error> = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: Result { try Pipeline.build(options) })
            }
        }
        let seconds = String(format: "%.2f", Date().timeIntervalSince(start))
        switch result {
        case .success(let summary):
            let version = await state.succeeded()
            let c = summary.content
            say("portal: 构建 #\(version) 完成：\(c.reports.count) 份报告，\(c.skipped.count) 份未发布，\(summary.filesWritten) 个文件（\(seconds) 秒）")
        case .failure(let error):
            await state.failed("\(error)")
            FileHandle.standardError.write(Data("portal: 构建失败（仍提供上一次成功构建的站点）：\(error)\n".utf8))
        }
    }

    func say(_ line: String, always: Bool = false) {
        guard always || !quiet else { return }
        // Unbuffered, so a script (or a test) reading stdout sees the line at once.
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// Why the server stopped, if it did.
actor ServeFailure {
    private(set) var error: Error?
    func set(_ e: Error) { error = e }
}

/// The build version pages poll for, and the last build's error.
actor ServeState {
    private(set) var version = 0
    private(set) var error: String?
    private(set) var building = false

    func setBuilding(_ b: Bool) { building = b }

    func succeeded() -> Int {
        version += 1
        error = nil
        building = false
        return version
    }

    func failed(_ message: String) {
        error = message
        building = false
    }

    func statusJSON() -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("version", version)
        w.key("building"); w.bool(building)
        w.field("error", error)
        w.endObject()
        return w.bytes
    }
}

/// Serves the output folder: index.html for folders, 404.html with status 404, nothing outside the folder.
struct StaticSiteHandler: HTTPHandler {
    let root: URL
    let state: ServeState

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.method == .GET || request.method == .HEAD else {
            return HTTPResponse(statusCode: .methodNotAllowed, headers: [.allow: "GET, HEAD"], body: Data())
        }
        let target = request.target.path(percentEncoded: true)
        switch target {
        case StaticSite.versionPath:
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                                body: Data(await state.statusJSON()))
        case StaticSite.reloadScriptPath:
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-store"],
                                body: Data(StaticSite.reloadScript.utf8))
        default:
            break
        }
        switch StaticSite.resolve(target: target) {
        case .rejected(let why):
            return HTTPResponse(statusCode: .badRequest, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: Data("400 Bad Request: \(why)\n".utf8))
        case .path(let relative, let isDirectory):
            let base = root.standardizedFileURL.path
            var path = relative.isEmpty ? base : base + "/" + relative
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
            if exists && isDir.boolValue {
                if !isDirectory {
                    // Pages link relatively (../../), so a folder must be asked for with its slash.
                    let query = request.target.query(percentEncoded: true)
                    return HTTPResponse(statusCode: .movedPermanently,
                                        headers: [.location: target + "/" + (query.isEmpty ? "" : "?" + query)], body: Data())
                }
                path += "/index.html"
            }
            if let data = try? read(path, within: base) {
                return await page(data, status: .ok, path: path)
            }
            if let missing = try? read(base + "/404.html", within: base) {
                return await page(missing, status: .notFound, path: "404.html")
            }
            return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: Data("404 Not Found\n".utf8))
        }
    }

    /// Reads a regular file whose real path (links resolved) is inside the site folder.
    func read(_ path: String, within base: String) throws -> Data {
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let realBase = URL(fileURLWithPath: base).resolvingSymlinksInPath().path
        guard real.hasPrefix(realBase + "/") else { throw CocoaError(.fileReadNoPermission) }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isDir), !isDir.boolValue else {
            throw CocoaError(.fileReadNoSuchFile)
        }
        return try Data(contentsOf: URL(fileURLWithPath: real))
    }

    func page(_ data: Data, status: HTTPStatusCode, path: String) async -> HTTPResponse {
        var body = data
        if StaticSite.isHTML(path) {
            body = Data(StaticSite.injectingReload(into: [UInt8](data), version: await state.version))
        }
        return HTTPResponse(statusCode: status,
                            headers: [.contentType: StaticSite.contentType(forPath: path), .cacheControl: "no-cache"],
                            body: body)
    }
}

extension HTTPHeader {
    static let allow = HTTPHeader("Allow")
}
