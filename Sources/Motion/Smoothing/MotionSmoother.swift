import FaceGeometry

/// Smooths a performance frame by frame: one One-Euro filter per channel of `FrameMotion`
/// (head yaw/pitch/roll, head x/y, head scale, 4 gaze angles, 52 blendshapes, and optionally every
/// landmark coordinate), driven by the frames' real times.
///
/// A frame with `faceFound == false` resets every filter and passes through unchanged, so the next
/// found face starts fresh instead of being pulled towards where the face was before it was lost.
/// Blendshapes are clamped to 0…1 after filtering.
public struct MotionSmoother: Sendable {
    public struct Settings: Sendable, Hashable {
        /// Off: frames pass through unchanged.
        public var enabled: Bool
        /// Head yaw, pitch, roll (degrees).
        public var headRotation: OneEuroParameters
        /// Head x, y (pixels).
        public var headPosition: OneEuroParameters
        /// Head scale (ratio).
        public var headScale: OneEuroParameters
        /// Gaze yaw and pitch per eye (degrees).
        public var gaze: OneEuroParameters
        /// Blendshape weights (0…1).
        public var blendshapes: OneEuroParameters
        /// Landmark x, y, z (pixels); nil leaves landmarks unfiltered.
        public var landmarks: OneEuroParameters?

        public init(
            enabled: Bool = true,
            headRotation: OneEuroParameters = OneEuroParameters(minCutoff: 1.0, beta: 0.05, derivativeCutoff: 1.0),
            headPosition: OneEuroParameters = OneEuroParameters(minCutoff: 1.0, beta: 0.02, derivativeCutoff: 1.0),
            headScale: OneEuroParameters = OneEuroParameters(minCutoff: 1.0, beta: 2.0, derivativeCutoff: 1.0),
            gaze: OneEuroParameters = OneEuroParameters(minCutoff: 1.5, beta: 0.05, derivativeCutoff: 1.0),
            blendshapes: OneEuroParameters = OneEuroParameters(minCutoff: 2.0, beta: 2.0, derivativeCutoff: 1.0),
            landmarks: OneEuroParameters? = nil
        ) {
            self.enabled = enabled
            self.headRotation = headRotation
            self.headPosition = headPosition
            self.headScale = headScale
            self.gaze = gaze
            self.blendshapes = blendshapes
            self.landmarks = landmarks
        }

        /// The defaults: smoothing on, landmarks unfiltered.
        public static let standard = Settings()
        public static let off = Settings(enabled: false)
    }

    public let settings: Settings
    private var pose: [OneEuroFilter]
    private var gaze: [OneEuroFilter]
    private var shapes: [OneEuroFilter]
    private var landmarkFilters: [OneEuroFilter] = []

    public init(settings: Settings = .standard) {
        self.settings = settings
        pose = [
            settings.headRotation, settings.headRotation, settings.headRotation,
            settings.headPosition, settings.headPosition, settings.headScale,
        ].map { OneEuroFilter($0) }
        gaze = Array(repeating: OneEuroFilter(settings.gaze), count: 4)
        shapes = Array(repeating: OneEuroFilter(settings.blendshapes), count: Blendshape.allCases.count)
    }

    /// Forgets all history (every filter starts fresh on the next frame).
    public mutating func reset() {
        for i in pose.indices { pose[i].reset() }
        for i in gaze.indices { gaze[i].reset() }
        for i in shapes.indices { shapes[i].reset() }
        landmarkFilters.removeAll(keepingCapacity: true)
    }

    /// The smoothed version of `frame` (frames must come in time order).
    public mutating func smooth(_ frame: FrameMotion) -> FrameMotion {
        guard settings.enabled else { return frame }
        guard frame.faceFound else {
            reset()
            return frame
        }
        let t = frame.time
        var out = frame
        if let p = frame.pose {
            out.pose = HeadPose(
                yaw: pose[0].filter(p.yaw, at: t), pitch: pose[1].filter(p.pitch, at: t),
                roll: pose[2].filter(p.roll, at: t), x: pose[3].filter(p.x, at: t),
                y: pose[4].filter(p.y, at: t), scale: pose[5].filter(p.scale, at: t))
        } else {
            for i in pose.indices { pose[i].reset() }
        }
        if let g = frame.gaze {
            out.gaze = Gaze(
                leftYaw: gaze[0].filter(g.leftYaw, at: t), leftPitch: gaze[1].filter(g.leftPitch, at: t),
                rightYaw: gaze[2].filter(g.rightYaw, at: t), rightPitch: gaze[3].filter(g.rightPitch, at: t))
        } else {
            for i in gaze.indices { gaze[i].reset() }
        }
        if frame.blendshapes.count == shapes.count {
            for k in shapes.indices {
                out.blendshapes[k] = min(1, max(0, shapes[k].filter(frame.blendshapes[k], at: t)))
            }
        }
        if let parameters = settings.landmarks, let points = frame.landmarks {
            if landmarkFilters.count != points.count * 3 {
                landmarkFilters = Array(repeating: OneEuroFilter(parameters), count: points.count * 3)
            }
            var smoothed = points
            for k in points.indices {
                smoothed[k] = LandmarkPoint(
                    x: landmarkFilters[3 * k].filter(points[k].x, at: t),
                    y: landmarkFilters[3 * k + 1].filter(points[k].y, at: t),
                    z: landmarkFilters[3 * k + 2].filter(points[k].z, at: t))
            }
            out.landmarks = smoothed
        } else if frame.landmarks == nil {
            landmarkFilters.removeAll(keepingCapacity: true)
        }
        return out
    }
}
