import Foundation

/// How a live session is stopped from outside: Ctrl-C (through `SignalCleanup.onStopRequest`) or
/// a caller's own reason. Stopping ends the capture; the frames already taken are processed and
/// every output is finished.
public final class LiveControl: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private var capture: LiveCapture?

    public init() {}

    /// Ends the session as soon as the frames already captured are done. Safe from any thread.
    public func stop() {
        let capture = lock.withLock {
            stopped = true
            return self.capture
        }
        capture?.stop()
    }

    public var isStopped: Bool { lock.withLock { stopped } }

    /// The capture to stop; stopped at once if the session was stopped while it was being opened.
    func attach(_ capture: LiveCapture) {
        let stopNow = lock.withLock {
            self.capture = capture
            return stopped
        }
        if stopNow { capture.stop() }
    }
}
