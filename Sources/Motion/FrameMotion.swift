import FaceGeometry

/// Head pose in the camera's frame: the rotation of the head from a frontal, upright face, plus
/// where the head is and how big it appears.
public struct HeadPose: Sendable, Hashable, Codable {
    /// Degrees. Yaw: positive when the head turns to the subject's left (towards the image's
    /// right); pitch: positive looking up; roll: positive tilting clockwise in the image.
    public var yaw: Float
    public var pitch: Float
    public var roll: Float
    /// The face centre in source-image pixels.
    public var x: Float
    public var y: Float
    /// Size relative to the canonical face (1 = the canonical face's size in pixels as fitted on
    /// this frame: a head twice as close has scale about 2 relative to its neutral frame).
    public var scale: Float

    public init(yaw: Float, pitch: Float, roll: Float, x: Float, y: Float, scale: Float) {
        self.yaw = yaw
        self.pitch = pitch
        self.roll = roll
        self.x = x
        self.y = y
        self.scale = scale
    }
}

/// Where each eye looks, in degrees relative to the head: yaw positive to the subject's left,
/// pitch positive up.
public struct Gaze: Sendable, Hashable, Codable {
    public var leftYaw: Float
    public var leftPitch: Float
    public var rightYaw: Float
    public var rightPitch: Float

    public init(leftYaw: Float, leftPitch: Float, rightYaw: Float, rightPitch: Float) {
        self.leftYaw = leftYaw
        self.leftPitch = leftPitch
        self.rightYaw = rightYaw
        self.rightPitch = rightPitch
    }
}

/// Everything actone knows about one frame of a performance: the unit of a pose track.
public struct FrameMotion: Sendable, Hashable {
    public var index: Int
    /// Seconds from the start of the clip.
    public var time: Double
    public var faceFound: Bool
    /// The mesh model's face-presence score (0 when no face).
    public var confidence: Float
    public var pose: HeadPose?
    public var gaze: Gaze?
    /// 52 values in `Blendshape.allCases` order, each in 0...1 (all 0 when no face).
    public var blendshapes: [Float]
    /// The 478 (or 468) landmarks in source pixels, MediaPipe order; nil without a face or in a track written with `--no-landmarks`.
    public var landmarks: [LandmarkPoint]?

    public init(
        index: Int, time: Double, faceFound: Bool, confidence: Float, pose: HeadPose?, gaze: Gaze?,
        blendshapes: [Float], landmarks: [LandmarkPoint]?
    ) {
        self.index = index
        self.time = time
        self.faceFound = faceFound
        self.confidence = confidence
        self.pose = pose
        self.gaze = gaze
        self.blendshapes = blendshapes
        self.landmarks = landmarks
    }

    public func value(_ shape: Blendshape) -> Float { blendshapes[shape.index] }
}
