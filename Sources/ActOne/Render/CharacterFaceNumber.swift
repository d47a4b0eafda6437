import FaceTracking
import Imaging

extension CharacterAnalysis {
    /// `--face N` for a still with several faces: the Nth of `faces` (left to right, as a
    /// video's faces are numbered: `StillImageFaceFinder.facesLeftToRight`); nil when there is
    /// none, an error naming how many there are when there are fewer than N.
    static func numberedFace(
        _ number: Int, among faces: [StillImageFaceFinder.DetectedFace], path: String
    ) throws -> StillImageFaceFinder.DetectedFace? {
        guard !faces.isEmpty else { return nil }
        guard number >= 1, number <= faces.count else {
            throw FaceChoiceError.noSuchFaceInImage(path: path, number: number, found: faces.count)
        }
        return faces[number - 1]
    }
}
