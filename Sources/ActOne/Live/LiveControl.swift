import Foundation
import MediaIO

/// How a live session is stopped from outside: Ctrl-C (through `SignalCleanup.onStopRequest`) or
/// a caller's own reason. Stopping raises the interrupt flag the source's FFmpeg calls poll, so a
/// wait for a camera or a stream ends at once, even while the source is still being opened; the
/// frames already captured are processed and every output is finished.
///
/// An output has a flag of its own, raised only if the stop comes while it is being opened (a
/// tcp:// listener waiting for its client): FFmpeg checks the flag before every write, and an
/// output must still be writable after a stop to be finished.
public final class LiveControl: @unchecked Sendable {
    /// Polled by the source.
    let interrupt = InterruptFlag()
    private let lock = NSLock()
    private var opening: InterruptFlag?

    public init() {}

    /// Ends the session as soon as the frames already captured are done. Safe from any thread.
    public func stop() {
        interrupt.raise()
        lock.withLock { opening?.raise() }
    }

    public var isStopped: Bool { interrupt.isRaised }

    /// Runs `open` with a flag that a stop during it raises (and no stop after it).
    func opening<T>(_ open: (InterruptFlag) throws -> T) throws -> T {
        let flag = InterruptFlag()
        lock.withLock {
            opening = flag
            if interrupt.isRaised { flag.raise() }
        }
        defer { lock.withLock { opening = nil } }
        return try open(flag)
    }
}
