import FaceTracking
import Foundation
import MediaIO
import Motion
import OutputFiles

/// `actone track VIDEO`: the performance in a video as a pose track file.
///
/// Streams the clip: decode a frame, find or follow its faces (`MultiFaceTracker`: BlazeFace on some
/// frames for faces not yet followed, the attention mesh with irises in the region each face's last
/// landmarks give), keeping the frames of each face that may be written (`--face`),
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
        /// `--face`: which face's track is written; with `.all`, one track per face, named by
        /// `FaceOutputName` after `outputPath`.
        public var face = FaceChoice.largest
        public init() {}
    }

    public struct Summary: Sendable {
        public var frames: Int
        /// The (first) written face's frames with a face.
        public var framesWithFace: Int
        public var seconds: Double
        /// The neutral the (first) written track was measured from.
        public var neutral: TrackNeutral
        /// Every face found in the clip, in number order.
        public var faces: [FoundFace] = []
        /// What was written: one track, or one per face with `--face all`.
        public var outputs: [Output] = []
    }

    /// One face's track as written.
    public struct Output: Sendable {
        public var face: Int
        public var path: String
        public var framesWithFace: Int
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
        // With --face all the files are named after the faces found; the first is checked now.
        try OutputFile.check(
            settings.face == .all ? FaceOutputName.path(outputPath, face: 1, format: settings.format) : outputPath,
            overwrite: overwrite, inputs: [videoPath] + settings.neutral.inputFiles, standardOutput: "a track")
        // A neutral from a file is read first: a bad one fails before the clip is tracked.
        let fileNeutral = try settings.neutral.fileMeasures(modelsDirectory: settings.modelsDirectory)
        let tracker = try PerformanceFacesTracker(modelsDirectory: settings.modelsDirectory)
        let reader = try VideoReader(path: videoPath)
        var metadata = PerformanceTracker.metadata(
            for: reader, videoPath: videoPath,
            includeLandmarks: settings.includeLandmarks)
        var neutralFrame: Int?
        if case .frame(let n) = settings.neutral { neutralFrame = n }
        let choice = settings.face
        let spools = FaceSpools(neutralFrame: neutralFrame, keeps: { choice.mayChoose($0) })
        var roster = FaceRoster(width: reader.width, height: reader.height)
        var frames = 0

        progress.begin("track", total: reader.frameCount)
        do {
            defer { progress.end() }
            while let frame = try reader.nextFrame() {
                let faces = try tracker.track(frame.image)
                roster.add(frame: frame.index, faces: faces.map(\.followed))
                try spools.append(index: frame.index, time: frame.time, faces: faces)
                frames += 1
                progress.advance(to: frames)
            }
        }
        let faces = roster.faces
        guard !faces.isEmpty else { throw TrackError.noFace(path: videoPath) }
        let chosen = try choice.numbers(in: faces, path: videoPath)
        let paths = chosen.map { choice == .all ? FaceOutputName.path(outputPath, face: $0, format: settings.format) : outputPath }
        if choice == .all {
            for path in paths {
                try OutputFile.check(
                    path, overwrite: overwrite, inputs: [videoPath] + settings.neutral.inputFiles, standardOutput: "a track")
            }
        }
        // Every neutral is resolved before any file is written: a bad --neutral writes nothing.
        let neutrals = try chosen.map { number in
            if let n = neutralFrame, n < frames, spools.neutralFrameMeasures[number] == nil {
                throw NeutralError.frameHasNoFace(index: n)
            }
            return try settings.neutral.resolve(
                calibration: spools.calibrations[number] ?? NeutralCalibration(), frames: frames,
                frameMeasures: spools.neutralFrameMeasures[number], fileMeasures: fileNeutral)
        }

        var outputs: [Output] = []
        for ((number, path), neutral) in zip(zip(chosen, paths), neutrals) {
            guard let spool = spools.spools[number] else { continue }
            metadata.neutral = neutral
            let output = try TrackOutput(
                path: path, format: settings.format, metadata: metadata,
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
            outputs.append(Output(face: number, path: path, framesWithFace: spools.framesWithFace[number] ?? 0, neutral: neutral))
        }
        return Summary(
            frames: frames, framesWithFace: outputs.first?.framesWithFace ?? 0, seconds: Date().timeIntervalSince(started),
            neutral: outputs.first?.neutral ?? neutrals[0], faces: faces, outputs: outputs)
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
