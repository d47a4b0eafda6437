import FaceTracking
import Foundation
import MediaIO
import Motion
import OutputFiles

/// `actone track VIDEO`: the performance in a video as a pose track file.
///
/// Streams the clip: decode a frame, find or follow the face (BlazeFace when there is no face to
/// follow, then the attention mesh with irises in the region the last frame's landmarks give),
/// estimate head pose and the raw measures. The blendshapes and gaze are measured from the
/// performer's neutral face, chosen from the whole clip (`--neutral`, `NeutralCalibration`), so
/// the tracked frames wait on disk (`TrackedFrameSpool`) until the last one is read; then each is
/// calibrated, smoothed and written. Memory stays flat with clip length.
public struct TrackPipeline {
    public struct Settings: Sendable {
        public var format: TrackFormat = .json
        /// Whether the JSON/CSV keeps the 478 landmarks (false: a smaller file for animation
        /// tools, which `render` cannot use).
        public var includeLandmarks = true
        public var smoothing = MotionSmoother.Settings.standard
        /// `--neutral`: the face expressions are measured from.
        public var neutral = NeutralChoice.auto
        /// `--rate`: the rows' rate for formats that resample (nil: the format's default).
        public var rate: TrackRate?
        /// `--angle-units`, for the Live Link Face CSV.
        public var angleUnit = LiveLinkCSVWriter.AngleUnit.radians
        /// `--models DIR`, searched before the standard places.
        public var modelsDirectory: String?
        public init() {}
    }

    public struct Summary: Sendable {
        public var frames: Int
        public var framesWithFace: Int
        public var seconds: Double
        /// The neutral the track was measured from.
        public var neutral: TrackNeutral
    }

    public var videoPath: String
    public var outputPath: String
    public var overwrite: Bool
    public var settings: Settings

    public init(videoPath: String, outputPath: String, overwrite: Bool = false, settings: Settings = Settings()) {
        self.videoPath = videoPath
        self.outputPath = outputPath
        self.overwrite = overwrite
        self.settings = settings
    }

    @discardableResult
    public func run(progress: ProgressReporter = SilentProgress()) throws -> Summary {
        let started = Date()
        try OutputFile.check(
            outputPath, overwrite: overwrite, inputs: [videoPath] + settings.neutral.inputFiles,
            standardOutput: "a track")
        // A neutral from a file is read first: a bad one fails before the clip is tracked.
        let fileNeutral = try settings.neutral.fileMeasures(modelsDirectory: settings.modelsDirectory)
        let tracker = try PerformanceTracker(modelsDirectory: settings.modelsDirectory)
        let reader = try VideoReader(path: videoPath)
        var metadata = PerformanceTracker.metadata(
            for: reader, videoPath: videoPath,
            includeLandmarks: settings.includeLandmarks)
        let spool = try TrackedFrameSpool()
        var calibration = NeutralCalibration()
        var frameNeutral: FaceMeasures?
        var frames = 0, withFace = 0

        progress.begin("track", total: reader.frameCount)
        do {
            defer { progress.end() }
            while let frame = try reader.nextFrame() {
                let face = try tracker.track(frame.image)
                if let face {
                    calibration.add(face.estimate.measures)
                    withFace += 1
                }
                if case .frame(let n) = settings.neutral, n == frame.index {
                    guard let face else { throw NeutralError.frameHasNoFace(index: n) }
                    frameNeutral = face.estimate.measures
                }
                try spool.append(index: frame.index, time: frame.time, face: face?.landmarks)
                frames += 1
                progress.advance(to: frames)
            }
        }
        guard withFace > 0 else { throw TrackError.noFace(path: videoPath) }

        let neutral = try settings.neutral.resolve(
            calibration: calibration, frames: frames, frameMeasures: frameNeutral,
            fileMeasures: fileNeutral)
        metadata.neutral = neutral

        let output = try TrackOutput(
            path: outputPath, format: settings.format, metadata: metadata,
            includeLandmarks: settings.includeLandmarks, overwrite: overwrite,
            rate: settings.rate ?? settings.format.defaultRate, angleUnit: settings.angleUnit)
        let estimator = MotionEstimator()
        var smoother = MotionSmoother(settings: settings.smoothing)
        do {
            try spool.replay { index, time, face in
                let frame = FrameMotion(
                    index: index, time: time, points: face?.points, presence: face?.presence ?? 0,
                    estimate: face.map { estimator.estimate(points: $0.points) },
                    calibration: neutral.calibration, includeLandmarks: settings.includeLandmarks)
                try output.append(smoother.smooth(frame))
            }
            try output.finish()
        } catch {
            output.abandon()
            throw error
        }
        return Summary(frames: frames, framesWithFace: withFace, seconds: Date().timeIntervalSince(started), neutral: neutral)
    }
}

public enum TrackError: Error, CustomStringConvertible, Equatable {
    case noFace(path: String)

    public var description: String {
        switch self {
        case .noFace(let path): "\(path): no face found in any frame"
        }
    }
}
