/// A piece of work one of a batch's jobs is doing.
public enum BatchTask: Sendable {
    /// Tracking a clip (or finding its track in the cache).
    case track(clip: ClipListing.Clip)
    case render(BatchItem)
}

/// Hears how a batch goes, from its worker threads (so it must be safe to call from several):
/// the executable draws a progress line or writes a log line per item.
public protocol BatchObserver: AnyObject, Sendable {
    /// Job `job` (0-based) begins `task`; the reporter returned hears that task's progress.
    func job(_ job: Int, began task: BatchTask) -> ProgressReporter
    func jobEnded(_ job: Int)
    /// An item is done, whatever the outcome; called once per item of the shard, skipped ones first.
    func itemFinished(_ result: BatchItemResult)
}
