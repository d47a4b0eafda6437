import FaceGeometry
import Imaging
import Motion

/// `--crop face` on a character clip: the square follows the face as a camera operator would,
/// its centre smoothed (slowly at rest, so the picture does not shake with every small nod, and
/// faster as the head travels, so the face does not leave the frame), its size fixed (the rest
/// face's), and held where it was over frames without a face.
struct FaceCropFollower {
    /// Slower than the landmarks' own smoothing: the crop carries the whole picture with it, so a
    /// wobble of the crop shows as the background shaking.
    static let smoothing = OneEuroParameters(minCutoff: 0.4, beta: 0.004, derivativeCutoff: 1.0)

    /// The picture the crop moves within.
    let imageWidth: Int, imageHeight: Int
    private(set) var crop: IntRect
    private var x = OneEuroFilter(FaceCropFollower.smoothing)
    private var y = OneEuroFilter(FaceCropFollower.smoothing)

    /// Starts from `crop` (`OutputFraming`'s, around the rest face).
    init(crop: IntRect, imageWidth: Int, imageHeight: Int) {
        self.crop = crop
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
    }

    /// The crop for a frame at `time` seconds whose face is `face` (nil: none found, the crop stays).
    mutating func next(face: CharacterFace?, time: Double) -> IntRect {
        guard let face else { return crop }
        let oval = FaceIndex.faceOval.map { face.landmarks[$0].xy }
        let centre = oval.reduce(Point2(0, 0), +) / Float(oval.count)
        let cx = x.filter(Double(centre.x), at: time), cy = y.filter(Double(centre.y), at: time)
        let side = crop.width
        crop.x = min(max(0, Int(cx.rounded()) - side / 2), imageWidth - side)
        crop.y = min(max(0, Int(cy.rounded()) - crop.height / 2), imageHeight - crop.height)
        return crop
    }

    /// Forgets the centre's past, at a cut (a `repeat` loop jumping back to the clip's start).
    mutating func reset() {
        x.reset()
        y.reset()
    }
}
