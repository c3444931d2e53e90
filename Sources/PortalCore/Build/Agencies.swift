import Foundation
import Yams

/// The optional `content/agencies.yaml`: canonical names, regions and aliases, so that one agency's
/// reports under several spellings (卫健委 / 卫生健康委员会) land on one page.
///
///     - name: 二七区卫生健康委员会
///       region: 河南省郑州市二七区
///       aliases: [二七区卫健委]
public struct AgencyList: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var region: String?
        public var aliases: [String]
        public init(name: String, region: String? = nil, aliases: [String] = []) {
            self.name = name; self.region = region; self.aliases = aliases
        }
    }

    public var entries: [Entry]
    public init(entries: [Entry] = []) { self.entries = entries }

    /// Parses the YAML list; a malformed entry is an error naming the file and the entry's line. A name or
    /// alias that two entries claim stays with the first, so one spelling never lands on two pages.
    public static func parse(_ text: String, file: String) -> (AgencyList, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            // The scanner may stop past the last line (an unclosed bracket): point at the last line then.
            let lineCount = max(1, text.split(separator: "\n", omittingEmptySubsequences: false).count - (text.hasSuffix("\n") ? 1 : 0))
            let line = (error as? YamlError).flatMap(Self.line(of:)).map { min($0, lineCount) }
            return (AgencyList(), [Diagnostic(.error, .ingest, SourceLocation(file: file, line: line), "机构名录无法解析：\(error)")])
        }
        guard let sequence = node?.sequence else {
            if node == nil { return (AgencyList(), []) }
            return (AgencyList(), [Diagnostic(.error, .ingest, SourceLocation(file: file, line: 1), "机构名录应为列表（- name: …）")])
        }
        var entries: [Entry] = []
        var claimed: [String: (name: String, line: Int?)] = [:]
        for item in sequence {
            let line = item.mark.map { $0.line }
            let location = SourceLocation(file: file, line: line)
            guard item.mapping != nil else {
                diagnostics.append(Diagnostic(.error, .ingest, location, "机构名录条目应为映射（- name: 机构名称），此处是「\(item.string ?? "列表")」"))
                continue
            }
            guard let rawName = item["name"]?.string, !TextNormalization.isBlank(rawName) else {
                diagnostics.append(Diagnostic(.error, .ingest, location, "机构名录条目缺少 name"))
                continue
            }
            let name = TextNormalization.trimmed(rawName)
            if let other = claimed[AgencyNames.key(name)] {
                diagnostics.append(Diagnostic(.error, .ingest, location,
                    "机构名录中「\(name)」已属于「\(other.name)」\(other.line.map { "（第 \($0) 行）" } ?? "")，此条目未采用"))
                continue
            }
            // `aliases: 二七区卫健委` (one alias without brackets) is read as a list of one.
            let aliasNodes = item["aliases"].map { $0.sequence.map(Array.init) ?? [$0] } ?? []
            var aliases: [String] = []
            for node in aliasNodes {
                guard let alias = node.string.map(TextNormalization.trimmed), !alias.isEmpty else { continue }
                if let other = claimed[AgencyNames.key(alias)], other.name != name {
                    diagnostics.append(Diagnostic(.error, .ingest, SourceLocation(file: file, line: node.mark?.line ?? line),
                        "机构名录中别名「\(alias)」同时属于「\(other.name)」\(other.line.map { "（第 \($0) 行）" } ?? "")和「\(name)」，保留前者"))
                    continue
                }
                aliases.append(alias)
            }
            claimed[AgencyNames.key(name)] = (name, line)
            for alias in aliases { claimed[AgencyNames.key(alias)] = (name, line) }
            entries.append(Entry(name: name, region: item["region"]?.string, aliases: aliases))
        }
        return (AgencyList(entries: entries), diagnostics)
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    /// Printed name → entry, through the canonical name and every alias (compared without spaces).
    func lookup() -> [String: Entry] {
        var map: [String: Entry] = [:]
        for e in entries {
            map[AgencyNames.key(e.name)] = e
            for a in e.aliases { map[AgencyNames.key(a)] = e }
        }
        return map
    }
}

public enum AgencyNames {
    /// Names compare without spaces and full-width forms, in NFC: Swift compares strings by canonical
    /// equivalence, so an NFD spelling of a name is the same agency, and its slug (a hash of the bytes)
    /// must not depend on which spelling came first.
    public static func key(_ name: String) -> String {
        let compact = String(String.UnicodeScalarView(TextNormalization.halfWidth(name).unicodeScalars.filter { !TextNormalization.isSpace($0) }))
        return compact.unicodeScalars.allSatisfy(isStableInNFC) ? compact : compact.precomposedStringWithCanonicalMapping
    }

    /// Scalars NFC leaves alone whatever precedes them and that combine with nothing before a combining
    /// mark (which is outside these ranges): the fast path for nearly every agency name.
    @inline(__always)
    static func isStableInNFC(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x300 || (0x3000...0x303F).contains(u.value) || (0x3400...0x4DBF).contains(u.value) || (0x4E00...0x9FFF).contains(u.value)
    }
}

/// URL-safe, stable names for agency folders: the pinyin of the name plus a short hash of the name, so
/// two agencies whose names read alike never share a folder, and one agency's slug never changes.
public enum Slug {
    public static func make(_ name: String) -> String { make([name])[0] }

