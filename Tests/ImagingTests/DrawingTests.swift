import Testing

@testable import Imaging

@Suite struct DrawingTests {
    private let red = RGB(255, 0, 0)

    @Test func fillRectChangesExactlyTheClippedPixels() {
        var image = RGBImage(width: 10, height: 8)
        image.fillRect(IntRect(x: -3, y: 6, width: 5, height: 10), color: red)
        let changed = changedPixels(RGBImage(width: 10, height: 8), image)
        #expect(changed.count == 4)  // columns 0...1, rows 6...7
        #expect(changed.allSatisfy { $0.x < 2 && $0.y >= 6 })
        #expect(image[1, 7] == red)
    }

    @Test func shapesWhollyOutsideOrDegenerateChangeNothing() {
        let blank = RGBImage(width: 12, height: 9)
        var image = blank
        image.fillRect(IntRect(x: 12, y: 0, width: 5, height: 5), color: red)
        image.fillRect(IntRect(x: Int.min, y: Int.min, width: Int.max, height: Int.max), color: red)
        image.fillRect(IntRect(x: 2, y: 2, width: -4, height: 3), color: red)
        image.drawLine(from: Point2(-50, -50), to: Point2(-10, 30), color: red, thickness: 3)
        image.drawLine(from: Point2(.nan, 2), to: Point2(4, 4), color: red)
        image.drawLine(from: Point2(1, 1), to: Point2(5, 5), color: red, thickness: .infinity)
        image.fillCircle(center: Point2(100, 100), radius: 20, color: red)
        image.fillCircle(center: Point2(5, 5), radius: -3, color: red)
        image.strokeCircle(center: Point2(-1e30, 4), radius: 1e30, color: red)
        image.drawPolyline([Point2(-20, -20), Point2(-5, -30)], color: red, thickness: 2)
        image.drawPolyline([], color: red)
        image.strokeRect(IntRect(x: 20, y: 20, width: 4, height: 4), color: red)
        image.blendPixel(x: -1, y: 3, color: red)
        image.fillRect(IntRect(x: 0, y: 0, width: 4, height: 4), color: red, opacity: 0)
        image.drawText("far away", x: Int.max - 3, y: Int.min, color: red, scale: 1000)
        #expect(image == blank)
    }

    @Test func shapesPartlyOutsideDrawTheirVisiblePart() {
        var image = RGBImage(width: 20, height: 20)
        image.fillCircle(center: Point2(0, 0), radius: 5, color: red)
        #expect(image[0, 0] == red && image[3, 3] == red)
        #expect(image[10, 10] == .black)
        image.drawLine(from: Point2(-1e6, 10), to: Point2(1e6, 10), color: red)
        for x in 0..<20 { #expect(image[x, 10] == red) }
        image.strokeCircle(center: Point2(19, 19), radius: 100, color: red, thickness: 4)  // ring far outside
        #expect(image[19, 19] == .black)
    }

    @Test func onepixelHorizontalLineCoversOneRow() {
        var image = RGBImage(width: 16, height: 8)
        image.drawLine(from: Point2(2, 3), to: Point2(12, 3), color: red, thickness: 1)
        for x in 2...12 { #expect(image[x, 3] == red, "x = \(x)") }
        let changed = changedPixels(RGBImage(width: 16, height: 8), image)
        #expect(changed.allSatisfy { $0.y == 3 })
        #expect(image[1, 3] != red && image[13, 3] != red)  // round caps only half-cover the neighbours
    }

    @Test func diagonalLineIsNearTheSegmentOnly() {
        var image = RGBImage(width: 30, height: 30)
        let a = Point2(3, 4), b = Point2(25, 20)
        image.drawLine(from: a, to: b, color: .white, thickness: 2)
        let changed = changedPixels(RGBImage(width: 30, height: 30), image)
        #expect(changed.count > 25)
        for (x, y) in changed {
            let p = Point2(Float(x), Float(y))
            let d = b - a
            let t = min(max((p - a).dot(d) / d.lengthSquared, 0), 1)
            #expect((p - (a + d * t)).length < 1.5 + 1e-4, "(\(x), \(y)) too far from the line")
        }
        // Pixels whose centres lie on the segment are fully painted.
        #expect(image[3, 4] == .white && image[25, 20] == .white)
    }

    @Test func opacityBlendsTowardsTheColour() {
        var image = filledImage(width: 4, height: 4, RGB(100, 100, 100))
        image.fillRect(IntRect(x: 0, y: 0, width: 2, height: 4), color: RGB(200, 0, 100), opacity: 0.5)
        #expect(image[1, 1] == RGB(150, 50, 100))
        #expect(image[2, 1] == RGB(100, 100, 100))
        image.blendPixel(x: 3, y: 3, color: .white, opacity: 0.25)
        #expect(image[3, 3] == RGB(139, 139, 139))  // 100 + 0.25 * 155 = 138.75
    }

    @Test func strokeRectDrawsOnlyTheBorder() {
        var image = RGBImage(width: 10, height: 10)
        image.strokeRect(IntRect(x: 1, y: 1, width: 8, height: 6), color: red, thickness: 2)
        #expect(image[1, 1] == red && image[8, 6] == red && image[2, 4] == red && image[7, 4] == red)
        #expect(image[3, 3] == .black && image[6, 4] == .black)
        #expect(image[0, 0] == .black && image[9, 7] == .black)
        #expect(changedPixels(RGBImage(width: 10, height: 10), image).count == 8 * 6 - 4 * 2)
    }

    @Test func circles() {
        var disc = RGBImage(width: 21, height: 21)
        disc.fillCircle(center: Point2(10, 10), radius: 5, color: red)
        #expect(disc[10, 10] == red && disc[14, 10] == red && disc[10, 6] == red)
        #expect(disc[16, 10] == .black && disc[14, 14] == .black)  // corner of the bounding box is outside

        var ring = RGBImage(width: 21, height: 21)
        ring.strokeCircle(center: Point2(10, 10), radius: 6, color: red, thickness: 2)
        #expect(ring[16, 10] == red && ring[10, 4] == red)
        #expect(ring[10, 10] == .black && ring[12, 10] == .black)
        #expect(ring[19, 10] == .black)
    }

    @Test func translucentPolylineBlendsEachPixelOnce() {
        var image = RGBImage(width: 20, height: 20)
        let points = [Point2(2, 10), Point2(10, 10), Point2(10, 2)]
        image.drawPolyline(points, color: .white, thickness: 1, opacity: 0.5)
        // The corner is covered by both segments but must not be blended twice (which gives 191).
        #expect(image[10, 10] == RGB(128, 128, 128))
        #expect(image[5, 10] == RGB(128, 128, 128) && image[10, 5] == RGB(128, 128, 128))
        #expect(image[5, 5] == .black)

        var closed = RGBImage(width: 20, height: 20)
        closed.drawPolyline(points, color: .white, closed: true)
        #expect(closed[6, 6] == .white)  // on the closing segment from (10, 2) back to (2, 10)
    }
}
