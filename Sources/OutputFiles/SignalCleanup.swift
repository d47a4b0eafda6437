import Foundation

/// Deletes the temporary files of unfinished outputs when the process is stopped early.
///
/// - SIGINT (Ctrl-C), SIGTERM and SIGHUP (terminal closed) remove every registered temporary file
///   and exit with 128 + the signal number, as a shell expects of a process a signal stopped. They
///   are delivered through Dispatch rather than a C handler, so the clean-up may take locks.
/// - SIGPIPE and SIGXFSZ are ignored instead: both are raised on the thread whose `write` hit a
///   closed pipe or the `ulimit -f` size limit, where Dispatch cannot see them, and ignored they
///   make that write fail with EPIPE or EFBIG. The failure then takes the ordinary error path,
///   which deletes the output's temporary file; a closed pipe ends the run through
///   `exitForClosedPipe()` (status 141, as if SIGPIPE had stopped it), a size limit with an error.
public enum SignalCleanup {
    public static let handledSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    public static let ignoredSignals: [Int32] = [SIGPIPE, SIGXFSZ]

    private static let registry = CleanupRegistry()
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    private static let installLock = NSLock()

    /// Installs the handlers. Call once, early, from the executable.
    public static func install() {
        installLock.withLock {
            guard sources.isEmpty else { return }
            for number in ignoredSignals { signal(number, SIG_IGN) }
            for number in handledSignals {
                // Dispatch takes the signal over; the C-level default (terminate) must not act first.
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler {
                    // A command that stops on its own terms is asked once; a second signal exits.
                    if let stop = stopRequest.take() { stop() } else { exitAsStopped(by: number) }
                }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// Lets a command that runs until it is stopped (`actone live`) finish its outputs itself: while
    /// set, the first SIGINT, SIGTERM or SIGHUP calls `handler` (on a Dispatch thread) instead of
    /// exiting; the command then ends normally. A second signal exits as usual, removing the
    /// temporary files, for a stop that hangs. nil restores the usual exit.
    public static func onStopRequest(_ handler: (@Sendable () -> Void)?) { stopRequest.set(handler) }

    private static let stopRequest = StopRequest()

    /// The handler of the next stop signal, taken by the first signal that comes.
    private final class StopRequest: @unchecked Sendable {
        private let lock = NSLock()
        private var handler: (@Sendable () -> Void)?

        func set(_ handler: (@Sendable () -> Void)?) { lock.withLock { self.handler = handler } }

        func take() -> (@Sendable () -> Void)? {
            lock.withLock {
                defer { handler = nil }
                return handler
            }
        }
    }

    /// The reader of standard output or standard error went away (`actone … | head -3`): removes
    /// the temporary files and exits with status 141, as SIGPIPE's default would.
    public static func exitForClosedPipe() -> Never { exitAsStopped(by: SIGPIPE) }

    /// Removes `path` if the process is stopped before `forget(path)`. Register a path before
    /// creating the file: once the process is stopping, this call never returns, so no new
    /// temporary file appears after the clean-up.
    public static func removeOnSignal(_ path: String) { registry.add(path) }

    /// Creates the temporary file at `path` through `create` (an `open(2)` with `O_CREAT`, FFmpeg's
    /// `avio_open2`) and registers it, as one step against a stop signal: the signal's clean-up
    /// either comes first, and `create` never runs (the thread waits for the exit), or waits until
    /// the file exists and removes it. Registering alone leaves a gap: a file created just after the
    /// clean-up would outlive the process. `create` must not call back into `SignalCleanup`.
    public static func creating<T, E: Error>(_ path: String, _ create: () throws(E) -> T) throws(E) -> T {
        try registry.adding(path, create)
    }

    /// `open(2)`s a new file at `path` for writing (it must not exist yet) through `creating`.
    /// Returns the descriptor, or -1 with `errno` set.
    public static func createFile(_ path: String, readable: Bool = false) -> Int32 {
        creating(path) { open(path, O_CREAT | O_EXCL | (readable ? O_RDWR : O_WRONLY) | O_CLOEXEC, 0o644) }
    }

    /// The file was renamed into place or deleted: a signal no longer touches it.
    public static func forget(_ path: String) { registry.remove(path) }

    private static func exitAsStopped(by number: Int32) -> Never {
        registry.removeAllAndClose()
        exit(128 + number)
    }
}
