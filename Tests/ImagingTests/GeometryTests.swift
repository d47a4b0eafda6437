import Testing

@testable import Imaging

/// True when two points agree to within `tolerance` on both axes.
func approximatelyEqual(_ p: Point2, _ q: Point2, tolerance: Float = 1e-4) -> Bool {
    abs(p.x - q.x) <= tolerance && abs(p.y - q.y) <= tolerance
}

@Suite struct PointTests {
    @Test func arithmeticAndLength() {
        let p = Point2(3, 4), q = Point2(1, -2)
        #expect(p + q == Point2(4, 2))
        #expect(p - q == Point2(2, 6))
        #expect(p * 2 == Point2(6, 8))
        #expect(0.5 * p == Point2(1.5, 2))
        #expect(-p == Point2(-3, -4))
        #expect(p.length == 5)
        #expect(p.dot(q) == 3 - 8)
        #expect(p.distance(to: Point2(0, 0)) == 5)
        #expect(p.interpolated(to: q, 0.5) == Point2(2, 1))
    }
}

@Suite struct RectTests {
    @Test func containsIsHalfOpen() {
        let r = Rect(x: 10, y: 20, width: 5, height: 5)
        #expect(r.contains(Point2(10, 20)))
        #expect(r.contains(Point2(14.9, 24.9)))
        #expect(!r.contains(Point2(15, 22)))
        #expect(!r.contains(Point2(12, 25)))
        #expect(r.center == Point2(12.5, 22.5))
    }

    @Test func intersectionAndUnion() {
        let a = Rect(x: 0, y: 0, width: 10, height: 10)
        let b = Rect(x: 5, y: -5, width: 10, height: 10)
        #expect(a.intersection(b) == Rect(x: 5, y: 0, width: 5, height: 5))
        #expect(a.union(b) == Rect(x: 0, y: -5, width: 15, height: 15))
        #expect(a.intersection(Rect(x: 10, y: 0, width: 3, height: 3)) == nil)  // only touching
        #expect(Rect(x: 0, y: 0, width: 0, height: 0).union(b) == b)
        #expect(Rect.bounding([Point2(3, -1), Point2(-2, 4), Point2(0, 0)]) == Rect(x: -2, y: -1, width: 5, height: 5))
        #expect(a.scaled(by: 2) == Rect(x: -5, y: -5, width: 20, height: 20))
    }

    @Test func intRectClipsAndSaturates() {
        let image = IntRect(x: 0, y: 0, width: 8, height: 6)
        #expect(IntRect(x: -3, y: 4, width: 5, height: 10).intersection(image) == IntRect(x: 0, y: 4, width: 2, height: 2))
        #expect(IntRect(x: 8, y: 0, width: 5, height: 5).intersection(image) == nil)
        #expect(IntRect(x: Int.max - 1, y: 0, width: Int.max, height: 1).maxX == Int.max)
        #expect(IntRect(x: Int.max - 1, y: 0, width: Int.max, height: 1).intersection(image) == nil)
        #expect(IntRect(enclosing: Rect(x: 1.5, y: -0.5, width: 2, height: 1)) == IntRect(x: 1, y: -1, width: 3, height: 2))
        #expect(
            IntRect(x: 0, y: 0, width: 2, height: 2).union(IntRect(x: 5, y: 1, width: 1, height: 4))
                == IntRect(x: 0, y: 0, width: 6, height: 5))
    }
}

@Suite struct AffineTests {
    @Test func basicTransformsMoveKnownPoints() {
        #expect(Affine2D.translation(3, -2).apply(Point2(1, 1)) == Point2(4, -1))
        #expect(Affine2D.scale(2, 3).apply(Point2(1, 1)) == Point2(2, 3))
        // A quarter turn maps +x to +y (clockwise on screen, since y points down).
        #expect(approximatelyEqual(Affine2D.rotation(.pi / 2).apply(Point2(1, 0)), Point2(0, 1)))
        #expect(approximatelyEqual(Affine2D.rotation(.pi / 2, about: Point2(5, 5)).apply(Point2(6, 5)), Point2(5, 6)))
        #expect(Affine2D.identity.apply(Point2(7, 8)) == Point2(7, 8))
        #expect(Affine2D.translation(1, 1).applyToVector(Point2(2, 3)) == Point2(2, 3))
    }

    @Test func thenAppliesInPipelineOrder() {
        let scaleThenMove = Affine2D.scale(2).then(.translation(10, 0))
        #expect(scaleThenMove.apply(Point2(1, 1)) == Point2(12, 2))
        let moveThenScale = Affine2D.translation(10, 0).then(.scale(2))
        #expect(moveThenScale.apply(Point2(1, 1)) == Point2(22, 2))
        #expect(Affine2D.translation(10, 0) * Affine2D.scale(2) == scaleThenMove)
    }

    @Test func inverseComposesToIdentity() {
        let t = Affine2D.scale(1.7, 0.6).then(.rotation(0.83)).then(.translation(-41.5, 12.25))
        let inverse = try! #require(t.inverse)
        for composed in [t.then(inverse), inverse.then(t)] {
            #expect(abs(composed.a - 1) < 1e-5 && abs(composed.d - 1) < 1e-5)
            #expect(abs(composed.b) < 1e-5 && abs(composed.c) < 1e-5)
            #expect(abs(composed.tx) < 1e-4 && abs(composed.ty) < 1e-4)
        }
        let p = Point2(123.5, -7)
        #expect(approximatelyEqual(inverse.apply(t.apply(p)), p, tolerance: 1e-3))
    }

    @Test func singularMatricesHaveNoInverse() {
        #expect(Affine2D.scale(0, 1).inverse == nil)
        #expect(Affine2D(a: 1, b: 2, c: 2, d: 4, tx: 5, ty: 6).inverse == nil)  // rows are parallel
        #expect(Affine2D(a: .nan, b: 0, c: 0, d: 1, tx: 0, ty: 0).inverse == nil)
    }
}
