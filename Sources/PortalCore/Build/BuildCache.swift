import Foundation

/// What an earlier build learnt, kept beside the output (`.public.cache/`) so the next build parses only
/// the files that changed and re-renders only the agencies whose inputs changed.
///
/// It is only an accelerator: a missing, corrupt or stale cache means a full build, never a different
/// site. It is stale when the portal binary or the day changes (a check depends on today's date).
public struct BuildCache {
    /// The outcome of `Pipeline.read` for one file, with what identifies the file's bytes.
    struct Entry {
        var size: Int
        var modified: Int64
        var hash: UInt64
        var outcome: Result<Report, SkippedSource>
        /// Where this entry lies, as it is, in the cache file it was loaded from (copied, not encoded again).
        var stored: Range<Int>? = nil
    }

    var entries: [String: Entry] = [:]
    /// Agency slug → digest of everything its page, data and charts were rendered from, for the live
    /// site (`pages`) and for the previous one kept beside it to be recycled (`basePages`). Each is
    /// trusted only for the folder it was written for, told by the folder's inode: a site swapped in by a
    /// build killed before it saved its cache, or a folder replaced by hand, is not taken for another.
    var pages: [String: UInt64] = [:]
    var liveInode: UInt64 = 0
    var basePages: [String: UInt64] = [:]
    var baseInode: UInt64 = 0
    /// Agency name → slug (`AgencyGrouping.group`), so unchanged names are not transliterated again.
    var slugs: [String: String] = [:]
    /// The file the entries were loaded from (device, inode, size), to copy unchanged entries from.
    var loadedFrom: (path: String, device: UInt64, inode: UInt64, size: Int)?

    static let magic = Array("PORTALC6".utf8)

