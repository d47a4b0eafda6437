import FaceTracking

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

/// The motion-feature facade: head pose, gaze and raw measures per frame, and blendshapes
/// normalised against an automatically found neutral.
///
/// ```swift
/// var motion = MotionEstimator()
/// for landmarks in frames {
///     let e = motion.estimate(landmarks)
///     motion.calibration.add(e.measures)        // first 150 frames with a face
///     let shapes = motion.blendshapes(e.measures) // 52 values, ARKit order
/// }
/// ```
/// (Two passes, adding every frame first, give the first frames the final neutral too.)
public struct MotionEstimator: Sendable {
    public var pose = HeadPoseEstimator()
    public var gaze = GazeEstimator()
    public var calibration: NeutralCalibration

    public init(calibration: NeutralCalibration = NeutralCalibration()) {
        self.calibration = calibration
    }

    public func estimate(_ landmarks: FaceLandmarks) -> MotionEstimate {
        estimate(points: landmarks.points)
    }

    /// From 468 or 478 landmarks in image pixels.
    public func estimate(points: [LandmarkPoint]) -> MotionEstimate {
        let transform = pose.fit(points)
        let head = points.map { transform.inverse(HeadFrame.flipped($0)) }
        let g = gaze.estimate(head: head)
        return MotionEstimate(pose: HeadPoseEstimator.pose(from: transform), gaze: g,
                              measures: FaceMeasures.measure(head: head, gaze: g), transform: transform)
    }

    /// 52 blendshapes in `Blendshape.allCases` order against the current neutral.
    public func blendshapes(_ measures: FaceMeasures) -> [Float] {
        BlendshapeEstimator.blendshapes(measures, neutral: calibration.neutral)
    }
}
