import Imaging

/// The face mesh of a still image (a character, a performer's rest photo): the largest face the
/// still-image detector finds, or the face inside a box the user gave, meshed and then meshed
/// again in the region its own landmarks give.
///
/// A video tracker refines each frame's region from the previous frame's landmarks; a still has
/// no previous frame, so the second pass stands in for it: the detector's box is coarse, the
/// landmarks' region is what tracking would use next.
public final class StillImageFaceFinder {
    /// A face found by the detector, with the detector's confidence in it.
    public struct DetectedFace: Sendable {
        public var landmarks: FaceLandmarks
        public var detectorScore: Float
    }

    let detector: StillImageFaceDetector
    let mesh: FaceMesh

    public init(detector: StillImageFaceDetector, mesh: FaceMesh) {
        self.detector = detector
        self.mesh = mesh
    }

    /// The largest face in `image` (a portrait may show smaller faces behind), or nil when the
    /// detector finds none.
    public func largestFace(in image: RGBImage) throws -> DetectedFace? {
        let detections = try detector.detect(in: image)
        guard let best = detections.max(by: { $0.box.width * $0.box.height < $1.box.width * $1.box.height }) else {
            return nil
        }
        let first = try mesh.landmarks(in: image, region: FaceRegion.region(for: best))
        return DetectedFace(landmarks: try refined(first, in: image), detectorScore: best.score)
    }

    /// The face inside `box` (image pixels), for faces the detector does not find (a cartoon, a
    /// heavily stylised painting).
    public func face(in image: RGBImage, box: Rect) throws -> FaceLandmarks {
        let side = max(box.width, box.height) * FaceRegion.faceScale
        let region = RegionOfInterest(
            center: Point2(box.x + box.width / 2, box.y + box.height / 2),
            width: side, height: side, rotation: 0)
        return try refined(mesh.landmarks(in: image, region: region), in: image)
    }

    /// The second mesh pass, kept when it is about as sure of a face as the first.
    func refined(_ first: FaceLandmarks, in image: RGBImage) throws -> FaceLandmarks {
        guard let region = FaceRegion.region(forLandmarks: first.points) else { return first }
        let second = try mesh.landmarks(in: image, region: region)
        return second.presence >= first.presence * 0.9 ? second : first
    }
}
