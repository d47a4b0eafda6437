import FaceGeometry
import Imaging

/// A face found by the detector, in image pixels.
public struct FaceDetection: Sendable, Hashable {
    /// The face box, axis-aligned, in image pixels.
    public var box: Rect
    /// MediaPipe's six keypoints in its order: right eye, left eye, nose tip, mouth centre, right
    /// ear tragion, left ear tragion ("right" is the subject's right, on the image's left).
    public var keypoints: [Point2]
    /// Detection confidence in 0...1.
    public var score: Float

    public init(box: Rect, keypoints: [Point2], score: Float) {
        self.box = box
        self.keypoints = keypoints
        self.score = score
    }
}

/// A rotated rectangle in image pixels: where a model's square input is cut from the image.
public struct RegionOfInterest: Sendable, Hashable {
    public var center: Point2
    public var width: Float
    public var height: Float
    /// Clockwise rotation of the region in radians (image y points down).
    public var rotation: Float

    public init(center: Point2, width: Float, height: Float, rotation: Float) {
        self.center = center
        self.width = width
        self.height = height
        self.rotation = rotation
    }
}

/// The face mesh of one image: 468 landmarks, or 478 with the irises (MediaPipe's refined
/// order: the 468 mesh points, then 5 per iris), in image pixels.
public struct FaceLandmarks: Sendable, Hashable {
    public var points: [LandmarkPoint]
    /// The mesh model's face-presence score in 0...1.
    public var presence: Float
    /// The region the mesh was computed in.
    public var region: RegionOfInterest

    public init(points: [LandmarkPoint], presence: Float, region: RegionOfInterest) {
        self.points = points
        self.presence = presence
        self.region = region
    }

    public var hasIrises: Bool { points.count == 478 }
}
