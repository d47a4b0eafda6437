import MediaIO

/// `actone inspect VIDEO`: what a video file holds.
public enum VideoInspection {
    /// Probes `path` and counts its frames exactly (demuxing only, no decoding).
    public static func run(path: String) throws -> MediaInfo {
        try MediaProbe.inspectVideo(path: path, countFrames: true)
    }
}
