import FaceGeometry
import FaceTracking
import Foundation
import MediaIO
import Motion

/// `--neutral auto|N|FILE`: which face of the performer counts as their rest, the face every
/// expression is measured from.
public enum NeutralChoice: Sendable, Equatable, CustomStringConvertible {
    /// Found in the clip (the calmest faces of the whole clip; see `NeutralCalibration`).
    case auto
    /// Frame N of the clip (0-based, as `inspect` numbers them).
    case frame(Int)
    /// A still image of the performer's neutral face, or a pose track of them.
    case file(String)

    /// "auto", a frame number, or anything else as a file path.
    public init(argument: String) {
        if argument == "auto" {
            self = .auto
        } else if !argument.isEmpty, argument.allSatisfy(\.isASCIIDigit), let n = Int(argument) {
            self = .frame(n)
        } else {
            self = .file(argument)
        }
    }

    /// The file this choice reads, if any: an output must not replace it.
    public var inputFiles: [String] {
        if case .file(let path) = self { [path] } else { [] }
    }

    public var description: String {
        switch self {
        case .auto: "auto"
        case .frame(let n): "\(n)"
        case .file(let path): path
        }
    }
}

/// A `--neutral` that cannot be used, said in one line.
public enum NeutralError: Error, CustomStringConvertible, Equatable {
    case frameOutOfRange(index: Int, frames: Int)
    case frameHasNoFace(index: Int)
    case missingFile(path: String)
    case noFace(path: String)
    /// A track that holds neither landmarks nor a recorded neutral.
    case trackHasNoFace(path: String)

    public var description: String {
        switch self {
        case .frameOutOfRange(let index, let frames): "--neutral \(index) is outside the clip's \(frames) frames (0-\(max(frames - 1, 0)))"
        case .frameHasNoFace(let index): "--neutral \(index): no face in that frame of the clip"
        case .missingFile(let path): "--neutral \(path): no such file"
        case .noFace(let path): "--neutral \(path): no face found in it"
        case .trackHasNoFace(let path):
            "--neutral \(path): the track has neither landmarks nor a recorded neutral (made with --no-landmarks by an older actone)"
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

/// The performer's neutral face from a file given to `--neutral`: a still image of them, or a
/// pose track of them.
enum NeutralFile {
    /// The neutral's raw measures (for `track`): a track's recorded neutral, or the automatic
    /// neutral over its landmarks; an image's face as the models see it.
    static func measures(path: String, modelsDirectory: String?) throws -> FaceMeasures {
        guard FileManager.default.fileExists(atPath: path) else { throw NeutralError.missingFile(path: path) }
        if isTrack(path) {
            let track = try PoseTrackJSONReader(path: path)
            if let neutral = track.metadata.neutral { return neutral.calibration.neutral }
            let estimator = MotionEstimator()
            var calibration = NeutralCalibration()
            // A frame's measures are all the calibration keeps of it: the track streams through.
            try track.forEach { frame in
                if frame.faceFound, let points = frame.landmarks, points.count >= 468 {
                    calibration.add(estimator.estimate(points: points).measures)
                }
            }
            guard calibration.facesSeen > 0 else { throw NeutralError.trackHasNoFace(path: path) }
            return calibration.neutral
        }
        return MotionEstimator().estimate(points: try stillLandmarks(path: path, modelsDirectory: modelsDirectory)).measures
    }

    /// The neutral's 478 landmarks (for `render`): a track's chosen neutral frame (or the calmest
    /// of its first seconds, as `render` would choose), or an image's face.
    static func landmarks(path: String, modelsDirectory: String?) throws -> [LandmarkPoint] {
        guard FileManager.default.fileExists(atPath: path) else { throw NeutralError.missingFile(path: path) }
        if isTrack(path) {
            // Only the frames the choice can fall on are kept: the recorded neutral frame, or the
            // search window after the first face.
            let track = try PoseTrackJSONReader(path: path)
            let metadata = track.metadata
            let recorded = metadata.neutral?.source == .frame ? metadata.neutral?.frame : nil
            let search = ReferenceFrame.searchFrames(frameRate: metadata.frameRate)
            var window: [[LandmarkPoint]?] = []
            var recordedPoints: [LandmarkPoint]?
            var recordedSeen = false
            // Read to the end even when the choice is made early: a track broken further on is
            // refused here as everywhere else.
            try track.forEach { frame in
                if let recorded, frame.index == recorded, !recordedSeen {
                    recordedSeen = true
                    recordedPoints = frame.landmarks
                }
                let usable = frame.faceFound && frame.landmarks?.count == 478
                if usable || !window.isEmpty, window.count < search { window.append(usable ? frame.landmarks : nil) }
            }
            if let points = recordedPoints, points.count == 478 { return points }
            guard !window.isEmpty, let best = ReferenceFrame.calmest(window), let points = window[best] else {
                throw NeutralError.trackHasNoFace(path: path)
            }
            return points
        }
        return try stillLandmarks(path: path, modelsDirectory: modelsDirectory)
    }

    static func isTrack(_ path: String) -> Bool { URL(fileURLWithPath: path).pathExtension.lowercased() == "json" }

    /// The face in a still image, found and measured as in a video's first frame (mesh and irises).
    static func stillLandmarks(path: String, modelsDirectory: String?) throws -> [LandmarkPoint] {
        let image = try ImageLoader.load(path: path).rgb
        let tracker = try PerformanceTracker(modelsDirectory: modelsDirectory)
        guard let face = try tracker.track(image), face.landmarks.points.count == 478 else {
            throw NeutralError.noFace(path: path)
        }
        return face.landmarks.points
    }
}

extension NeutralChoice {
    /// The neutral a clip is measured from, once all of it has been tracked.
    /// - Parameters:
    ///   - calibration: every face of the clip (`NeutralCalibration.add`).
    ///   - frames: the clip's frame count.
    ///   - frameMeasures: for `.frame(n)`, frame n's measures (nil: no such frame).
    ///   - fileMeasures: for `.file`, the file's neutral (`NeutralFile.measures`).
    func resolve(
        calibration: NeutralCalibration, frames: Int, frameMeasures: FaceMeasures?,
        fileMeasures: FaceMeasures?
    ) throws -> TrackNeutral {
        switch self {
        case .auto:
            return TrackNeutral(source: .auto, calmFaces: calibration.quietCount, calibration: PerformanceCalibration(calibration))
        case .frame(let n):
            guard let frameMeasures else { throw NeutralError.frameOutOfRange(index: n, frames: frames) }
            return TrackNeutral(
                source: .frame, frame: n,
                calibration: PerformanceCalibration(neutral: frameMeasures, samples: calibration.samples))
        case .file(let path):
            guard let fileMeasures else { throw NeutralError.missingFile(path: path) }
            return TrackNeutral(
                source: .file, file: URL(fileURLWithPath: path).lastPathComponent,
                calibration: PerformanceCalibration(neutral: fileMeasures, samples: calibration.samples))
        }
    }

    /// For `.file`, the file's neutral measures, read before any tracking so a bad file fails first.
    func fileMeasures(modelsDirectory: String?) throws -> FaceMeasures? {
        guard case .file(let path) = self else { return nil }
        return try NeutralFile.measures(path: path, modelsDirectory: modelsDirectory)
    }
}
