import FaceGeometry
import FaceTracking
import Imaging

/// The face a video (the driver, or a character clip) is tracked by: without `--driver-face` or `--face`, `FaceTracker` following one
/// face (the fast path: one mesh a frame, the detector only when the face is lost); with it, every
/// face followed and numbered (`MultiFaceTracker`, as `track` and `inspect` number them) and face N
/// kept, at the cost of one mesh per face a frame.
enum VideoFaceTracker {
    case single(FaceTracker)
    case numbered(MultiFaceTracker, face: Int)

    init(models: FaceModelFiles, face: Int?) throws {
        if let face {
            self = .numbered(try models.multiFaceTracker(), face: face)
        } else {
            self = .single(try models.videoTracker())
        }
    }

    /// The driver's landmarks in the next frame, or nil when its face is not there.
    func track(_ image: RGBImage) throws -> [LandmarkPoint]? {
        switch self {
        case .single(let tracker):
            return try tracker.track(image)?.points
        case .numbered(let tracker, let face):
            return try tracker.track(image).first { $0.number == face }?.landmarks.points
        }
    }

    /// Forgets the face followed, at a cut (`MultiFaceTracker` notices cuts itself and keeps its
    /// numbers across them).
    func reset() {
        if case .single(let tracker) = self { tracker.reset() }
    }

    /// Why no frame had the driver's face: none at all, or no face with that number.
    func noFaceError(path: String) -> Error {
        switch self {
        case .single: RenderError.noDriverFace(path: path)
        case .numbered(let tracker, let face):
            tracker.nextNumber == 1
                ? RenderError.noDriverFace(path: path)
                : FaceChoiceError.noSuchFace(path: path, number: face, found: tracker.nextNumber - 1)
        }
    }
}
