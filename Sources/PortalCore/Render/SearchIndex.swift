import Foundation

/// The static search index: files under `search/` that `site-templates/assets/search.js` reads with no
/// server. A query downloads the manifest, the one postings shard per query token, and the metadata
/// shards of the results it shows — nothing else.
///
/// Layout (all paths relative to the site root):
/// - `search/index.json` — manifest: `{"format":1,"tokenizer":1,"docs":N,"shards":S,"metaShardSize":K,
///   "pageSize":10,"build":"<hex>"}`. `build` changes whenever any index byte changes; the browser adds
///   it as `?v=` to every shard URL so a cached old shard is never mixed with a new manifest.
/// - `search/p/<n>.bin` — postings shard n (0 ≤ n < S; every one exists, maybe empty). A token lives in
///   shard `fnv1a(utf8(token)) % S`. The file is a sequence of records sorted by token bytes:
///   `varint(tokenLength) token  list(titleHits) list(bodyOnlyHits)`. A list is `varint(length << 1 | isBitmap)`
///   then `length` bytes: either delta varints (first doc number, then gap − 1 each) or, when smaller,
///   `varint(firstByte)` and a bitmap from doc `8 × firstByte` on (bit i of byte j = doc 8(firstByte+j)+i).
///   Bitmaps cap a token found in every document (公开) at N/8 bytes, so nothing needs to be cut off.
///   `titleHits` are documents whose title, agency or year contain the token; `bodyOnlyHits` the others.
/// - `search/d/<k>.json` — metadata of documents kK ..< (k+1)K (K = `metaShardSize`, chosen so a file is
///   about 2.5 KB): an array of `[title, url, kind, year|null, agency, snippet]`. `url` is as given
///   (relative to the site root); `snippet` is the start of each line of the text (≤ 160 characters), which
///   search.js cuts around the first match and highlights. A body match further into the text shows the
///   snippet's start unhighlighted — positions for every token would not fit the download budget.
///
/// Budget (measured by SearchIndexTests at 10,000 reports of ~3 KB): a one-token query downloads the
/// manifest (~110 B), one postings shard (≤ 16 KB unless a single token is larger) and ≤ 10 metadata files
/// (~2.5 KB each) — at most ~41 KB. Every further query token may add one shard.
///
/// Document numbers follow the ranking's last key: agency pages first, then year (newest first), agency,
/// title, id. Ranking (here in `SearchIndexReader.rank` and in search.js): more query tokens matched,
/// then more of them in title/agency/year, then document number.
public enum SearchIndex {
    public enum Kind: String, Sendable { case report, agency }

    public struct Document: Sendable, Equatable {
        /// A stable unique id (e.g. the report's slug); breaks ties so output never depends on input order.
        public var id: String
        /// Relative to the site root, e.g. `reports/2023/panzhou-wjj/`.
        public var url: String
        public var title: String
        public var kind: Kind
        public var year: Int?
        public var agency: String
        /// Plain text to search, one paragraph (or section) per line; snippets come from its lines' starts.
        public var text: String

        public init(id: String, url: String, title: String, kind: Kind, year: Int?, agency: String, text: String) {
            self.id = id; self.url = url; self.title = title; self.kind = kind
            self.year = year; self.agency = agency; self.text = text
        }
    }

    public struct File: Sendable, Equatable {
        public var path: String
        public var bytes: [UInt8]
    }

    public struct Options: Sendable {
        /// Average metadata-file size aimed at: documents per file (the manifest's `metaShardSize`, 1–64)
        /// is this over the average record. A result page of 10 fetches at most 10 such files.
        public var targetMetaShardBytes = 2560
        /// Results the browser shows per page (written to the manifest).
        public var pageSize = 10
        /// Average postings-shard size aimed at, and the largest allowed while more shards can help.
        public var targetShardBytes = 8 * 1024
        public var maxShardBytes = 16 * 1024
        /// Snippet source per document: the first `snippetLineCharacters` characters of each line of the
        /// text, joined with " … ", at most `snippetCharacters` in all.
        public var snippetCharacters = 160
        public var snippetLineCharacters = 60
        public init() {}
    }

