import Motion

/// A pose track in memory, read from a file or tracked just now: what `actone inspect` summarises,
/// plots and draws.
///
/// It holds every frame, landmarks included: 478 × 3 floats, about 6 KB a frame, so 6 MB per
/// thousand frames (110 MB for ten minutes at 30 fps). Inspecting needs the whole performance
/// (percentiles, the stillest stretch), and clips worth inspecting by eye are far shorter.
public struct PerformanceTrack: Sendable {
    public var metadata: TrackMetadata
    public var frames: [FrameMotion]

    public init(metadata: TrackMetadata, frames: [FrameMotion]) {
        self.metadata = metadata
        self.frames = frames
    }

    public var summary: TrackSummary { TrackSummary(metadata: metadata, frames: frames) }
}
