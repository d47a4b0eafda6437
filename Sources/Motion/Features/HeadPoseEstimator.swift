import FaceGeometry
import Foundation

/// Head pose from a rigid similarity fit of the frame's 3D landmarks to `CanonicalFace` on the
/// stable points `FaceIndex.rigid`.
///
/// The fit finds s, R, t with `flipped(landmark) ≈ s·R·canonical + t` (flipped: x, −y, −z in
/// pixels), by Horn's closed form (`SimilarityTransform.fit`). R is decomposed as
/// `R = Rz(−roll) · Ry(yaw) · Rx(−pitch)` (roll applied last), which gives `HeadPose`'s signs:
/// yaw > 0 turns the nose towards the image's right (the subject's left), pitch > 0 lifts the
/// nose, roll > 0 tilts the face clockwise in the image. `x, y` is where the canonical origin
/// (the face's centroid) lands in the image; `scale` is pixels per canonical unit, i.e. the
/// fitted outer-eye-corner distance in pixels.
public struct HeadPoseEstimator: Sendable {
    public let canonical: [Vec3]
    public let indices: [Int]

    public init(canonical: [Vec3] = CanonicalFace.points, indices: [Int] = FaceIndex.rigid) {
        self.canonical = canonical
        self.indices = indices
    }

    /// The similarity from the canonical head frame to flipped image coordinates.
    public func fit(_ points: [LandmarkPoint]) -> SimilarityTransform {
        SimilarityTransform.fit(
            source: indices.map { canonical[$0] },
            target: indices.map { HeadFrame.flipped(points[$0]) })
    }

    public func estimate(_ points: [LandmarkPoint]) -> HeadPose {
        Self.pose(from: fit(points))
    }

    public static func pose(from transform: SimilarityTransform) -> HeadPose {
        let angles = eulerDegrees(transform.rotation)
        return HeadPose(
            yaw: Float(angles.yaw), pitch: Float(angles.pitch), roll: Float(angles.roll),
            x: Float(transform.translation.x), y: Float(-transform.translation.y),
            scale: Float(transform.scale))
    }

    /// The rotation for a pose in degrees (inverse of `eulerDegrees`).
    public static func rotation(yaw: Double, pitch: Double, roll: Double) -> Mat3 {
        let r = Double.pi / 180
        return Mat3.rotationZ(-roll * r) * Mat3.rotationY(yaw * r) * Mat3.rotationX(-pitch * r)
    }

    public static func eulerDegrees(_ m: Mat3) -> (yaw: Double, pitch: Double, roll: Double) {
        let d = 180 / Double.pi
        let yaw = asin(max(-1, min(1, -m[2, 0])))
        let phi = atan2(m[2, 1], m[2, 2])
        let rho = atan2(m[1, 0], m[0, 0])
        return (yaw * d, -phi * d, -rho * d)
    }
}

extension CanonicalFace {
    /// The 468 canonical points as vectors.
    public static let points: [Vec3] = stride(from: 0, to: coordinates.count, by: 3).map {
        Vec3(Double(coordinates[$0]), Double(coordinates[$0 + 1]), Double(coordinates[$0 + 2]))
    }
}
