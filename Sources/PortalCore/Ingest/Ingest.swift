import Foundation

/// A file of the content folder, as bytes, with its path relative to that folder.
public struct SourceFile: Sendable {
    public var path: String
    public var data: Data
    public init(path: String, data: Data) { self.path = path; self.data = data }
}

/// Reads the content folder: every report file below it, never following a link out of it.
public enum ContentScanner {
    /// Files that configure the portal rather than being reports.
    public static let configurationFiles: Set<String> = ["agencies.yaml", "agencies.yml", "README.md", "README.txt"]

    public struct Scan: Sendable {
        public var files: [SourceFile]
        public var diagnostics: [Diagnostic]
    }

    /// A report file found in the content folder, not read yet: its size and modification time let the
    /// build cache skip reading files that did not change.
    public struct Entry: Sendable {
        public var path: String
        /// The file's path on disk (the content folder's path, then `path`).
        public var file: String
        public var size: Int
        public var modified: Int64  // nanoseconds since 1970
    }

    /// Lists the report files (sorted, so builds are deterministic) and reads them.
    public static func scan(_ root: URL, maxFileSize: Int = 64 << 20) -> Scan {
        let listing = list(root, maxFileSize: maxFileSize)
        var files: [SourceFile] = []
        var diagnostics = listing.diagnostics
        for entry in listing.entries {
            switch read(entry) {
            case .success(let f): files.append(f)
            case .failure(let d): diagnostics.append(d)
            }
        }
        return Scan(files: files, diagnostics: diagnostics)
    }

    public static func read(_ entry: Entry) -> Result<SourceFile, Diagnostic> {
        do { return .success(SourceFile(path: entry.path, data: try Data(contentsOf: URL(fileURLWithPath: entry.file)))) } catch {
            return .failure(Diagnostic(.error, .ingest, SourceLocation(file: entry.path), "无法读取文件：\(readFailure(error))"))
        }
    }

    /// The report files below `root` with their size and time, without reading them.
    public static func list(_ root: URL, maxFileSize: Int = 64 << 20) -> (entries: [Entry], diagnostics: [Diagnostic]) {
        let base = root.standardizedFileURL.path
        guard let rootPath = realPath(base), let top = opendir(base) else {
            return ([], [Diagnostic(.error, .ingest, SourceLocation(file: root.path), "内容目录无法读取")])
        }
        var entries: [Entry] = []
        var diagnostics: [Diagnostic] = []
        // readdir and one fstatat a file (FileManager's enumerator with resource keys, then lstat and stat,
        // stat'ed every file four times: most of an unchanged 10k-report build's listing).
        func walk(_ dir: OpaquePointer, _ prefix: String, depth: Int) {
            defer { closedir(dir) }
            let fd = dirfd(dir)
            while let item = readdir(dir) {
                let name = item.pointee.name
                if name.hasPrefix(".") { continue }  // hidden files and folders, and . and ..
                let relative = prefix + name
                var info = stat()
                guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    // Folders nest a few levels; a depth cap keeps a pathological tree from exhausting descriptors.
                    if depth < 64, let sub = fdopendir(openat(fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
                        walk(sub, relative + "/", depth: depth + 1)
                    }
                    continue
                case S_IFLNK:
                    let full = base + "/" + relative
                    if let target = realPath(full), !(target == rootPath || target.hasPrefix(rootPath + "/")) {
                        // The link as written, not the resolved absolute path: the message is published
                        // (quality page, data/reports.json) and must not tell the world the build machine's paths.
                        let written = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?"
                        diagnostics.append(Diagnostic(.error, .ingest, SourceLocation(file: relative),
                            "符号链接指向内容目录之外（\(written)），已拒绝"))
                        continue
                    }
                    // A link inside the folder is the file it names (a dangling or looping link is no file).
                    guard fstatat(fd, name, &info, 0) == 0 else { continue }
                default: break
                }
                guard (info.st_mode & S_IFMT) == S_IFREG else { continue }
                if prefix.isEmpty && configurationFiles.contains(relative) { continue }
                let size = Int(info.st_size)
                if size > maxFileSize {
                    diagnostics.append(Diagnostic(.error, .ingest, SourceLocation(file: relative),
                        "文件过大（\(size / 1_048_576) MB，上限 \(maxFileSize / 1_048_576) MB），未读入"))
                    continue
                }
                let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
                entries.append(Entry(path: relative, file: base + "/" + relative, size: size, modified: modified))
            }
        }
        walk(top, "", depth: 0)
        entries.sort { $0.path < $1.path }
        diagnostics.sort { $0.location.file < $1.location.file }
        return (entries, diagnostics)
    }

