import Foundation
import CPortalSupport

/// Where rendered files go. The Render stage writes through this, so whole builds run in memory in tests.
public protocol OutputSink: AnyObject {
    func write(_ path: String, _ bytes: [UInt8]) throws
    /// Puts an unchanged file of the previous site at `path`.
    func reuse(_ path: String, from file: URL) throws
    /// Puts a copy of a file (a report's original) at `path`.
    func copy(_ path: String, from file: URL) throws
    /// A file written in pieces: the whole-dataset files run to hundreds of MB at national scale and are
    /// never held in memory whole.
    func stream(_ path: String) throws -> StreamedFile
}

public protocol StreamedFile: AnyObject {
    func append(_ bytes: [UInt8]) throws
    /// Appends bytes `range` of another file (a part of the previous site's copy of this file).
    func append(_ range: Range<Int>, of file: URL) throws
    /// Completes the file; nothing may be appended after.
    func finish() throws
}

/// Collects the pieces and writes them as one file when finished (sinks that keep files in memory).
final class BufferedFile: StreamedFile {
    let sink: OutputSink, path: String
    var bytes: [UInt8] = []
    init(_ sink: OutputSink, _ path: String) { self.sink = sink; self.path = path }
    func append(_ piece: [UInt8]) throws { bytes += piece }
    func finish() throws { try sink.write(path, bytes); bytes = [] }
}

public extension StreamedFile {
    func append(_ range: Range<Int>, of file: URL) throws { try append(try FileRange.read(range, of: file)) }
}

/// Byte ranges of files: what incremental builds copy from the previous site and cache.
public enum FileRange {
    public static func read(_ range: Range<Int>, of file: URL) throws -> [UInt8] {
        let fd = open(file.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(file, "读取") }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: range.count)
        var done = 0
        while done < range.count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, range.count - done, off_t(range.lowerBound + done)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw failure(file, "读取") }
            done += n
        }
        return bytes
    }

    /// Copies `range` of `source` to the end of `target` inside the kernel, through memory where it cannot.
    public static func copy(_ range: Range<Int>, of source: Int32, to target: Int32, displayPath: String) throws {
        var offset = Int64(range.lowerBound)
        let end = Int64(range.upperBound)
        while offset < end {
            let n = portal_copy_file_range_from(source, &offset, target, UInt(end - offset))
            if n > 0 { continue }
            if n < 0 && errno == EINTR { continue }
            if n == 0 { throw Diagnostic(.error, .output, SourceLocation(file: displayPath), "复制失败：源文件比记录的短") }
            // Not supported between these file systems: through memory.
            var buffer = [UInt8](repeating: 0, count: Int(min(end - offset, 1 << 20)))
            while offset < end {
                let want = Int(min(end - offset, Int64(buffer.count)))
                let got = buffer.withUnsafeMutableBytes { pread(source, $0.baseAddress!, want, off_t(offset)) }
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { throw Diagnostic(.error, .output, SourceLocation(file: displayPath), "复制失败：\(String(cString: strerror(errno)))") }
                try StagedOutput.writeAll(target, Array(buffer[0..<got]), displayPath: displayPath)
                offset += Int64(got)
            }
        }
    }

    static func failure(_ file: URL, _ verb: String) -> Diagnostic {
        Diagnostic(.error, .output, SourceLocation(file: file.lastPathComponent), "\(verb)失败：\(String(cString: strerror(errno)))")
    }
}

public extension OutputSink {
    func write(_ path: String, _ text: String) throws { try write(path, Array(text.utf8)) }

    /// By default a copy; a staged output links it instead.
    func reuse(_ path: String, from file: URL) throws { try write(path, [UInt8](try Data(contentsOf: file))) }

    func stream(_ path: String) throws -> StreamedFile { BufferedFile(self, path) }

    func copy(_ path: String, from file: URL) throws { try write(path, [UInt8](try Data(contentsOf: file))) }
}

