/// Receives progress from a long-running pipeline. The executable shows a bar on a terminal and
/// stays quiet otherwise; tests and library users pass `SilentProgress`.
public protocol ProgressReporter: AnyObject {
    /// A new stage begins. `total` is the expected number of steps (frames), when known.
    func begin(_ stage: String, total: Int?)
    /// `completed` steps of the current stage are done.
    func advance(to completed: Int)
    /// The current stage is over (successfully or not).
    func end()
}

/// Reports nothing.
public final class SilentProgress: ProgressReporter {
    public init() {}
    public func begin(_ stage: String, total: Int?) {}
    public func advance(to completed: Int) {}
    public func end() {}
}
