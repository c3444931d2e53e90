import Foundation

extension SearchIndex {
    /// What an index's files are, beyond their bytes: enough for `update` to change a few documents and
    /// prove the result is what `build` would write.
    struct Layout: Equatable {
        /// `orderDigest` of the documents as numbered.
        var order: UInt64 = 0
        var documents = 0
        var shardBytes: [Int] = []
        var shardTokens: [Int] = []
        /// Σ (metadata record size + 1): decides `metaShardSize`.
        var metadataBytes = 0
        var metaShardSize = 0
        /// Every postings and metadata file's digest, by path.
        var fileDigests: [String: UInt64] = [:]

        func encode(into w: inout BinaryWriter) {
            w.int(Int(Int64(bitPattern: order))); w.int(documents)
            w.int(shardBytes.count)
            for (bytes, tokens) in zip(shardBytes, shardTokens) { w.int(bytes); w.int(tokens) }
            w.int(metadataBytes); w.int(metaShardSize)
            w.int(fileDigests.count)
            for (path, digest) in fileDigests.sorted(by: { $0.key < $1.key }) { w.string(path); w.int(Int(Int64(bitPattern: digest))) }
        }

        static func decode(_ r: inout BinaryReader) throws -> Layout {
            var l = Layout()
            l.order = UInt64(bitPattern: Int64(try r.int())); l.documents = try r.int()
            for _ in 0..<(try r.int()) { l.shardBytes.append(try r.int()); l.shardTokens.append(try r.int()) }
            l.metadataBytes = try r.int(); l.metaShardSize = try r.int()
            for _ in 0..<(try r.int()) { l.fileDigests[try r.string()] = UInt64(bitPattern: Int64(try r.int())) }
            return l
        }
    }

    /// A document whose text changed since the index was built: `documents[document]`, and its old text.
    struct Change {
        var document: Int
        var oldText: String
        var newText: String
    }

    /// The files of `build(documents)` from those of an earlier build (`layout`, files read by `read`)
    /// when only the texts of `changes` differ: each changed document is taken out of the postings of the
    /// tokens it lost and put into those of the tokens it gained, in their shards only. Returns the files
    /// that differ and the new layout, or nil when the numbering, the shard count or the metadata file size
    /// would not stay the same (then only a full build gives the right files).
    static func update(_ documents: [Document], changes: [Change], layout: Layout, options: Options = Options(),
                       text: (Int) -> String, read: (String) -> [UInt8]?) -> (files: [File], layout: Layout)? {
        let order = orderedIndices(documents)
        guard order.count == layout.documents, orderDigest(documents, order) == layout.order,
              layout.shardBytes.count > 0, layout.metaShardSize > 0 else { return nil }
        var number = [Int](repeating: 0, count: order.count)
        for (n, i) in order.enumerated() { number[i] = n }
        let shardCount = layout.shardBytes.count

        // Token edits by shard: body-only hits gained (true) or lost (false).
        var edits: [Int: [(token: String, document: Int32, gained: Bool)]] = [:]
        var metadataBytes = layout.metadataBytes
        var changedMeta = Set<Int>()
        for change in changes {
            let d = documents[change.document], n = number[change.document]
            let title = Set(SearchTokenizer.tokens(d.title) + SearchTokenizer.tokens(d.agency) + (d.year.map { SearchTokenizer.tokens(String($0)) } ?? []))
            let old = Set(SearchTokenizer.tokens(change.oldText)).subtracting(title)
            let new = Set(SearchTokenizer.tokens(change.newText)).subtracting(title)
            for (tokens, gained) in [(new.subtracting(old), true), (old.subtracting(new), false)] {
                for t in tokens { edits[Int(SearchTokenizer.fnv1a(t) % UInt32(shardCount)), default: []].append((t, Int32(n), gained)) }
            }
            let oldRecord = metadataRecord(d, text: change.oldText, options: options)
            let newRecord = metadataRecord(d, text: change.newText, options: options)
            if oldRecord != newRecord {
                metadataBytes += newRecord.count - oldRecord.count
                changedMeta.insert(n / layout.metaShardSize)
            }
        }
        guard metaShardSize(metadataBytes: metadataBytes, documents: order.count, options: options) == layout.metaShardSize else { return nil }

        var next = layout
        next.metadataBytes = metadataBytes
        var files: [File] = []
        for (shard, shardEdits) in edits {
            guard let bytes = read(postingsPath(shard)), var records = ShardRecords(bytes) else { return nil }
            for e in shardEdits { guard records.apply(e.token, document: e.document, gained: e.gained) else { return nil } }
            let encoded = records.encoded()
            next.shardBytes[shard] = encoded.count
            next.shardTokens[shard] = records.count
            files.append(File(path: postingsPath(shard), bytes: encoded))
        }
        // The shard count `build` would choose from the new sizes, told from the sizes per shard wherever
        // a smaller count divides this one (a token's shard is then its hash modulo that count).
        let chosen = chooseShardCount(total: next.shardBytes.reduce(0, +), tokens: next.shardTokens.reduce(0, +), options: options) { count in
            guard shardCount % count == 0 else { return nil }
            var sizes = [Int](repeating: 0, count: count), tokens = [Int](repeating: 0, count: count)
            for s in 0..<shardCount { sizes[s % count] += next.shardBytes[s]; tokens[s % count] += next.shardTokens[s] }
            return sizes.indices.contains { sizes[$0] > options.maxShardBytes && tokens[$0] > 1 }
        }
        guard chosen == shardCount else { return nil }

        let k = layout.metaShardSize
        for m in changedMeta.sorted() {
            let slice = (m * k)..<min(m * k + k, order.count)
            let records = slice.map { n in metadataRecord(documents[order[n]], text: text(order[n]), options: options) }
            files.append(File(path: metaPath(m), bytes: metaShard(records[...], options: options)))
        }
        for f in files { next.fileDigests[f.path] = fileDigest(f.bytes) }
        files.append(File(path: manifestPath, bytes: manifest(next, options: options)))
        return (files.sorted { $0.path < $1.path }, next)
    }

