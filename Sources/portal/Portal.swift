import ArgumentParser
import Foundation
import PortalCore

@main
struct Portal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portal",
        abstract: "Builds the portal of 政府信息公开工作年度报告 from the reports under content/.",
        subcommands: [Build.self, Check.self, Synth.self, Serve.self])
}

/// Exit codes, documented in the README: 0 published (warnings allowed), 1 errors, 64 bad usage.
enum Exit {
    static let errors: Int32 = 1
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Parse, check and publish every report into the output folder.")

    @Option(help: "Folder of reports.") var content = "content"
    @Option(help: "Folder the site is written to (swapped in when complete).") var output = "public"
    @Option(help: "Folder of page templates and assets.") var templates = "site-templates"
    @Option(help: "URL path the site is served under, e.g. /reports/.") var baseURL = "/"
    @Flag(name: [.short, .long], help: "Print only errors and the summary.") var quiet = false
    @Flag(help: "Exit 1 on warnings and broken rules too.") var strict = false
    @Flag(help: "Print the wall time of each stage.") var timings = false
    @Flag(help: "Ignore the build cache (.<output>.cache): parse every report and render every page.") var noCache = false

    /// The build's data, kept until the process exits: freeing every report one by one cost more than
    /// the exit that follows (~30 ms at 10k reports).
    nonisolated(unsafe) static var keptUntilExit: Pipeline.Summary?

    func run() throws {
        let start = Date()
        var options = Pipeline.Options(content: URL(fileURLWithPath: content), output: URL(fileURLWithPath: output),
                                       templates: URL(fileURLWithPath: templates), baseURL: baseURL, useCache: !noCache)
        let progress = ProgressLine.make(quiet: quiet)
        options.progress = progress?.handler
        let summary: Pipeline.Summary
        do {
            summary = try Pipeline.build(options)
            progress?.finish()
        } catch {
            progress?.finish()
            FileHandle.standardError.write(Data("portal: build failed: \(error)\n".utf8))
            throw ExitCode(Exit.errors)
        }
        Self.keptUntilExit = summary
        printDiagnostics(summary.diagnostics, quiet: quiet)
        let c = summary.content
        let broken = c.reports.filter { $0.checks.contains { $0.severity == .error } }.count
        let flagged = c.reports.filter { !$0.checks.isEmpty }.count - broken
        let elapsed = Date().timeIntervalSince(start)
        print("portal: \(c.reports.count) reports of \(c.agencies.count) agencies published, \(c.skipped.count) skipped, "
              + "\(broken) with broken rules, \(flagged) with other findings; \(output)/ "
              + (summary.reusedAgencies > 0 ? "updated (\(summary.filesWritten) files written or linked, \(summary.reusedAgencies) unchanged agencies reused)"
                                            : "written (\(summary.filesWritten) files)")
              + " (\(String(format: "%.2f", elapsed)) s)")
        for s in c.skipped { print(TerminalText.visible("portal: skipped \(s.source): \(s.reason)")) }
        if timings {
            for t in summary.timings { print(String(format: "portal: %8.3f s  %@", t.seconds, t.stage)) }
        }
        if !c.skipped.isEmpty || (strict && summary.diagnostics.contains { $0.severity >= .warning }) {
            throw ExitCode(Exit.errors)
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Parse and validate only; print file:line: severity: message per problem.")

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    @Option(help: "Folder of reports.") var content = "content"
    @Option(help: "text or json.") var format: OutputFormat = .text
    @Flag(help: "Exit 1 on warnings and broken rules too.") var strict = false

    func run() throws {
        let loaded = Pipeline.load(content: URL(fileURLWithPath: content))
        let diagnostics = Pipeline.allDiagnostics(loaded)
        switch format {
        case .text:
            printDiagnostics(diagnostics, quiet: false)
        case .json:
            print(CheckReport.json(loaded))
        }
        if !loaded.skipped.isEmpty || (strict && diagnostics.contains { $0.severity >= .warning }) {
            throw ExitCode(Exit.errors)
        }
    }
}

func printDiagnostics(_ diagnostics: [Diagnostic], quiet: Bool) {
    for d in diagnostics where !quiet || d.severity == .error {
        print(d.description)
    }
}
