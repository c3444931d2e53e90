import Foundation

/// A file to write, relative to the folder it belongs in.
public struct SynthFile: Sendable {
    public var path: String
    public var bytes: [UInt8]
    public init(path: String, bytes: [UInt8]) { self.path = path; self.bytes = bytes }
}

/// One synthesized report: the source file in its physical form, its Markdown twin for Hugo, and the truth.
public struct SynthReport: Sendable {
    public var file: SynthFile
    public var hugoPage: SynthFile
    public var truth: SynthTruth
}

/// A corpus of realistic reports for tests and benchmarks, the same for the same seed everywhere.
/// Pure: it returns files; writing them is the CLI's job.
public enum Synthesizer {
    public struct PlannedAgency: Sendable {
        public var name: String
        public var place: String
        fileprivate var department: SynthNames.Department
        public var years: [Int]
        /// Global index of the agency's first report (file names are numbered by report).
        public var firstReport: Int
        public var stream: UInt64
    }

    public struct Plan: Sendable {
        public var seed: UInt64
        public var agencies: [PlannedAgency]
        public var reportCount: Int { agencies.reduce(0) { $0 + $1.years.count } }
    }

    /// Shares of the physical forms (the rest is Word text).
    public static let htmlShare = 0.2
    public static let markdownShare = 0.25

    /// Who reports for which years: about three consecutive years per agency, ending by 2024.
    public static func plan(reports: Int, seed: UInt64) -> Plan {
        var rng = SplitMix64(seed: seed)
        var counts: [Int] = []
        var left = reports
        while left > 0 {
            let n = min(left, rng.pick([2, 3, 3, 3, 4]))
            counts.append(n)
            left -= n
        }
        let names = SynthNames.agencies(count: counts.count, rng: &rng)
        var agencies: [PlannedAgency] = []
        var first = 0
        for (i, (n, named)) in zip(counts, names).enumerated() {
            let start = rng.int(2019...(2025 - n))
            agencies.append(PlannedAgency(name: named.name, place: named.place, department: named.department,
                                          years: Array(start..<(start + n)), firstReport: first, stream: UInt64(i)))
            first += n
        }
        return Plan(seed: seed, agencies: agencies)
    }

    /// The reports of one agency (each agency has its own random stream, so agencies can be made in any order).
    public static func reports(of agency: PlannedAgency, seed: UInt64) -> [SynthReport] {
        var rng = SplitMix64(seed: seed, stream: agency.stream)
        let years = SynthData.years(of: agency.department, years: agency.years, rng: &rng)
        return years.enumerated().map { offset, y in
            report(y, agency: agency, index: agency.firstReport + offset, rng: &rng)
        }
    }

    /// The whole corpus in memory (tests; the CLI streams agency by agency instead).
    public static func corpus(reports: Int, seed: UInt64) -> [SynthReport] {
        let plan = plan(reports: reports, seed: seed)
        return plan.agencies.flatMap { Self.reports(of: $0, seed: seed) }
    }

    /// The Hugo site's own files (config and templates).
    public static var hugoSiteFiles: [SynthFile] {
        SynthHugo.siteFiles.map { SynthFile(path: $0.path, bytes: Array($0.text.utf8)) }
    }

    static func report(_ y: SynthYear, agency: PlannedAgency, index: Int, rng: inout SplitMix64) -> SynthReport {
        let style = SynthStyle(rng: &rng)
        let prose = SynthProseWriter.write(y, agency: agency.name, place: agency.place, selfName: agency.department.selfName, rng: &rng)
        let titleLines: [String]
        switch rng.int(0...5) {
        case 0, 1: titleLines = ["\(agency.name)\(y.year)年政府信息公开工作年度报告"]
        case 2: titleLines = ["\(agency.name)\(y.year)年政府信息公开", "工作年度报告"]
        case 3: titleLines = [agency.name, "政府信息公开工作\(y.year)年度报告"]
        case 4: titleLines = ["\(agency.name)\(y.year)年度政府信息公开工作报告"]
        default: titleLines = ["\(agency.name)\(y.year)年度政府信息公开工作年度报告"]
        }
        let month = rng.int(1...3), day = rng.int(1...28)
        let publishedOn = String(format: "%04d-%02d-%02d", y.year + 1, month, day)
        let spec = SynthSpec(agency: agency.name, place: agency.place, year: y, prose: prose, titleLines: titleLines,
                             publishedOn: publishedOn, dateLine: "\(y.year + 1)年\(month)月\(day)日", style: style)

        let r = rng.unit()
        let form: SourceForm = r < htmlShare ? .html : r < htmlShare + markdownShare ? .markdown : .wordText
        let text: String
        switch form {
        case .html: text = SynthHTML.write(spec, rng: &rng)
        case .markdown: text = SynthMarkdown.write(spec, rng: &rng)
        default: text = SynthWordText.write(spec, rng: &rng)
        }
        let hex = String(rng.next(), radix: 16)
        let name = String(format: "%06d", index) + "_" + String(repeating: "0", count: 16 - hex.count) + hex
        let path = name + (form == .html ? ".html" : rng.chance(0.9) ? ".txt" : form == .markdown ? ".md" : ".txt")
        let bytes = form == .html ? Array(text.utf8) : encoded(text, rng: &rng)

        let truth = SynthTruth(
            source: path, form: form, format: y.format, agency: agency.name, year: y.year,
            title: titleLines.joined(), publishedOn: publishedOn, proactiveItems: y.proactiveItems,
            disclosure: y.disclosure, disclosure2019: y.disclosure2019,
            procurementAmountUnit: y.format == .v2019 ? y.procurementAmountUnit : nil,
            applications: y.applications, review: y.review, rawCells: y.rawText,
            expectedChecks: SynthOracle.expectedChecks(format: y.format, disclosure: y.disclosure, disclosure2019: y.disclosure2019,
                                                       applications: y.applications, review: y.review),
            deliberateBreak: y.deliberateBreak, blankCells: y.blankCells)
        let hugo = SynthFile(path: "content/reports/\(name).md", bytes: Array(SynthHugo.page(spec, truth: truth).utf8))
        return SynthReport(file: SynthFile(path: path, bytes: bytes), hugoPage: hugo, truth: truth)
    }

    /// Text files as agencies' systems save them: mostly UTF-8, some with CRLF, a BOM, or in GB18030.
    static func encoded(_ text: String, rng: inout SplitMix64) -> [UInt8] {
        var t = text
        if rng.chance(0.1) { t = t.replacingOccurrences(of: "\n", with: "\r\n") }
        let r = rng.unit()
        if r < 0.03, let data = t.data(using: TextDecoding.gb18030) { return [UInt8](data) }
        if r < 0.08 { return [0xEF, 0xBB, 0xBF] + Array(t.utf8) }
        return Array(t.utf8)
    }
}