    /// The path with every link resolved, or nil when it names nothing.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The system's reason, without the absolute path Foundation's descriptions may carry (it is published).
    static func readFailure(_ error: Error) -> String {
        let ns = error as NSError
        let posix = ns.domain == NSPOSIXErrorDomain ? ns : ns.userInfo[NSUnderlyingErrorKey] as? NSError
        if let posix, posix.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(posix.code))) }
        return "\(ns.domain) \(ns.code)"
    }
}

extension dirent {
    /// The entry's file name (readdir's fixed-size, NUL-terminated field).
    var name: String { withUnsafeBytes(of: d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) } }
}

/// Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, then GB18030.
public enum TextDecoding {
    /// CoreFoundation's GB_18030_2000 as a Foundation encoding (GBK_95 and CP936 fail on Linux).
    public static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    public enum Encoding: String, Sendable { case utf8 = "UTF-8", utf8BOM = "UTF-8 (BOM)", utf16LE = "UTF-16LE", utf16BE = "UTF-16BE", gb18030 = "GB18030" }

    public static func decode(_ data: Data) -> (text: String, encoding: Encoding)? {
        let bytes = [UInt8](data.prefix(3))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return String(data: data.dropFirst(3), encoding: .utf8).map { ($0, .utf8BOM) }
        }
        if bytes.starts(with: [0xFF, 0xFE]) { return String(data: data.dropFirst(2), encoding: .utf16LittleEndian).map { ($0, .utf16LE) } }
        if bytes.starts(with: [0xFE, 0xFF]) { return String(data: data.dropFirst(2), encoding: .utf16BigEndian).map { ($0, .utf16BE) } }
        if let s = String(validatingUTF8Data: data) { return (s, .utf8) }
        if let s = String(data: data, encoding: gb18030) { return (s, .gb18030) }
        return nil
    }
}

extension String {
    /// Strict UTF-8 (Foundation's `String(data:encoding:.utf8)` is strict too, but this avoids a copy).
    init?(validatingUTF8Data data: Data) {
        guard let s = data.withUnsafeBytes({ String(validating: $0.bindMemory(to: UInt8.self), as: UTF8.self) }) else { return nil }
        self = s
    }
}

