import FaceGeometry

/// Chooses the driver's reference frame: the frame the character's still is taken to show, so
/// every other frame's motion is measured from it. It must be the performer's calmest face (lips
/// together or relaxed, eyes open, brows at rest, head near its usual pose), never an expression:
/// a grin taken as the reference runs the mouth inverted for the whole clip (it shuts when the
/// performer grins and gapes when her lips close).
///
/// Each frame is scored by how far it is from rest, in the blendshape estimator's full-scale
/// units, against references that an expression cannot move:
/// - the lips: their absolute gap (0 is closed), not a gap relative to other frames: a clip that
///   grins for its first seconds has no closed-lip frames there for a relative measure to prefer;
/// - the jaw, mouth width and corner height: above their low quantiles over the search window
///   (smiles, grins and yawns only ever widen, lift or drop them), and a mouth narrower than
///   nearly every frame's (a pucker);
/// - the eyes: away from the open eye (a high quantile, as `NeutralCalibration` finds it), in
///   either direction (blinks, squints, stares);
/// - brows, head angles and gaze: away from their medians.
/// The score is averaged over a few frames either side, so one frame that the tracker got wrong
/// cannot win on its own.
public enum ReferenceFrame {
    /// How far into the clip the automatic choice looks. Long enough that a clip opening on an
    /// expression still reaches a calm face; bounded so that the landmarks read ahead stay small
    /// (≈ 1.7 MB at 30 frames/s) and rendering starts after about a second of tracking.
    public static let searchSeconds = 10.0
    /// The least number of frames searched, whatever the rate.
    public static let minimumSearchFrames = 90
    /// Frames either side whose scores are averaged with a frame's own.
    public static let stretchRadius = 2

    /// The number of frames to search at `frameRate` frames per second (from the first face on).
    public static func searchFrames(frameRate: Double) -> Int {
        guard frameRate.isFinite, frameRate > 0 else { return minimumSearchFrames }
        return max(minimumSearchFrames, Int((searchSeconds * min(frameRate, 240)).rounded()))
    }

    /// The calmest frame among `candidates` (nil entries have no face): its index, or nil when no
    /// entry has a face.
    public static func calmest(_ candidates: [[LandmarkPoint]?]) -> Int? {
        let estimator = MotionEstimator()
        let frames = candidates.map { $0.map { estimator.estimate(points: $0) } }
        let scores = restScores(frames)
        var best: (index: Int, score: Float)?
        for i in scores.indices {
            guard let own = scores[i] else { continue }
            let lo = max(0, i - stretchRadius), hi = min(scores.count - 1, i + stretchRadius)
            // Neighbours without a face count as far from rest: a calm stretch has a face throughout.
            let stretch = (lo...hi).reduce(Float(0)) { $0 + (scores[$1] ?? own + 10) } / Float(hi - lo + 1)
            let score = (stretch + own) / 2
            if best == nil || score < best!.score { best = (i, score) }
        }
        return best?.index
    }

    /// How far each frame is from rest (0 at rest; about 1 per full-scale expression), nil where
    /// there is no face.
    static func restScores(_ frames: [MotionEstimate?]) -> [Float?] {
        let found = frames.compactMap { $0 }
        guard !found.isEmpty else { return frames.map { _ in nil } }
        func column(_ value: (MotionEstimate) -> Float) -> [Float] {
            found.map(value).filter(\.isFinite).sorted()
        }
        func at(_ q: Double, _ value: @escaping (MotionEstimate) -> Float) -> Float {
            let c = column(value)
            return c.isEmpty ? 0 : NeutralCalibration.quantile(q, ofSorted: c)
        }
        typealias R = BlendshapeEstimator.Range
        let jaw = at(0.1) { $0.measures[.jawDrop] }
        let width = at(0.2) { $0.measures[.mouthWidth] }, narrowest = at(0.05) { $0.measures[.mouthWidth] }
        let riseL = at(0.2) { $0.measures[.cornerRiseLeft] }, riseR = at(0.2) { $0.measures[.cornerRiseRight] }
        let eyeL = at(NeutralCalibration.eyeOpeningQuantile) { $0.measures[.eyeOpenLeft] }
        let eyeR = at(NeutralCalibration.eyeOpeningQuantile) { $0.measures[.eyeOpenRight] }
        let browL = at(0.5) { $0.measures[.browInnerLeft] }, browR = at(0.5) { $0.measures[.browInnerRight] }
        let yaw = at(0.5) { $0.pose.yaw }, pitch = at(0.5) { $0.pose.pitch }, roll = at(0.5) { $0.pose.roll }
        let gazeYaw = at(0.5) { Self.gazeYaw($0) }, gazePitch = at(0.5) { Self.gazePitch($0) }

        func above(_ v: Float, _ rest: Float, _ range: Float) -> Float { v.isFinite ? max(0, v - rest) / range : 0 }
        func apart(_ v: Float, _ rest: Float, _ range: Float) -> Float { v.isFinite ? abs(v - rest) / range : 0 }
        return frames.map { frame in
            guard let e = frame else { return nil }
            let m = e.measures
            // Lips: 5 mm apart is as far from rest as a full expression.
            let lips = above(m[.lipGap], 0, Self.lipsApartRange)
            let mouth =
                above(m[.jawDrop], jaw, R.jawOpen)
                + above(m[.mouthWidth], width, R.narrowFraction * width)
                + above(narrowest, m[.mouthWidth], R.narrowFraction * narrowest)
                + (above(m[.cornerRiseLeft], riseL, R.smile) + above(m[.cornerRiseRight], riseR, R.smile)) / 2
            let eyes = (apart(m[.eyeOpenLeft], eyeL, R.blinkFraction * eyeL) + apart(m[.eyeOpenRight], eyeR, R.blinkFraction * eyeR)) / 2
            let brows = (apart(m[.browInnerLeft], browL, R.browUp) + apart(m[.browInnerRight], browR, R.browUp)) / 2
            let pose =
                apart(e.pose.yaw, yaw, Self.poseRange) + apart(e.pose.pitch, pitch, Self.poseRange)
                + apart(e.pose.roll, roll, Self.poseRange)
            let gaze = apart(Self.gazeYaw(e), gazeYaw, R.lookHorizontal) + apart(Self.gazePitch(e), gazePitch, R.lookVertical)
            return lips + mouth + eyes + brows + pose + gaze / 2
        }
    }

    /// Lips this far apart (canonical units, ≈ 5 mm) count as much as a full-scale expression.
    /// Lips at rest touch or part by a millimetre or two; talking and grins part them further.
    static let lipsApartRange: Float = 0.05
    /// Degrees of head rotation away from the usual pose that count as a full-scale expression.
    static let poseRange: Float = 20

    static func gazeYaw(_ e: MotionEstimate) -> Float { e.gaze.map { ($0.leftYaw + $0.rightYaw) / 2 } ?? .nan }
    static func gazePitch(_ e: MotionEstimate) -> Float { e.gaze.map { ($0.leftPitch + $0.rightPitch) / 2 } ?? .nan }
}