    public static let directory = "search"
    public static let manifestPath = "search/index.json"
    public static func postingsPath(_ shard: Int) -> String { "search/p/\(shard).bin" }
    public static func metaPath(_ shard: Int) -> String { "search/d/\(shard).json" }

    /// Builds every file of the index, sorted by path. Deterministic: the same documents in any order give
    /// the same bytes.
    public static func build(_ documents: [Document], options: Options = Options()) -> [File] {
        build(documents, options: options) { documents[$0].text }.files
    }

    /// The same, with each document's text asked for once (`text(i)` for `documents[i]`, whose own `text`
    /// is then unused) and let go once indexed: at national scale the texts would be hundreds of MB.
    /// Also returns what `update` needs to bring these files up to date with a few documents changed.
    static func build(_ documents: [Document], options: Options = Options(), text: (Int) -> String) -> (files: [File], layout: Layout) {
        var files: [File] = []
        let layout = build(documents, options: options, text: text) { files.append($0) }
        return (files.sorted { $0.path < $1.path }, layout)
    }

    /// The same, each file handed to `emit` as soon as it is made and then let go (the index is 0.3 GB
    /// at 100,000 reports); the manifest comes last.
    static func build(_ documents: [Document], options: Options = Options(), text: (Int) -> String,
                      emit: (File) throws -> Void) rethrows -> Layout {
        let order = orderedIndices(documents)
        var builder = Postings.Builder()
        var metadata: [[UInt8]] = []
        metadata.reserveCapacity(order.count)
        for (n, i) in order.enumerated() {
            let d = documents[i], body = text(i)
            builder.add(document: Int32(n), title: d.title, agency: d.agency, year: d.year, text: body)
            metadata.append(metadataRecord(d, text: body, options: options))
        }
        // Records are sized first (to choose the shard count), then encoded straight into their shards,
        // each token's lists let go as it is: a record apiece was millions of arrays at 100,000 reports.
        // What finds a token is no longer needed (the table alone is hundreds of MB there).
        builder.keys = TokenTable(capacity: 16)
        builder.longWords = [:]
        builder.last = []
        let tokens = Postings.sortedTokens(builder)
        let hashes = tokens.map { SearchTokenizer.fnv1a(builder.tokens[$0]) }
        let sizes = tokens.map { Postings.recordSize(builder, token: $0) }
        let shardCount = chooseShardCount(hashes: hashes, sizes: sizes, options: options)!

        var layout = Layout()
        layout.order = orderDigest(documents, order)
        layout.documents = order.count
        layout.shardTokens = [Int](repeating: 0, count: shardCount)
        layout.shardBytes = [Int](repeating: 0, count: shardCount)
        for (t, size) in zip(hashes, sizes) {
            layout.shardBytes[Int(t % UInt32(shardCount))] += size
            layout.shardTokens[Int(t % UInt32(shardCount))] += 1
        }
        var shards = layout.shardBytes.map { size -> [UInt8] in var b: [UInt8] = []; b.reserveCapacity(size); return b }
        for (token, hash) in zip(tokens, hashes) {
            Postings.encodeRecord(&builder, token: token, into: &shards[Int(hash % UInt32(shardCount))])
        }
        builder = Postings.Builder()

        func emitting(_ file: File) throws {
            layout.fileDigests[file.path] = fileDigest(file.bytes)
            try emit(file)
        }
        for n in shards.indices {
            try emitting(File(path: postingsPath(n), bytes: shards[n]))
            shards[n] = []
        }
        layout.metadataBytes = metadata.reduce(0) { $0 + $1.count + 1 }
        let k = metaShardSize(metadataBytes: layout.metadataBytes, documents: metadata.count, options: options)
        for start in stride(from: 0, to: order.count, by: k) {
            try emitting(File(path: metaPath(start / k), bytes: metaShard(metadata[start..<min(start + k, order.count)], options: options)))
        }
        layout.metaShardSize = k
        try emit(File(path: manifestPath, bytes: manifest(layout, options: options)))
        return layout
    }

