import FaceGeometry

/// One frame's motion features before blendshape normalisation.
public struct MotionEstimate: Sendable {
    public var pose: HeadPose
    /// nil when the landmarks have no irises (468 points).
    public var gaze: Gaze?
    /// Raw measures in the head frame, for `NeutralCalibration` and the blendshapes.
    public var measures: FaceMeasures
    /// The fit from the canonical head frame to flipped image coordinates.
    public var transform: SimilarityTransform
}

/// The motion-feature facade: head pose, raw gaze and raw measures per frame. Blendshapes and
/// the calibrated gaze need the performer's neutral, known only once the clip has been seen
/// (`NeutralCalibration`, then `PerformanceCalibration.calibrate`).
///
/// ```swift
/// let motion = MotionEstimator()
/// var neutral = NeutralCalibration()
/// let estimates = frames.map { motion.estimate($0) }
/// for e in estimates { neutral.add(e.measures) }
/// let calibration = PerformanceCalibration(neutral)
/// let shapes = estimates.map { calibration.calibrate($0).blendshapes } // 52 values, ARKit order
/// ```
public struct MotionEstimator: Sendable {
    public var pose = HeadPoseEstimator()
    public var gaze = GazeEstimator()

    public init() {}

    /// From 468 or 478 landmarks in image pixels.
    public func estimate(points: [LandmarkPoint]) -> MotionEstimate {
        let transform = pose.fit(points)
        let head = points.map { transform.inverse(HeadFrame.flipped($0)) }
        let g = gaze.estimate(head: head)
        return MotionEstimate(
            pose: HeadPoseEstimator.pose(from: transform), gaze: g,
            measures: FaceMeasures.measure(head: head, gaze: g), transform: transform)
    }

    /// 52 blendshapes in `Blendshape.allCases` order against `neutral` (the canonical face's by
    /// default), reading the raw gaze as it is. A clip's frames go through
    /// `PerformanceCalibration.calibrate` instead, which also calibrates the eyes.
    public func blendshapes(
        _ measures: FaceMeasures,
        neutral: FaceMeasures = NeutralCalibration.canonicalNeutral
    ) -> [Float] {
        BlendshapeEstimator.blendshapes(measures, neutral: neutral)
    }
}
