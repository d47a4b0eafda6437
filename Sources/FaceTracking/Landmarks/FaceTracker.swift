import Imaging

/// Frame-to-frame mesh tracking as MediaPipe's `face_landmark_front_cpu.pbtxt` does it for one
/// face: the detector runs only when there is no face from the previous frame (or its presence
/// fell below `minPresence`); otherwise the region comes from the previous landmarks
/// (`FaceRegion.region(forLandmarks:)`). The detector is a closure so that any detector fits.
public final class FaceTracker {
    public typealias Detector = (RGBImage) throws -> [FaceDetection]

    public let mesh: FaceMesh
    public let iris: IrisLandmarker?
    public var minPresence: Float
    private let detect: Detector
    /// The last frame's accepted landmarks; nil after a lost face or `reset()`.
    public private(set) var previous: FaceLandmarks?

    /// - Parameters:
    ///   - iris: when given (and the mesh has no attention heads), irises are added to each result.
    ///   - minPresence: MediaPipe's ThresholdingCalculator threshold (0.5) for keeping a face.
    public init(
        mesh: FaceMesh, iris: IrisLandmarker? = nil, minPresence: Float = 0.5,
        detector: @escaping Detector
    ) {
        self.mesh = mesh
        self.iris = iris
        self.minPresence = minPresence
        self.detect = detector
    }

    /// Forgets the previous frame (the next frame runs the detector).
    public func reset() { previous = nil }

    /// The face in this frame, or nil when none is found.
    public func track(_ image: RGBImage) throws -> FaceLandmarks? {
        if let last = previous, let region = FaceRegion.region(forLandmarks: last.points),
            let found = try run(image, region)
        {
            previous = found
            return found
        }
        previous = nil
        // MediaPipe keeps the detection with the highest score when tracking one face.
        guard let best = try detect(image).max(by: { $0.score < $1.score }),
            let found = try run(image, FaceRegion.region(for: best))
        else { return nil }
        previous = found
        return found
    }

    private func run(_ image: RGBImage, _ region: RegionOfInterest) throws -> FaceLandmarks? {
        var result = try mesh.landmarks(in: image, region: region)
        guard result.presence >= minPresence else { return nil }
        if !result.hasIrises, let iris {
            result = try iris.refined(result, in: image)
        }
        return result
    }
}