    /// What the browser needs first. `build` changes whenever any index byte changes: it digests every
    /// file's digest, so an index brought up to date need not read the files it did not change.
    static func manifest(_ layout: Layout, options: Options) -> [UInt8] {
        var build = Hasher64()
        for (path, digest) in layout.fileDigests.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            build.add(Array(path.utf8))
            build.add(withUnsafeBytes(of: digest.littleEndian, Array.init))
        }
        var m = JSONWriter()
        m.beginObject()
        m.field("format", 1)
        m.field("tokenizer", SearchTokenizer.version)
        m.field("docs", layout.documents)
        m.field("shards", layout.shardBytes.count)
        m.field("metaShardSize", layout.metaShardSize)
        m.field("pageSize", options.pageSize)
        m.field("build", build.hex)
        m.endObject()
        return m.bytes
    }

    static func fileDigest(_ bytes: [UInt8]) -> UInt64 { Digest.of(bytes) }

    /// A document's entry in its metadata file: `[title, url, kind, year|null, agency, snippet]`.
    static func metadataRecord(_ d: Document, text: String, options: Options) -> [UInt8] {
        var w = JSONWriter(capacity: 1024)
        w.beginArray()
        w.string(d.title); w.string(d.url); w.string(d.kind.rawValue); w.int(d.year); w.string(d.agency)
        w.string(snippetSource(text, options: options))
        w.endArray()
        return w.bytes
    }

    static func metaShard(_ records: ArraySlice<[UInt8]>, options: Options) -> [UInt8] {
        var w = JSONWriter(capacity: options.targetMetaShardBytes + 1024)
        w.beginArray()
        for record in records { w.raw(record) }
        w.endArray()
        return w.bytes
    }

    /// Documents per metadata file, from the average record (`metadataBytes` counts a separator each).
    static func metaShardSize(metadataBytes: Int, documents: Int, options: Options) -> Int {
        let averageRecord = max(1, metadataBytes / max(1, documents))
        return min(64, max(1, options.targetMetaShardBytes / averageRecord))
    }

    /// Digest of the documents as numbered: every field, so also what decides the numbering (kind, year,
    /// agency, title, id, url) and any text given in the document itself rather than by `text(i)`.
    static func orderDigest(_ documents: [Document], _ order: [Int]) -> UInt64 {
        var d = Digest()
        for i in order {
            let doc = documents[i]
            d.add(doc.kind.rawValue); d.add(doc.year.map(String.init) ?? "-"); d.add(doc.agency); d.add(doc.title)
            d.add(doc.id); d.add(doc.url); d.add(doc.text)
        }
        return d.value
    }

    /// The document numbering: agency pages (which cover every year) first, then newest year first.
    /// Texts compare by UTF-8 bytes (code point order): deterministic, and far cheaper than String's `<`.
    static func ordered(_ documents: [Document]) -> [Document] { orderedIndices(documents).map { documents[$0] } }

    static func orderedIndices(_ documents: [Document]) -> [Int] {
        func precedes(_ x: String, _ y: String) -> Bool? { x == y ? nil : x.utf8.lexicographicallyPrecedes(y.utf8) }
        // Fields are read in place through the buffer: copying a Document per comparison retains its strings.
        return documents.withUnsafeBufferPointer { d in
            d.indices.sorted { i, j in
                if d[i].kind != d[j].kind { return d[i].kind == .agency }
                let ya = d[i].year ?? Int.min, yb = d[j].year ?? Int.min
                if ya != yb { return ya > yb }
                return precedes(d[i].agency, d[j].agency) ?? precedes(d[i].title, d[j].title) ?? precedes(d[i].id, d[j].id)
                    ?? precedes(d[i].url, d[j].url) ?? false
            }
        }
    }

    /// Start from the corpus size, then double the shard count while one shard is over the limit (it
    /// cannot help once a shard holds a single token). Each token's record: its hash and size.
    static func chooseShardCount(hashes: [UInt32], sizes: [Int], options: Options) -> Int? {
        chooseShardCount(total: sizes.reduce(0, +), tokens: sizes.count, options: options) { count in
            var bytes = [Int](repeating: 0, count: count)
            var tokens = [Int](repeating: 0, count: count)
            for (hash, size) in zip(hashes, sizes) {
                let s = Int(hash % UInt32(count))
                bytes[s] += size
                tokens[s] += 1
            }
            return bytes.indices.contains { bytes[$0] > options.maxShardBytes && tokens[$0] > 1 }
        }
    }

    /// The rule itself; `overfull(count)` tells whether a shard would be over the limit with `count`
    /// shards, or nil when that cannot be told (then there is no answer either).
    static func chooseShardCount(total: Int, tokens: Int, options: Options, overfull: (Int) -> Bool?) -> Int? {
        var count = max(1, (total + options.targetShardBytes - 1) / max(1, options.targetShardBytes))
        while count < tokens && count < 1 << 16 {
            guard let over = overfull(count) else { return nil }
            if !over { break }
            count *= 2
        }
        return count
    }

    /// The text snippets are cut from: the start of each line, so every section can contribute.
    /// Works on UTF-8 bytes and skips the rest of a line unread (30 MB of text at 10k reports).
    /// Counts scalars; whitespace runs (space, tab, U+3000) become one space.
    static func snippetSource(_ text: String, options: Options) -> String {
        var out: [UInt8] = []
        var used = 0
        var text = text
        text.withUTF8 { b in
            let n = b.count
            var i = 0
            while i < n {
                let separator = used > 0 ? 3 : 0
                let room = min(options.snippetLineCharacters, options.snippetCharacters - used - separator)
                if room <= 0 { break }
                var piece: [UInt8] = []
                var taken = 0
                var pendingSpace = false
                while i < n && b[i] != 0x0A && b[i] != 0x0D {
                    let lead = b[i]
                    let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                    if taken < room {
                        let isSpace = lead == 0x20 || lead == 0x09 || (length == 3 && lead == 0xE3 && b[i + 1] == 0x80 && b[i + 2] == 0x80)
                        if isSpace {
                            pendingSpace = taken > 0
                        } else {
                            if pendingSpace && taken + 1 < room { piece.append(0x20); taken += 1 }
                            pendingSpace = false
                            piece.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<i + length]))
                            taken += 1
                        }
                    }
                    i += length
                }
                while i < n && (b[i] == 0x0A || b[i] == 0x0D) { i += 1 }
                if taken > 0 {
                    if separator > 0 { out += Array(" … ".utf8) }
                    out += piece
                    used += separator + taken
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Postings

    /// The inverted index as it is made: a builder fed document by document, then one encoded record
    /// per token.
    enum Postings {
        /// Ascending document numbers as varint gaps: about a byte and a half a (token, document) pair where
        /// a flat list of pairs took eight (a gigabyte of them at 100,000 reports).
        struct DocumentList {
            var bytes: [UInt8] = []
            var last: Int32 = -1
            var count = 0
            mutating func append(_ doc: Int32) {
                Varint.append(UInt64(doc - last - 1), to: &bytes)
                last = doc
                count += 1
            }
            /// The list as `PostingList.append` writes it: these gaps are its delta form, byte for byte.
            var encodedSize: Int {
                let (useBitmap, payload) = form
                return Varint.size(UInt64(payload) << 1 | (useBitmap ? 1 : 0)) + payload
            }

            /// Whether the bitmap is smaller, and the payload's size.
            private var form: (bitmap: Bool, payload: Int) {
                guard count > 0 else { return (false, 0) }
                var pos = 0
                let first = Int(Varint.read(bytes, &pos)!)
                let bitmap = Varint.size(UInt64(first / 8)) + Int(last) / 8 - first / 8 + 1
                return bitmap < bytes.count ? (true, bitmap) : (false, bytes.count)
            }

            func encode(into out: inout [UInt8]) {
                let (useBitmap, payload) = form
                Varint.append(UInt64(payload) << 1 | (useBitmap ? 1 : 0), to: &out)
                if !useBitmap { out += bytes; return }
                var docs: [Int32] = []
                docs.reserveCapacity(count)
                decode(into: &docs)
                let firstByte = Int(docs[0]) / 8
                Varint.append(UInt64(firstByte), to: &out)
                let base = out.count
                out += repeatElement(0, count: Int(last) / 8 - firstByte + 1)
                for d in docs { out[base + Int(d) / 8 - firstByte] |= 1 << UInt8(d % 8) }
            }

            func decode(into docs: inout [Int32]) {
                var doc: Int32 = -1, i = 0
                while i < bytes.count {
                    var gap: UInt64 = 0, shift: UInt64 = 0
                    while true {
                        let b = bytes[i]; i += 1
                        gap |= UInt64(b & 0x7F) << shift
                        if b < 0x80 { break }
                        shift += 7
                    }
                    doc += Int32(gap) + 1
                    docs.append(doc)
                }
            }
        }

        /// Collects postings while the tokenizer scans: each token gets a number on first sight; a document
        /// is recorded once per token, as a title hit if the token is in its title/agency/year (scanned first).
        struct Builder: TokenSink {
            var tokens: [String] = []
            var titleLists: [DocumentList] = [], bodyLists: [DocumentList] = []
            /// Per token, the last document it was recorded for as a title hit and as any hit (side by
            /// side: one cache miss per hit, not two).
            var last: [(title: Int32, any: Int32)] = []
            /// Bigrams and short ASCII words as integer keys (no String per occurrence), other words by text.
            var keys = TokenTable()
            var longWords: [String: Int32] = [:]
            var document: Int32 = 0
            var inTitle = false

            mutating func bigram(_ a: UInt32, _ b: UInt32) {
                let key = UInt64(a) << 32 | UInt64(b)  // a < 2^22: never 0, top bit clear
                let slot = keys.slot(of: key)
                if let t = keys.value(at: slot) { hit(t) } else { hit(add(SearchTokenizer.string([a, b]), key: key, slot: slot)) }
            }

            mutating func word(_ w: [UInt32]) {
                if w.count <= 7 && w.allSatisfy({ $0 < 0x80 }) {
                    var key: UInt64 = 1 << 63 | UInt64(w.count) << 56
                    for (i, c) in w.enumerated() { key |= UInt64(c) << (8 * UInt64(i)) }
                    let slot = keys.slot(of: key)
                    if let t = keys.value(at: slot) { hit(t) } else { hit(add(SearchTokenizer.string(w), key: key, slot: slot)) }
                } else {
                    let s = SearchTokenizer.string(w)
                    if let t = longWords[s] { hit(t) } else { hit(add(s, key: nil, slot: 0)) }
                }
            }

            /// Documents must come in ascending number.
            mutating func add(document n: Int32, title: String, agency: String, year: Int?, text: String) {
                document = n
                inTitle = true
                SearchTokenizer.scan(title, into: &self)
                SearchTokenizer.scan(agency, into: &self)
                if let year { SearchTokenizer.scan(String(year), into: &self) }
                inTitle = false
                SearchTokenizer.scan(text, into: &self)
            }

            mutating func add(_ token: String, key: UInt64?, slot: Int) -> Int32 {
                let t = Int32(tokens.count)
                if let key { keys.insert(key, t, at: slot) } else { longWords[token] = t }
                tokens.append(token); last.append((-1, -1))
                titleLists.append(DocumentList()); bodyLists.append(DocumentList())
                return t
            }

            @inline(__always) mutating func hit(_ token: Int32) {
                let t = Int(token)
                if inTitle {
                    if last[t].title != document {
                        last[t] = (document, document)
                        titleLists[t].append(document)
                    }
                } else if last[t].any != document {
                    last[t].any = document
                    bodyLists[t].append(document)
                }
            }
        }

        /// Token numbers in the order of their UTF-8 bytes: the order of records in a shard.
        static func sortedTokens(_ builder: Builder) -> [Int] {
            builder.tokens.indices.sorted { builder.tokens[$0].utf8.lexicographicallyPrecedes(builder.tokens[$1].utf8) }
        }

        /// The size of a token's record (`encodeRecord`), told from its lists without decoding them.
        static func recordSize(_ builder: Builder, token t: Int) -> Int {
            let length = builder.tokens[t].utf8.count
            return Varint.size(UInt64(length)) + length + builder.titleLists[t].encodedSize + builder.bodyLists[t].encodedSize
        }

        /// Appends a token's record — `varint(length) token list(titleHits) list(bodyOnlyHits)` — and lets
        /// its lists go.
        static func encodeRecord(_ builder: inout Builder, token t: Int, into out: inout [UInt8]) {
            let utf8 = builder.tokens[t].utf8
            Varint.append(UInt64(utf8.count), to: &out)
            out += utf8
            builder.titleLists[t].encode(into: &out)
            builder.bodyLists[t].encode(into: &out)
            builder.titleLists[t] = DocumentList()
            builder.bodyLists[t] = DocumentList()
        }
    }
}

