import FaceGeometry

/// Conversions between image landmarks (x right, y down, z negative towards the camera) and
/// the y-up, z-towards-the-camera axes that the canonical face and the head pose use.
public enum HeadFrame {
    /// An image landmark with y and z flipped (still in pixels).
    @inlinable public static func flipped(_ p: LandmarkPoint) -> Vec3 {
        Vec3(Double(p.x), -Double(p.y), -Double(p.z))
    }

    /// Back to an image landmark.
    @inlinable public static func landmark(_ v: Vec3) -> LandmarkPoint {
        LandmarkPoint(x: Float(v.x), y: Float(-v.y), z: Float(-v.z))
    }
}
