import ActOne
import Foundation

/// Reads `actone live`'s keys (`LiveKey`) from standard input on a thread of its own while the
/// session runs, and hands each to `handle` on that thread.
///
/// A terminal in the foreground is set for single keys (`TerminalKeyMode`) and read key by key;
/// anything else (a pipe, a file) is read line by line (`LiveKeyParser`). A terminal the process
/// is a background job of is not read at all. The end of the input ends the reading, not the
/// session: `/dev/null` costs nothing.
final class LiveKeyReader: @unchecked Sendable {
    /// Whether the keys come from a terminal: the user is then told them.
    let fromTerminal: Bool
    private let handle: @Sendable (LiveKey) -> Void
    private let lock = NSLock()
    private var finishing = false
    private let ended = DispatchSemaphore(value: 0)

    /// Starts reading; nil when standard input is a terminal that cannot be read or set.
    static func start(handle: @escaping @Sendable (LiveKey) -> Void) -> LiveKeyReader? {
        let terminal = isatty(STDIN_FILENO) == 1
        if terminal {
            guard TerminalKeyMode.inputIsForegroundTerminal, TerminalKeyMode.enter() else { return nil }
        }
        let reader = LiveKeyReader(fromTerminal: terminal, handle: handle)
        let thread = Thread { reader.run() }
        thread.name = "actone live keys"
        thread.start()
        return reader
    }

    private init(fromTerminal: Bool, handle: @escaping @Sendable (LiveKey) -> Void) {
        self.fromTerminal = fromTerminal
        self.handle = handle
    }

    /// Stops reading, waits for the thread, and puts the terminal back. Safe to call twice.
    func finish() {
        let first = lock.withLock {
            defer { finishing = true }
            return !finishing
        }
        guard first else { return }
        ended.wait()
        if fromTerminal { TerminalKeyMode.restore() }
    }

    private var isFinishing: Bool { lock.withLock { finishing } }

    private func run() {
        defer { ended.signal() }
        var parser = LiveKeyParser(mode: fromTerminal ? .keystrokes : .lines)
        var buffer = [UInt8](repeating: 0, count: 256)
        while !isFinishing {
            // A short wait, so that `finish()` is noticed without closing standard input.
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 100)
            if ready < 0 && errno == EINTR { continue }
            guard ready >= 0 else { return }
            if ready == 0 { continue }
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            // The end of the input (or an error): no more keys, the session goes on.
            guard count > 0 else { return }
            for key in parser.keys(in: buffer[..<count]) { handle(key) }
        }
    }
}
