import FaceGeometry
import Foundation
import OutputFiles

/// The actone pose-track JSON file (`*.track.json`), format version 1. See docs/pose-track.md.
///
/// Both directions stream: `PoseTrackJSONWriter` takes a frame at a time as it is tracked, and
/// `PoseTrackJSONReader` gives one at a time, checking every field and naming the field, frame or
/// line that is wrong. `read` here is for callers that want the whole track at once.
public enum PoseTrackJSON {
    public static let formatName = "actone.pose-track"
    /// The largest landmark coordinate a track may hold, in pixels.
    public static let maximumCoordinate = 1e6

    /// Decimals written per kind of number (values are rounded to these, trailing zeros dropped).
    public enum Precision {
        public static let time = 6
        public static let confidence = 4
        /// Head and gaze angles in degrees.
        public static let angle = 3
        /// Head position in pixels.
        public static let position = 3
        public static let scale = 5
        public static let blendshape = 4
        /// Landmark x, y, z in source pixels.
        public static let landmark = 3
    }

    public typealias Writer = PoseTrackJSONWriter

    /// Writes a whole track at once (a convenience over `PoseTrackJSONWriter`).
    public static func write<S: Sequence<FrameMotion>>(
        path: String, metadata: TrackMetadata, frames: S,
        overwrite: Bool = false, includeLandmarks: Bool = true
    ) throws {
        let writer = try PoseTrackJSONWriter(path: path, overwrite: overwrite, includeLandmarks: includeLandmarks)
        try writer.begin(metadata)
        for frame in frames { try writer.append(frame) }
        try writer.finish()
    }

    /// Reads a whole pose-track file. Errors are `PoseTrackFileError`s naming the field, frame or line.
    public static func read(path: String) throws -> (TrackMetadata, [FrameMotion]) {
        try readAll(PoseTrackJSONReader(path: path))
    }

    /// Reads a whole pose track from the bytes of a file.
    public static func read(data: Data) throws -> (TrackMetadata, [FrameMotion]) {
        try readAll(PoseTrackJSONReader(data: data))
    }

    private static func readAll(_ reader: PoseTrackJSONReader) throws -> (TrackMetadata, [FrameMotion]) {
        var frames: [FrameMotion] = []
        frames.reserveCapacity(min(reader.metadata.frameCount, 1 << 16))
        try reader.forEach { frames.append($0) }
        return (reader.metadata, frames)
    }
}
