import FaceTracking
import Imaging
import Motion

/// One numbered face of a frame, with its raw motion.
struct NumberedFace {
    var followed: FollowedFace
    var face: TrackedFace
    var number: Int { followed.number }
}

/// `PerformanceTracker` for every face of a clip: each frame's faces, numbered
/// (`MultiFaceTracker`), with their raw motion. `track` and `inspect` use it, so that they can
/// list the faces and write any of them.
final class PerformanceFacesTracker {
    private let tracker: MultiFaceTracker
    private let estimator = MotionEstimator()

    init(modelsDirectory: String?) throws {
        tracker = try FaceModelFiles(modelsDirectory: modelsDirectory).multiFaceTracker()
    }

    /// The faces in the next frame of the clip, in number order.
    func track(_ image: RGBImage) throws -> [NumberedFace] {
        try tracker.track(image).map { followed in
            NumberedFace(
                followed: followed,
                face: TrackedFace(landmarks: followed.landmarks, estimate: estimator.estimate(points: followed.landmarks.points)))
        }
    }
}
