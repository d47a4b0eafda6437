import FaceTracking
import Foundation
import MediaIO
import Motion

/// `actone track VIDEO`: the performance in a video as a pose track file.
///
/// Streams the clip: decode a frame, find or follow the face (BlazeFace when there is no face to
/// follow, then the attention mesh with irises in the region the last frame's landmarks give),
/// estimate head pose, gaze and blendshapes, smooth, write. Only the first frames wait, while the
/// performer's neutral face is being found (`NeutralCalibration`, 150 frames with a face); after
/// that each frame is written as soon as it is tracked, so memory stays flat with clip length.
public struct TrackPipeline {
    public struct Settings: Sendable {
        public var format: TrackFormat = .json
        /// Whether the JSON/CSV keeps the 478 landmarks (false: a motion template without the face's shape).
        public var includeLandmarks = true
        public var smoothing = MotionSmoother.Settings.standard
        /// `--models DIR`, searched before the standard places.
        public var modelsDirectory: String?
        public init() {}
    }

    public struct Summary: Sendable {
        public var frames: Int
        public var framesWithFace: Int
        public var seconds: Double
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
        try PartialFile.checkWritable(outputPath, overwrite: overwrite)
        let tracker = try PerformanceTracker(modelsDirectory: settings.modelsDirectory)
        let reader = try VideoReader(path: videoPath)
        let metadata = PerformanceTracker.metadata(for: reader, videoPath: videoPath,
                                                   includeLandmarks: settings.includeLandmarks)
        let output = try TrackOutput(path: outputPath, format: settings.format, metadata: metadata,
                                     includeLandmarks: settings.includeLandmarks, overwrite: overwrite)
        var estimator = MotionEstimator()
        var smoother = MotionSmoother(settings: settings.smoothing)
        /// Frames tracked while the neutral face is still being found.
        var waiting: [(index: Int, time: Double, face: TrackedFace?)] = []
        var frames = 0, withFace = 0

        func emit(index: Int, time: Double, face: TrackedFace?) throws {
            let frame = FrameMotion(index: index, time: time, face: face,
                                    blendshapes: face.map { estimator.blendshapes($0.estimate.measures) },
                                    includeLandmarks: settings.includeLandmarks)
            try output.append(smoother.smooth(frame))
        }

        progress.begin("track", total: reader.frameCount)
        defer { progress.end() }
        do {
            while let frame = try reader.nextFrame() {
                let face = try tracker.track(frame.image)
                if let face { estimator.calibration.add(face.estimate.measures); withFace += 1 }
                if estimator.calibration.isComplete {
                    for pending in waiting { try emit(index: pending.index, time: pending.time, face: pending.face) }
                    waiting.removeAll()
                    try emit(index: frame.index, time: frame.time, face: face)
                } else {
                    waiting.append((frame.index, frame.time, face))
                }
                frames += 1
                progress.advance(to: frames)
            }
            guard withFace > 0 else { throw TrackError.noFace(path: videoPath) }
            for pending in waiting { try emit(index: pending.index, time: pending.time, face: pending.face) }
            try output.finish()
        } catch {
            output.abandon()
            throw error
        }
        return Summary(frames: frames, framesWithFace: withFace, seconds: Date().timeIntervalSince(started))
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
