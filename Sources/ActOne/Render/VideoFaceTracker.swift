import FaceGeometry
import FaceTracking
import Imaging

/// The faces a video (the driver, or a character clip) is tracked by:
/// - `single`: `FaceTracker` following one face (the fast path: one mesh a frame, the detector
///   only when the face is lost);
/// - `numbered`: every face followed and numbered (`MultiFaceTracker`, as `track` and
///   `inspect` number them) and face N kept, at the cost of one mesh per face a frame;
/// - `every`: every face followed and all of them kept (the frames read ahead, where the face
///   to follow is chosen, and a character clip's `--face all`).
enum VideoFaceTracker {
    case single(FaceTracker)
    case numbered(MultiFaceTracker, face: Int)
    case every(MultiFaceTracker)

    /// The number `single` gives its one face in `faces(in:)`.
    static let singleFace = 1

    /// The faces kept in the next frame with their numbers, lowest number first.
    func faces(in image: RGBImage) throws -> [(number: Int, points: [LandmarkPoint])] {
        switch self {
        case .single(let tracker):
            return try tracker.track(image).map { [(Self.singleFace, $0.points)] } ?? []
        case .numbered(let tracker, let face):
            return try tracker.track(image).filter { $0.number == face }.map { ($0.number, $0.landmarks.points) }
        case .every(let tracker):
            return try tracker.track(image).sorted { $0.number < $1.number }.map { ($0.number, $0.landmarks.points) }
        }
    }

    /// The face number whose landmark boxes cover the most of `frames` summed over them: the
    /// person the camera is on, as `track` chooses (the lower number on a tie).
    static func largestFace(in frames: ArraySlice<[(number: Int, points: [LandmarkPoint])]>) -> Int {
        var area: [Int: Float] = [:]
        for faces in frames {
            for face in faces {
                let xs = face.points.map(\.x), ys = face.points.map(\.y)
                area[face.number, default: 0] += (xs.max()! - xs.min()!) * (ys.max()! - ys.min()!)
            }
        }
        return area.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!.key
    }

    /// Forgets the face followed, at a cut (`MultiFaceTracker` notices cuts itself and keeps its
    /// numbers across them).
    func reset() {
        if case .single(let tracker) = self { tracker.reset() }
    }

    /// How many faces have been numbered so far; nil for `single`, which does not number them.
    var facesNumbered: Int? {
        switch self {
        case .single: nil
        case .numbered(let tracker, _), .every(let tracker): tracker.nextNumber - 1
        }
    }

    /// Why no frame had the driver's face: none at all, or no face with that number.
    func noFaceError(path: String) -> Error {
        switch self {
        case .single, .every: RenderError.noDriverFace(path: path)
        case .numbered(let tracker, let face):
            tracker.nextNumber == 1
                ? RenderError.noDriverFace(path: path)
                : FaceChoiceError.noSuchFace(path: path, number: face, found: tracker.nextNumber - 1)
        }
    }
}
