import FaceGeometry
import Foundation
import Imaging

/// Whether a character still shows a face the mesh can animate as a human one: photographs,
/// paintings, drawings, statues, 3D and anime characters, and not animals or faceless pictures.
///
/// No single score tells them apart. BlazeFace scores a shiba's frontal face 0.80 while it scores
/// an anime girl 0.55, a small face in a big photograph 0.84, and (issue 19) a painted old woman
/// 0.81, a terracotta statue 0.78 and a near-profile 0.72. The mesh model is no judge either: it
/// reports full face presence on the dog and lays a human-proportioned mesh over it (its rigid
/// points 0.069 from the canonical face; human stills 0.020-0.075). What the mesh does give is
/// where the face's parts are, and there the animal differs: its nose is a dark leather pad
/// (0.66 of the cheeks' brightness on the shiba), while a human nose tip, lit from the front,
/// is about as bright as the cheeks in every human still of the evaluation set (0.87-1.10:
/// photographs of dark and light skin, black-and-white, low-key, paintings, cartoons, a statue).
///
/// So: a mesh the face model does not see as a face, or whose features are not laid out like a
/// face's, is refused; a confident detection is taken; a weak one is taken unless its nose is
/// an animal's.
public enum HumanFaceCheck {
    /// A detection this confident is a human face whatever the nose looks like.
    public static let confidentDetectorScore: Float = 0.85
    /// The least face presence (the mesh model's face flag).
    public static let minimumPresence: Float = 0.5
    /// The largest rigid-point distance from the canonical face (`FaceShape.rigidError`): about
    /// twice the largest seen on a human still (0.075, a 3/4 turn).
    public static let maximumShapeError: Float = 0.15
    /// The least brightness of the nose tip relative to the cheeks for a weakly detected face:
    /// between the darkest human nose tip seen (0.87, a 3D cartoon) and the dog's (0.66).
    public static let minimumNoseBrightness: Float = 0.78

    public enum Verdict: Equatable, Sendable {
        case human
        /// The mesh finds no face there (presence below `minimumPresence`).
        case noFace
        /// Something face-like that is not a human face; the reason reads after "the character ...".
        case notHuman(reason: String)
    }

    /// Judges the mesh `points` (478, image pixels of `image`) found where the detector scored
    /// `detectorScore`, with the mesh's own face `presence`.
    public static func judge(image: RGBImage, points: [LandmarkPoint], detectorScore: Float, presence: Float) -> Verdict {
        guard presence >= minimumPresence else { return .noFace }
        let shape = FaceShape.rigidError(points)
        guard shape <= maximumShapeError else {
            return .notHuman(
                reason:
                    "has features not laid out like a face's (shape error \(fixed(shape)), a face's is under \(fixed(maximumShapeError)))")
        }
        if detectorScore >= confidentDetectorScore { return .human }
        let nose = noseBrightness(image: image, points: points)
        guard nose >= minimumNoseBrightness else {
            return .notHuman(
                reason: "looks like an animal: its nose is \(Int((nose * 100).rounded())) % as bright as its cheeks "
                    + "(a human nose tip is about as bright) and the face detector is unsure (score \(fixed(detectorScore)))")
        }
        return .human
    }

    /// Mean luminance around the nose tip over mean luminance on the cheeks (each sampled in a
    /// small square, 12 % of the eye distance across, at mesh points).
    public static func noseBrightness(image: RGBImage, points: [LandmarkPoint]) -> Float {
        let eyes = points[FaceIndex.rightEye.outerCorner].xy.distance(to: points[FaceIndex.leftEye.outerCorner].xy)
        let radius = max(1, (eyes * 0.06).rounded().clampedIndex(1, 1000))
        func luminance(_ index: Int) -> Float {
            let p = points[index]
            let cx = p.x.rounded().clampedIndex(-radius - 1, image.width + radius)
            let cy = p.y.rounded().clampedIndex(-radius - 1, image.height + radius)
            // The sampling square clipped to the picture (empty when the point lies outside it).
            let x0 = max(0, cx - radius), x1 = min(image.width - 1, cx + radius)
            let y0 = max(0, cy - radius), y1 = min(image.height - 1, cy + radius)
            guard x0 <= x1, y0 <= y1 else { return 0 }
            var sum: Float = 0, count: Float = 0
            for y in y0...y1 {
                for x in x0...x1 {
                    let c = image[x, y]
                    sum += 0.299 * Float(c.r) + 0.587 * Float(c.g) + 0.114 * Float(c.b)
                    count += 1
                }
            }
            return sum / count
        }
        let nose = noseTip.map(luminance).reduce(0, +) / Float(noseTip.count)
        let cheeks = cheekPoints.map(luminance).reduce(0, +) / Float(cheekPoints.count)
        return cheeks > 0 ? nose / cheeks : 1
    }

    /// The nose tip and the points just above it on the ridge.
    static let noseTip = [1, 4, 5, 195]
    /// Both cheeks, below the eyes and beside the nose.
    static let cheekPoints = [50, 280, 101, 330, 36, 266]

    static func fixed(_ v: Float) -> String { String(format: "%.2f", v) }
}
