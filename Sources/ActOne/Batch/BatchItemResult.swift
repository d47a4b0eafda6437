/// How one item of a batch ended.
public struct BatchItemResult: Sendable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Made in this run.
        case rendered
        /// Finished by an earlier run from the same inputs and settings (the manifest says so).
        case skipped
        case failed
    }

    /// Where the item's driving track came from.
    public enum TrackSource: String, Sendable {
        /// Tracked in this run (by this item or another item of the same clip).
        case tracked
        /// Found in the cache, made by an earlier run or another shard.
        case cached
        /// The clip is itself a pose track.
        case given
    }

    public var item: BatchItem
    public var status: Status
    /// Wall time of the render (not of the clip's tracking, which its items share).
    public var seconds: Double
    public var frames: Int?
    /// Why it failed: one line.
    public var error: String?
    public var track: TrackSource?
    /// Why a skipped item counts as done, when it is not the usual reason (an earlier run's
    /// manifest entry): an adopted output, or one another run made meanwhile.
    public var note: String?

    public init(
        item: BatchItem, status: Status, seconds: Double = 0, frames: Int? = nil, error: String? = nil,
        track: TrackSource? = nil, note: String? = nil
    ) {
        self.note = note
        self.item = item
        self.status = status
        self.seconds = seconds
        self.frames = frames
        self.error = error
        self.track = track
    }
}
