import Foundation
import MediaIO
import Motion

/// `actone inspect TRACK --overlay OUT.mp4`: a pose track drawn over the clip it was made from.
/// Frames are matched by index; frames of the clip that the track lacks get the caption only.
public struct TrackOverlayRender {
    public var track: PerformanceTrack
    public var videoPath: String
    public var outputPath: String
    public var overwrite: Bool
    public var encoder: VideoEncoderSettings

    public init(
        track: PerformanceTrack, videoPath: String, outputPath: String, overwrite: Bool = false,
        encoder: VideoEncoderSettings = VideoEncoderSettings()
    ) {
        self.track = track
        self.videoPath = videoPath
        self.outputPath = outputPath
        self.overwrite = overwrite
        self.encoder = encoder
    }

    @discardableResult
    public func run(progress: ProgressReporter = SilentProgress()) throws -> OverlayRender.Summary {
        let byIndex = Dictionary(track.frames.map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })
        let metadata = track.metadata
        let render = OverlayRender(inputPath: videoPath, outputPath: outputPath, overwrite: overwrite, encoder: encoder)
        return try render.run(progress: progress) { frame in
            // Landmarks are in the source's pixels: another clip's frames would put them anywhere.
            if frame.index == 0, frame.image.width != metadata.width || frame.image.height != metadata.height {
                throw InspectError.videoSizeMismatch(
                    video: videoPath, width: frame.image.width, height: frame.image.height,
                    trackWidth: metadata.width, trackHeight: metadata.height)
            }
            return byIndex[frame.index]
        }
    }

    /// The clip to draw a track over: `explicit` (`--video`) when given, otherwise the file named
    /// by the track's `sourceName` in the track file's folder. Only the name's last component is
    /// used: the track is someone else's file, and a `sourceName` of "../../x.mp4" or "/x.mp4"
    /// must not make inspect read a video outside that folder (`--video` names any other file).
    public static func sourceVideo(trackPath: String, metadata: TrackMetadata, explicit: String?) throws -> String {
        if let explicit {
            guard FileManager.default.fileExists(atPath: explicit) else { throw InspectError.missingFile(path: explicit) }
            return explicit
        }
        let name = baseName(metadata.sourceName)
        let folder = URL(fileURLWithPath: trackPath).deletingLastPathComponent()
        let beside = folder.appendingPathComponent(name).path
        // Print the path as the user would type it: relative when the track was given relatively.
        let shown = trackPath.contains("/") ? beside : name
        var isFolder: ObjCBool = false
        guard !name.isEmpty, FileManager.default.fileExists(atPath: beside, isDirectory: &isFolder), !isFolder.boolValue else {
            throw InspectError.sourceVideoNotFound(track: trackPath, expected: TerminalText.escaped(shown))
        }
        return shown
    }

    /// The last component of a `sourceName`; empty for names that are no file ("", ".", "..",
    /// "dir/").
    static func baseName(_ sourceName: String) -> String {
        let last = sourceName.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        return last == "." || last == ".." ? "" : last
    }
}
