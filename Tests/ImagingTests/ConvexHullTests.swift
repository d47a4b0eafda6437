import Testing

@testable import Imaging

@Suite struct ConvexHullTests {
    @Test func squareCornersCounterClockwiseWithoutInteriorOrEdgePoints() {
        let points = [Point2(1, 1), Point2(0, 0), Point2(2, 0), Point2(1, 0), Point2(2, 2), Point2(0, 2), Point2(0.5, 1.5)]
        // Leftmost-lowest first (0, 0), then counter-clockwise in a y-up frame: (2, 0), (2, 2), (0, 2).
        #expect(ConvexHull.indices(points) == [1, 2, 4, 5])
    }

    @Test func everyPointLiesInsideOrOnTheHull() {
        var generator = SplitMix(seed: 3)
        let points = (0..<300).map { _ in Point2(Float(generator.unit()) * 50 - 25, Float(generator.unit()) * 80) }
        let hull = ConvexHull.indices(points)
        #expect(hull.count >= 3)
        for k in hull.indices {
            let a = points[hull[k]], b = points[hull[(k + 1) % hull.count]]
            for p in points {
                let side = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
                #expect(side >= -1e-3, "point \(p) is outside the hull edge \(a)–\(b)")
            }
        }
    }

    @Test func degenerateSets() {
        #expect(ConvexHull.indices([]).isEmpty)
        #expect(ConvexHull.indices([Point2(3, 3)]) == [0])
        #expect(ConvexHull.indices([Point2(0, 0), Point2(1, 1), Point2(2, 2)]) == [0, 2])
        #expect(ConvexHull.indices([Point2(.nan, 0), Point2(0, 0), Point2(1, 0), Point2(0, 1)]) == [1, 2, 3])
    }
}
