import Foundation
import Motion

/// `actone inspect TRACK`: reading a pose track back, with errors that say what is wrong.
public enum TrackFileInput {
    /// Whether `inspect` takes `path` for a pose track rather than a video: it ends in .json, or in
    /// .csv (a track in a format it refuses, with a message saying so, rather than a video error).
    public static func isTrackPath(_ path: String) -> Bool {
        ["json", "csv"].contains(URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    /// Reads an actone JSON track; errors name the field, frame or line that is wrong.
    public static func read(path: String) throws -> PerformanceTrack {
        if URL(fileURLWithPath: path).pathExtension.lowercased() == "csv" { throw InspectError.notAJSONTrack(path: path) }
        guard FileManager.default.fileExists(atPath: path) else { throw InspectError.missingFile(path: path) }
        let (metadata, frames) = try PoseTrackJSON.read(path: path)
        return PerformanceTrack(metadata: metadata, frames: frames)
    }
}
