/// What each frame of a performance is measured against: the performer's neutral face (for the
/// blendshapes) and the calibration of their eyes (for the gaze).
///
/// ```swift
/// var neutral = NeutralCalibration()
/// for e in estimates { neutral.add(e.measures) }            // every face of the clip
/// let calibration = PerformanceCalibration(neutral)          // or a chosen neutral
/// let (gaze, shapes) = calibration.calibrate(estimate)       // per frame
/// ```
public struct PerformanceCalibration: Sendable, Hashable {
    /// The raw measures of the face at rest.
    public var neutral: FaceMeasures
    public var eyes: BinocularGaze

    public init(neutral: FaceMeasures, eyes: BinocularGaze) {
        self.neutral = neutral
        self.eyes = eyes
    }

    /// The automatic neutral of a clip, and eye gains from the same faces.
    public init(_ calibration: NeutralCalibration) {
        self.init(neutral: calibration.neutral, samples: calibration.samples)
    }

    /// A given neutral (a chosen frame, a still of the performer), with eye gains from `samples`
    /// (the clip's faces).
    public init(neutral: FaceMeasures, samples: [FaceMeasures]) {
        self.neutral = neutral
        eyes = BinocularGaze(neutral: neutral, samples: samples)
    }

    /// The canonical face as neutral: what a frame reads before anything is known of the performer.
    public static let canonical = PerformanceCalibration(neutral: NeutralCalibration.canonicalNeutral, samples: [])

    /// One frame's gaze (relative to rest, both eyes from one model; nil without irises) and its
    /// 52 blendshapes in `Blendshape.allCases` order. The eyeLook* shapes read the same gaze.
    public func calibrate(_ estimate: MotionEstimate) -> (gaze: Gaze?, blendshapes: [Float]) {
        let gaze = estimate.gaze.map { eyes.gaze($0, headYaw: estimate.pose.yaw) }
        var measures = estimate.measures
        var rest = neutral
        let fields: [(FaceMeasure, Float?)] = [
            (.gazeYawLeft, gaze?.leftYaw), (.gazePitchLeft, gaze?.leftPitch),
            (.gazeYawRight, gaze?.rightYaw), (.gazePitchRight, gaze?.rightPitch),
        ]
        for (m, value) in fields {
            measures[m] = value ?? .nan
            rest[m] = 0
        }
        return (gaze, BlendshapeEstimator.blendshapes(measures, neutral: rest))
    }
}
