import FaceGeometry
import Foundation
import MediaIO
import Motion

/// `--record TRACK.json`: the pose track written as the session goes, through the project's
/// `PoseTrackJSONWriter` (a temporary file beside the target, renamed by `finish`).
///
/// A track's header carries its neutral, which a calibrating session knows only after its first
/// seconds: until then the frames wait here (a second or two of landmarks), then are measured
/// against the neutral and written, and every later frame is written as it comes.
final class LiveRecorder {
    let path: String
    private let writer: PoseTrackJSONWriter
    private var metadata: TrackMetadata
    private var begun = false

    /// Creates the temporary file now, so an unwritable target fails before the session starts.
    init(path: String, overwrite: Bool, source: LiveSource, reader: VideoReader) throws {
        self.path = path
        writer = try PoseTrackJSONWriter(path: path, overwrite: overwrite, includeLandmarks: true)
        metadata = TrackMetadata(
            sourceName: source.displayName, width: reader.width, height: reader.height,
            frameRateNumerator: Int(reader.frameRate.numerator), frameRateDenominator: Int(reader.frameRate.denominator),
            frameCount: 0, duration: 0, toolName: "actone", toolVersion: ActOneVersion.string,
            modelChecksums: Dictionary(uniqueKeysWithValues: PerformanceTracker.models.map { ($0.fileName, $0.expectedSHA256) }),
            landmarkCount: PerformanceTracker.landmarkCount, created: ISO8601DateFormatter().string(from: Date()))
    }

    var framesWritten: Int { writer.framesWritten }

    /// Writes the header with the session's neutral; frames may follow.
    func begin(neutral: TrackNeutral) throws {
        metadata.neutral = neutral
        try writer.begin(metadata)
        begun = true
    }

    func append(_ frame: FrameMotion) throws {
        try writer.append(frame)
    }

    /// Completes the file and renames it into place.
    func finish() throws {
        if !begun { try writer.begin(metadata) }
        try writer.finish()
    }

    func abandon() { writer.abandon() }
}
