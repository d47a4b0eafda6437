import FaceGeometry
import Foundation

/// Eye gaze from the iris centre within the eye, in the head's own frame (head pose undone),
/// so it is relative to the head as `Gaze` says.
///
/// Per eye: the eye centre is the midpoint of its two corners and its size the half distance
/// between them (x–y plane of the head frame). The iris offset from that centre, in half eye
/// widths, is (outward, up); the neutral offset measured on the canonical sample
/// (`CanonicalFace.neutralIrisOffset`, a gaze at the camera) is subtracted, and the angle is
/// `degreesPerHalfWidth` times what is left.
///
/// Linear rather than the eyeball's `asin(offset · half width / radius)`: the landmarks do not
/// follow that model at the extremes. With the iris against a corner, lids and corners hide part
/// of it and the mesh drags the eye corners ≈ 0.2 half widths along with it, so full looks read
/// only 0.3–0.5 half widths, and differently per eye (d0: the left eye 0.56 inwards but 0.32
/// outwards, the right eye 0.33 both ways, all four against the corners on the video). The
/// asin's steep end stretched the larger readings most (+26° against −52° for d0's left eye).
/// The gain puts the middle of the full looks in d0 and d10 (mostly 0.35–0.45) at ≈ 35°.
/// Approximate: individual eye sizes and lid shapes are ignored.
public struct GazeEstimator: Sendable {
    public var degreesPerHalfWidth: Double = 90
    public var neutralOutward: Double = Double(CanonicalFace.neutralIrisOffset.outward)
    public var neutralUp: Double = Double(CanonicalFace.neutralIrisOffset.up)

    public init() {}

    /// The raw offset (outward, up) in half eye widths of `eye`'s iris, from head-frame points
    /// (478 of them).
    public static func irisOffset(_ head: [Vec3], eye: FaceIndex.Eye) -> (outward: Double, up: Double) {
        let outer = head[eye.outerCorner], inner = head[eye.innerCorner], iris = head[eye.irisCenter]
        let mid = (outer + inner) / 2
        let dx = outer.x - inner.x, dy = outer.y - inner.y
        let half = max((dx * dx + dy * dy).squareRoot() / 2, 1e-9)
        let outwardSign: Double = outer.x >= inner.x ? 1 : -1
        return ((iris.x - mid.x) * outwardSign / half, (iris.y - mid.y) / half)
    }

    /// Gaze from 478 head-frame points (nil with fewer: no irises).
    public func estimate(head: [Vec3]) -> Gaze? {
        guard head.count >= 478 else { return nil }
        func angles(_ eye: FaceIndex.Eye, outwardIsPositiveX: Bool) -> (yaw: Float, pitch: Float) {
            let o = Self.irisOffset(head, eye: eye)
            let out = degreesPerHalfWidth * (o.outward - neutralOutward)
            let up = degreesPerHalfWidth * (o.up - neutralUp)
            return (Float(outwardIsPositiveX ? out : -out), Float(up))
        }
        let l = angles(FaceIndex.leftEye, outwardIsPositiveX: true)
        let r = angles(FaceIndex.rightEye, outwardIsPositiveX: false)
        return Gaze(leftYaw: l.yaw, leftPitch: l.pitch, rightYaw: r.yaw, rightPitch: r.pitch)
    }
}