    /// The cache folder for an output folder: `.public.cache` beside `public`.
    public static func folder(for output: URL) -> URL {
        output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).cache")
    }

    /// Identifies the build that may use a cache: this binary (size and time) and today's date.
    static func stamp(today: CalendarDay) -> String {
        var info = stat()
        let exe = stat("/proc/self/exe", &info) == 0 ? "\(info.st_size)-\(info.st_mtim.tv_sec)-\(info.st_mtim.tv_nsec)" : "unknown"
        return "\(ReportCodec.version)|\(exe)|\(today.year)-\(today.month)-\(today.day)"
    }

    public static func load(from folder: URL, today: CalendarDay) -> BuildCache {
        let path = folder.appendingPathComponent("cache.bin").path
        var info = stat()
        guard stat(path, &info) == 0, let bytes = readWhole(path) else { return BuildCache() }
        var r = BinaryReader(bytes)
        do {
            guard try (0..<magic.count).map({ _ in try r.byte() }) == magic, try r.string() == stamp(today: today) else {
                return BuildCache()
            }
            var cache = BuildCache()
            // Entries are length-prefixed, so they are found first and decoded in parallel.
            var spans: [(whole: Range<Int>, body: Range<Int>)] = []
            for _ in 0..<(try r.int()) {
                let start = r.offset
                let length = try r.int()
                guard length >= 0, r.offset + length <= r.bytes.count else { throw BinaryReader.Corrupt() }
                spans.append((start..<(r.offset + length), r.offset..<(r.offset + length)))
                r.offset += length
            }
            let bytes = r.bytes
            let decoded = Parallel.map(spans.count) { i -> (String, Entry)? in
                var entry = BinaryReader(bytes)
                entry.offset = spans[i].body.lowerBound
                guard var decoded = try? Self.decodeEntry(&entry),
                      entry.offset == spans[i].body.upperBound else { return nil }  // exactly its own bytes
                decoded.1.stored = spans[i].whole
                return decoded
            }
            for item in decoded {
                guard let (path, entry) = item else { throw BinaryReader.Corrupt() }
                cache.entries[path] = entry
            }
            for _ in 0..<(try r.int()) { cache.pages[try r.string()] = UInt64(bitPattern: Int64(try r.int())) }
            cache.liveInode = UInt64(bitPattern: Int64(try r.int()))
            for _ in 0..<(try r.int()) { cache.basePages[try r.string()] = UInt64(bitPattern: Int64(try r.int())) }
            cache.baseInode = UInt64(bitPattern: Int64(try r.int()))
            cache.loadedFrom = (path, UInt64(info.st_dev), UInt64(info.st_ino), Int(info.st_size))
            for _ in 0..<(try r.int()) { cache.slugs[try r.string()] = try r.string() }
            return cache
        } catch {
            return BuildCache()
        }
    }

    /// A file's bytes read straight into one array (Data, then a copy as [UInt8], held the cache twice).
    static func readWhole(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= 0 else { return nil }
        let size = Int(info.st_size)
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let n = read(fd, buffer.baseAddress! + done, size - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                done += n
            }
            count = done
            complete = done == size
        }
        return complete ? bytes : nil
    }

    static func decodeEntry(_ r: inout BinaryReader) throws -> (String, Entry) {
        let path = try r.string()
        let size = try r.int(), modified = Int64(try r.int()), hash = UInt64(bitPattern: Int64(try r.int()))
        let outcome: Result<Report, SkippedSource>
        if try r.byte() == 1 {
            outcome = .success(try ReportCodec.decode(&r))
        } else {
            outcome = .failure(SkippedSource(source: try r.string(), agency: try r.optional { try $0.string() },
                                             year: try r.optional { try $0.int() }, reason: try r.string(),
                                             line: try r.optional { try $0.int() }))
        }
        return (path, Entry(size: size, modified: modified, hash: hash, outcome: outcome))
    }

    static func encodeEntry(_ path: String, _ e: Entry) -> [UInt8] {
        var w = BinaryWriter()
        w.string(path); w.int(e.size); w.int(Int(e.modified)); w.int(Int(Int64(bitPattern: e.hash)))
        encode(e.outcome, into: &w)
        return w.bytes
    }

    static func encode(_ outcome: Result<Report, SkippedSource>, into w: inout BinaryWriter) {
        switch outcome {
        case .success(let report):
            w.bytes.append(1)
            ReportCodec.encode(report, into: &w)
        case .failure(let s):
            w.bytes.append(0)
            w.string(s.source); w.optional(s.agency) { $0.string($1) }; w.optional(s.year) { $0.int($1) }
            w.string(s.reason); w.optional(s.line) { $0.int($1) }
        }
    }

    /// Written beside the cache while the site is rendered (`install` puts it in place once the site is
    /// swapped in, so a failed build never leaves a cache describing a site that is not there); a failure
    /// to write only costs the next build time.
    public func writeTemporary(in folder: URL, today: CalendarDay) -> URL? {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent("cache.bin.\(getpid())")
        do {
            let fd = try StagedOutput.create(temporary.path, displayPath: "cache.bin")
            defer { close(fd) }
            var w = BinaryWriter()
            w.bytes += Self.magic
            w.string(Self.stamp(today: today))
            let sorted = entries.sorted(by: { $0.key < $1.key })
            w.int(sorted.count)
            // Entries loaded from the previous cache and not changed since are copied from it by the kernel,
            // a run at a time; the others are encoded in parallel a batch at a time and written as they go
            // (the whole cache is hundreds of MB at national scale and is never held at once).
            let previous = openLoadedFile()
            defer { if let previous { close(previous) } }
            var run: Range<Int>?
            func flush() throws {
                try StagedOutput.writeAll(fd, w.bytes, displayPath: "cache.bin")
                w.bytes.removeAll(keepingCapacity: true)
                if let r = run, let previous { try FileRange.copy(r, of: previous, to: fd, displayPath: "cache.bin") }
                run = nil
            }
            for start in stride(from: 0, to: sorted.count, by: 4096) {
                let batch = sorted[start..<min(start + 4096, sorted.count)]
                let encoded = Parallel.map(batch.count) { i -> [UInt8]? in
                    let (path, entry) = batch[batch.startIndex + i]
                    return previous != nil && entry.stored != nil ? nil : Self.encodeEntry(path, entry)
                }
                for (entry, bytes) in zip(batch, encoded) {
                    if let bytes {
                        if run != nil { try flush() }
                        w.int(bytes.count)
                        w.bytes += bytes
                    } else if let stored = entry.value.stored {
                        if let r = run, r.upperBound == stored.lowerBound { run = r.lowerBound..<stored.upperBound; continue }
                        try flush()
                        run = stored
                    }
                }
                // A batch at a time, unless a run of copied entries goes on into the next batch.
                if run == nil { try flush() }
            }
            try flush()
            for (digests, inode) in [(pages, liveInode), (basePages, baseInode)] {
                w.int(digests.count)
                for (slug, digest) in digests.sorted(by: { $0.key < $1.key }) { w.string(slug); w.int(Int(Int64(bitPattern: digest))) }
                w.int(Int(Int64(bitPattern: inode)))
            }
            w.int(slugs.count)
            for (name, slug) in slugs.sorted(by: { $0.key < $1.key }) { w.string(name); w.string(slug) }
            try StagedOutput.writeAll(fd, w.bytes, displayPath: "cache.bin")
            return temporary
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            return nil
        }
    }

    /// The file the entries were loaded from, if it is still that file.
    func openLoadedFile() -> Int32? {
        guard let from = loadedFrom else { return nil }
        let fd = open(from.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = stat()
        if fstat(fd, &info) == 0, UInt64(info.st_dev) == from.device, UInt64(info.st_ino) == from.inode, Int(info.st_size) == from.size {
            return fd
        }
        close(fd)
        return nil
    }

    public static func install(_ temporary: URL, in folder: URL) {
        _ = rename(temporary.path, folder.appendingPathComponent("cache.bin").path)
    }

    public func save(to folder: URL, today: CalendarDay) {
        if let temporary = writeTemporary(in: folder, today: today) { Self.install(temporary, in: folder) }
    }
}

/// FNV-1a, 64 bits: identifies bytes for the cache (not for security).
struct Digest {
    private(set) var value: UInt64 = 14_695_981_039_346_656_037
    mutating func add(_ bytes: some Sequence<UInt8>) {
        // Contiguous bytes (every source file is hashed) eight at a time; the rest a byte at a time.
        let done: Bool? = bytes.withContiguousStorageIfAvailable { b in
            var i = 0
            let raw = UnsafeRawBufferPointer(b)
            while i + 8 <= b.count {
                value = (value ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
                value ^= value >> 29
                i += 8
            }
            while i < b.count { value = (value ^ UInt64(b[i])) &* 1_099_511_628_211; i += 1 }
            return true
        }
        guard done == nil else { return }
        // Any other sequence: the same words, gathered little-endian, so a digest depends on the bytes only.
        var word: UInt64 = 0, count: UInt64 = 0
        for b in bytes {
            word |= UInt64(b) << (8 * count)
            count += 1
            if count == 8 {
                value = (value ^ word) &* 0x9E37_79B9_7F4A_7C15
                value ^= value >> 29
                word = 0; count = 0
            }
        }
        for i in 0..<count { value = (value ^ ((word >> (8 * i)) & 0xFF)) &* 1_099_511_628_211 }
    }
    mutating func add(_ s: String) { add(s.utf8); add([0]) }
    static func of(_ bytes: some Sequence<UInt8>) -> UInt64 { var d = Digest(); d.add(bytes); return d.value }
}
