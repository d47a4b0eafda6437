import Testing

@testable import Imaging

@Suite struct DelaunayTriangulationTests {
    /// Twice the signed area; positive for counter-clockwise in a y-up frame.
    private func orientation(_ t: IndexTriangle, _ p: [Point2]) -> Float {
        (p[t.b].x - p[t.a].x) * (p[t.c].y - p[t.a].y) - (p[t.b].y - p[t.a].y) * (p[t.c].x - p[t.a].x)
    }

    @Test func squareWithCentreGivesFourTriangles() {
        let points = [Point2(0, 0), Point2(2, 0), Point2(2, 2), Point2(0, 2), Point2(1, 1)]
        let triangles = DelaunayTriangulation.triangles(points)
        #expect(triangles.count == 4)
        // Every triangle uses the centre and two neighbouring corners.
        #expect(triangles.allSatisfy { [$0.a, $0.b, $0.c].contains(4) })
        #expect(triangles.allSatisfy { orientation($0, points) > 0 })
        let edges = Set(triangles.flatMap(\.edges).map { [$0.0, $0.1] })
        #expect(edges.count == 8)  // 4 sides + 4 spokes, no diagonal across the square
        #expect(!edges.contains([0, 2]) && !edges.contains([1, 3]))
    }

    @Test func randomPointsSatisfyTheEmptyCircleRuleAndEuler() {
        var generator = SplitMix(seed: 7)
        let points = (0..<200).map { _ in Point2(Float(generator.unit()) * 100, Float(generator.unit()) * 60) }
        let triangles = DelaunayTriangulation.triangles(points)
        let hull = ConvexHull.indices(points).count
        // A triangulation of n points with h on the hull has 2n − 2 − h triangles.
        #expect(triangles.count == 2 * points.count - 2 - hull)
        #expect(triangles.allSatisfy { orientation($0, points) > 0 })
        for t in triangles {
            let corners = [points[t.a], points[t.b], points[t.c]].map { (x: Double($0.x), y: Double($0.y)) }
            for (k, p) in points.enumerated() where ![t.a, t.b, t.c].contains(k) {
                #expect(!DelaunayTriangulation.inCircumcircle((Double(p.x), Double(p.y)), corners[0], corners[1], corners[2]))
            }
        }
    }

    @Test func degenerateInputsGiveNoTriangles() {
        #expect(DelaunayTriangulation.triangles([]).isEmpty)
        #expect(DelaunayTriangulation.triangles([Point2(0, 0), Point2(1, 1)]).isEmpty)
        #expect(DelaunayTriangulation.triangles([Point2(0, 0), Point2(1, 1), Point2(2, 2), Point2(3, 3)]).isEmpty)
        #expect(DelaunayTriangulation.triangles([Point2(1, 1), Point2(1, 1), Point2(1, 1)]).isEmpty)
    }

    @Test func repeatedAndNonFinitePointsAreLeftOut() {
        let points = [Point2(0, 0), Point2(4, 0), Point2(0, 4), Point2(4, 0), Point2(.nan, 1), Point2(.infinity, 0)]
        let triangles = DelaunayTriangulation.triangles(points)
        #expect(triangles.count == 1)
        #expect(Set([triangles[0].a, triangles[0].b, triangles[0].c]) == [0, 1, 2])
    }
}
