import FaceGeometry

/// Turns the driver's frames into the character's face, one after another: smooths the driver's
/// landmarks, retargets them, and where the driver's face is lost holds the last face and eases
/// back to the still over `easeSeconds` (a face that vanishes for a frame does not snap the
/// character to rest and back).
public struct PerformanceMotion {
    public static let easeSeconds = 0.5

    let still: RetargetedFace
    let retargeter: Retargeter
    var smoother: LandmarkSmoother?
    let framesToEase: Double
    var last: RetargetedFace?
    var framesLost = 0

    /// - Parameter frameRate: the driver's frames per second (25 is assumed when it is not a
    ///   positive number), for the length of the ease in frames.
    public init(still face: CharacterFace, retargeter: Retargeter, smoothing: OneEuroParameters?, frameRate: Double) {
        still = RetargetedFace(landmarks: face.landmarks, transform: face.transform)
        self.retargeter = retargeter
        smoother = smoothing.map(LandmarkSmoother.init)
        let fps = frameRate.isFinite && frameRate > 0 ? frameRate : 25
        framesToEase = max(1, Self.easeSeconds * fps)
    }

    /// The character's face for the driver's next frame: `landmarks` are the driver's (nil where
    /// no face was found), `time` its time in seconds (for the smoothing filters).
    public mutating func next(landmarks: [LandmarkPoint]?, time: Double) -> RetargetedFace {
        guard let points = landmarks else {
            // A lost face restarts the filters: the next face may be elsewhere.
            smoother?.reset()
            guard let last else { return still }
            framesLost += 1
            let t = min(Double(framesLost) / framesToEase, 1)
            return Self.blend(last, still, t * t * (3 - 2 * t))
        }
        let face = retargeter.retarget(smooth(points, at: time))
        last = face
        framesLost = 0
        return face
    }

    mutating func smooth(_ points: [LandmarkPoint], at time: Double) -> [LandmarkPoint] {
        smoother?.smooth(points, at: time) ?? points
    }

    /// `a` moved `t` of the way to `b` (landmarks linearly, the head transform by its angles).
    static func blend(_ a: RetargetedFace, _ b: RetargetedFace, _ t: Double) -> RetargetedFace {
        let f = Float(t)
        let landmarks = zip(a.landmarks, b.landmarks).map { p, q in
            LandmarkPoint(x: p.x + (q.x - p.x) * f, y: p.y + (q.y - p.y) * f, z: p.z + (q.z - p.z) * f)
        }
        var transform = b.transform
        let between = HeadPoseEstimator.eulerDegrees(a.transform.rotation * b.transform.rotation.transposed)
        transform.rotation =
            HeadPoseEstimator.rotation(
                yaw: between.yaw * (1 - t), pitch: between.pitch * (1 - t),
                roll: between.roll * (1 - t)) * b.transform.rotation
        transform.scale = a.transform.scale + (b.transform.scale - a.transform.scale) * t
        transform.translation = a.transform.translation + (b.transform.translation - a.transform.translation) * t
        return RetargetedFace(landmarks: landmarks, transform: transform)
    }
}
