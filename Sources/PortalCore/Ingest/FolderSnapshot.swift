import Foundation

/// The names, sizes and modification times of every file below some folders: two snapshots differ when a
/// file was added, removed, or changed. Polling this every few hundred milliseconds is how `portal serve`
/// notices edits, portably (no inotify), cheaply (stat only, no reading).
public struct FolderSnapshot: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var size: Int64
        public var modified: Int64
    }
    public private(set) var entries: [String: Entry] = [:]

    public init(entries: [String: Entry] = [:]) { self.entries = entries }

    public static func take(_ folders: [URL]) -> FolderSnapshot {
        var snapshot = FolderSnapshot()
        for folder in folders { walk(folder.path, into: &snapshot.entries) }
        return snapshot
    }

    /// lstat-based walk: readdir is several times faster than FileManager's enumerator with resource keys.
    private static func walk(_ path: String, into entries: inout [String: Entry]) {
        guard let dir = opendir(path) else { return }
        defer { closedir(dir) }
        while let e = readdir(dir) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw -> String in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." || name.hasPrefix(".") { continue }
            let full = path + "/" + name
            var st = stat()
            guard lstat(full, &st) == 0 else { continue }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                walk(full, into: &entries)
            } else {
                #if canImport(Darwin)
                let t = st.st_mtimespec
                #else
                let t = st.st_mtim
                #endif
                entries[full] = Entry(size: Int64(st.st_size), modified: Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec))
            }
        }
    }

    /// Paths that were added, removed or changed between two snapshots (for the log line).
    public func changes(since old: FolderSnapshot) -> [String] {
        var out: [String] = []
        for (path, entry) in entries where old.entries[path] != entry { out.append(path) }
        for path in old.entries.keys where entries[path] == nil { out.append(path) }
        return out.sorted()
    }
}
