/// What a pose track says about itself: where it came from, its timing, and what made it.
///
/// Motion does not import ActOne, so the tool's name and version and the creation time are passed
/// in by the caller (`ActOneVersion.string`, an ISO 8601 timestamp).
public struct TrackMetadata: Sendable, Hashable {
    /// The version of the pose-track file format this code writes and reads.
    public static let currentFormatVersion = 1

    /// The source clip's file name (no directories), e.g. "d0.mp4".
    public var sourceName: String
    /// Source frame size in pixels.
    public var width: Int
    public var height: Int
    /// The clip's nominal frame rate as a rational, e.g. 30000/1001 for 29.97 fps.
    public var frameRateNumerator: Int
    public var frameRateDenominator: Int
    /// Number of frames in the track.
    public var frameCount: Int
    /// Seconds.
    public var duration: Double
    public var toolName: String
    public var toolVersion: String
    /// Model file name → SHA-256 (hex).
    public var modelChecksums: [String: String]
    /// Landmarks per frame in the file (478 or 468); 0 when the file holds no landmarks.
    public var landmarkCount: Int
    /// When the track was made, ISO 8601 (e.g. "2025-01-31T12:00:00Z").
    public var created: String
    public var formatVersion: Int
    /// The face the blendshapes and gaze are measured from; nil in tracks written before it was
    /// recorded (and in tracks made by other means).
    public var neutral: TrackNeutral?

    public init(
        sourceName: String, width: Int, height: Int, frameRateNumerator: Int, frameRateDenominator: Int = 1,
        frameCount: Int, duration: Double, toolName: String, toolVersion: String,
        modelChecksums: [String: String] = [:], landmarkCount: Int, created: String,
        formatVersion: Int = TrackMetadata.currentFormatVersion, neutral: TrackNeutral? = nil
    ) {
        self.sourceName = sourceName
        self.width = width
        self.height = height
        self.frameRateNumerator = frameRateNumerator
        self.frameRateDenominator = frameRateDenominator
        self.frameCount = frameCount
        self.duration = duration
        self.toolName = toolName
        self.toolVersion = toolVersion
        self.modelChecksums = modelChecksums
        self.landmarkCount = landmarkCount
        self.created = created
        self.formatVersion = formatVersion
        self.neutral = neutral
    }

    /// Frames per second as a double (numerator / denominator).
    public var frameRate: Double {
        frameRateDenominator == 0 ? 0 : Double(frameRateNumerator) / Double(frameRateDenominator)
    }
}

/// An error reading or writing a pose-track file. `message` names the field, frame or line.
public struct PoseTrackFileError: Error, CustomStringConvertible, Hashable, Sendable {
    /// The file concerned, when known.
    public var path: String?
    public var message: String

    public init(path: String? = nil, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.map { "\($0): \(message)" } ?? message }
}
