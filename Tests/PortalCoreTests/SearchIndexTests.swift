import Foundation
import XCTest
@testable import PortalCore

final class SearchIndexTests: XCTestCase {
    // MARK: Tokenizer

    func tokens(_ s: String) -> Set<String> { Set(SearchTokenizer.tokens(s)) }

    /// A query finds a text when every query token is among the text's tokens.
    func finds(_ query: String, in text: String) -> Bool {
        let q = tokens(query)
        return !q.isEmpty && q.isSubset(of: tokens(text))
    }

    func testChineseIsIndexedByBigrams() {
        XCTAssertEqual(SearchTokenizer.tokens("卫生健康局"), ["卫生", "生健", "健康", "康局"])
        XCTAssertTrue(finds("卫生", in: "盘州市卫生健康局"))
        XCTAssertTrue(finds("息公", in: "政府信息公开工作年度报告"))
        XCTAssertTrue(finds("盘州", in: "贵州省盘州市教育局"))
        XCTAssertTrue(finds("卫生健康", in: "盘州市卫生健康局"))
        XCTAssertFalse(finds("卫健", in: "盘州市卫生健康局"), "not adjacent")
        XCTAssertFalse(finds("卫生", in: "卫，生"), "punctuation breaks a run")
        XCTAssertEqual(SearchTokenizer.tokens("局"), [], "single Han characters are not tokens")
        XCTAssertEqual(SearchTokenizer.tokens("𠀋𠀌"), ["𠀋𠀌"], "characters beyond the BMP")
        XCTAssertEqual(SearchTokenizer.tokens("〇二"), ["〇二"])
    }

    func testYearsAndLatinWordsAreWholeTokens() {
        XCTAssertEqual(SearchTokenizer.tokens("2023年度报告"), ["2023", "年度", "度报", "报告"])
        XCTAssertTrue(finds("2023", in: "二〇二三年（2023年）"))
        XCTAssertFalse(finds("202", in: "2023"), "numbers are whole tokens")
        XCTAssertTrue(finds("２０２３", in: "2023"), "full-width digits fold")
        XCTAssertTrue(finds("mcdonald", in: "Ronald McDonald 基金会"))
        XCTAssertTrue(finds("ZÜRICH", in: "zürich 办事处"), "Latin-1 capitals fold")
        XCTAssertTrue(finds("Ｇｕｉｚｈｏｕ", in: "GUIZHOU"))
        XCTAssertEqual(SearchTokenizer.tokens("a 1 b2 A&B"), ["b2"], "one-character words are dropped")
        XCTAssertEqual(SearchTokenizer.tokens("盘州2023Guizhou"), ["盘州", "2023guizhou"])
    }

    func testFNV1aMatchesReferenceValues() {
        XCTAssertEqual(SearchTokenizer.fnv1a(""), 0x811c_9dc5)
        XCTAssertEqual(SearchTokenizer.fnv1a("a"), 0xe40c_292c)
        XCTAssertEqual(SearchTokenizer.fnv1a("foobar"), 0xbf9c_f968)
    }

    // MARK: Encoding

    func testPostingListsRoundTripInBothEncodings() {
        var rng = SplitMix64(seed: 7)
        for density in [0.001, 0.05, 0.2, 0.9, 1.0] {
            let docs = (0..<5000).filter { _ in rng.nextDouble() < density }.map(Int32.init)
            var bytes: [UInt8] = []
            PostingList.append(docs[...], to: &bytes)
            var pos = 0
            XCTAssertEqual(PostingList.read(bytes, &pos), docs.map(Int.init), "density \(density)")
            XCTAssertEqual(pos, bytes.count)
            if density >= 0.2 { XCTAssertLessThanOrEqual(bytes.count, 5000 / 8 + 8, "dense lists are bitmaps") }
        }
        var empty: [UInt8] = []
        PostingList.append([], to: &empty)
        XCTAssertEqual(empty, [0])
        var tail: [UInt8] = []
        PostingList.append([9_999, 10_000, 10_001, 10_002, 10_003, 10_004, 10_005, 10_006, 10_007][...], to: &tail)
        var pos = 0
        XCTAssertEqual(PostingList.read(tail, &pos), Array(9_999...10_007))
    }

