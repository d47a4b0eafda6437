/// One gaze for both eyes, from the two eyes' separate readings (`GazeEstimator`).
///
/// Read alone, the two eyes disagree far more than eyes do: on the evaluation clips the
/// median |left yaw − right yaw| was 9-26° with the performer looking at the camera (d6: left
/// −9.5°, right +18.7°), which drives a rig cross-eyed. Most of it is a constant offset per eye
/// (the mesh places each iris a little differently in its eye), the rest a different gain (an
/// iris against a corner reads short, differently per eye). So each eye is first measured from
/// its own neutral (0 = where it looks at rest) and scaled by its own gain, then:
/// - pitch: one value for both eyes (eyes do not move apart vertically);
/// - yaw: one value for both, plus a vergence only where the eyes turn inwards together by more
///   than `vergenceDeadZone` (a real convergence on something near, well past the disagreement
///   the readings show on ordinary looks). Eyes do not diverge, so outward vergence is dropped.
/// The mean leans towards the eye nearer the camera: as the head turns, the far eye is seen
/// edge-on and its iris offset is foreshortened and partly hidden by the nose.
public struct BinocularGaze: Sendable, Hashable {
    /// Each eye's raw reading at rest (degrees, `Gaze`'s convention).
    public var neutral: Gaze
    /// Each eye's yaw gain, so that both eyes sweep the same range (see `init(neutral:samples:)`).
    public var yawGainLeft: Float
    public var yawGainRight: Float

    /// Inward vergence (degrees) below this is treated as disagreement between the readings.
    public static let vergenceDeadZone: Float = 10
    /// Head yaw (degrees) at which the near eye takes all the weight of the shared gaze.
    public static let fullWeightYaw: Float = 40
    /// The gains stay within this factor of 1: a clip where one eye barely moves in its readings
    /// (lids low, glasses) must not blow the other's noise up.
    public static let gainLimit: Float = 1.4

    public init(neutral: Gaze, yawGainLeft: Float = 1, yawGainRight: Float = 1) {
        self.neutral = neutral
        self.yawGainLeft = yawGainLeft
        self.yawGainRight = yawGainRight
    }

    /// The rest reading from the neutral's gaze measures (0 where it has none) and the gains from
    /// the spread of each eye's yaw over `samples`: each eye is scaled to the geometric mean of
    /// the two eyes' 10th-90th percentile ranges.
    public init(neutral: FaceMeasures, samples: [FaceMeasures]) {
        func rest(_ m: FaceMeasure) -> Float { neutral[m].isFinite ? neutral[m] : 0 }
        self.neutral = Gaze(
            leftYaw: rest(.gazeYawLeft), leftPitch: rest(.gazePitchLeft),
            rightYaw: rest(.gazeYawRight), rightPitch: rest(.gazePitchRight))
        func spread(_ m: FaceMeasure) -> Float? {
            let column = samples.map { $0[m] }.filter(\.isFinite).sorted()
            guard column.count >= 10 else { return nil }
            let range = NeutralCalibration.quantile(0.9, ofSorted: column) - NeutralCalibration.quantile(0.1, ofSorted: column)
            return range > 1 ? range : nil
        }
        if let l = spread(.gazeYawLeft), let r = spread(.gazeYawRight) {
            let mean = (l * r).squareRoot()
            let limit = Self.gainLimit
            yawGainLeft = min(max(mean / l, 1 / limit), limit)
            yawGainRight = min(max(mean / r, 1 / limit), limit)
        } else {
            (yawGainLeft, yawGainRight) = (1, 1)
        }
    }

    /// Both eyes' gaze relative to rest, from their raw readings and the head's yaw (degrees).
    public func gaze(_ raw: Gaze, headYaw: Float) -> Gaze {
        let left = (yaw: yawGainLeft * (raw.leftYaw - neutral.leftYaw), pitch: raw.leftPitch - neutral.leftPitch)
        let right = (yaw: yawGainRight * (raw.rightYaw - neutral.rightYaw), pitch: raw.rightPitch - neutral.rightPitch)
        // Yaw > 0 turns the face to the performer's left, away from the camera on that side: the
        // right eye is then the near one.
        let rightWeight = min(max(0.5 + 0.5 * headYaw / Self.fullWeightYaw, 0.1), 0.9)
        let leftWeight = 1 - rightWeight
        let yaw = leftWeight * left.yaw + rightWeight * right.yaw
        let pitch = leftWeight * left.pitch + rightWeight * right.pitch
        // Inwards is towards the nose: negative yaw for the left eye, positive for the right.
        let vergence = min(0, left.yaw - right.yaw + Self.vergenceDeadZone)
        return Gaze(leftYaw: yaw + vergence / 2, leftPitch: pitch, rightYaw: yaw - vergence / 2, rightPitch: pitch)
    }
}
