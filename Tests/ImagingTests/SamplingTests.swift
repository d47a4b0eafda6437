import Testing

@testable import Imaging

@Suite struct SamplingTests {
    /// 2×2 image: (0,0)=0  (1,0)=100 in red; (0,1)=200 (1,1)=40; green and blue constant.
    private let square: RGBImage = {
        var image = RGBImage(width: 2, height: 2)
        image[0, 0] = RGB(0, 10, 255)
        image[1, 0] = RGB(100, 10, 255)
        image[0, 1] = RGB(200, 10, 255)
        image[1, 1] = RGB(40, 10, 255)
        return image
    }()

    @Test func integerPointsReturnPixelsExactly() {
        let image = patternedImage(width: 7, height: 5)
        for (x, y) in [(0, 0), (6, 4), (3, 2), (6, 0)] {
            let s = image.sampleBilinear(at: Point2(Float(x), Float(y)))
            let p = image[x, y]
            #expect(s == FloatRGB(Float(p.r), Float(p.g), Float(p.b)))
        }
    }

    @Test func bilinearValuesAtKnownPoints() {
        #expect(square.sampleBilinear(at: Point2(0.5, 0)).r == 50)
        #expect(square.sampleBilinear(at: Point2(0, 0.5)).r == 100)
        #expect(square.sampleBilinear(at: Point2(0.5, 0.5)).r == 85)  // (0 + 100 + 200 + 40) / 4
        // x = 0.25 on both rows: top 25, bottom 160; y = 0.75 between them: 25 + 0.75 * 135.
        #expect(abs(square.sampleBilinear(at: Point2(0.25, 0.75)).r - 126.25) < 1e-4)
        #expect(square.sampleBilinear(at: Point2(0.3, 0.9)).g == 10)
        #expect(square.sampleBilinear(at: Point2(0.3, 0.9)).b == 255)
    }

    @Test func outsidePointsClampToEdge() {
        #expect(square.sampleBilinear(at: Point2(-5, -5)).r == 0)
        #expect(square.sampleBilinear(at: Point2(9, 0)).r == 100)
        #expect(square.sampleBilinear(at: Point2(0.5, 30)).r == 120)  // bottom row midpoint
        #expect(square.sampleBilinear(at: Point2(.nan, .infinity)).r == 200)
        #expect(RGBImage(width: 0, height: 0).sampleBilinear(at: .zero) == FloatRGB(0, 0, 0))
    }

    @Test func graySampling() {
        let gray = GrayImage(width: 3, height: 1, pixels: [0, 60, 90])
        #expect(gray.sampleBilinear(at: Point2(0.5, 0)) == 30)
        #expect(gray.sampleBilinear(at: Point2(1.5, 7)) == 75)
        #expect(gray.sampleBilinear(at: Point2(-1, 0)) == 0)
        #expect(gray.sampleBilinear(at: Point2(2, 0)) == 90)
    }

    @Test func warpWithIntegerTranslationShiftsPixels() {
        let image = patternedImage(width: 9, height: 6)
        #expect(image.warped(width: 9, height: 6, sourceFromOutput: .identity) == image)
        let crop = image.warped(width: 4, height: 3, sourceFromOutput: .translation(2, 1))
        for y in 0..<3 {
            for x in 0..<4 { #expect(crop[x, y] == image[x + 2, y + 1]) }
        }
        // A clockwise quarter turn about the centre of a square is a lossless rotation.
        let sq = patternedImage(width: 5, height: 5)
        let turned = sq.warped(width: 5, height: 5, sourceFromOutput: Affine2D.rotation(.pi / 2, about: Point2(2, 2)).inverse!)
        #expect(turned == sq.rotated(clockwise: .clockwise90))
    }

    @Test func resizeToSameSizeIsIdentity() {
        let image = patternedImage(width: 13, height: 8)
        #expect(image.resized(width: 13, height: 8) == image)
    }

    @Test func resizeKeepsConstantColour() {
        let image = filledImage(width: 37, height: 23, RGB(12, 200, 99))
        for (w, h) in [(5, 3), (74, 46), (10, 40), (1, 1)] {
            let small = image.resized(width: w, height: h)
            #expect(small == filledImage(width: w, height: h, RGB(12, 200, 99)), "\(w)x\(h)")
        }
    }

    @Test func largeShrinkAveragesArea() {
        // 1-pixel black and white columns: a 4× shrink must give mid-gray, not pick one stripe.
        var stripes = RGBImage(width: 16, height: 4)
        for y in 0..<4 {
            for x in stride(from: 0, to: 16, by: 2) { stripes[x, y] = .white }
        }
        let small = stripes.resized(width: 4, height: 1)
        for x in 0..<4 { #expect(small[x, 0] == RGB(128, 128, 128)) }
    }

    @Test func enlargingInterpolatesBetweenPixels() {
        let gray = GrayImage(width: 2, height: 1, pixels: [0, 200])
        let wide = gray.resized(width: 4, height: 1)
        // Output centres at input x = -0.25, 0.25, 0.75, 1.25 → clamped 0, 50, 150, 200.
        #expect(wide.pixels == [0, 50, 150, 200])
        #expect(gray.resized(width: 0, height: 3).pixels.isEmpty)
    }
}