    // MARK: Index

    static let sample: [SearchIndex.Document] = [
        .init(id: "a", url: "reports/2023/panzhou-wjj/", title: "盘州市卫生健康局2023年政府信息公开工作年度报告", kind: .report,
              year: 2023, agency: "盘州市卫生健康局", text: "一、总体情况\n本年度我局坚持以公开为常态。\n二、主动公开政府信息情况"),
        .init(id: "b", url: "reports/2022/panzhou-wjj/", title: "盘州市卫生健康局2022年政府信息公开工作年度报告", kind: .report,
              year: 2022, agency: "盘州市卫生健康局", text: "一、总体情况\n加强卫生领域信息公开。"),
        .init(id: "c", url: "reports/2023/panzhou-jyj/", title: "盘州市教育局2023年政府信息公开工作年度报告", kind: .report,
              year: 2023, agency: "盘州市教育局", text: "一、总体情况\n配合卫生部门开展校园卫生检查。"),
        .init(id: "d", url: "agencies/panzhou-wjj/", title: "盘州市卫生健康局", kind: .agency,
              year: nil, agency: "盘州市卫生健康局", text: "历年政府信息公开工作年度报告"),
        .init(id: "e", url: "reports/2021/lps-fgw/", title: "六盘水市发展和改革委员会2021年政府信息公开工作年度报告", kind: .report,
              year: 2021, agency: "六盘水市发展和改革委员会", text: "Guizhou Development Office 与 McDonald 基金会座谈。"),
    ]

    func urls(_ reader: SearchIndexReader, _ query: String) throws -> [String] {
        let order = SearchIndex.ordered(Self.sample)
        return reader.rank(query).map { order[$0].url }
    }

    func testRankingPutsTitleHitsFirstThenMoreTokensThenNewest() throws {
        let reader = try XCTUnwrap(SearchIndexReader(SearchIndex.build(Self.sample)))
        XCTAssertEqual(reader.manifest.docs, 5)
        // 卫生: the agency page, then its reports newest first (title hits), then the body-only hit.
        XCTAssertEqual(try urls(reader, "卫生"), ["agencies/panzhou-wjj/", "reports/2023/panzhou-wjj/",
                                                "reports/2022/panzhou-wjj/", "reports/2023/panzhou-jyj/"])
        // 2023 is a year (title hit), not in 2022's report; equal hits keep the document order (agency name).
        XCTAssertEqual(try urls(reader, "2023"), ["reports/2023/panzhou-wjj/", "reports/2023/panzhou-jyj/"])
        // 卫生 2023: both tokens first; among them the title hit on both (卫生健康局 2023) first.
        XCTAssertEqual(try urls(reader, "卫生 2023").prefix(2), ["reports/2023/panzhou-wjj/", "reports/2023/panzhou-jyj/"])
        XCTAssertEqual(try urls(reader, "mcdonald"), ["reports/2021/lps-fgw/"])
        XCTAssertEqual(try urls(reader, "息公").count, 5)
        XCTAssertEqual(try urls(reader, "不存在的词"), [])
        XCTAssertEqual(try urls(reader, "局"), [], "one character gives no tokens")
    }

