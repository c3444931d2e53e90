import Foundation
import PortalCore

/// A progress line on stderr for builds that take a while: shown only on a terminal, only once the build
/// has run for two seconds, redrawn at most five times a second, and erased when the build ends.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var parsed = (done: 0, total: 0)
    private var written = 0
    private var shown = false
    private let start = Date()
    private var timer: DispatchSourceTimer?

    /// Nil when stderr is not a terminal or the user asked for quiet: then nothing is printed at all.
    /// PORTAL_PROGRESS_AFTER (seconds, default 2) moves the threshold, so tests need no long build.
    static func make(quiet: Bool) -> ProgressLine? {
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        let after = ProcessInfo.processInfo.environment["PORTAL_PROGRESS_AFTER"].flatMap(Double.init) ?? 2
        let line = ProgressLine()
        let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        timer.schedule(deadline: .now() + after, repeating: .milliseconds(200))
        timer.setEventHandler { [weak line] in line?.draw() }
        timer.resume()
        line.timer = timer
        return line
    }

    var handler: BuildProgressHandler {
        { [self] event in
            lock.lock()
            switch event {
            case .parsed(let done, let total): parsed = (max(parsed.done, done), total)
            case .written(let files): written = max(written, files)
            }
            lock.unlock()
        }
    }

    private func draw() {
        lock.lock()
        let p = parsed, w = written
        shown = true
        lock.unlock()
        let seconds = String(format: "%.0f", Date().timeIntervalSince(start))
        var text = "portal: 已解析报告 \(p.done)/\(p.total)"
        if w > 0 { text += "，已写出文件 \(w)" }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)（\(seconds) 秒）".utf8))
    }

    /// Stops redrawing and erases the line, so the summary that follows starts on a clean line.
    func finish() {
        timer?.cancel()
        timer = nil
        lock.lock(); let wasShown = shown; lock.unlock()
        if wasShown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
