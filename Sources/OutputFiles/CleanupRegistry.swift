import Foundation

/// The temporary files a stop signal removes (see `SignalCleanup`). Once closed, by the clean-up
/// of a process that is exiting, a thread that tries to add a file waits for the exit instead.
final class CleanupRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: Set<String> = []
    private var closed = false

    func add(_ path: String) { adding(path) {} }

    /// Registers `path` and runs `body` under the lock that `removeAllAndClose` takes.
    func adding<T, E: Error>(_ path: String, _ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        if closed {
            lock.unlock()
            // The process is exiting on another thread; this worker waits for the end.
            while true { pause() }
        }
        defer { lock.unlock() }
        paths.insert(path)
        return try body()
    }

    func remove(_ path: String) { lock.withLock { _ = paths.remove(path) } }

    func removeAllAndClose() {
        lock.withLock {
            for path in paths { unlink(path) }
            paths.removeAll()
            closed = true
        }
    }
}