/// UInt64 → token number, open addressing with linear probing (keys are never 0, which marks a free
/// slot). Swift's Dictionary hashes with SipHash; this table is the indexer's hottest lookup.
struct TokenTable {
    /// Key and value side by side: a lookup is one cache miss, not two (the table outgrows the caches).
    private struct Slot { var key: UInt64; var value: Int32 }
    private var slots: [Slot]
    private var count = 0
    private var shift: UInt64

    init(capacity: Int = 1 << 14) {
        var bits: UInt64 = 4
        while 1 << bits < capacity { bits += 1 }
        slots = [Slot](repeating: Slot(key: 0, value: 0), count: 1 << bits)
        shift = 64 - bits
    }

    /// The slot holding `key`, or the free slot where it would go.
    @inline(__always) func slot(of key: UInt64) -> Int {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while slots[i].key != 0 && slots[i].key != key { i = (i + 1) & mask }
            return i
        }
    }

    @inline(__always) func value(at slot: Int) -> Int32? { slots[slot].key == 0 ? nil : slots[slot].value }

    mutating func insert(_ key: UInt64, _ value: Int32, at slot: Int) {
        slots[slot] = Slot(key: key, value: value)
        count += 1
        if count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(key: 0, value: 0), count: old.count * 2)
        shift -= 1
        for s in old where s.key != 0 { slots[slot(of: s.key)] = s }
    }
}

