import Foundation
import MediaIO

/// How a live session is stopped from outside: Ctrl-C (through `SignalCleanup.onStopRequest`) or
/// a caller's own reason. Stopping raises the interrupt flag the source's FFmpeg calls poll, so a
/// wait for a camera or a stream ends at once, even while the source is still being opened; the
/// frames already captured are processed and every output is finished.
///
/// An output has a flag of its own: an output must still be writable after a stop to be
/// finished, so its flag is raised at once only if the stop comes while it is being opened (a
/// tcp:// listener waiting for its client). A stream's flag is raised `streamStopGraceSeconds`
/// after the stop too: FFmpeg's network protocols poll the flag while a write waits for room in
/// the socket, so a receiver that stopped reading cannot hold the session up past that.
///
/// The user can also ask for a new neutral (`recalibrate()`, the `n` key): the session takes the
/// request at its next frame.
public final class LiveControl: @unchecked Sendable {
    /// How long a stream output (`-o URL`) is given after a stop to take the frames still to come
    /// and its trailer: far more than a receiver that reads needs (milliseconds), short enough
    /// that a Ctrl-C still feels like one.
    public static let streamStopGraceSeconds = 2.0

    /// Polled by the source.
    let interrupt = InterruptFlag()
    private let lock = NSLock()
    private var opening: InterruptFlag?
    private var streams: [InterruptFlag] = []
    private var recalibrationRequested = false

    public init() {}

    /// Ends the session as soon as the frames already captured are done. Safe from any thread.
    public func stop() {
        interrupt.raise()
        let streams = lock.withLock {
            opening?.raise()
            return self.streams
        }
        guard !streams.isEmpty else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.streamStopGraceSeconds) {
            for flag in streams { flag.raise() }
        }
    }

    public var isStopped: Bool { interrupt.isRaised }

    /// Asks for a new neutral: the faces of the next `--calibrate` seconds (from the next face
    /// seen) become the performer's rest. Safe from any thread.
    public func recalibrate() {
        lock.withLock { recalibrationRequested = true }
    }

    /// Whether a new neutral was asked for since the last call.
    func takeRecalibrationRequest() -> Bool {
        lock.withLock {
            defer { recalibrationRequested = false }
            return recalibrationRequested
        }
    }

    /// Runs `open` with a flag that a stop during it raises (and no stop after it, for a file;
    /// for a `stream`, a stop after it `streamStopGraceSeconds` later).
    func opening<T>(stream: Bool, _ open: (InterruptFlag) throws -> T) throws -> T {
        let flag = InterruptFlag()
        lock.withLock {
            opening = flag
            if interrupt.isRaised { flag.raise() }
        }
        defer {
            lock.withLock {
                opening = nil
                if stream { streams.append(flag) }
            }
        }
        return try open(flag)
    }
}
