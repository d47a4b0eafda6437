import Testing

@testable import Imaging

/// Straightforward per-pixel rotation, written from the definition, to check the tiled one.
private func referenceRotation(_ image: RGBImage, _ turn: QuarterTurn) -> RGBImage {
    let w = image.width, h = image.height
    let size = turn.rotatedSize(image.size)
    var out = RGBImage(width: size.width, height: size.height)
    for y in 0..<h {
        for x in 0..<w {
            switch turn {
            case .none: out[x, y] = image[x, y]
            case .clockwise90: out[h - 1 - y, x] = image[x, y]
            case .clockwise180: out[w - 1 - x, h - 1 - y] = image[x, y]
            case .clockwise270: out[y, w - 1 - x] = image[x, y]
            }
        }
    }
    return out
}

@Suite struct QuarterTurnTests {
    @Test func degreesAreNormalisedAndRounded() {
        #expect(QuarterTurn(degrees: 0) == QuarterTurn.none)
        #expect(QuarterTurn(degrees: 90) == .clockwise90)
        #expect(QuarterTurn(degrees: -90) == .clockwise270)
        #expect(QuarterTurn(degrees: 270) == .clockwise270)
        #expect(QuarterTurn(degrees: -270) == .clockwise90)
        #expect(QuarterTurn(degrees: 360) == QuarterTurn.none)
        #expect(QuarterTurn(degrees: 540) == .clockwise180)
        #expect(QuarterTurn(degrees: -180) == .clockwise180)
        #expect(QuarterTurn(degrees: 100) == .clockwise90)
        #expect(QuarterTurn(degrees: 44.9) == QuarterTurn.none)
        #expect(QuarterTurn(degrees: 45) == .clockwise90)
        #expect(QuarterTurn(degrees: -45) == .clockwise270)
        #expect(QuarterTurn(degrees: 89.99) == .clockwise90)
        #expect(QuarterTurn(degrees: Double.nan) == QuarterTurn.none)
        _ = QuarterTurn(degrees: 1e300)  // must not trap
        #expect(QuarterTurn(degrees: Int.min) == QuarterTurn(degrees: Int.min % 360))
    }

    @Test func turnAlgebra() {
        for turn in QuarterTurn.allCases {
            #expect(turn.then(turn.inverse) == QuarterTurn.none)
        }
        #expect(QuarterTurn.clockwise90.then(.clockwise270) == QuarterTurn.none)
        #expect(QuarterTurn.clockwise180.then(.clockwise270) == .clockwise90)
        #expect(QuarterTurn.clockwise90.rotatedSize(IntSize(width: 1920, height: 1080)) == IntSize(width: 1080, height: 1920))
    }

    @Test func clockwise90PutsKnownPixelsInKnownPlaces() {
        // Input, 3 wide and 2 tall:    Clockwise 90°, 2 wide and 3 tall:
        //   A B C                        D A
        //   D E F                        E B
        //                                F C
        let colours: [RGB] = (0..<6).map { (i: Int) -> RGB in
            let v = UInt8(i * 40)
            return RGB(v, 255 - v, UInt8(i))
        }
        var image = RGBImage(width: 3, height: 2)
        for i in 0..<6 { image[i % 3, i / 3] = colours[i] }
        let (a, b, c, d, e, f) = (colours[0], colours[1], colours[2], colours[3], colours[4], colours[5])

        let cw = image.rotated(clockwise: .clockwise90)
        #expect(cw.width == 2 && cw.height == 3)
        #expect([cw[0, 0], cw[1, 0], cw[0, 1], cw[1, 1], cw[0, 2], cw[1, 2]] == [d, a, e, b, f, c])

        let ccw = image.rotated(clockwise: .clockwise270)
        #expect(ccw.width == 2 && ccw.height == 3)
        #expect([ccw[0, 0], ccw[1, 0], ccw[0, 1], ccw[1, 1], ccw[0, 2], ccw[1, 2]] == [c, f, b, e, a, d])

        let half = image.rotated(clockwise: .clockwise180)
        #expect([half[0, 0], half[1, 0], half[2, 0], half[0, 1], half[1, 1], half[2, 1]] == [f, e, d, c, b, a])
    }

    @Test(arguments: [(1, 1), (3, 2), (33, 31), (70, 45), (64, 64), (1, 97)])
    func matchesReferenceAcrossTileEdges(width: Int, height: Int) {
        let image = patternedImage(width: width, height: height)
        for turn in QuarterTurn.allCases {
            #expect(image.rotated(clockwise: turn) == referenceRotation(image, turn), "\(turn) of \(width)x\(height)")
        }
    }

    @Test func fourQuarterTurnsAreIdentity() {
        let image = patternedImage(width: 37, height: 23)
        var turned = image
        for _ in 0..<4 { turned = turned.rotated(clockwise: .clockwise90) }
        #expect(turned == image)
        #expect(image.rotated(clockwise: .clockwise90).rotated(clockwise: .clockwise270) == image)
        #expect(image.rotated(clockwise: .clockwise180).rotated(clockwise: .clockwise180) == image)
        #expect(image.rotated(clockwise: .none) == image)
    }

    @Test func flips() {
        let image = patternedImage(width: 5, height: 4)
        let h = image.flippedHorizontally(), v = image.flippedVertically()
        #expect(h[0, 1] == image[4, 1] && h[4, 3] == image[0, 3] && h[2, 2] == image[2, 2])
        #expect(v[1, 0] == image[1, 3] && v[3, 3] == image[3, 0])
        #expect(h.flippedHorizontally() == image && v.flippedVertically() == image)
        #expect(h.flippedVertically() == image.rotated(clockwise: .clockwise180))
    }

    @Test func grayImagesTurnAndFlipLikeRGB() {
        let gray = patternedGray(width: 41, height: 35)
        // Embed the gray values in the red channel and compare with the RGB path.
        var asRGB = RGBImage(width: gray.width, height: gray.height)
        for y in 0..<gray.height {
            for x in 0..<gray.width { asRGB[x, y] = RGB(gray[x, y], 0, 0) }
        }
        func red(_ image: RGBImage) -> [UInt8] { stride(from: 0, to: image.pixels.count, by: 3).map { image.pixels[$0] } }
        for turn in QuarterTurn.allCases {
            let g = gray.rotated(clockwise: turn), c = asRGB.rotated(clockwise: turn)
            #expect(g.width == c.width && g.height == c.height && g.pixels == red(c), "\(turn)")
        }
        #expect(gray.flippedHorizontally().pixels == red(asRGB.flippedHorizontally()))
        #expect(gray.flippedVertically().pixels == red(asRGB.flippedVertically()))
    }

    @Test func emptyImagesRotate() {
        let empty = RGBImage(width: 0, height: 5)
        let turned = empty.rotated(clockwise: .clockwise90)
        #expect(turned.width == 5 && turned.height == 0)
        #expect(GrayImage(width: 4, height: 0).rotated(clockwise: .clockwise270).size == IntSize(width: 0, height: 4))
    }
}
