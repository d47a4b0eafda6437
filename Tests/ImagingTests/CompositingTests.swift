import Testing

@testable import Imaging

@Suite struct CompositingTests {
    private let base = RGB(0, 100, 200)
    private let paint = RGB(255, 50, 10)

    /// Expected byte for alpha `a`: the formula, rounded to nearest.
    private func mixed(_ top: UInt8, _ bottom: UInt8, _ a: Int) -> UInt8 {
        UInt8((Double(top) * Double(a) + Double(bottom) * Double(255 - a)) / 255 + 0.5)
    }

    @Test(arguments: [0, 255, 128, 1, 64, 254])
    func alphaWeightsOverlayAgainstBackground(alpha a: Int) {
        var image = filledImage(width: 3, height: 3, base)
        let overlay = filledImage(width: 3, height: 3, paint)
        image.composite(overlay, alpha: GrayImage(width: 3, height: 3, fill: UInt8(a)), atX: 0, y: 0)
        let expected = RGB(mixed(paint.r, base.r, a), mixed(paint.g, base.g, a), mixed(paint.b, base.b, a))
        #expect(image[1, 1] == expected)
        if a == 0 { #expect(image == filledImage(width: 3, height: 3, base)) }
        if a == 255 { #expect(image == overlay) }
        if a == 128 { #expect(image[0, 0] == RGB(128, 75, 105)) }  // 255·128/255 = 128; 50·.502 + 100·.498 = 74.9
    }

    @Test func perPixelAlphaAndClippedOffset() {
        var image = filledImage(width: 4, height: 4, base)
        let overlay = filledImage(width: 3, height: 2, paint)
        // Alpha row 0: 255 0 255; row 1: 0 255 0.
        let alpha = GrayImage(width: 3, height: 2, pixels: [255, 0, 255, 0, 255, 0])
        image.composite(overlay, alpha: alpha, atX: 2, y: -1)  // only overlay row 1, columns 0...1 land
        #expect(image[2, 0] == base)  // alpha 0
        #expect(image[3, 0] == paint)  // alpha 255
        let changed = changedPixels(filledImage(width: 4, height: 4, base), image)
        #expect(changed.count == 1)

        var untouched = filledImage(width: 4, height: 4, base)
        untouched.composite(overlay, alpha: alpha, atX: -10, y: 50)
        untouched.composite(overlay, alpha: alpha, atX: Int.min, y: Int.max)
        #expect(untouched == filledImage(width: 4, height: 4, base))
    }

    @Test func uniformOpacityComposite() {
        var image = filledImage(width: 5, height: 5, RGB(0, 0, 0))
        image.composite(filledImage(width: 2, height: 2, .white), atX: 4, y: 4, opacity: 0.5)
        #expect(image[4, 4] == RGB(128, 128, 128))
        #expect(image[3, 3] == .black)
    }

    @Test func cropCopiesTheClippedRegion() {
        let image = patternedImage(width: 6, height: 5)
        let crop = image.cropped(to: IntRect(x: 4, y: -1, width: 5, height: 3))
        #expect(crop.width == 2 && crop.height == 2)
        #expect(crop[0, 0] == image[4, 0] && crop[1, 1] == image[5, 1])
        #expect(image.cropped(to: IntRect(x: 9, y: 0, width: 2, height: 2)).pixels.isEmpty)
    }
}

@Suite struct FloatPlaneTests {
    @Test func planesRoundTrip() {
        let image = patternedImage(width: 7, height: 3)
        let planes = image.floatPlanes()
        #expect(planes.g[2, 1] == Float(image[2, 1].g) / 255)
        #expect(RGBImage(red: planes.r, green: planes.g, blue: planes.b) == image)

        let signed = image.floatPlanes(scale: 2.0 / 255, offset: -1)
        #expect(signed.r.values.allSatisfy { $0 >= -1 && $0 <= 1 })
        #expect(RGBImage(red: signed.r, green: signed.g, blue: signed.b, scale: 2.0 / 255, offset: -1) == image)
    }

    @Test func outOfRangeValuesSaturate() {
        let plane = FloatPlane(width: 4, height: 1, values: [-0.5, 0.5, 0.6, 7])
        #expect(GrayImage(plane).pixels == [0, 128, 153, 255])
        let gray = patternedGray(width: 4, height: 4)
        #expect(GrayImage(gray.floatPlane()) == gray)
    }

    @Test func luma() {
        var image = RGBImage(width: 2, height: 1)
        image[0, 0] = RGB(255, 0, 0)
        image[1, 0] = .white
        let y = image.lumaPlane()
        #expect(abs(y[0, 0] - 76.245) < 1e-3)
        #expect(abs(y[1, 0] - 255) < 1e-3)
    }
}
