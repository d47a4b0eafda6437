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
        /// `--face`: which face is summarised (`.all` is taken as `.largest`).
        public var face = FaceChoice.largest
        public init() {}
    }

    /// What `run` found.
    public struct Result: Sendable {
        /// The chosen face's performance.
        public var track: PerformanceTrack
        /// What was written to the overlay, if one was asked for.
        public var overlay: OverlayRender.Summary?
        /// Every face found, in number order.
        public var faces: [FoundFace]
        /// The number of the face `track` follows; nil when no face was found.
        public var face: Int?
    }

    public var videoPath: String
    public var settings: Settings

    public init(videoPath: String, settings: Settings = Settings()) {
        self.videoPath = videoPath
        self.settings = settings
    }

    /// The tracked performance of the chosen face, the faces found, and what was written to the
    /// overlay, if one was asked for.
    public func run(progress: ProgressReporter = SilentProgress()) throws -> Result {
        if let overlayPath = settings.overlayPath {
            try OutputFile.check(overlayPath, overwrite: settings.overwrite, inputs: [videoPath] + settings.neutral.inputFiles)
        }
        let fileNeutral = try settings.neutral.fileMeasures(modelsDirectory: settings.modelsDirectory)
        let tracker = try PerformanceFacesTracker(modelsDirectory: settings.modelsDirectory)
        // This reader gives the metadata, and the frames when there is no overlay (the overlay
        // reads the clip itself; opening it twice costs only its header).
        let reader = try VideoReader(path: videoPath)
        var metadata = PerformanceTracker.metadata(for: reader, videoPath: videoPath, includeLandmarks: true)
        var roster = FaceRoster(width: reader.width, height: reader.height)

        var seen: [(index: Int, time: Double, faces: [NumberedFace])] = []
        // Smoothing is causal and per channel, so smoothing pose alone as frames arrive gives the
        // overlay exactly the head pose the finished track will have; each face has its own.
        var overlaySmoothers: [Int: MotionSmoother] = [:]
        func track(_ frame: VideoFrame) throws -> [OverlayFace] {
            let faces = try tracker.track(frame.image)
            roster.add(frame: frame.index, faces: faces.map(\.followed))
            seen.append((frame.index, frame.time, faces))
            return faces.map { numbered in
                var smoother = overlaySmoothers[numbered.number] ?? MotionSmoother(settings: settings.smoothing)
                defer { overlaySmoothers[numbered.number] = smoother }
                let motion = smoother.smooth(
                    FrameMotion(
                        index: frame.index, time: frame.time, face: numbered.face,
                        calibration: .canonical, includeLandmarks: true))
                return OverlayFace(motion: motion, number: numbered.number, box: numbered.followed.box)
            }
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

        let faces = roster.faces
        let number = try (settings.face == .all ? .largest : settings.face).numbers(in: faces, path: videoPath).first
        func face(in entry: (index: Int, time: Double, faces: [NumberedFace])) -> TrackedFace? {
            entry.faces.first { $0.number == number }?.face
        }
        var calibration = NeutralCalibration()
        for entry in seen { if let face = face(in: entry) { calibration.add(face.estimate.measures) } }
        var frameNeutral: FaceMeasures?
        if case .frame(let n) = settings.neutral, let entry = seen.first(where: { $0.index == n }) {
            guard let face = face(in: entry) else { throw NeutralError.frameHasNoFace(index: n) }
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
                        index: entry.index, time: entry.time, face: face(in: entry), calibration: neutral.calibration,
                        includeLandmarks: true)))
        }
        // The container's frame count can be an estimate; the track has what was decoded (as the
        // track writer corrects it).
        if metadata.frameCount != frames.count, let last = frames.last {
            metadata.frameCount = frames.count
            metadata.duration = last.time + (metadata.frameRate > 0 ? 1 / metadata.frameRate : 0)
        }
        metadata.duration = PoseTrackJSON.roundedTime(metadata.duration)
        return Result(track: PerformanceTrack(metadata: metadata, frames: frames), overlay: overlay, faces: faces, face: number)
    }
}
