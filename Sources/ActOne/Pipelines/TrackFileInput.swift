import Foundation
import Motion

/// `actone inspect TRACK`: reading a pose track back, with errors that say what is wrong.
public enum TrackFileInput {
    /// Whether `inspect` takes `path` for a pose track rather than a video: it ends in .json, or in
    /// .csv (a track in a format it refuses, with a message saying so, rather than a video error).
    public static func isTrackPath(_ path: String) -> Bool {
        ["json", "csv"].contains(URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    /// Reads an actone JSON track a frame at a time; errors name the field, frame or line that is
    /// wrong. Landmarks are kept only with `keepLandmarks` (an overlay draws them); otherwise
    /// what the summary needs of them is measured as they pass (`PerformanceTrack.landmarkFacts`).
    public static func read(path: String, keepLandmarks: Bool = false) throws -> PerformanceTrack {
        if URL(fileURLWithPath: path).pathExtension.lowercased() == "csv" { throw InspectError.notAJSONTrack(path: path) }
        guard FileManager.default.fileExists(atPath: path) else { throw InspectError.missingFile(path: path) }
        let reader = try PoseTrackJSONReader(path: path)
        var frames: [FrameMotion] = []
        frames.reserveCapacity(min(reader.metadata.frameCount, 1 << 16))
        if keepLandmarks {
            try reader.forEach { frames.append($0) }
            return PerformanceTrack(metadata: reader.metadata, frames: frames)
        }
        var facts = TrackLandmarkFactsBuilder(frameRate: reader.metadata.frameRate)
        try reader.forEach { frame in
            facts.add(frame)
            var compact = frame
            compact.landmarks = nil
            frames.append(compact)
        }
        return PerformanceTrack(metadata: reader.metadata, frames: frames, landmarkFacts: facts.finish())
    }
}
