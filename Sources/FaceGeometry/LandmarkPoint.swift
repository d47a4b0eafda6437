import Imaging

/// A point with depth, in image pixels: x right, y down, z towards the viewer negative
/// (MediaPipe's convention: z is relative to the face centre, on the same scale as x).
public struct LandmarkPoint: Sendable, Hashable, Codable {
    public var x: Float
    public var y: Float
    public var z: Float

    public init(x: Float, y: Float, z: Float) {
        self.x = x
        self.y = y
        self.z = z
    }

    public var xy: Point2 { Point2(x, y) }
}
