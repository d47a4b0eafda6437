import Foundation
import MediaIO
import Motion
import OutputFiles

/// `actone inspect VIDEO`: the performance in a clip, tracked in memory (no track file), and with
/// `--overlay` the clip re-encoded with the mesh, irises and head axes drawn, in the same pass.
///
/// One streaming pass decodes a frame, tracks it, draws and encodes it; only the tracking results
/// are kept (see `PerformanceTrack` for their size), never the images. Blendshapes need the
/// performer's neutral face, chosen from the whole clip, so they are computed after the pass with
/// the same neutral and smoothing as `actone track`, and rounded as a track file stores them: the
/// frames come out as `actone track` would write them, and the summary is the same as that of
/// the track file.
public struct PerformanceInspection {
    public struct Settings: Sendable {
        /// `--models DIR`, searched before the standard places.
        public var modelsDirectory: String?
        public var smoothing = MotionSmoother.Settings.standard
        /// `--neutral`: the face expressions are measured from.
        public var neutral = NeutralChoice.auto
        /// `--overlay OUT.mp4`, if asked for.
        public var overlayPath: String?
        public var overwrite = false
        public var encoder = VideoEncoderSettings()
        public init() {}
    }

    public var videoPath: String
    public var settings: Settings

    public init(videoPath: String, settings: Settings = Settings()) {
        self.videoPath = videoPath
        self.settings = settings
    }

    /// The tracked performance, and what was written to the overlay, if one was asked for.
    public func run(progress: ProgressReporter = SilentProgress()) throws -> (track: PerformanceTrack, overlay: OverlayRender.Summary?) {
        if let overlayPath = settings.overlayPath {
            try OutputFile.check(overlayPath, overwrite: settings.overwrite, inputs: [videoPath] + settings.neutral.inputFiles)
        }
        let fileNeutral = try settings.neutral.fileMeasures(modelsDirectory: settings.modelsDirectory)
        let tracker = try PerformanceTracker(modelsDirectory: settings.modelsDirectory)
        // This reader gives the metadata, and the frames when there is no overlay (the overlay
        // reads the clip itself; opening it twice costs only its header).
        let reader = try VideoReader(path: videoPath)
        var metadata = PerformanceTracker.metadata(for: reader, videoPath: videoPath, includeLandmarks: true)

        var seen: [(index: Int, time: Double, face: TrackedFace?)] = []
        // Smoothing is causal and per channel, so smoothing pose alone as frames arrive gives the
        // overlay exactly the head pose the finished track will have.
        var overlaySmoother = MotionSmoother(settings: settings.smoothing)
        func track(_ frame: VideoFrame) throws -> FrameMotion {
            let face = try tracker.track(frame.image)
            seen.append((frame.index, frame.time, face))
            return overlaySmoother.smooth(
                FrameMotion(
                    index: frame.index, time: frame.time, face: face,
                    calibration: .canonical, includeLandmarks: true))
        }

        var overlay: OverlayRender.Summary?
        if let overlayPath = settings.overlayPath {
            let render = OverlayRender(
                inputPath: videoPath, outputPath: overlayPath, overwrite: settings.overwrite,
                encoder: settings.encoder)
            overlay = try render.run(progress: progress) { frame in try track(frame) }
        } else {
            progress.begin("track", total: reader.frameCount)
            defer { progress.end() }
            while let frame = try reader.nextFrame() {
                _ = try track(frame)
                progress.advance(to: seen.count)
            }
        }

        var calibration = NeutralCalibration()
        for entry in seen { if let face = entry.face { calibration.add(face.estimate.measures) } }
        var frameNeutral: FaceMeasures?
        if case .frame(let n) = settings.neutral, let entry = seen.first(where: { $0.index == n }) {
            guard let face = entry.face else { throw NeutralError.frameHasNoFace(index: n) }
            frameNeutral = face.estimate.measures
        }
        let neutral = try settings.neutral.resolve(
            calibration: calibration, frames: seen.count,
            frameMeasures: frameNeutral, fileMeasures: fileNeutral)
        // A clip without a face has no neutral to report.
        metadata.neutral = calibration.facesSeen > 0 ? neutral : nil
        var smoother = MotionSmoother(settings: settings.smoothing)
        let frames = seen.map { entry in
            PoseTrackJSON.roundedAsStored(
                smoother.smooth(
                    FrameMotion(
                        index: entry.index, time: entry.time, face: entry.face, calibration: neutral.calibration,
                        includeLandmarks: true)))
        }
        // The container's frame count can be an estimate; the track has what was decoded (as the
        // track writer corrects it).
        if metadata.frameCount != frames.count, let last = frames.last {
            metadata.frameCount = frames.count
            metadata.duration = last.time + (metadata.frameRate > 0 ? 1 / metadata.frameRate : 0)
        }
        metadata.duration = PoseTrackJSON.roundedTime(metadata.duration)
        return (PerformanceTrack(metadata: metadata, frames: frames), overlay)
    }
}
