import MediaIO

/// A driving clip ready to render from: the pose track to read and the sound to carry.
struct ReadyClip: Sendable {
    var trackPath: String
    var source: BatchItemResult.TrackSource
    var audio: AudioSource?
}

/// Where a clip's track stands in a running batch.
enum ClipTrackState: Sendable {
    /// Not looked for yet.
    case waiting
    /// A job is tracking it (or looking in the cache).
    case tracking
    case ready(ReadyClip)
    /// Tracking failed: every item of the clip fails with this reason.
    case failed(String)
}
