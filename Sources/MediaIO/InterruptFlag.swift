import CFFmpeg

/// A flag FFmpeg's blocking calls poll (its `AVIOInterruptCB`), so that another thread can stop
/// a read that waits on a camera or the network: once `raise()` is called, the waiting call
/// returns and the reader or writer reports `MediaError.interrupted`. Raising is permanent.
public final class InterruptFlag: @unchecked Sendable {
    /// An int in memory of its own, read and written atomically by the C shim.
    private let storage: UnsafeMutablePointer<Int32>

    public init() {
        storage = .allocate(capacity: 1)
        storage.initialize(to: 0)
    }

    deinit { storage.deallocate() }

    /// Stops every FFmpeg call that polls this flag, now and from now on. Safe from any thread.
    public func raise() { actone_interrupt_raise(storage) }

    public var isRaised: Bool { actone_interrupt_requested(storage) != 0 }

    /// The callback to store in an `AVFormatContext` (which must not outlive this flag).
    var callback: AVIOInterruptCB { actone_interrupt_callback(storage) }
}