    /// Slugs of many names at once. ICU's Han-Latin runs ~0.2 ms a name here (it would be seconds for a
    /// nation's agencies), so each distinct character is transliterated once, in one call, and names are
    /// spelled from that table: syllables per character, stable across builds.
    public static func make(_ names: [String]) -> [String] {
        var characters: [Unicode.Scalar] = []
        var seen = Set<Unicode.Scalar>()
        for name in names {
            for u in name.unicodeScalars where !u.isASCII && seen.insert(u).inserted { characters.append(u) }
        }
        let joined = characters.map { String($0) }.joined(separator: "\n")
        // Opening ICU's transliterator costs ~50 ms even for no text.
        let latin = characters.isEmpty ? "" : (joined as NSString).applyingTransform(.mandarinToLatin, reverse: false)
            .flatMap { ($0 as NSString).applyingTransform(.stripDiacritics, reverse: false) } ?? joined
        let spellings = latin.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var table: [Unicode.Scalar: String] = [:]
        if spellings.count == characters.count {
            for (u, s) in zip(characters, spellings) { table[u] = s }
        }
        return names.map { name in
            var spelled = ""  // appended in place, not a String per character joined
            for u in name.unicodeScalars {
                if u.isASCII { spelled.unicodeScalars.append(u) } else { spelled += " "; spelled += table[u] ?? ""; spelled += " " }
            }
            return slug(latin: spelled, name: name)
        }
    }

    static func slug(latin: String, name: String) -> String {
        var out = ""
        var lastDash = true
        for u in latin.lowercased().unicodeScalars {
            if u.isASCIIAlnum { out.unicodeScalars.append(u); lastDash = false }
            else if !lastDash { out.append("-"); lastDash = true }
            if out.utf8.count >= 72 { break }
        }
        while out.hasSuffix("-") { out.removeLast() }
        if out.isEmpty { out = "agency" }
        return out + "-" + shortHash(AgencyNames.key(name))
    }

    /// FNV-1a, 24 bits, as 6 hex digits: stable across runs and platforms (Swift's Hasher is seeded per run).
    static func shortHash(_ s: String) -> String {
        var h: UInt32 = 2_166_136_261
        for b in s.utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
        let v = (h >> 8) ^ (h & 0xFF)
        let hex = String(v & 0xFFFFFF, radix: 16)
        return String(repeating: "0", count: 6 - hex.count) + hex
    }
}

/// One agency and every report it published, oldest first.
public struct Agency: Sendable {
    public var name: String
    public var slug: String
    public var region: String?
    public var aliases: [String]
    public var reports: [Report]
}

public enum AgencyGrouping {
    /// Gives every report its agency (canonical name and slug) and groups the reports by agency.
    public static func group(_ reports: [Report], list: AgencyList) -> (agencies: [Agency], diagnostics: [Diagnostic]) {
        var slugs: [String: String] = [:]
        return group(reports, list: list, slugs: &slugs)
    }

    /// The same, spelling only names `slugs` (name → slug, kept by the build cache) does not hold yet;
    /// ICU's transliteration was a third of an unchanged 10k-report build's grouping. `slugs` is left
    /// holding this build's names only.
    static func group(_ reports: [Report], list: AgencyList, slugs slugFor: inout [String: String]) -> (agencies: [Agency], diagnostics: [Diagnostic]) {
        let lookup = list.lookup()
        // Each report's agency name, worked out once (side by side: comparing names by their key costs).
        let keys = Parallel.map(reports.count) { AgencyNames.key(reports[$0].printedAgency ?? "未识别机构") }
        let entries = keys.map { lookup[$0] }
        let reportNames = zip(keys, entries).map { $1?.name ?? $0 }
        let names = Array(Set(reportNames)).sorted()
        let unspelled = names.filter { slugFor[$0] == nil }
        for (name, slug) in zip(unspelled, Slug.make(unspelled)) { slugFor[name] = slug }
        if slugFor.count > names.count { slugFor = Dictionary(uniqueKeysWithValues: names.map { ($0, slugFor[$0]!) }) }
        var agencies: [Agency] = []
        var agencyOf: [String: Int] = [:]
        var slugs: [String: String] = [:]  // slug → name, to prove slugs are distinct
        var diagnostics: [Diagnostic] = []
        for (i, name) in reportNames.enumerated() {
            let a: Int
            if let known = agencyOf[name] { a = known } else {
                var slug = slugFor[name]!
                if let other = slugs[slug], other != name { slug += "-" + Slug.shortHash(name + "#") }
                slugs[slug] = name
                a = agencies.count
                agencyOf[name] = a
                agencies.append(Agency(name: name, slug: slug, region: entries[i]?.region, aliases: entries[i]?.aliases ?? [], reports: []))
            }
            var report = reports[i]
            report.agency = AgencyRef(name: name, slug: agencies[a].slug)
            agencies[a].reports.append(report)
        }
        // Sorted before the diagnostics are made: in Dictionary order they came out differently each run
        // (and they are published, in data/checks.json).
        agencies.sort { $0.slug < $1.slug }
        for i in agencies.indices {
            agencies[i].reports.sort { ($0.year ?? 0, $0.source) < ($1.year ?? 0, $1.source) }
            let years = agencies[i].reports.compactMap(\.year)
            for year in Set(years).sorted() where years.filter({ $0 == year }).count > 1 {
                let sources = agencies[i].reports.filter { $0.year == year }.map(\.source)
                diagnostics.append(Diagnostic(.warning, .build, SourceLocation(file: sources[1]),
                    "\(agencies[i].name) 的 \(year) 年度报告有 \(sources.count) 份（\(sources.joined(separator: "、"))），均予发布"))
            }
        }
        return (agencies, diagnostics)
    }
}
