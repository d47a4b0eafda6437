import Imaging

/// One face of a frame as the multi-face tracker follows it: its number, which stays with it
/// while it is followed, and its mesh.
public struct FollowedFace: Sendable, Hashable {
    /// 1, 2, ...: faces are numbered left to right (by box centre) on the first frame where
    /// they appear, after the numbers already given.
    public var number: Int
    public var landmarks: FaceLandmarks
    /// The bounding box of the landmarks, in image pixels (it may overhang the image).
    public var box: Rect

    public init(number: Int, landmarks: FaceLandmarks) {
        self.number = number
        self.landmarks = landmarks
        self.box = Self.box(of: landmarks)
    }

    static func box(of landmarks: FaceLandmarks) -> Rect {
        Rect.bounding(landmarks.points.map(\.xy)) ?? Rect(x: 0, y: 0, width: 0, height: 0)
    }
}

/// When two boxes show one face: the test that keeps overlapping detections, or two meshes that
/// drifted onto the same head, from becoming two faces.
public enum SameFace {
    /// Intersection over union above which two landmark boxes are one face. Two real faces
    /// side by side overlap far less; one face's meshes from neighbouring regions far more.
    public static let overlap: Float = 0.5

    /// Intersection over union of two boxes (0 when either is empty).
    public static func intersectionOverUnion(_ a: Rect, _ b: Rect) -> Float {
        guard let shared = a.intersection(b) else { return 0 }
        let both = shared.width * shared.height
        let union = a.width * a.height + b.width * b.height - both
        return union > 0 ? both / union : 0
    }

    /// Whether a detector's box is of a face already followed in `faceBox` (a landmark box):
    /// the detector's box is tighter than the landmarks', so its centre inside is the test.
    public static func detection(_ detection: Rect, isOf faceBox: Rect) -> Bool {
        faceBox.contains(detection.center)
    }

    /// Whether a face found now (`found`) may be a lost face come back (`lost`, its box when last
    /// seen): of about its size (widths within a factor of two) with its centre within the larger
    /// width of the old centre.
    public static func returning(_ lost: Rect, _ found: Rect) -> Bool {
        let sizeRatio = min(lost.width, found.width) / max(lost.width, found.width, .leastNonzeroMagnitude)
        return sizeRatio >= 0.5 && lost.center.distance(to: found.center) < max(lost.width, found.width)
    }

    /// Whether two landmark boxes are one face: they overlap by `overlap` or more, or the centre
    /// of one lies inside the other and they are of similar size (one face at two scales).
    public static func boxes(_ a: Rect, _ b: Rect) -> Bool {
        if intersectionOverUnion(a, b) >= overlap { return true }
        let sizeRatio = min(a.width, b.width) / max(a.width, b.width, .leastNonzeroMagnitude)
        return sizeRatio > 0.5 && (a.contains(b.center) || b.contains(a.center))
    }
}