enum Varint {
    static func size(_ value: UInt64) -> Int {
        var v = value, n = 1
        while v >= 0x80 { v >>= 7; n += 1 }
        return n
    }

    static func append(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        out.append(UInt8(v))
    }

    static func read(_ bytes: [UInt8], _ pos: inout Int) -> UInt64? {
        var result: UInt64 = 0, shift: UInt64 = 0
        while pos < bytes.count, shift < 64 {
            let b = bytes[pos]; pos += 1
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
        return nil
    }
}

/// A sorted list of document numbers, as delta varints or a bitmap, whichever is smaller.
enum PostingList {
    static func append(_ docs: ArraySlice<Int32>, to out: inout [UInt8]) {
        var deltas: [UInt8] = []
        var previous: Int32 = -1
        for d in docs { Varint.append(UInt64(d - previous - 1), to: &deltas); previous = d }
        var bitmap: [UInt8] = []
        if let first = docs.first, let last = docs.last {
            let firstByte = Int(first) / 8
            Varint.append(UInt64(firstByte), to: &bitmap)
            let base = bitmap.count
            bitmap += [UInt8](repeating: 0, count: Int(last) / 8 - firstByte + 1)
            for d in docs { bitmap[base + Int(d) / 8 - firstByte] |= 1 << UInt8(d % 8) }
        }
        let useBitmap = !bitmap.isEmpty && bitmap.count < deltas.count
        let payload = useBitmap ? bitmap : deltas
        Varint.append(UInt64(payload.count) << 1 | (useBitmap ? 1 : 0), to: &out)
        out += payload
    }

