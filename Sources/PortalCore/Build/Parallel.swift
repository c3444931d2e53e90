import Foundation

/// Work spread over every core, results in input order.
enum Parallel {
    /// `body(i)` for every i in `0..<count`.
    static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress
            DispatchQueue.concurrentPerform(iterations: count) { i in (base! + i).pointee = body(i) }
        }
        return results.map { $0! }
    }

    /// The same for work that may fail: the first error is thrown, and items not begun by then are skipped.
    static func mapThrowing<T>(_ count: Int, _ body: (Int) throws -> T) throws -> [T] {
        let failures = FirstError()
        let results: [T?] = map(count) { i in
            guard !failures.isSet else { return nil }
            do { return try body(i) } catch { failures.record(error); return nil }
        }
        try failures.throwIfSet()
        return results.map { $0! }
    }
}

/// Collects the first error thrown by parallel work.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var error: Error?
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return error != nil }
    func record(_ e: Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
    func throwIfSet() throws { lock.lock(); let e = error; lock.unlock(); if let e { throw e } }
}
