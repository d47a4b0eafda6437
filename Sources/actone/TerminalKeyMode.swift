import Foundation

/// Standard input's terminal set for single keys while `actone live` runs: non-canonical (a key
/// is read as it is pressed, without Enter) and without echo (keys are not printed among the
/// messages). Signals stay on, so Ctrl-C and Ctrl-Z keep their meaning.
///
/// The settings found are put back by `restore()`, which the command calls however the session
/// ends, and by an `atexit` handler for the exits that never return to it: a second Ctrl-C exits
/// from the signal handler (`SignalCleanup`), a usage or runtime error exits through
/// ArgumentParser. After Ctrl-Z and `fg` the key settings are set again (a shell puts its own
/// back while the job is stopped). Only SIGKILL or a crash leaves the terminal as it was set
/// (`stty sane` mends it).
enum TerminalKeyMode {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var saved: termios?
    nonisolated(unsafe) private static var keySettings: termios?
    nonisolated(unsafe) private static var continued: DispatchSourceSignal?

    /// Whether standard input is a terminal this process may read and set: not a terminal it is
    /// a background job of, where a read or a change would stop the process (SIGTTIN, SIGTTOU).
    static var inputIsForegroundTerminal: Bool {
        guard isatty(STDIN_FILENO) == 1 else { return false }
        let foreground = tcgetpgrp(STDIN_FILENO)
        // -1: not this process's controlling terminal, which job control does not concern.
        return foreground == -1 || foreground == getpgrp()
    }

    /// Sets the terminal for single keys; false when it cannot be set (the keys are then not read).
    static func enter() -> Bool {
        lock.withLock {
            guard saved == nil else { return true }
            var found = termios()
            guard tcgetattr(STDIN_FILENO, &found) == 0 else { return false }
            var keys = found
            keys.c_lflag &= ~tcflag_t(ICANON | ECHO)
            // A read returns as soon as one key is there.
            withUnsafeMutableBytes(of: &keys.c_cc) { cc in
                cc[Int(VMIN)] = 1
                cc[Int(VTIME)] = 0
            }
            guard tcsetattr(STDIN_FILENO, TCSANOW, &keys) == 0 else { return false }
            saved = found
            keySettings = keys
            registerOnce()
            return true
        }
    }

    /// Puts the settings found back. Safe to call more than once, from any thread.
    static func restore() {
        lock.withLock {
            guard var found = saved else { return }
            tcsetattr(STDIN_FILENO, TCSANOW, &found)
            saved = nil
            keySettings = nil
        }
    }

    nonisolated(unsafe) private static var registered = false

    private static func registerOnce() {
        guard !registered else { return }
        registered = true
        atexit { TerminalKeyMode.restore() }
        let source = DispatchSource.makeSignalSource(signal: SIGCONT, queue: .global())
        source.setEventHandler {
            lock.withLock {
                guard var keys = keySettings else { return }
                tcsetattr(STDIN_FILENO, TCSANOW, &keys)
            }
        }
        source.resume()
        continued = source
    }
}
