import Imaging
import Rendering
import Testing

@Suite struct TriangulationTests {
    /// Twice the signed area.
    func area(_ t: Triangle, _ p: [Point2]) -> Double {
        let a = p[Int(t.a)], b = p[Int(t.b)], c = p[Int(t.c)]
        return Double(b.x - a.x) * Double(c.y - a.y) - Double(c.x - a.x) * Double(b.y - a.y)
    }

    func coveredArea(_ triangles: [Triangle], _ points: [Point2]) -> Double {
        var sum = 0.0
        for t in triangles { sum += abs(area(t, points)) }
        return sum / 2
    }

    func randomPoints(_ count: Int, seed: UInt64) -> [Point2] {
        var rng = SplitMix(seed)
        return (0..<count).map { _ in Point2(Float(rng.unit() * 200), Float(rng.unit() * 150)) }
    }

    @Test func squareWithCentreMakesFourTriangles() {
        let points = [Point2(0, 0), Point2(10, 0), Point2(10, 10), Point2(0, 10), Point2(5, 5)]
        let triangles = Triangulation.delaunay(points)
        #expect(triangles.count == 4)
        #expect(triangles.allSatisfy { $0.indices.contains(4) })
        #expect(abs(coveredArea(triangles, points) - 100) < 1e-6)
    }

    @Test func randomPointsTileTheirHullAndAreDelaunay() {
        let points = randomPoints(300, seed: 7) + [Point2(0, 0), Point2(200, 0), Point2(200, 150), Point2(0, 150)]
        let triangles = Triangulation.delaunay(points)
        // Euler: a triangulation of n points with h on the hull has 2n − h − 2 triangles.
        #expect(triangles.count == 2 * points.count - 4 - 2)
        #expect(abs(coveredArea(triangles, points) - 30_000) < 1e-2)
        // Empty circumcircles: no point lies strictly inside any triangle's circumcircle.
        for t in triangles {
            let a = points[Int(t.a)], b = points[Int(t.b)], c = points[Int(t.c)]
            for (i, p) in points.enumerated() where !t.indices.contains(i) {
                #expect(!inCircle(a, b, c, p), "point \(i) inside the circumcircle of \(t)")
            }
        }
    }

    @Test func collinearBorderPointsAndDuplicatesAreHandled() {
        // A grid: many collinear points, as the image-border points are.
        var points: [Point2] = []
        for y in 0...4 { for x in 0...6 { points.append(Point2(Float(x * 10), Float(y * 10))) } }
        points.append(Point2(20, 20))  // a duplicate: left out
        let triangles = Triangulation.delaunay(points)
        #expect(!triangles.contains { $0.indices.contains(points.count - 1) })
        #expect(abs(coveredArea(triangles, points) - 2400) < 1e-3)
        #expect(triangles.allSatisfy { abs(area($0, points)) > 1e-6 })
    }

    @Test func tooFewPointsGiveNothing() {
        #expect(Triangulation.delaunay([]).isEmpty)
        #expect(Triangulation.delaunay([Point2(0, 0), Point2(1, 1)]).isEmpty)
    }

    func inCircle(_ a: Point2, _ b: Point2, _ c: Point2, _ p: Point2) -> Bool {
        let ax = Double(a.x - p.x), ay = Double(a.y - p.y), bx = Double(b.x - p.x), by = Double(b.y - p.y)
        let cx = Double(c.x - p.x), cy = Double(c.y - p.y)
        let det = (ax * ax + ay * ay) * (bx * cy - cx * by) - (bx * bx + by * by) * (ax * cy - cx * ay)
            + (cx * cx + cy * cy) * (ax * by - bx * ay)
        let orientation = Double(b.x - a.x) * Double(c.y - a.y) - Double(c.x - a.x) * Double(b.y - a.y)
        return (orientation > 0 ? det : -det) > 1e-6
    }
}

/// A small deterministic generator for test inputs.
struct SplitMix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