    func testOutputIsDeterministicAndOrderIndependent() throws {
        let a = SearchIndex.build(Self.sample)
        let b = SearchIndex.build(Self.sample.reversed())
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.map(\.path), a.map(\.path).sorted())
        for f in a { XCTAssertNoThrow(try OutputPath.validate(f.path)) }
        let reader = try XCTUnwrap(SearchIndexReader(a))
        for n in 0..<reader.manifest.shards { XCTAssertNotNil(reader.files[SearchIndex.postingsPath(n)], "shard \(n) exists") }
        // Every token sits in the shard its hash names, and nowhere else.
        for doc in Self.sample {
            for t in SearchTokenizer.tokens(doc.title + " " + doc.text) {
                XCTAssertFalse(reader.postings(t).title.isEmpty && reader.postings(t).body.isEmpty, t)
            }
        }
        var changed = Self.sample
        changed[0].text += "新增内容"
        let c = SearchIndex.build(changed)
        XCTAssertNotEqual(a.first { $0.path == SearchIndex.manifestPath }, c.first { $0.path == SearchIndex.manifestPath },
                          "the manifest's build stamp changes with the content")
    }

    func testMetadataAndSnippets() throws {
        let files = SearchIndex.build(Self.sample)
        let meta = try XCTUnwrap(files.first { $0.path == "search/d/0.json" })
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(meta.bytes)) as? [[Any]])
        let k = try XCTUnwrap(SearchIndexReader(files)).manifest.metaShardSize
        let averageRecord = meta.bytes.count / rows.count
        XCTAssertEqual(k, 2560 / averageRecord, accuracy: 1, "documents per file follow the 2.5 KB target")
        XCTAssertEqual(rows.count, min(k, Self.sample.count))
        XCTAssertEqual(rows[0][0] as? String, "盘州市卫生健康局")
        XCTAssertEqual(rows[0][2] as? String, "agency")
        XCTAssertTrue(rows[0][3] is NSNull)
        XCTAssertEqual(rows[1][3] as? Int, 2023)
        XCTAssertEqual(rows[1][5] as? String, "一、总体情况 … 本年度我局坚持以公开为常态。 … 二、主动公开政府信息情况")
        var options = SearchIndex.Options()
        options.snippetCharacters = 20
        options.snippetLineCharacters = 8
        let s = SearchIndex.snippetSource("第一段很长很长很长很长很长\n\n第二段\n第三段也很长很长很长", options: options)
        XCTAssertEqual(s, "第一段很长很长很 … 第二段 … 第三段")
        XCTAssertLessThanOrEqual(s.count, 20)
        XCTAssertEqual(SearchIndex.build([]).map(\.path), ["search/index.json", "search/p/0.bin"])
    }

    // MARK: Size at 10,000 documents

    /// 10,000 synthetic reports of ~3 KB Chinese drawn from report phrases: a query of 公开, 卫生 or 2023
    /// downloads at most 50 KB (manifest + its shard + metadata of the first result page).
    func testTenThousandDocumentsStayWithinTheDownloadBudget() throws {
        let docs = SyntheticCorpus.documents(count: 10_000, seed: 2024)
        let averageText = docs.reduce(0) { $0 + $1.text.utf8.count } / docs.count
        XCTAssertGreaterThan(averageText, 2_800)
        let started = Date(), cpuStarted = clock()
        let files = SearchIndex.build(docs)
        let seconds = Date().timeIntervalSince(started)
        let cpu = Double(clock() - cpuStarted) / Double(CLOCKS_PER_SEC)
        #if DEBUG
        let configuration = "debug"
        #else
        let configuration = "release"
        #endif
        let reader = try XCTUnwrap(SearchIndexReader(files))
        let total = files.reduce(0) { $0 + $1.bytes.count }
        var report = "search index, 10k docs (avg \(averageText) B text): \(files.count) files, \(total / 1024) KB, "
            + "\(reader.manifest.shards) postings shards, built in \(String(format: "%.2f", seconds)) s wall, "
            + "\(String(format: "%.2f", cpu)) s CPU (\(configuration) build)\n"
        for q in ["公开", "卫生", "2023", "盘州", "卫生健康局"] {
            let fetched = reader.filesFetched(for: q)
            let bytes = reader.bytesFetched(for: q)
            report += "  \(q): \(bytes) B in \(fetched.count) files, \(reader.rank(q).count) results\n"
            if q.count == 2 || q == "2023" { XCTAssertLessThanOrEqual(bytes, 50 * 1024, q) }
            XCTAssertFalse(reader.rank(q).isEmpty, q)
        }
        // The worst case for any one-token query: manifest + the largest shard + the pageSize largest meta shards.
        let shardSizes = files.filter { $0.path.hasPrefix("search/p/") }.map(\.bytes.count)
        let metaSizes = files.filter { $0.path.hasPrefix("search/d/") }.map(\.bytes.count).sorted(by: >)
        let manifest = files.first { $0.path == SearchIndex.manifestPath }!.bytes.count
        let worst = manifest + shardSizes.max()! + metaSizes.prefix(reader.manifest.pageSize).reduce(0, +)
        report += "  largest shard \(shardSizes.max()!) B, mean \(shardSizes.reduce(0, +) / shardSizes.count) B; "
            + "worst case for any one-token query \(worst) B"
        print(report)
        XCTAssertLessThanOrEqual(worst, 50 * 1024, "every one-token query fits the budget, not just the three measured")
        // Ranking sanity at scale: every result of 卫生 really contains it.
        let order = SearchIndex.ordered(docs)
        for d in reader.rank("卫生").prefix(50) {
            let doc = order[d]
            XCTAssertTrue((doc.title + doc.agency + doc.text).contains("卫生"))
        }
        let titleHits = reader.rank("卫生").prefix(10).map { order[$0] }
        XCTAssertTrue(titleHits.allSatisfy { $0.agency.contains("卫生") }, "title/agency hits come first")
    }

    // MARK: Updating in place

    /// Texts changed a few documents at a time: the updated files are exactly those a full build writes,
    /// through many rounds (each updating the last) and shard counts that must or must not change.
    func testUpdatedIndexEqualsAFullBuild() throws {
        let corpus = SyntheticCorpus.documents(count: 400, seed: 31)
        let docs = corpus.map { d -> SearchIndex.Document in var d = d; d.text = ""; return d }
        var texts = corpus.map(\.text)
        var rng = SplitMix64(seed: 5)
        for options in [SearchIndex.Options(), { var o = SearchIndex.Options(); o.targetShardBytes = 512; o.maxShardBytes = 700; return o }()] {
            var (built, layout) = SearchIndex.build(docs, options: options) { texts[$0] }
            var files = Dictionary(uniqueKeysWithValues: built.map { ($0.path, $0.bytes) })
            var updated = 0, rounds = 0
            for round in 0..<30 {
                var changes: [SearchIndex.Change] = []
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    let i = Int.random(in: 0..<docs.count, using: &rng)
                    guard !changes.contains(where: { $0.document == i }) else { continue }
                    let old = texts[i]
                    switch round % 4 {
                    case 0: texts[i] += "\n新增内容第\(round)轮" + SyntheticCorpus.phrases.randomElement(using: &rng)!
                    case 1: texts[i] = texts[Int.random(in: 0..<docs.count, using: &rng)]
                    case 2: texts[i] = String(texts[i].prefix(Int.random(in: 0...200, using: &rng)))
                    default: texts[i] = texts[i].replacingOccurrences(of: "公开", with: "Open Data \(round)")
                    }
                    changes.append(SearchIndex.Change(document: i, oldText: old, newText: texts[i]))
                }
                rounds += 1
                let full = SearchIndex.build(docs, options: options) { texts[$0] }
                guard let update = SearchIndex.update(docs, changes: changes, layout: layout, options: options,
                                                      text: { texts[$0] }, read: { files[$0] }) else {
                    (built, layout) = full  // what a build does when the update cannot be made
                    files = Dictionary(uniqueKeysWithValues: built.map { ($0.path, $0.bytes) })
                    continue
                }
                updated += 1
                for f in update.files { files[f.path] = f.bytes }
                XCTAssertEqual(update.layout, full.layout, "round \(round)")
                XCTAssertEqual(files, Dictionary(uniqueKeysWithValues: full.files.map { ($0.path, $0.bytes) }), "round \(round)")
                layout = update.layout
            }
            XCTAssertGreaterThan(updated, rounds / 2, "most rounds are updates, not full builds")
        }
    }

    /// What an update cannot absorb gives nil: another document, a renamed title, a shard that is not
    /// the one the layout describes.
    func testUpdateRefusesWhatItCannotProve() throws {
        let corpus = SyntheticCorpus.documents(count: 50, seed: 3)
        let docs = corpus.map { d -> SearchIndex.Document in var d = d; d.text = ""; return d }
        let texts = corpus.map(\.text)
        let (built, layout) = SearchIndex.build(docs) { texts[$0] }
        let files = Dictionary(uniqueKeysWithValues: built.map { ($0.path, $0.bytes) })
        let change = SearchIndex.Change(document: 0, oldText: texts[0], newText: texts[0] + "\n全新的段落内容")
        XCTAssertNotNil(SearchIndex.update(docs, changes: [change], layout: layout, text: { texts[$0] }, read: { files[$0] }))
        XCTAssertNil(SearchIndex.update(Array(docs.dropLast()), changes: [change], layout: layout, text: { texts[$0] }, read: { files[$0] }))
        var renamed = docs
        renamed[1].title += "（修订）"
        XCTAssertNil(SearchIndex.update(renamed, changes: [change], layout: layout, text: { texts[$0] }, read: { files[$0] }))
        // The old text is not what the shards hold (the live index is another one): refused, not patched.
        let wrong = SearchIndex.Change(document: 0, oldText: "完全不同的旧文本", newText: texts[0])
        XCTAssertNil(SearchIndex.update(docs, changes: [wrong], layout: layout, text: { texts[$0] }, read: { files[$0] }))
    }

    // MARK: The browser's fixture

    static let jsFixture = Fixtures.repository.appendingPathComponent("Tests/search-js/fixture")

    /// The index, tokenizer cases and expected rankings that Tests/search-js/search.test.js checks search.js
    /// against. Regenerated here and compared byte for byte; PORTAL_RECORD=1 rewrites it (and fails once).
    func testJavaScriptFixtureIsCurrent() throws {
        // Tiny shards, so the fixture has several and search.js's shard choice is really exercised.
        var options = SearchIndex.Options()
        options.targetShardBytes = 256
        options.maxShardBytes = 512
        options.targetMetaShardBytes = 600
        var expected: [SearchIndex.File] = SearchIndex.build(Self.sample + Self.fixtureExtras, options: options)
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.key("tokenizer")
        w.beginArray()
        for text in Self.tokenizerCases {
            w.beginObject()
            w.field("text", text)
            w.key("tokens"); w.beginArray(); for t in SearchTokenizer.tokens(text) { w.string(t) }; w.endArray()
            w.field("fnv1a", Int(SearchTokenizer.fnv1a(text)))
            w.endObject()
        }
        w.endArray()
        let reader = try XCTUnwrap(SearchIndexReader(expected))
        let order = SearchIndex.ordered(Self.sample + Self.fixtureExtras)
        w.key("queries")
        w.beginArray()
        for q in Self.fixtureQueries {
            w.beginObject()
            w.field("query", q)
            w.key("urls"); w.beginArray(); for d in reader.rank(q) { w.string(order[d].url) }; w.endArray()
            w.key("files"); w.beginArray(); for f in reader.filesFetched(for: q) { w.string(f) }; w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        expected.append(SearchIndex.File(path: "expected.json", bytes: w.bytes + [0x0A]))

        let root = Self.jsFixture
        let fm = FileManager.default
        if ProcessInfo.processInfo.environment["PORTAL_RECORD"] == "1" {
            try? fm.removeItem(at: root)
            for f in expected {
                let url = root.appendingPathComponent(f.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(f.bytes).write(to: url)
            }
            XCTFail("recorded \(expected.count) fixture files in \(root.path); run again without PORTAL_RECORD")
            return
        }
        var onDisk: [String] = []
        if let walker = fm.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                onDisk.append(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
            }
        }
        XCTAssertEqual(onDisk.sorted(), expected.map(\.path).sorted(), "fixture files (PORTAL_RECORD=1 swift test --filter SearchIndexTests to regenerate)")
        for f in expected {
            let disk = try? Data(contentsOf: root.appendingPathComponent(f.path))
            XCTAssertTrue(disk.map { [UInt8]($0) } == f.bytes, "\(f.path) is stale (PORTAL_RECORD=1 to regenerate)")
        }
    }

    static let fixtureExtras: [SearchIndex.Document] = [
        .init(id: "x", url: "reports/2020/hostile/", title: "<img src=x onerror=alert(1)>局2020年报告", kind: .report, year: 2020,
              agency: "<b>某某</b>局 & \"引号\"", text: "正文含有 <script>alert('卫生')</script> 与 ＧＵＩＺＨＯＵ ２０２０。"),
        .init(id: "y", url: "reports/2019/zurich/", title: "Zürich 代表处2019年报告", kind: .report, year: 2019,
              agency: "Zürich 代表处", text: String(repeating: "信息公开工作稳步推进。", count: 30) + "\n第二段落卫生健康。"),
    ]

    static let tokenizerCases = [
        "卫生健康局", "政府信息公开工作年度报告", "2023年", "盘州市", "Ronald McDonald", "ZÜRICH Zürich", "２０２３ＡＢＣ",
        "𠀋𠀌𠀍", "二〇二三", "a 1 b2", "卫，生", "局", "", "  \t\n", "ß straße ÷ ×", "Łódź", "混合Mixed文本123数字",
    ]

    static let fixtureQueries = ["卫生", "息公", "2023", "盘州 卫生", "mcdonald", "ＧＵＩＺＨＯＵ", "zürich", "卫生健康局", "局", "不存在"]
}

