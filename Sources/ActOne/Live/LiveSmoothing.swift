import Motion

/// One-Euro parameters for live use. The filter is causal (it never looks ahead), so the offline
/// pipelines' filters already run live; what changes is the balance. Live, the performer watches
/// the character as they move, and lag reads as sluggishness, so the speed coefficient `beta` is
/// raised: as soon as the face moves the cutoff rises and the filter lets the motion through.
/// At rest a first-order low-pass lags by about 1/(2π·minCutoff): offline landmarks use 2 Hz
/// (80 ms); live they use 2.5 Hz (64 ms), which still removes the tracker's sub-pixel shimmer at
/// rest. These were chosen by that reasoning, not tuned on measurements.
enum LiveSmoothing {
    /// The driver's landmarks before retargeting (offline: minCutoff 2, beta 0.1). In pixels: a
    /// head moving 100 px/s raises the cutoff by 30 Hz (lag under 6 ms).
    static let landmarks = OneEuroParameters(minCutoff: 2.5, beta: 0.3, derivativeCutoff: 1.0)

    /// The captured channels sent and recorded (offline: `MotionSmoother.Settings.standard`):
    /// head angles and gaze follow motion sooner (higher cutoff and beta); blendshapes, whose
    /// blinks and visemes are the quickest signals, keep little smoothing at rest and none in motion.
    static let motion = MotionSmoother.Settings(
        headRotation: OneEuroParameters(minCutoff: 1.5, beta: 0.1, derivativeCutoff: 1.0),
        headPosition: OneEuroParameters(minCutoff: 1.5, beta: 0.05, derivativeCutoff: 1.0),
        headScale: OneEuroParameters(minCutoff: 1.5, beta: 2.0, derivativeCutoff: 1.0),
        gaze: OneEuroParameters(minCutoff: 2.0, beta: 0.1, derivativeCutoff: 1.0),
        blendshapes: OneEuroParameters(minCutoff: 3.0, beta: 3.0, derivativeCutoff: 1.0))
}
