import FaceGeometry
import FaceTracking
import Foundation
import Imaging
import MediaIO
import Motion

/// One frame as the face models saw it, before blendshapes: those need the performer's neutral,
/// which is known only after `NeutralCalibration` has seen its frames.
struct TrackedFace {
    var landmarks: FaceLandmarks
    var estimate: MotionEstimate
}

/// The face models `actone track` and `actone inspect` run, loaded once, turning video frames
/// into landmarks and raw motion (head pose, gaze, the measures blendshapes are made from).
///
/// Frames must come in order: the tracker follows the face from one frame to the next and runs
/// detection only when it has no face to follow.
final class PerformanceTracker {
    /// BlazeFace short and full range, then the attention mesh with irises.
    static let models = FaceModelFiles.used
    /// Landmarks per tracked face: the mesh and both irises.
    static let landmarkCount = 478

    private let tracker: FaceTracker
    private let estimator = MotionEstimator()

    /// Loads the models from `--models DIR` (when given) or the standard places.
    init(modelsDirectory: String?) throws {
        tracker = try FaceModelFiles(modelsDirectory: modelsDirectory).videoTracker()
    }

    /// The face in the next frame of the clip, or nil when there is none.
    func track(_ image: RGBImage) throws -> TrackedFace? {
        guard let landmarks = try tracker.track(image) else { return nil }
        return TrackedFace(landmarks: landmarks, estimate: estimator.estimate(points: landmarks.points))
    }

    /// What a track made from `reader` with these models says about itself.
    static func metadata(for reader: VideoReader, videoPath: String, includeLandmarks: Bool) -> TrackMetadata {
        TrackMetadata(
            sourceName: URL(fileURLWithPath: videoPath).lastPathComponent, width: reader.width, height: reader.height,
            frameRateNumerator: Int(reader.frameRate.numerator), frameRateDenominator: Int(reader.frameRate.denominator),
            frameCount: reader.frameCount ?? 0, duration: reader.duration ?? 0,
            toolName: "actone", toolVersion: ActOneVersion.string,
            modelChecksums: Dictionary(uniqueKeysWithValues: models.map { ($0.fileName, $0.expectedSHA256) }),
            landmarkCount: includeLandmarks ? landmarkCount : 0,
            created: ISO8601DateFormatter().string(from: Date()))
    }
}

extension FrameMotion {
    /// A frame of the track from what the tracker saw, calibrated (gaze and blendshapes) against
    /// the performer's neutral.
    init(index: Int, time: Double, face: TrackedFace?, calibration: PerformanceCalibration, includeLandmarks: Bool) {
        self.init(
            index: index, time: time, points: face?.landmarks.points, presence: face?.landmarks.presence ?? 0,
            estimate: face?.estimate, calibration: calibration, includeLandmarks: includeLandmarks)
    }

    /// The same from the landmarks and their motion estimate (nil without a face).
    init(
        index: Int, time: Double, points: [LandmarkPoint]?, presence: Float, estimate: MotionEstimate?,
        calibration: PerformanceCalibration, includeLandmarks: Bool
    ) {
        let calibrated = estimate.map { calibration.calibrate($0) }
        self.init(
            index: index, time: time, faceFound: estimate != nil, confidence: estimate == nil ? 0 : presence,
            pose: estimate?.pose, gaze: calibrated?.gaze,
            blendshapes: calibrated?.blendshapes ?? [Float](repeating: 0, count: Blendshape.allCases.count),
            landmarks: includeLandmarks && estimate != nil ? points : nil)
    }
}
