import FaceGeometry
import Imaging
import Motion

/// A source frame with the face found on it, drawn as `inspect --overlay` draws it: the face
/// mesh, irises and head axes over the picture. The live picture without a character, and the
/// source pane `--preview-source` sets beside the character.
struct MeshedFrame {
    var image: RGBImage
    /// The face's landmarks and head pose; nil without a face (the picture is drawn bare).
    var points: [LandmarkPoint]?
    var pose: HeadPose?

    /// The picture with the face drawn on it.
    func drawn() -> RGBImage {
        var picture = image
        if let points, let pose {
            let overlay = FrameMotion(
                index: 0, time: 0, faceFound: true, confidence: 1, pose: pose, gaze: nil, blendshapes: [], landmarks: points)
            FaceOverlay.draw(overlay, on: &picture)
        }
        return picture
    }
}
