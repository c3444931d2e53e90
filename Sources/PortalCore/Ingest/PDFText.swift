import Foundation

/// The text layer of a PDF, laid out as on the page, by poppler's `pdftotext -layout` (Debian package
/// poppler-utils). This is ingest I/O: the PDF goes to a temporary file, the text comes back on stdout.
public enum PDFText {
    /// A PDF that pdftotext has not finished with after this long is given up (a hostile file can loop).
    public static var timeout: TimeInterval = 60
    /// The most text a PDF may give: as much as the largest file content/ may hold.
    public static var maxTextSize = 64 << 20

    /// `pdftotext` on PATH (or in /usr/bin), or nil when poppler-utils is not installed.
    public static func executable(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":").map(String.init) + ["/usr/bin"] {
            let candidate = URL(fileURLWithPath: dir).appendingPathComponent("pdftotext")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    public static func extract(_ data: Data, path: String, tool: URL? = PDFText.executable()) -> Result<String, Diagnostic> {
        let location = SourceLocation(file: path)
        guard let tool else {
            return .failure(Diagnostic(.error, .ingest, location,
                "未找到 pdftotext，无法读取 PDF：请安装 poppler-utils（Debian/Ubuntu：apt-get install poppler-utils）"))
        }
        let input = FileManager.default.temporaryDirectory
            .appendingPathComponent("portal-pdf-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).pdf")
        do { try data.write(to: input) } catch {
            return .failure(Diagnostic(.error, .ingest, location, "PDF 无法写入临时文件：\(error.localizedDescription)"))
        }
        defer { try? FileManager.default.removeItem(at: input) }

        let process = Process()
        process.executableURL = tool
        process.arguments = ["-layout", "-enc", "UTF-8", "-eol", "unix", input.path, "-"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            return .failure(Diagnostic(.error, .ingest, location, "pdftotext 无法运行（\(error.localizedDescription)）：请检查 poppler-utils 的安装"))
        }
        // Stop only this child, by its own handle, when it runs past the timeout.
        let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        // stderr is drained on another thread so neither pipe can fill up and stall the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let errorBox = Box()
        let errorDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errorBox.data = err.fileHandleForReading.readDataToEndOfFile()
            errorDone.signal()
        }
        // Bounded (harden): a small PDF can inflate to gigabytes of text (a compressed stream of repeats);
        // past the limit the child is stopped and the file is refused, not read until memory runs out.
        var output = Data()
        var tooLarge = false
        while true {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            output.append(chunk)
            if output.count > maxTextSize {
                tooLarge = true
                if process.isRunning { process.terminate() }
                break
            }
        }
        process.waitUntilExit()
        errorDone.wait()
        watchdog.cancel()

        let message = String(decoding: errorBox.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if tooLarge {
            return .failure(Diagnostic(.error, .ingest, location, "PDF 的文字超过 \(maxTextSize >> 20) MB，未读入"))
        }
        if process.terminationReason == .uncaughtSignal {
            return .failure(Diagnostic(.error, .ingest, location, "pdftotext 超过 \(Int(timeout)) 秒未完成，PDF 未读入"))
        }
        guard process.terminationStatus == 0 else {
            let why = message.includes("password") || message.includes("Incorrect") ? "PDF 已加密，无法读取文字" : "PDF 无法读取"
            return .failure(Diagnostic(.error, .ingest, location, "\(why)（pdftotext 退出码 \(process.terminationStatus)：\(message.prefix(200))）"))
        }
        let text = String(decoding: output, as: UTF8.self)
        guard text.unicodeScalars.contains(where: { !TextNormalization.isSpace($0) && $0 != "\u{0C}" }) else {
            return .failure(Diagnostic(.error, .ingest, location,
                "PDF 没有文字层（可能是扫描图片），无法读取；请提供带文字的 PDF、Word 或网页版本，或先做文字识别（OCR）"))
        }
        return .success(text)
    }
}