    static func read(_ bytes: [UInt8], _ pos: inout Int) -> [Int]? {
        guard let header = Varint.read(bytes, &pos) else { return nil }
        let end = pos + Int(header >> 1)
        guard end <= bytes.count else { return nil }
        var docs: [Int] = []
        if header & 1 == 1 {
            guard let firstByte = Varint.read(bytes, &pos) else { return nil }
            var j = Int(firstByte)
            while pos < end {
                let b = bytes[pos]
                for bit in 0..<8 where b & (1 << bit) != 0 { docs.append(j * 8 + bit) }
                pos += 1; j += 1
            }
        } else {
            var previous = -1
            while pos < end {
                guard let gap = Varint.read(bytes, &pos) else { return nil }
                previous += Int(gap) + 1
                docs.append(previous)
            }
        }
        return pos == end ? docs : nil
    }
}

/// 64-bit FNV-1a over many byte arrays: each index file's digest and the manifest's `build` stamp.
struct Hasher64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ bytes: [UInt8]) {
        for b in bytes { h ^= UInt64(b); h = h &* 0x100_0000_01b3 }
        h ^= 0xFF; h = h &* 0x100_0000_01b3  // separator, so ["ab","c"] ≠ ["a","bc"]
    }
    var hex: String {
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}

/// Reads an index the way search.js does. Used by the tests (sizes, ranking) and to write the JS fixture's
/// expected results, so both sides are checked against one another.
struct SearchIndexReader {
    struct Manifest { var docs: Int; var shards: Int; var metaShardSize: Int; var pageSize: Int }
    let files: [String: [UInt8]]
    let manifest: Manifest

