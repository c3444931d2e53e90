import Foundation
import PortalCore

/// libFuzzer entry: the bytes of one content file through everything `Pipeline.read` does with a file —
/// TextDecoding, FormDetection, the reader of the form, ReportParser, ArithmeticRules — and the record
/// it would publish. A crash, an ASan report or a hang here is a bug a content file could trigger.
@_cdecl("LLVMFuzzerTestOneInput")
public func parserFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    switch Pipeline.read(SourceFile(path: "fuzz/report.txt", data: bytes)) {
    case .success(let report):
        // The record and the CSV rows are what the site publishes of it; they must be writable too.
        var writer = JSONWriter()
        ReportJSON.write(report, to: &writer)
        var csv: [UInt8] = []
        DataFiles.csvRow(report, into: &csv)
        DataFiles.rawCellRows(report, into: &csv)
        precondition(!writer.bytes.isEmpty && csv.last == 0x0A)
    case .failure(let skipped):
        precondition(!skipped.reason.isEmpty, "a skipped file must say why")
    }
    return 0
}
