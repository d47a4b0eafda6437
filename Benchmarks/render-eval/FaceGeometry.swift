import FaceGeometry
import FaceTracking

/// Landmark distances, all in units of the inter-ocular distance so that faces of any size in
/// any frame compare (a 512 px driver and a 1280 px painting alike).
enum FaceGeometry {
    /// The iris centres in MediaPipe's 478-point order.
    static let irisCentres = (468, 473)

    /// Distance between the iris centres in pixels; nil without the iris points or when degenerate.
    static func interOcular(_ points: [LandmarkPoint]) -> Double? {
        guard points.count > irisCentres.1 else { return nil }
        let d = distance(points[irisCentres.0], points[irisCentres.1])
        return d > 1 ? d : nil
    }

    /// Mean 2D distance between corresponding landmarks, in pixels.
    static func meanDistance(_ a: [LandmarkPoint], _ b: [LandmarkPoint]) -> Double {
        precondition(a.count == b.count, "landmark counts differ")
        var sum = 0.0
        for i in a.indices { sum += distance(a[i], b[i]) }
        return sum / Double(a.count)
    }

    static func distance(_ a: LandmarkPoint, _ b: LandmarkPoint) -> Double {
        let dx = Double(a.x - b.x), dy = Double(a.y - b.y)
        return (dx * dx + dy * dy).squareRoot()
    }
}