public final class MemorySink: OutputSink {
    public private(set) var files: [String: [UInt8]] = [:]
    private let lock = NSLock()
    public init() {}
    public func write(_ path: String, _ bytes: [UInt8]) throws {
        try OutputPath.validate(path)
        lock.lock(); defer { lock.unlock() }
        files[path] = bytes
    }
    public func text(_ path: String) -> String? { files[path].map { String(decoding: $0, as: UTF8.self) } }
}

public enum OutputPath {
    /// A site path is relative, `/`-separated, and every component is a plain name: nothing a report
    /// contains can make the build write outside the output folder.
    public static func validate(_ path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\0"), !path.contains("\\"),
              parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && $0.utf8.count <= 255 }) else {
            throw Diagnostic(.error, .output, SourceLocation(file: path), "拒绝写入不安全的输出路径")
        }
    }
}

/// Builds the site in a staging folder beside the output and swaps it in only when complete, so a
/// killed or failed build leaves the previous site whole. Stale staging folders of dead builds are removed.
public final class StagedOutput: OutputSink {
    public let output: URL
    public let staging: URL
    /// `staging.path`, worked out once: URL's path appending was 3 % of a clean build's CPU.
    private let stagingPath: String
    private let fm = FileManager.default
    private var createdDirectories = Set<String>()
    private let lock = NSLock()

    /// True when the staging folder started as the site before the live one (`.public.base`), to be
    /// brought up to date instead of written from nothing.
    public let recycled: Bool
    /// Every path written or linked into the staging folder (kept only when recycled, to find what is stale).
    private var touched = Set<String>()

    /// With `recycling`, the previous site kept beside the output (`.public.base`) becomes the staging
    /// folder: an incremental build then touches only what changed. It is renamed first, so a build killed
    /// while changing it leaves a stale staging folder, which the next build removes (and builds in full).
    public init(output: URL, recycling: Bool = false) throws {
        self.output = output.standardizedFileURL
        let parent = self.output.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        Self.removeStaleStaging(beside: self.output)
        Self.sweepRetired(beside: self.output)
        staging = parent.appendingPathComponent(".\(self.output.lastPathComponent).staging-\(getpid())")
        stagingPath = staging.path
        _ = portal_remove_tree(staging.path)
        let base = Self.basePath(for: self.output)
        if recycling && rename(base.path, staging.path) == 0 {
            recycled = true
        } else {
            recycled = false
            if fm.fileExists(atPath: base.path) { Self.retire(base, beside: self.output) }
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        }
    }