/// PortalCore's SplitMix64 (the synthesizer's generator), with the draws these corpora were made with.
extension SplitMix64 {
    mutating func nextDouble() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// Synthetic annual reports: real agency shapes (place × department), six years, ~3 KB of text drawn from
/// the phrases these reports are made of, with numbers.
enum SyntheticCorpus {
    static let places = ["盘州市", "六盘水市", "水城区", "钟山区", "六枝特区", "贵阳市", "遵义市", "安顺市", "毕节市", "铜仁市",
                         "凯里市", "都匀市", "兴义市", "清镇市", "修文县", "息烽县", "开阳县", "花溪区", "南明区", "云岩区"]
    static let departments = ["卫生健康局", "教育局", "公安局", "民政局", "财政局", "人力资源和社会保障局", "自然资源局",
                              "生态环境局", "住房和城乡建设局", "交通运输局", "水务局", "农业农村局", "商务局", "文化广电旅游局",
                              "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "人民政府办公室"]
    static let phrases = [
        "本年度，我局认真贯彻落实《中华人民共和国政府信息公开条例》", "坚持以公开为常态、不公开为例外", "全面推进决策、执行、管理、服务、结果公开",
        "主动公开政府信息", "依申请公开工作", "政府信息管理", "平台建设", "监督保障", "进一步加强政府信息公开工作",
        "通过政府门户网站公开信息", "及时更新政务公开专栏", "规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费",
        "收到政府信息公开申请", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "行政复议", "行政诉讼",
        "存在的主要问题", "公开内容不够全面", "信息更新不够及时", "工作人员业务水平有待提高", "下一步，我局将", "加强业务培训",
        "完善工作机制", "提高公开质量", "其他需要报告的事项", "本机关未收取信息处理费", "人大代表建议和政协提案办理结果公开",
        "疫情防控信息", "医疗卫生", "公共卫生", "教育领域", "社会救助", "财政预决算", "重大建设项目", "公共资源配置",
        "政务新媒体", "政策解读", "回应关切", "办理群众来信", "意见征集", "政务服务事项", "双随机一公开",
    ]

    static func documents(count: Int, seed: UInt64) -> [SearchIndex.Document] {
        var rng = SplitMix64(seed: seed)
        var docs: [SearchIndex.Document] = []
        docs.reserveCapacity(count)
        let years = Array(2019...2024)
        var n = 0
        outer: for place in places {
            for department in departments {
                for variant in 0..<5 {
                    let agency = place + (variant == 0 ? "" : ["东", "西", "南", "北"][variant - 1] + "片区") + department
                    for year in years {
                        if n == count { break outer }
                        var text = ""
                        var line = 0
                        while text.utf8.count < 3_000 {
                            text += phrases[rng.below(phrases.count)]
                            if rng.below(3) == 0 { text += "\(rng.below(500))件" }
                            text += rng.below(4) == 0 ? "。\n" : "，"
                            line += 1
                        }
                        let slug = "a\(n)"
                        docs.append(.init(id: slug, url: "reports/\(year)/\(slug)/", title: "\(agency)\(year)年政府信息公开工作年度报告",
                                          kind: .report, year: year, agency: agency, text: text))
                        n += 1
                    }
                }
            }
        }
        precondition(docs.count == count, "the corpus shapes give \(docs.count) documents")
        return docs
    }
}
