import Foundation
import Motion

/// A head pose as a unit quaternion in Unity's frame, which VMC bones are given in: left-handed,
/// x right, y up, z forward; a VRM avatar faces +z, and the viewer's camera looks at it along -z.
///
/// The avatar mirrors the performer, as a VTuber program shows it: the performer turning to
/// their left turns the avatar to its left, a nod up lifts its face, a tilt that is clockwise in
/// the camera's picture is clockwise in the viewer's. With the avatar facing +z its left is -x,
/// so turning left is a negative turn about y (a positive one swings +z towards +x); looking up
/// is a negative turn about x; and a turn about z that is clockwise seen from the camera's side
/// (looking along -z) is negative in a left-handed frame. Unity composes Euler angles as z, then
/// x, then y: q = qy · qx · qz.
struct HeadRotation: Equatable {
    var x: Float
    var y: Float
    var z: Float
    var w: Float

    init(x: Float, y: Float, z: Float, w: Float) {
        self.x = x
        self.y = y
        self.z = z
        self.w = w
    }

    /// From actone's head pose (degrees: yaw positive to the subject's left, pitch up, roll
    /// clockwise in the image).
    init(pose: HeadPose) {
        let yaw = Self.about(y: -pose.yaw), pitch = Self.about(x: -pose.pitch), roll = Self.about(z: -pose.roll)
        self = yaw * pitch * roll
    }

    private static func half(_ degrees: Float) -> (sin: Float, cos: Float) {
        let radians = degrees * .pi / 360
        return (sin(radians), cos(radians))
    }

    static func about(x degrees: Float) -> HeadRotation {
        let h = half(degrees)
        return HeadRotation(x: h.sin, y: 0, z: 0, w: h.cos)
    }

    static func about(y degrees: Float) -> HeadRotation {
        let h = half(degrees)
        return HeadRotation(x: 0, y: h.sin, z: 0, w: h.cos)
    }

    static func about(z degrees: Float) -> HeadRotation {
        let h = half(degrees)
        return HeadRotation(x: 0, y: 0, z: h.sin, w: h.cos)
    }

    /// The Hamilton product: `a * b` turns by `b` first, then by `a`.
    static func * (a: HeadRotation, b: HeadRotation) -> HeadRotation {
        HeadRotation(
            x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
            y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
            z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w,
            w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z)
    }
}
