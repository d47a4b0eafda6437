import Foundation
import MediaIO

/// Pose tracks of a batch's clips, kept in `OUT/.actone-cache/<key>.track.json`. The key is the
/// SHA-256 of the clip's content together with everything that shapes the track (actone's
/// version, the face models' checksums, the tracking settings), so a clip is tracked once for all
/// its characters, a later run reuses the track, and a renamed or copied clip still finds it.
/// The cache only grows; deleting the folder is safe (tracks are remade when needed).
public struct TrackCache: Sendable {
    public static let folderName = ".actone-cache"

    public let folder: String
    public let modelsDirectory: String?

    public init(outputFolder: String, modelsDirectory: String?) {
        folder = outputFolder + "/" + Self.folderName
        self.modelsDirectory = modelsDirectory
    }

    /// The batch's tracking settings: the track keeps the 478 landmarks rendering needs, and the
    /// standard smoothing (which leaves landmarks unfiltered; a render smooths them itself).
    static var trackSettings: TrackPipeline.Settings {
        var settings = TrackPipeline.Settings()
        settings.format = .json
        settings.includeLandmarks = true
        settings.smoothing = .standard
        return settings
    }

    /// Everything besides the clip that changes what a track holds, as text.
    static var trackingFingerprint: String {
        let settings = trackSettings
        let models = PerformanceTracker.models.map { "\($0.fileName)=\($0.expectedSHA256)" }.joined(separator: ",")
        return "actone \(ActOneVersion.string); track \(settings.format.rawValue) landmarks=\(settings.includeLandmarks) "
            + "smoothing=\(settings.smoothing.enabled ? "standard" : "off"); models \(models)"
    }

    /// The cache key for a clip whose content has this SHA-256.
    public static func key(clipSHA256: String) -> String {
        SHA256.hexString(SHA256.hash(Array("\(clipSHA256)\n\(trackingFingerprint)".utf8)))
    }

    public func path(clipSHA256: String) -> String { folder + "/" + Self.key(clipSHA256: clipSHA256) + ".track.json" }

    /// The clip's track, made now when the cache does not have it yet. Written under a temporary
    /// name and renamed, so a shard tracking the same clip at the same time, or an interrupt,
    /// never leaves a half-written track under the key.
    /// - Returns: the track's path and whether it was made now.
    public func track(clip: String, clipSHA256: String, progress: ProgressReporter) throws -> (path: String, made: Bool) {
        let path = path(clipSHA256: clipSHA256)
        if FileManager.default.fileExists(atPath: path) { return (path, false) }
        var settings = Self.trackSettings
        settings.modelsDirectory = modelsDirectory
        // Overwrite: another shard may have finished the same track meanwhile; it is the same track.
        try TrackPipeline(videoPath: clip, outputPath: path, overwrite: true, settings: settings).run(progress: progress)
        return (path, true)
    }
}
