import Foundation

/// Eye gaze from the iris centre within the eye, in the head's own frame (head pose undone),
/// so it is relative to the head as `Gaze` says.
///
/// Per eye: the eye centre is the midpoint of its two corners and its size the half distance
/// between them (x–y plane of the head frame). The iris offset from that centre, in half eye
/// widths, is (outward, up); the neutral offset measured on the canonical sample
/// (`CanonicalFace.neutralIrisOffset`, a gaze at the camera) is subtracted. The iris centre of
/// a rotating eyeball moves by r·sin θ in the frontal plane, with r ≈ 10.5 mm (eyeball centre to
/// the iris plane) against a half eye width of ≈ 15 mm, so
/// `angle = asin(clamp(gain · offset, −1, 1))` with `gain = 1.4` (≈ 80° per half eye width
/// near zero; 10° ≈ 0.12 half widths). The mapping is approximate: it ignores the eyelid's
/// and cornea's effect on the visible iris and individual eye sizes.
public struct GazeEstimator: Sendable {
    public var gain: Double = 1.4
    public var neutralOutward: Double = Double(CanonicalFace.neutralIrisOffset.outward)
    public var neutralUp: Double = Double(CanonicalFace.neutralIrisOffset.up)

    public init() {}

    /// The raw offset (outward, up) in half eye widths of `eye`'s iris, from head-frame points
    /// (478 of them).
    public static func irisOffset(_ head: [Vec3], eye: FaceIndices.Eye) -> (outward: Double, up: Double) {
        let outer = head[eye.outer], inner = head[eye.inner], iris = head[eye.iris]
        let mid = (outer + inner) / 2
        let dx = outer.x - inner.x, dy = outer.y - inner.y
        let half = max((dx * dx + dy * dy).squareRoot() / 2, 1e-9)
        let outwardSign: Double = outer.x >= inner.x ? 1 : -1
        return ((iris.x - mid.x) * outwardSign / half, (iris.y - mid.y) / half)
    }

    /// Gaze from 478 head-frame points (nil with fewer: no irises).
    public func estimate(head: [Vec3]) -> Gaze? {
        guard head.count >= 478 else { return nil }
        func angles(_ eye: FaceIndices.Eye, outwardIsPositiveX: Bool) -> (yaw: Float, pitch: Float) {
            let o = Self.irisOffset(head, eye: eye)
            let out = asin(max(-1, min(1, gain * (o.outward - neutralOutward)))) * 180 / .pi
            let up = asin(max(-1, min(1, gain * (o.up - neutralUp)))) * 180 / .pi
            return (Float(outwardIsPositiveX ? out : -out), Float(up))
        }
        let l = angles(FaceIndices.leftEye, outwardIsPositiveX: true)
        let r = angles(FaceIndices.rightEye, outwardIsPositiveX: false)
        return Gaze(leftYaw: l.yaw, leftPitch: l.pitch, rightYaw: r.yaw, rightPitch: r.pitch)
    }
}
