import Foundation
import XCTest
@testable import PortalCore
#if canImport(Glibc)
import Glibc
#endif

/// `portal serve` over real HTTP on loopback: pages, folders, 404, paths that try to leave the site, and a
/// rebuild (and a failed one) seen through the version endpoint. Every wait is bounded.
final class ServeTests: XCTestCase {
    // MARK: Pure parts

    func testResolveKeepsEveryPathInsideTheSite() {
        XCTAssertEqual(StaticSite.resolve(target: "/"), .path("", isDirectory: true))
        XCTAssertEqual(StaticSite.resolve(target: "/index.html"), .path("index.html", isDirectory: false))
        XCTAssertEqual(StaticSite.resolve(target: "/agencies/x/?q=1"), .path("agencies/x", isDirectory: true))
        XCTAssertEqual(StaticSite.resolve(target: "/search/%E6%90%9C.html"), .path("search/搜.html", isDirectory: false))
        for evil in ["/../etc/passwd", "/a/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2Fetc%2Fpasswd",
                     "/..%2f..%2fetc/passwd", "/.%2e/x", "/a/%00", "/a%5c..%5cetc", "/%zz", "etc/passwd", "/.gitkeep",
                     "/./index.html", "/%c0%ae%c0%ae/etc/passwd"] {
            guard case .rejected = StaticSite.resolve(target: evil) else { return XCTFail("not rejected: \(evil)") }
        }
        // Decoded once: `%252e` is the literal name `%2e`, a file that does not exist, not a way out.
        XCTAssertEqual(StaticSite.resolve(target: "/%252e%252e/x"), .path("%2e%2e/x", isDirectory: false))
    }

    func testContentTypes() {
        let expected = ["a.html": "text/html; charset=utf-8", "s.css": "text/css; charset=utf-8", "x.js": "text/javascript; charset=utf-8",
                        "d.json": "application/json; charset=utf-8", "d.csv": "text/csv; charset=utf-8", "c.svg": "image/svg+xml",
                        "feed.xml": "application/xml; charset=utf-8", "r.txt": "text/plain; charset=utf-8",
                        "r.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        "r.pdf": "application/pdf", "noext": "application/octet-stream", "A.HTML": "text/html; charset=utf-8"]
        for (path, type) in expected { XCTAssertEqual(StaticSite.contentType(forPath: path), type, path) }
    }

    func testReloadScriptGoesBeforeTheLastBodyEnd() {
        let html = Array("<html><body><p>a</p></BODY></html>".utf8)
        let out = String(decoding: StaticSite.injectingReload(into: html, version: 7), as: UTF8.self)
        XCTAssertEqual(out, "<html><body><p>a</p><script src=\"/__portal/reload.js\" data-portal-version=\"7\"></script></BODY></html>")
        let bare = String(decoding: StaticSite.injectingReload(into: Array("<p>x</p>".utf8), version: 1), as: UTF8.self)
        XCTAssertTrue(bare.hasSuffix("data-portal-version=\"1\"></script>"))
    }

    func testSnapshotSeesAddedChangedAndRemovedFiles() throws {
        let dir = try Fixtures.temporaryDirectory()
        try "a".write(to: dir.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        let first = FolderSnapshot.take([dir])
        XCTAssertEqual(FolderSnapshot.take([dir]), first)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try "b".write(to: dir.appendingPathComponent("sub/b.txt"), atomically: true, encoding: .utf8)
        try "aa".write(to: dir.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        let second = FolderSnapshot.take([dir])
        XCTAssertEqual(second.changes(since: first).map { ($0 as NSString).lastPathComponent }, ["a.txt", "b.txt"])
        try FileManager.default.removeItem(at: dir.appendingPathComponent("sub/b.txt"))
        XCTAssertEqual(FolderSnapshot.take([dir]).changes(since: second).map { ($0 as NSString).lastPathComponent }, ["b.txt"])
    }

    // MARK: The real server

    struct Response {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// One HTTP/1.1 request over a plain socket, the target sent exactly as given (no client normalizes
    /// `/../`), with a 5-second limit on every read and write.
    static func get(_ port: Int, _ target: String) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        let request = Array("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        guard send(fd, request, request.count, 0) == request.count else { throw POSIXError(.EIO) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        var expectedLength: Int?
        var headerEnd: Int?
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            data.append(contentsOf: buffer[..<n])
            if headerEnd == nil, let r = data.range(of: Data("\r\n\r\n".utf8)) {
                headerEnd = r.upperBound
                let head = String(decoding: data[..<r.lowerBound], as: UTF8.self)
                for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
                    expectedLength = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces))
                }
            }
            if let h = headerEnd, let len = expectedLength, data.count - h >= len { break }
        }
        guard let h = headerEnd else { throw POSIXError(.EBADMSG) }
        let lines = String(decoding: data[..<(h - 4)], as: UTF8.self).split(separator: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return Response(status: status, headers: headers, body: Data(data[h...]))
    }

    /// Starts `portal serve --port 0` in a copy of the seeds and templates; returns the process and its port.
    func startServer(in dir: URL) throws -> (Process, Int) {
        let p = Process()
        p.executableURL = CLITests.binary
        p.arguments = ["serve", "--port", "0", "--content", "content", "--output", "public", "--templates", "site-templates"]
        p.currentDirectoryURL = dir
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try p.run()
        // Read stdout until the serving line, for at most 60 s.
        let deadline = Date().addingTimeInterval(60)
        var seen = ""
        let handle = out.fileHandleForReading
        while Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if let r = seen.range(of: "http://127.0.0.1:"), let end = seen[r.upperBound...].firstIndex(of: "/"),
               let port = Int(seen[r.upperBound..<end]) {
                // Keep draining stdout so the server never blocks on a full pipe.
                handle.readabilityHandler = { _ = $0.availableData }
                return (p, port)
            }
        }
        p.terminate()
        throw XCTSkip("server did not start: \(seen)")
    }

