import FaceGeometry

/// The character's face as found once in the still image: its landmarks, the similarity that
/// places the canonical head frame on them, and the landmarks in that head frame.
public struct CharacterFace: Sendable {
    /// 478 landmarks in the character image's pixels (MediaPipe order and z convention).
    public let landmarks: [LandmarkPoint]
    /// Canonical head frame → flipped image coordinates (see `HeadFrame`).
    public let transform: SimilarityTransform
    /// `landmarks` in the head frame (canonical units: the outer eye corners about 1 apart).
    public let head: [Vec3]

    public init(landmarks: [LandmarkPoint], pose: HeadPoseEstimator = HeadPoseEstimator()) {
        precondition(landmarks.count == 478, "a character face needs the 478 refined landmarks")
        self.landmarks = landmarks
        transform = pose.fit(landmarks)
        head = landmarks.map { [transform] p in transform.inverse(HeadFrame.flipped(p)) }
    }

    /// The head pose the still image shows.
    public var pose: HeadPose { HeadPoseEstimator.pose(from: transform) }

    /// How open `eye` is: the mean lid gap of its three middle lid pairs over its corners'
    /// distance, in the head frame (0 when the lids touch).
    public func eyeOpening(_ eye: FaceIndex.Eye) -> Double { Self.eyeOpening(eye, head: head) }

    static func eyeOpening(_ eye: FaceIndex.Eye, head: [Vec3]) -> Double {
        let width = max(vectorLength(head[eye.outerCorner] - head[eye.innerCorner]), 1e-9)
        var sum = 0.0
        for j in 2...4 { sum += max(head[eye.upperLid[j]].y - head[eye.lowerLid[j]].y, 0) }
        return sum / 3 / width
    }
}
