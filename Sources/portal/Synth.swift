import ArgumentParser
import Foundation
import PortalCore

/// `portal synth DIR --reports N [--seed S]`: a realistic corpus for tests and benchmarks, in DIR, and the
/// same reports as a Hugo site in DIR-hugo.
struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthesized corpus of reports (Word text, Markdown, HTML) into DIR, and its Hugo twin into DIR-hugo.")

    @Argument(help: "Folder to write the reports into (must not exist or be empty).") var directory: String
    @Option(help: "Number of reports.") var reports: Int
    @Option(help: "Seed: the same seed gives the same corpus.") var seed: UInt64 = 1
    @Flag(name: [.short, .long], help: "Print only the summary.") var quiet = false

    func validate() throws {
        guard reports > 0 else { throw ValidationError("--reports must be at least 1") }
        for dir in [directory, hugoDirectory] where !isEmptyOrMissing(dir) {
            throw ValidationError("\(dir) exists and is not empty; remove it or choose another folder")
        }
    }

    var hugoDirectory: String {
        var d = directory
        while d.count > 1 && d.hasSuffix("/") { d.removeLast() }
        return d + "-hugo"
    }

    func isEmptyOrMissing(_ path: String) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            return !FileManager.default.fileExists(atPath: path)
        }
        return names.isEmpty
    }

    func run() throws {
        let start = Date()
        let plan = Synthesizer.plan(reports: reports, seed: seed)
        let root = URL(fileURLWithPath: directory)
        let hugo = URL(fileURLWithPath: hugoDirectory)
        let fm = FileManager.default
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        try fm.createDirectory(at: hugo.appendingPathComponent("content/reports"), withIntermediateDirectories: true)
        try fm.createDirectory(at: hugo.appendingPathComponent("layouts/_default"), withIntermediateDirectories: true)
        for file in Synthesizer.hugoSiteFiles { try write(file, under: hugo) }
        try write(SynthFile(path: "content/reports/_index.md", bytes: Array("---\ntitle: \"全部报告\"\n---\n".utf8)), under: hugo)

        // Agencies are independent streams: generate and write them on every core.
        let counts = Counts()
        let failure = Failure()
        let chunk = 64
        let chunks = (plan.agencies.count + chunk - 1) / chunk
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var local = Counts.Values()
            for agency in plan.agencies[(c * chunk)..<min(plan.agencies.count, (c + 1) * chunk)] {
                for report in Synthesizer.reports(of: agency, seed: seed) {
                    do {
                        try write(report.file, under: root)
                        try write(report.hugoPage, under: hugo)
                    } catch { failure.set(error) }
                    local.add(report.truth)
                }
            }
            counts.merge(local)
        }
        if let error = failure.error { throw error }
        let v = counts.values
        let seconds = String(format: "%.1f", Date().timeIntervalSince(start))
        print("portal: synthesized \(v.reports) reports of \(plan.agencies.count) agencies into \(directory)/ "
              + "(\(v.wordText) Word text, \(v.markdown) Markdown, \(v.html) HTML; \(v.format2019) in the 2019 format; "
              + "\(v.breaks) with a deliberate rule break, \(v.blanks) with blank cells) and the Hugo twin into \(hugoDirectory)/ in \(seconds) s")
    }

    func write(_ file: SynthFile, under root: URL) throws {
        let url = root.appendingPathComponent(file.path)
        guard FileManager.default.createFile(atPath: url.path, contents: Data(file.bytes)) else {
            throw ValidationError("cannot write \(url.path)")
        }
    }
}

/// What the corpus holds, counted across threads.
final class Counts: @unchecked Sendable {
    struct Values {
        var reports = 0, wordText = 0, markdown = 0, html = 0, format2019 = 0, breaks = 0, blanks = 0
        mutating func add(_ t: SynthTruth) {
            reports += 1
            switch t.form { case .html: html += 1; case .markdown: markdown += 1; default: wordText += 1 }
            if t.format == .v2019 { format2019 += 1 }
            if t.deliberateBreak != nil { breaks += 1 }
            if !t.blankCells.isEmpty { blanks += 1 }
        }
    }
    private let lock = NSLock()
    private(set) var values = Values()
    func merge(_ v: Values) {
        lock.lock(); defer { lock.unlock() }
        values.reports += v.reports; values.wordText += v.wordText; values.markdown += v.markdown; values.html += v.html
        values.format2019 += v.format2019; values.breaks += v.breaks; values.blanks += v.blanks
    }
}

final class Failure: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var error: Error?
    func set(_ e: Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
}
