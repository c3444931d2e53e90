import Foundation

/// How far a build has come, for a progress line on a terminal. Reported from several threads at once.
public enum BuildProgress: Sendable {
    case parsed(done: Int, total: Int)
    case written(files: Int)
}

public typealias BuildProgressHandler = @Sendable (BuildProgress) -> Void

/// Counts finished items across threads and reports each count.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    let total: Int
    let handler: BuildProgressHandler
    init(total: Int, handler: @escaping BuildProgressHandler) { self.total = total; self.handler = handler }
    func step() {
        lock.lock(); done += 1; let n = done; lock.unlock()
        handler(.parsed(done: n, total: total))
    }
}