    func stop(_ p: Process) {
        p.terminate()
        let deadline = Date().addingTimeInterval(5)
        while p.isRunning && Date() < deadline { usleep(50_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
    }

    /// Waits (at most `seconds`) until the version endpoint satisfies `condition`.
    func waitForStatus(_ port: Int, seconds: Double, _ condition: ([String: Any]) -> Bool) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        var last: [String: Any] = [:]
        while Date() < deadline {
            let r = try Self.get(port, StaticSite.versionPath)
            last = (try JSONSerialization.jsonObject(with: r.body) as? [String: Any]) ?? [:]
            if condition(last) { return last }
            usleep(100_000)
        }
        XCTFail("version endpoint never satisfied the condition; last: \(last)")
        return last
    }

    func testServeAnswersPagesRefusesEscapesAndRebuildsOnChange() throws {
        let dir = try Fixtures.temporaryDirectory()
        try FileManager.default.copyItem(at: Fixtures.url("seeds"), to: dir.appendingPathComponent("content"))
        try FileManager.default.copyItem(at: Fixtures.repository.appendingPathComponent("site-templates"),
                                         to: dir.appendingPathComponent("site-templates"))
        let (server, port) = try startServer(in: dir)
        defer { stop(server) }
        // The server listens before the first build; version 1 is that build.
        _ = try waitForStatus(port, seconds: 60) { $0["version"] as? Int == 1 }

        // Pages and folders.
        let home = try Self.get(port, "/")
        XCTAssertEqual(home.status, 200)
        XCTAssertEqual(home.headers["content-type"], "text/html; charset=utf-8")
        XCTAssertTrue(home.text.contains("<script src=\"/__portal/reload.js\" data-portal-version=\"1\"></script></body>"), home.text.suffix(300).description)
        // The reload script exists only in what is served, never in the built files.
        let built = try String(contentsOf: dir.appendingPathComponent("public/index.html"), encoding: .utf8)
        XCTAssertFalse(built.contains("__portal"))
        XCTAssertEqual(try Self.get(port, "/compare/").status, 200)
        let folder = try Self.get(port, "/compare")
        XCTAssertEqual(folder.status, 301)
        XCTAssertEqual(folder.headers["location"], "/compare/")
        for (path, type) in ["/data/reports.json": "application/json; charset=utf-8", "/data/reports.csv": "text/csv; charset=utf-8",
                             "/assets/style.css": "text/css; charset=utf-8", "/assets/sort.js": "text/javascript; charset=utf-8",
                             "/feed.xml": "application/xml; charset=utf-8", "/__portal/reload.js": "text/javascript; charset=utf-8"] {
            let r = try Self.get(port, path)
            XCTAssertEqual(r.status, 200, path)
            XCTAssertEqual(r.headers["content-type"], type, path)
        }

        // Missing: the site's 404 page, with status 404.
        let missing = try Self.get(port, "/no/such/page.html")
        XCTAssertEqual(missing.status, 404)
        XCTAssertTrue(missing.text.contains("页面不存在"), missing.text)

        // Never outside the output folder, however the path is spelled.
        for evil in ["/../etc/passwd", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
                     "/..%2f..%2f..%2fetc/passwd", "/assets/..%2f..%2f..%2fetc/passwd", "/index.html%00.css", "/..\\..\\etc\\passwd",
                     "/%5c..%5c..%5cetc%5cpasswd", "/.gitkeep"] {
            let r = try Self.get(port, evil)
            XCTAssertTrue(r.status == 400 || r.status == 404, "\(evil): \(r.status)")
            XCTAssertFalse(r.text.contains("root:"), evil)
        }

        // A change to a report: a new version, and the new text served.
        let before = try waitForStatus(port, seconds: 10) { $0["version"] as? Int == 1 }
        XCTAssertEqual(before["building"] as? Bool, false)
        let report = dir.appendingPathComponent("content/000_4e7e543bd70c2432.txt")
        let text = try String(contentsOf: report, encoding: .utf8)
        try text.replacingOccurrences(of: "本年度没有其他需要报告的事项。", with: "本年度没有其他需要报告的事项。实时预览标记")
            .write(to: report, atomically: true, encoding: .utf8)
        _ = try waitForStatus(port, seconds: 30) { $0["version"] as? Int == 2 }
        XCTAssertTrue(try Self.get(port, "/data/reports.json").text.contains("实时预览标记"))
        let page = try Self.get(port, "/")
        XCTAssertTrue(page.text.contains("data-portal-version=\"2\""))

        // A broken template: the build fails, the last good site stays served, the error is reported.
        let index = dir.appendingPathComponent("site-templates/index.mustache")
        let good = try String(contentsOf: index, encoding: .utf8)
        try "{{#unclosed}\n".write(to: index, atomically: true, encoding: .utf8)
        let failed = try waitForStatus(port, seconds: 30) { ($0["error"] as? String)?.contains("index.mustache") == true }
        XCTAssertEqual(failed["version"] as? Int, 2)
        XCTAssertEqual(try Self.get(port, "/").status, 200)
        XCTAssertTrue(try Self.get(port, "/data/reports.json").text.contains("实时预览标记"))
        try good.write(to: index, atomically: true, encoding: .utf8)
        let fixed = try waitForStatus(port, seconds: 30) { $0["version"] as? Int == 3 }
        XCTAssertTrue(fixed["error"] is NSNull, "\(fixed)")
    }

    /// A port already taken: a clear error and exit 1 at once, not a hang.
    func testPortInUseIsAnErrorAtOnce() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        XCTAssertTrue(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let dir = try Fixtures.temporaryDirectory()
        try FileManager.default.copyItem(at: Fixtures.url("seeds"), to: dir.appendingPathComponent("content"))
        let p = Process()
        p.executableURL = CLITests.binary
        p.arguments = ["serve", "--port", String(port), "--templates", Fixtures.repository.appendingPathComponent("site-templates").path]
        p.currentDirectoryURL = dir
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let started = Date()
        try p.run()
        let deadline = Date().addingTimeInterval(30)
        while p.isRunning && Date() < deadline { usleep(50_000) }
        if p.isRunning { stop(p); return XCTFail("serve kept running on a port in use") }
        XCTAssertEqual(p.terminationStatus, 1)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20)
        XCTAssertTrue(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("cannot serve on 127.0.0.1:\(port)"))
    }
}
