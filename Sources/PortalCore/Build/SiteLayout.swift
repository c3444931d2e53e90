import Foundation

/// What the live site's whole-site files hold, kept beside the build cache so the next build changes
/// them rather than making them again:
/// - where each agency's lines lie in the whole-dataset files (`data/reports.json`, `reports.csv`,
///   `raw-cells.csv`): the lines of every agency whose digest is unchanged are copied (72 MB of JSON at 10k);
/// - the search index's layout, for `SearchIndex.update`.
///
/// Trusted only for the live folder it was written for (its inode) and files of the recorded sizes and digests.
struct SiteLayout {
    struct Part: Equatable {
        /// `Pipeline.pageDigests`: everything the agency's lines are made from.
        var digest: UInt64
        var ranges: [Range<Int>]  // one per file of `files`, in order
    }

    static let files = ["data/reports.json", "data/reports.csv", "data/raw-cells.csv"]
    static let fileName = "site-layout.bin"
    static let magic = Array("PORTALL1".utf8)

    var site: UInt64 = 0
    var sizes: [Int] = []
    var parts: [String: Part] = [:]
    var search: SearchIndex.Layout?
    /// Agencies whose lines this build copied (not saved).
    var copied = 0

    /// The layout of the live site `site`, or an empty one when what is on disk is not what it describes.
    static func load(from folder: URL, site: URL, today: CalendarDay) -> SiteLayout {
        guard let bytes = BuildCache.readWhole(folder.appendingPathComponent(fileName).path) else { return SiteLayout() }
        var r = BinaryReader(bytes)
        do {
            guard try (0..<magic.count).map({ _ in try r.byte() }) == magic, try r.string() == BuildCache.stamp(today: today) else {
                return SiteLayout()
            }
            var layout = SiteLayout()
            layout.site = UInt64(bitPattern: Int64(try r.int()))
            layout.sizes = try files.map { _ in try r.int() }
            for _ in 0..<(try r.int()) {
                let slug = try r.string()
                let digest = UInt64(bitPattern: Int64(try r.int()))
                let ranges = try files.map { _ in
                    let lower = try r.int(), upper = try r.int()
                    guard 0 <= lower, lower <= upper else { throw BinaryReader.Corrupt() }
                    return lower..<upper
                }
                layout.parts[slug] = Part(digest: digest, ranges: ranges)
            }
            if try r.byte() == 1 { layout.search = try SearchIndex.Layout.decode(&r) }
            var info = stat()
            let onDisk = files.map { stat(site.appendingPathComponent($0).path, &info) == 0 ? Int(info.st_size) : -1 }
            guard layout.site != 0, layout.site == StagedOutput.inode(of: site), onDisk == layout.sizes,
                  layout.parts.values.allSatisfy({ zip($0.ranges, onDisk).allSatisfy { $0.upperBound <= $1 } }) else { return SiteLayout() }
            return layout
        } catch {
            return SiteLayout()
        }
    }

    func writeTemporary(in folder: URL, today: CalendarDay) -> URL? {
        var w = BinaryWriter()
        w.bytes += Self.magic
        w.string(BuildCache.stamp(today: today))
        w.int(Int(Int64(bitPattern: site)))
        for size in sizes { w.int(size) }
        w.int(parts.count)
        for (slug, part) in parts.sorted(by: { $0.key < $1.key }) {
            w.string(slug)
            w.int(Int(Int64(bitPattern: part.digest)))
            for range in part.ranges { w.int(range.lowerBound); w.int(range.upperBound) }
        }
        w.optional(search) { $1.encode(into: &$0) }
        let temporary = folder.appendingPathComponent("\(Self.fileName).\(getpid())")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let fd = try StagedOutput.create(temporary.path, displayPath: Self.fileName)
            defer { close(fd) }
            try StagedOutput.writeAll(fd, w.bytes, displayPath: Self.fileName)
            return temporary
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            return nil
        }
    }

    static func install(_ temporary: URL, in folder: URL) {
        _ = rename(temporary.path, folder.appendingPathComponent(fileName).path)
    }
}

/// Appends an agency's part at a time to a streamed file, parts after the first behind `separator`, and
/// says where each landed. Parts copied from the previous file that lay one after another there are
/// copied in one go.
final class PartWriter {
    let file: StreamedFile
    let previous: URL?
    let separator: [UInt8]
    private(set) var offset: Int
    private var parts = 0
    private var pending: Range<Int>?

    init(_ file: StreamedFile, head: [UInt8], separator: [UInt8], previous: URL?) throws {
        self.file = file; self.separator = separator; self.previous = previous
        try file.append(head)
        offset = head.count
    }

    /// Appends a new part; returns where it is.
    func append(_ part: [UInt8]) throws -> Range<Int> {
        try flush()
        if parts > 0 { try file.append(separator); offset += separator.count }
        try file.append(part)
        parts += 1
        offset += part.count
        return (offset - part.count)..<offset
    }

    /// Appends `old`, a part of the previous file; returns where it is.
    func copy(_ old: Range<Int>) throws -> Range<Int> {
        if parts > 0 { offset += separator.count }
        defer { parts += 1; offset += old.count }
        if let run = pending, run.upperBound + separator.count == old.lowerBound {
            pending = run.lowerBound..<old.upperBound  // the separator between them is in the run
        } else {
            try flush()
            if parts > 0 { try file.append(separator) }
            pending = old
        }
        return offset..<(offset + old.count)
    }

    func finish(tail: [UInt8]) throws {
        try flush()
        try file.append(tail)
        offset += tail.count
        try file.finish()
    }

    private func flush() throws {
        guard let run = pending, let previous else { return }
        pending = nil
        if !run.isEmpty { try file.append(run, of: previous) }
    }
}