    init?(_ files: [SearchIndex.File]) {
        self.files = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.bytes) })
        guard let data = self.files[SearchIndex.manifestPath],
              let json = try? JSONSerialization.jsonObject(with: Data(data)) as? [String: Any],
              let docs = json["docs"] as? Int, let shards = json["shards"] as? Int,
              let k = json["metaShardSize"] as? Int, let page = json["pageSize"] as? Int else { return nil }
        manifest = Manifest(docs: docs, shards: shards, metaShardSize: k, pageSize: page)
    }

    func shardPath(of token: String) -> String {
        SearchIndex.postingsPath(Int(SearchTokenizer.fnv1a(token) % UInt32(manifest.shards)))
    }

    /// (title hits, body-only hits) of a token, or empty lists when it is not in the index.
    func postings(_ token: String) -> (title: [Int], body: [Int]) {
        guard let bytes = files[shardPath(of: token)] else { return ([], []) }
        let want = Array(token.utf8)
        var pos = 0
        while pos < bytes.count {
            guard let length = Varint.read(bytes, &pos) else { break }
            let name = Array(bytes[pos..<min(pos + Int(length), bytes.count)])
            pos += Int(length)
            guard let title = PostingList.read(bytes, &pos), let body = PostingList.read(bytes, &pos) else { break }
            if name == want { return (title, body) }
        }
        return ([], [])
    }

    /// Document numbers, best first: more tokens matched, then more matched in title/agency/year, then number.
    func rank(_ query: String) -> [Int] {
        let tokens = SearchTokenizer.tokens(query)
        var matched = [Int](repeating: 0, count: manifest.docs)
        var strong = [Int](repeating: 0, count: manifest.docs)
        for t in tokens {
            let p = postings(t)
            for d in p.title where d < manifest.docs { matched[d] += 1; strong[d] += 1 }
            for d in p.body where d < manifest.docs { matched[d] += 1 }
        }
        return matched.indices.filter { matched[$0] > 0 }.sorted {
            if matched[$0] != matched[$1] { return matched[$0] > matched[$1] }
            if strong[$0] != strong[$1] { return strong[$0] > strong[$1] }
            return $0 < $1
        }
    }

    /// The files the browser fetches for the first result page of `query`: manifest, the tokens' shards,
    /// the metadata shards of the shown results.
    func filesFetched(for query: String) -> [String] {
        let tokens = SearchTokenizer.tokens(query)
        if tokens.isEmpty { return [] }  // nothing to look up: search.js fetches nothing either
        let page = rank(query).prefix(manifest.pageSize)
        let shards = Set(tokens.map(shardPath(of:)))
        let metas = Set(page.map { SearchIndex.metaPath($0 / manifest.metaShardSize) })
        return [SearchIndex.manifestPath] + shards.sorted() + metas.sorted()
    }

    func bytesFetched(for query: String) -> Int {
        filesFetched(for: query).reduce(0) { $0 + (files[$1]?.count ?? 0) }
    }
}
