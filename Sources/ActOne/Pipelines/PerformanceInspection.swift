import Foundation
import MediaIO
import Motion

/// `actone inspect VIDEO`: the performance in a clip, tracked in memory (no track file), and with
/// `--overlay` the clip re-encoded with the mesh, irises and head axes drawn, in the same pass.
///
/// One streaming pass decodes a frame, tracks it, draws and encodes it; only the tracking results
/// are kept (see `PerformanceTrack` for their size), never the images. Blendshapes need the
/// performer's neutral face, which is known only once `NeutralCalibration` has seen its frames, so
/// they are computed after the pass, from the same first 150 frames with a face and with the same
/// smoothing as `actone track`: the frames come out as `actone track` would write them.
public struct PerformanceInspection {
    public struct Settings: Sendable {
        /// `--models DIR`, searched before the standard places.
        public var modelsDirectory: String?
        public var smoothing = MotionSmoother.Settings.standard
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
            try PartialFile.checkWritable(overlayPath, overwrite: settings.overwrite)
        }
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
            return overlaySmoother.smooth(FrameMotion(index: frame.index, time: frame.time, face: face,
                                                      blendshapes: nil, includeLandmarks: true))
        }

        var overlay: OverlayRender.Summary?
        if let overlayPath = settings.overlayPath {
            let render = OverlayRender(inputPath: videoPath, outputPath: overlayPath, overwrite: settings.overwrite,
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

        var estimator = MotionEstimator()
        for entry in seen {
            // The calibration keeps the first `capacity` faces and ignores the rest, as in `actone track`.
            if let face = entry.face { estimator.calibration.add(face.estimate.measures) }
        }
        var smoother = MotionSmoother(settings: settings.smoothing)
        let frames = seen.map { entry in
            smoother.smooth(FrameMotion(index: entry.index, time: entry.time, face: entry.face,
                                        blendshapes: entry.face.map { estimator.blendshapes($0.estimate.measures) },
                                        includeLandmarks: true))
        }
        // The container's frame count can be an estimate; the track has what was decoded (as the
        // track writer corrects it).
        if metadata.frameCount != frames.count, let last = frames.last {
            metadata.frameCount = frames.count
            metadata.duration = last.time + (metadata.frameRate > 0 ? 1 / metadata.frameRate : 0)
        }
        return (PerformanceTrack(metadata: metadata, frames: frames), overlay)
    }
}
