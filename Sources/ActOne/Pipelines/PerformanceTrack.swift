import Motion

/// A pose track in memory, read from a file or tracked just now: what `actone inspect` summarises,
/// plots and draws.
///
/// It holds every frame. With landmarks (478 × 3 floats, about 6 KB a frame) that is 110 MB for
/// ten minutes at 30 fps, which drawing an overlay needs; a track read only to be summarised
/// keeps its frames without landmarks (about 300 bytes each) and `landmarkFacts`, what the
/// summary needs of the landmarks, measured as the file streamed by.
public struct PerformanceTrack: Sendable {
    public var metadata: TrackMetadata
    public var frames: [FrameMotion]
    /// Set when `frames` were kept without their landmarks.
    public var landmarkFacts: TrackLandmarkFacts?

    public init(metadata: TrackMetadata, frames: [FrameMotion], landmarkFacts: TrackLandmarkFacts? = nil) {
        self.metadata = metadata
        self.frames = frames
        self.landmarkFacts = landmarkFacts
    }

    public var summary: TrackSummary { TrackSummary(metadata: metadata, frames: frames, landmarks: landmarkFacts) }
}