    /// A postings shard's records, decoded to be edited and encoded again.
    struct ShardRecords {
        private var records: [(token: [UInt8], title: [Int], body: [Int])] = []
        var count: Int { records.count }

        init?(_ bytes: [UInt8]) {
            var pos = 0
            while pos < bytes.count {
                guard let length = Varint.read(bytes, &pos), pos + Int(length) <= bytes.count else { return nil }
                let token = Array(bytes[pos..<(pos + Int(length))])
                pos += Int(length)
                guard let title = PostingList.read(bytes, &pos), let body = PostingList.read(bytes, &pos) else { return nil }
                records.append((token, title, body))
            }
        }

        /// Puts `document` into the token's body-only hits or takes it out; false when the shard does not
        /// hold what the change says it held (it is not the index the layout describes).
        mutating func apply(_ token: String, document: Int32, gained: Bool) -> Bool {
            let key = Array(token.utf8), doc = Int(document)
            let i = records.partitionPoint { $0.token.lexicographicallyPrecedes(key) }
            let found = i < records.count && records[i].token == key
            if gained {
                if !found { records.insert((key, [], []), at: i) }
                let j = records[i].body.partitionPoint { $0 < doc }
                guard j == records[i].body.count || records[i].body[j] != doc else { return false }
                records[i].body.insert(doc, at: j)
            } else {
                guard found, let j = records[i].body.firstIndex(of: doc) else { return false }
                records[i].body.remove(at: j)
                if records[i].title.isEmpty && records[i].body.isEmpty { records.remove(at: i) }
            }
            return true
        }

        func encoded() -> [UInt8] {
            var out: [UInt8] = []
            for r in records {
                Varint.append(UInt64(r.token.count), to: &out)
                out += r.token
                PostingList.append(r.title.map(Int32.init)[...], to: &out)
                PostingList.append(r.body.map(Int32.init)[...], to: &out)
            }
            return out
        }
    }
}

extension Array {
    /// The first index whose element is not `belongsBefore` (the array is partitioned by it).
    func partitionPoint(_ belongsBefore: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if belongsBefore(self[mid]) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
