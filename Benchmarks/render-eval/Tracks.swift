import ActOne
import FaceGeometry
import FaceTracking
import Foundation
import Motion

/// A clip's performance as `actone track` sees it (standard settings: the One-Euro smoothing of
/// pose and blendshapes a user gets, landmarks unfiltered). The driver and every output are
/// tracked the same way, so tracker noise and smoothing apply to both sides of each comparison.
struct TrackedClip {
    /// Indexed by frame number; nil where the frame has no face (or is missing from the track).
    var frames: [FrameMotion?]
    var frameRate: Double

    var frameCount: Int { frames.count }
    var framesWithFace: Int { frames.filter { $0 != nil }.count }

    /// The 478 landmarks of frame `index`, when it has a face with irises.
    func landmarks(_ index: Int) -> [LandmarkPoint]? {
        guard index < frames.count, let points = frames[index]?.landmarks, points.count >= 478 else { return nil }
        return points
    }

    /// Tracks `video` into `trackPath` (kept for inspection with `actone inspect`) and reads it back.
    static func track(_ video: String, to trackPath: String, models: String?) throws -> TrackedClip {
        var settings = TrackPipeline.Settings()
        settings.modelsDirectory = models
        try TrackPipeline(videoPath: video, outputPath: trackPath, overwrite: true, settings: settings).run()
        let (metadata, motion) = try PoseTrackJSON.read(path: trackPath)
        var frames = [FrameMotion?](repeating: nil, count: max(metadata.frameCount, (motion.map(\.index).max() ?? -1) + 1))
        for frame in motion where frame.faceFound { frames[frame.index] = frame }
        return TrackedClip(
            frames: frames,
            frameRate: Double(metadata.frameRateNumerator) / Double(max(metadata.frameRateDenominator, 1)))
    }
}

/// Driver tracks are made once and shared by self- and cross-reenactment.
final class DriverTracks {
    private var tracks: [String: TrackedClip] = [:]
    let workspace: Workspace
    let models: String?

    init(workspace: Workspace, models: String?) {
        self.workspace = workspace
        self.models = models
    }

    func track(_ driver: String) throws -> TrackedClip {
        if let known = tracks[driver] { return known }
        let clip = try TrackedClip.track(driver, to: workspace.path("drivers", "\(name(driver)).track.json"), models: models)
        tracks[driver] = clip
        return clip
    }
}

/// The folder the renders and tracks go to: `--keep DIR`, or a temporary one removed at exit.
struct Workspace {
    let root: String
    let temporary: Bool

    init(keep: String?) throws {
        if let keep {
            root = keep
            temporary = false
        } else {
            root = NSTemporaryDirectory() + "render-eval-\(getpid())"
            temporary = true
        }
        for sub in ["drivers", "self", "cross"] {
            try FileManager.default.createDirectory(atPath: root + "/" + sub, withIntermediateDirectories: true)
        }
    }

    func path(_ folder: String, _ file: String) -> String { "\(root)/\(folder)/\(file)" }

    func removeIfTemporary() {
        if temporary { try? FileManager.default.removeItem(atPath: root) }
    }
}

/// Seconds taken by `body`.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

/// One line for a failure, as `actone` would print it.
func describe(_ error: Error) -> String {
    String(describing: error)
}