/// The physical form of a report, from its content (seed 001 is Markdown named .txt).
public enum FormDetection {
    public static func binaryForm(_ data: Data) -> SourceForm? {
        let head = [UInt8](data.prefix(8))
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .docx }
        return nil
    }

    public static func textForm(_ text: String) -> SourceForm {
        // Every HTML sign starts with `<` (no other Character equals it, and lower-casing makes none):
        // text without that byte is no page, and needs no look at its head.
        if hasByte(0x3C, in: text), plainHeadLooksLikeHTML(text) ?? headLooksLikeHTML(text) { return .html }
        // A script or data file that carries the report as a string of HTML (`let content = "<p>…<table>…"`).
        if text.includes("<table"), EmbeddedHTML.find(in: text)?.html.includes("<table") == true { return .html }
        var tabLeading = 0, tabInside = 0, headings = 0
        // The lines of `sourceLines` (\n, \r\n, \r), walked on the bytes without making them.
        // A tab is a Character of its own (a control): the first byte tells `hasPrefix("\t")`.
        var hashLines: [Range<Int>] = []
        var copy = text
        copy.withUTF8 { b in
            var start = 0, i = 0, sawTab = false
            func endLine(_ end: Int) {
                if start < end && b[start] == 0x09 { tabLeading += 1 } else if sawTab { tabInside += 1 }
                if start < end && b[start] == 0x23 {
                    // `#` then ASCII (or nothing): a `#` Character; else asked of the line below.
                    if start + 1 == end || b[start + 1] < 0x80 { headings += 1 } else { hashLines.append(start..<end) }
                }
                sawTab = false
            }
            while i < b.count {
                let c = b[i]
                if c == 0x0A || c == 0x0D {
                    endLine(i)
                    i += c == 0x0D && i + 1 < b.count && b[i + 1] == 0x0A ? 2 : 1
                    start = i
                } else {
                    if c == 0x09 { sawTab = true }
                    i += 1
                }
            }
            endLine(b.count)
        }
        for r in hashLines {
            let u = text.utf8
            let line = text[u.index(u.startIndex, offsetBy: r.lowerBound)..<u.index(u.startIndex, offsetBy: r.upperBound)]
            if line.hasPrefix("#") { headings += 1 }
        }
        // Cells run together (crawler text) only where no line has a tab.
        if tabLeading == 0 && tabInside == 0 && sourceLines(text).contains(where: { line in
            (line.utf8.count > 3000 && (line.includes("本年新收") || line.includes("第二十条"))) || isGluedTableLine(line)
        }) { return .flattened }
        if headings > 0 || tabInside > tabLeading { return .markdown }
        return .wordText
    }

    static func hasByte(_ byte: UInt8, in text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in b.baseAddress.map { memchr($0, Int32(byte), b.count) != nil } ?? false }
    }

    /// The HTML test on the first 4096 Characters, lower-cased: an HTML start, a `<body`, or a `<` start
    /// with `<p`, `<table` or `<div` somewhere.
    static func headLooksLikeHTML(_ text: String) -> Bool {
        let head = text.prefix(4096)
        let lowered = head.lowercased()
        let trimmedStart = lowered.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
        return trimmedStart.hasPrefix("<!doctype html") || trimmedStart.hasPrefix("<html") || lowered.includes("<body")
            || (trimmedStart.hasPrefix("<") && (lowered.includes("<p") || lowered.includes("<table") || lowered.includes("<div")))
    }

    /// `headLooksLikeHTML` on bytes, when the head is plain text (`isPlainScalar`): there each scalar is one
    /// Character, lower-casing changes no byte of the ASCII needles' positions (non-ASCII plain scalars
    /// lower-case to non-ASCII of the same length), and Character comparisons are byte comparisons.
    /// Nil when the head is not plain: the caller then asks `headLooksLikeHTML`. (`prefix(4096)` and
    /// `lowercased()` were 7% of the load stage.)
    static func plainHeadLooksLikeHTML(_ text: String) -> Bool? {
        var text = text
        return text.withUTF8 { bytes -> Bool? in
            // The end of the first 4096 scalars, each of them plain, and the one after plain too (or none).
            var end = 0, count = 0
            while end < bytes.count {
                let b = bytes[end]
                let length: Int, value: UInt32
                if b < 0x80 { length = 1; value = UInt32(b) }
                else if b < 0xE0 { length = 2; value = UInt32(b & 0x1F) << 6 | UInt32(bytes[end + 1] & 0x3F) }
                else if b < 0xF0 {
                    length = 3
                    value = UInt32(b & 0x0F) << 12 | UInt32(bytes[end + 1] & 0x3F) << 6 | UInt32(bytes[end + 2] & 0x3F)
                } else { return nil }
                // CR is a Character alone, or with the LF after it one Character (2 scalars, 2 bytes).
                guard isPlainScalar(value) || value == 0x0D else { return nil }
                if count == 4096 { break }
                count += 1
                end += value == 0x0D && end + 1 < bytes.count && bytes[end + 1] == 0x0A ? 2 : length
            }
            var lowered = [UInt8](UnsafeBufferPointer(rebasing: bytes[0..<end]))
            for i in lowered.indices where lowered[i] >= 0x41 && lowered[i] <= 0x5A { lowered[i] |= 0x20 }
            return lowered.withUnsafeBufferPointer { low -> Bool in
                // Leading whitespace (Character.isWhitespace: the scalar's White_Space property).
                var start = 0
                while start < low.count {
                    let b = low[start]
                    if b < 0x80 {
                        guard Unicode.Scalar(b).properties.isWhitespace else { break }
                        start += 1
                    } else if b == 0xC2, low[start + 1] == 0xA0 { start += 2 }                        // U+00A0
                    else if b == 0xE3, low[start + 1] == 0x80, low[start + 2] == 0x80 { start += 3 }  // U+3000
                    else { break }
                }
                func starts(_ s: StaticString) -> Bool {
                    let n = s.utf8CodeUnitCount
                    guard low.count - start >= n else { return false }
                    for k in 0..<n where low[start + k] != s.utf8Start[k] { return false }
                    return true
                }
                func has(_ s: StaticString) -> Bool {
                    byteOffset(of: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount), in: low) != nil
                }
                return starts("<!doctype html") || starts("<html") || has("<body")
                    || (starts("<") && (has("<p") || has("<table") || has("<div")))
            }
        }
    }

    /// Row labels of the three tables that, in text whose cells were run together, a number follows
    /// directly (`规章000`, `申请数量801000081`, `尚未审结总计110024…`).
    static let gluedLabels = ["规章", "行政许可", "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "尚未审结总计"]

    /// A line that holds a table with its cells run together (crawler text): a row label with its
    /// numbers right after it, in a line without tabs.
    public static func isGluedTableLine<S: StringProtocol>(_ text: S) -> Bool {
        guard !text.includes("\t"), text.includes("第二十条") || text.includes("本年新收") || text.includes("结果维持") else { return false }
        let line = String(text)
        for label in gluedLabels {
            var search = line.startIndex..<line.endIndex
            while let r = line.fastRange(of: label, range: search) {
                search = r.upperBound..<line.endIndex
                if let next = line[r.upperBound...].unicodeScalars.first(where: { $0 != " " }),
                   next.isASCIIDigit || (0xFF10...0xFF19).contains(next.value) {
                    return true
                }
            }
        }
        return false
    }
}
