import Foundation
import MediaIO

/// The capture thread: takes the source's frames as they arrive and puts them in the queue,
/// stamped with their arrival time. With `--realtime` a file's frame is held until its time has
/// come on the wall clock, as a camera would deliver it.
///
/// The source is opened by `init`, on the caller's thread, so a source that cannot be opened is
/// an error before anything starts. `stop()` ends the capture from any thread: the interrupt flag
/// makes a read blocked on a camera or the network return at once.
final class LiveCapture: @unchecked Sendable {
    let source: LiveSource
    let reader: VideoReader
    private let interrupt: InterruptFlag
    private var thread: Thread?

    /// `interrupt` (the session's `LiveControl`) ends a wait for the source, the open included.
    init(source: LiveSource, interrupt: InterruptFlag) throws {
        self.source = source
        self.interrupt = interrupt
        reader = try VideoReader(source: source.location, input: source.input, interrupt: interrupt)
    }

    /// Whether `stop()` was called.
    var isStopped: Bool { interrupt.isRaised }

    /// Stops taking frames (the queue is then finished by the capture thread), and the session.
    func stop() { interrupt.raise() }

    /// Starts the thread; it finishes `queue` when the source ends, fails or is stopped.
    func start(into queue: FramePipe<CapturedFrame>) {
        let thread = Thread { [self] in run(into: queue) }
        thread.name = "actone live capture"
        self.thread = thread
        thread.start()
    }

    private func run(into queue: FramePipe<CapturedFrame>) {
        var clockStart: Double?
        do {
            while !isStopped, let frame = try reader.nextFrame() {
                if source.realtime {
                    // The first frame sets the clock; each later one waits for its own time.
                    let start = clockStart ?? (LiveClock.now() - frame.time)
                    clockStart = start
                    wait(until: start + frame.time)
                }
                guard !isStopped else { break }
                guard queue.put(CapturedFrame(frame: frame, arrival: LiveClock.now())) else { break }
            }
            queue.finish()
        } catch {
            // A read cut short by stop() is the end of the stream, not a failure.
            queue.finish(throwing: isStopped ? nil : error)
        }
    }

    /// Sleeps until `LiveClock` reaches `time`, waking early when stopped.
    private func wait(until time: Double) {
        while !isStopped {
            let left = time - LiveClock.now()
            guard left > 0 else { return }
            usleep(useconds_t(min(left, 0.05) * 1e6))
        }
    }
}