    /// The previous site, kept for the next build to recycle.
    public static func basePath(for output: URL) -> URL {
        output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).base")
    }

    /// The inode of a folder (0 when there is none): tells which site a cache's digests were made for.
    public static func inode(of folder: URL) -> UInt64 {
        var info = stat()
        return lstat(folder.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR ? UInt64(info.st_ino) : 0
    }

    /// Removes a folder of the (recycled) staging site that is to be written again or is gone.
    public func removeFolder(_ path: String) throws {
        let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
        try OutputPath.validate(folder)
        _ = portal_remove_tree(staging.appendingPathComponent(folder).path)
    }

    /// Whether a recycled staging site has a file (an agency folder kept as it was must be whole).
    public func stagedFileExists(_ path: String) -> Bool {
        (try? OutputPath.validate(path)) != nil && access(stagingPath + "/" + path, F_OK) == 0
    }

    /// In a recycled staging site, deletes every file this build did not write or link, outside the
    /// folders kept whole (`kept`, e.g. `agencies/<slug>/`), and the folders that leaves empty: the
    /// result holds exactly what a build from nothing would.
    public func removeUntouched(keeping kept: Set<String>) throws {
        guard recycled else { return }
        func sweep(_ relative: String) -> Bool {  // true when the folder is left empty
            let dir = relative.isEmpty ? stagingPath : stagingPath + "/" + relative
            guard let entries = Self.entries(of: dir) else { return false }
            var empty = true
            for (name, isDirectory) in entries {
                let path = relative.isEmpty ? name : relative + "/" + name
                if isDirectory {
                    if kept.contains(path + "/") { empty = false; continue }
                    if sweep(path) { rmdir(dir + "/" + name) } else { empty = false }
                } else if touched.contains(path) {
                    empty = false
                } else {
                    unlink(dir + "/" + name)
                }
            }
            return empty
        }
        _ = sweep("")
    }

    /// A folder's entries and whether each is a folder (not following links), from readdir's types:
    /// no stat per entry where the file system gives them.
    static func entries(of dir: String) -> [(name: String, isDirectory: Bool)]? {
        guard let handle = opendir(dir) else { return nil }
        defer { closedir(handle) }
        var out: [(name: String, isDirectory: Bool)] = []
        while let item = readdir(handle) {
            let name = item.pointee.name
            if name == "." || name == ".." { continue }
            var isDirectory = Int32(item.pointee.d_type) == DT_DIR
            if Int32(item.pointee.d_type) == DT_UNKNOWN {
                var info = stat()
                guard lstat(dir + "/" + name, &info) == 0 else { continue }
                isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            }
            out.append((name, isDirectory))
        }
        return out
    }

    static func stagingPrefix(for output: URL) -> String { ".\(output.lastPathComponent).staging-" }
    static func retiredPrefix(for output: URL) -> String { ".\(output.lastPathComponent).old-" }

    /// Retires the `.public.staging-PID` folders whose build process is gone. A build killed between the
    /// two renames of the fallback swap leaves no output and the previous site in `.public.old-PID`: that
    /// site is put back, not removed.
    static func removeStaleStaging(beside output: URL) {
        let parent = output.deletingLastPathComponent()
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names.sorted() {
            // A site the fallback swap moved aside (`.public.old-PID`) before a kill left no output: put back.
            if name.hasPrefix(retiredPrefix(for: output)), let pid = Int32(name.dropFirst(retiredPrefix(for: output).count)),
               pid != getpid(), !isRunning(pid), !FileManager.default.fileExists(atPath: output.path),
               rename(parent.appendingPathComponent(name).path, output.path) == 0 {
                continue
            }
            if name.hasPrefix(stagingPrefix(for: output)) {
                // A staging folder of a build that is still running is that build's; one of a dead build is litter.
                if let pid = Int32(name.dropFirst(stagingPrefix(for: output).count)), pid != getpid(), isRunning(pid) { continue }
                retire(parent.appendingPathComponent(name), beside: output)
            }
        }
    }

    /// kill(pid, 0) fails with EPERM for a live process of another user: that build is running too.
    static func isRunning(_ pid: Int32) -> Bool { kill(pid, 0) == 0 || errno == EPERM }

    /// Deletes a folder that is no longer part of the site without waiting for it: renamed out of the way
    /// at once, then removed by a detached `rm`. Deleting is slow on some file systems (ext4 with
    /// `discard` here: 61,000 files took two minutes), and the new site is already live by then.
    /// A retired folder a crash leaves behind is removed by the next build.
    static func retire(_ folder: URL, beside output: URL) {
        let parent = output.deletingLastPathComponent()
        let retired = parent.appendingPathComponent("\(retiredPrefix(for: output))\(getpid())-\(UUID().uuidString.prefix(8))")
        guard (try? FileManager.default.moveItem(at: folder, to: retired)) != nil else {
            _ = portal_remove_tree(folder.path)
            return
        }
        removeInBackground(retired)
    }

    static func removeInBackground(_ folder: URL) {
        let rm = Process()
        rm.executableURL = URL(fileURLWithPath: "/bin/rm")
        rm.arguments = ["-rf", "--", folder.path]
        rm.standardInput = FileHandle.nullDevice
        rm.standardOutput = FileHandle.nullDevice
        rm.standardError = FileHandle.nullDevice
        if (try? rm.run()) == nil { _ = portal_remove_tree(folder.path) }
    }

    /// Retired folders of earlier builds whose `rm` did not finish (a crash, a reboot).
    static func sweepRetired(beside output: URL) {
        let parent = output.deletingLastPathComponent()
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where name.hasPrefix(retiredPrefix(for: output)) {
            let pid = Int32(name.dropFirst(retiredPrefix(for: output).count).prefix(while: { $0.isNumber }))
            if let pid, pid != getpid(), isRunning(pid) { continue }
            if !rmRunning(on: name) { removeInBackground(parent.appendingPathComponent(name)) }
        }
    }

    /// True when an `rm` started by an earlier build is still deleting this folder.
    static func rmRunning(on name: String) -> Bool {
        guard let pids = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
        for pid in pids where pid.allSatisfy(\.isNumber) {
            if let cmd = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8), cmd.hasPrefix("/bin/rm"), cmd.contains(name) {
                return true
            }
        }
        return false
    }

    public func write(_ path: String, _ bytes: [UInt8]) throws {
        let fd = try Self.create(try prepare(path), displayPath: path)
        defer { close(fd) }
        try Self.writeAll(fd, bytes, displayPath: path)
    }

    /// Copied by the kernel (copy_file_range), without reading the bytes into the process.
    public func copy(_ path: String, from file: URL) throws {
        let source = open(file.path, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else {
            throw Diagnostic(.error, .output, SourceLocation(file: path), "无法读取 \(file.lastPathComponent)：\(String(cString: strerror(errno)))")
        }
        defer { close(source) }
        let target = try Self.create(try prepare(path), displayPath: path)
        defer { close(target) }
        while true {
            let n = portal_copy_file_range(source, target, 1 << 30)
            if n > 0 { continue }
            if n == 0 { return }
            if errno == EINTR { continue }
            break  // not supported between these file systems: copy through memory
        }
        try Self.copyThroughMemory(source, target, displayPath: path)
    }

    /// Copies the whole of `source` over `target`, through a buffer.
    static func copyThroughMemory(_ source: Int32, _ target: Int32, displayPath path: String) throws {
        guard ftruncate(target, 0) == 0, lseek(target, 0, SEEK_SET) == 0, lseek(source, 0, SEEK_SET) == 0 else {
            throw Diagnostic(.error, .output, SourceLocation(file: path), "写入失败：\(String(cString: strerror(errno)))")
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if n == 0 { return }
            if n < 0 {
                if errno == EINTR { continue }
                throw Diagnostic(.error, .output, SourceLocation(file: path), "读取失败：\(String(cString: strerror(errno)))")
            }
            try Self.writeAll(target, Array(buffer[0..<n]), displayPath: path)
        }
    }

    public func stream(_ path: String) throws -> StreamedFile {
        return FileDescriptorFile(fd: try Self.create(try prepare(path), displayPath: path), displayPath: path)
    }

    /// Appends through a 1 MB buffer straight to the staged file.
    final class FileDescriptorFile: StreamedFile {
        let fd: Int32, displayPath: String
        var buffer: [UInt8] = []
        var closed = false
        init(fd: Int32, displayPath: String) { self.fd = fd; self.displayPath = displayPath; buffer.reserveCapacity(1 << 20) }
        deinit { if !closed { close(fd) } }
        func append(_ bytes: [UInt8]) throws {
            buffer += bytes
            if buffer.count >= 1 << 20 { try flush() }
        }
        func flush() throws {
            try StagedOutput.writeAll(fd, buffer, displayPath: displayPath)
            buffer.removeAll(keepingCapacity: true)
        }
        func append(_ range: Range<Int>, of file: URL) throws {
            let source = open(file.path, O_RDONLY | O_CLOEXEC)
            guard source >= 0 else { throw FileRange.failure(file, "读取") }
            defer { close(source) }
            try flush()
            try FileRange.copy(range, of: source, to: fd, displayPath: displayPath)
        }
        func finish() throws {
            try flush()
            closed = true
            close(fd)
        }
    }

    /// Checks a site path and creates its folder in the staging area (once); returns where it goes.
    private func prepare(_ path: String) throws -> String {
        try OutputPath.validate(path)
        if recycled { lock.lock(); touched.insert(path); lock.unlock() }
        // Not NSString's deletingLastPathComponent: it traps on a one-character name on Linux.
        let dir = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        if !dir.isEmpty {
            // Created under the lock: another thread writing into the same folder must not find it missing.
            lock.lock()
            defer { lock.unlock() }
            if !createdDirectories.contains(dir) {
                try makeDirectory(dir)
                createdDirectories.insert(dir)
            }
        }
        return stagingPath + "/" + path
    }

    /// mkdir, and its parents when missing (FileManager's version looks at every component each time).
    private func makeDirectory(_ dir: String) throws {
        let path = stagingPath + "/" + dir
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        guard errno == ENOENT, dir.contains("/") else {
            throw Diagnostic(.error, .output, SourceLocation(file: dir), "无法创建文件夹：\(String(cString: strerror(errno)))")
        }
        try makeDirectory((dir as NSString).deletingLastPathComponent)
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw Diagnostic(.error, .output, SourceLocation(file: dir), "无法创建文件夹：\(String(cString: strerror(errno)))")
        }
    }

    /// A hard link to the previous site's file: no bytes written, and deleting the retired site later
    /// frees nothing that the new one uses.
    public func reuse(_ path: String, from file: URL) throws {
        let target = try prepare(path)
        if link(file.path, target) == 0 { return }
        // A recycled staging site has its own copy there: kept when it is this very file (linked by the
        // build before), else replaced by a link.
        if errno == EEXIST {
            var source = stat(), existing = stat()
            if stat(file.path, &source) == 0, lstat(target, &existing) == 0,
               source.st_ino == existing.st_ino, source.st_dev == existing.st_dev { return }
            unlink(target)
            if link(file.path, target) == 0 { return }
        }
        try write(path, [UInt8](try Data(contentsOf: file)))
    }

    /// Plain open/write/close: Foundation's createFile fsyncs every file, which cost more than rendering.
    /// Durability of single files does not matter here; the site becomes visible only by the swap.
    static func create(_ path: String, displayPath: String) throws -> Int32 {
        // A new file, never through an existing one (harden): a path `reuse` hard-linked to the live site
        // would otherwise be truncated and rewritten in place, changing the site before the swap.
        var fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 && errno == EEXIST {
            unlink(path)
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else {
            throw Diagnostic(.error, .output, SourceLocation(file: displayPath), "无法写入 \(path)：\(String(cString: strerror(errno)))")
        }
        return fd
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], displayPath: String) throws {
        var written = 0
        try bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Diagnostic(.error, .output, SourceLocation(file: displayPath), "写入失败：\(String(cString: strerror(errno)))")
                }
                written += n
            }
        }
    }

    /// Swaps the staging folder in: atomically with renameat2 where the file system allows it. The previous
    /// site is kept as `.public.base` for the next build to recycle (`keepPrevious`), or deleted.
    public func commit(keepPrevious: Bool = false) throws {
        let base = Self.basePath(for: output)
        func setAside(_ previous: URL) {
            if keepPrevious && rename(previous.path, base.path) == 0 { return }
            Self.retire(previous, beside: output)
        }
        if fm.fileExists(atPath: output.path) {
            if portal_exchange_paths(staging.path, output.path) == 0 {
                setAside(staging)  // the staging path now holds the previous site
                return
            }
            // No atomic exchange here: move the old site aside, then the new one in.
            let retired = output.deletingLastPathComponent().appendingPathComponent("\(Self.retiredPrefix(for: output))\(getpid())")
            try fm.moveItem(at: output, to: retired)
            try fm.moveItem(at: staging, to: output)
            setAside(retired)
        } else {
            try fm.moveItem(at: staging, to: output)
        }
    }

    public func abandon() { _ = portal_remove_tree(staging.path) }
}
