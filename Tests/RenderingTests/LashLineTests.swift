import FaceGeometry
import Foundation
import Imaging
import Motion
import Testing

@testable import Rendering

/// The shut eye's lash line is drawn in the frame: as thick as designed wherever the lid is, on a
/// curve without corners, above the lid's edge.
@Suite struct LashLineTests {
    static func image(_ width: Int, _ height: Int, _ colour: RGB) -> RGBImage {
        var image = RGBImage(width: width, height: height)
        for y in 0..<height { for x in 0..<width { image[x, y] = colour } }
        return image
    }

    /// Rows of `image`'s column `x` darker than mid-grey (the image is white, the lashes black).
    func darkRows(_ image: RGBImage, x: Int) -> [Int] {
        (0..<image.height).filter { image[x, $0].g < 128 }
    }

    @Test func aLidCurveHasNoCorners() {
        // A lid with a sharp kink at its middle point.
        let lid = [Point2(0, 0), Point2(10, -6), Point2(20, -8), Point2(30, -6), Point2(40, 0)]
        let curve = LashLine.smoothed(lid, steps: LashLine.steps)
        for p in lid { #expect(curve.contains(p), "the curve passes through \(p)") }
        var sharpest: Float = 0
        for i in 1..<(curve.count - 1) {
            let a = curve[i] - curve[i - 1], b = curve[i + 1] - curve[i]
            let turn = acos(min(max(a.dot(b) / (a.length * b.length), -1), 1)) * 180 / .pi
            sharpest = max(sharpest, turn)
        }
        // The polyline turns by about 20 degrees at each inner point; the curve by a quarter of that per step.
        #expect(sharpest < 10, "sharpest turn \(sharpest) degrees")
    }

    @Test func theLineIsAsThickAsDrawnAtTheHeadsScaleAndLiesAboveTheLid() {
        for scale: Float in [1, 2] {
            var image = Self.image(120, 60, RGB(255, 255, 255))
            let lid = [Point2(10, 30), Point2(35, 26), Point2(60, 25), Point2(85, 26), Point2(110, 30)]
            let line = LashLine(colour: FloatRGB(0, 0, 0), half: 3)
            line.draw(into: &image, lid: lid, below: Point2(60, 45), opacity: 1, scale: scale)
            let rows = darkRows(image, x: 60)
            // 2 x half x scale thick at the middle, its centre half of half above the edge (y 25).
            #expect(abs(Float(rows.count) - 6 * scale) <= 1.5, "scale \(scale): \(rows.count) dark rows")
            let centre = Float(rows.reduce(0, +)) / Float(max(rows.count, 1))
            #expect(abs(centre - (25 - 1.5 * scale)) <= 1, "scale \(scale): centre row \(centre)")
            // Thinner towards the corners.
            #expect(darkRows(image, x: 20).count < rows.count)
        }
    }

    @Test func nothingIsDrawnOnAnOpenEye() {
        var image = Self.image(60, 40, RGB(255, 255, 255))
        let before = image
        LashLine(colour: FloatRGB(0, 0, 0), half: 3).draw(
            into: &image, lid: [Point2(5, 20), Point2(30, 15), Point2(55, 20)], below: Point2(30, 30), opacity: 0, scale: 1)
        #expect(image == before)
    }

    @Test func theLashColourIsTheLidLinesNotTheIrisUnderTheEdge() {
        // A navy band just under the lid's edge (the iris's dark top) and a brown lid line above it.
        var image = Self.image(80, 60, RGB(230, 190, 170))
        for y in 0..<60 {
            for x in 0..<80 {
                if (22...25).contains(y) { image[x, y] = RGB(90, 30, 10) }  // the drawn lid line
                if (26...32).contains(y) { image[x, y] = RGB(15, 20, 40) }  // the iris top
            }
        }
        let lid = (0...8).map { Point2(Float(8 + 8 * $0), 26) }
        let ring = (0...8).map { Point2(Float(8 + 8 * $0), 14) }
        let colour = EyelidSkin.lashColour(lid: lid, ring: ring, texture: image)
        #expect(colour.r > colour.b, "\(colour)")
    }
    /// Above the line the lid is shaded by the lashes, less with distance and not at all past
    /// `shadowReach`; below the lid's edge nothing changes.
    @Test func theLashesShadeTheLidAboveThemOnly() {
        var image = Self.image(120, 60, RGB(200, 200, 200))
        let lid = [Point2(10, 40), Point2(35, 40), Point2(60, 40), Point2(85, 40), Point2(110, 40)]
        LashLine(colour: FloatRGB(0, 0, 0), half: 2).draw(into: &image, lid: lid, below: Point2(60, 55), opacity: 1, scale: 1)
        // At the middle the line reaches 3 px above the edge (y 37), its shadow 4 px further.
        let near = image[60, 35].r, far = image[60, 34].r
        #expect(near < 190 && near < far && far < 200, "shaded \(near) then \(far) above the line")
        #expect(image[60, 31].r == 200, "past the shadow's reach: \(image[60, 31].r)")
        // Towards the corners the shadow thins with the line.
        #expect(image[20, 35].r > near, "near a corner: \(image[20, 35].r)")
        #expect(image[60, 44].r == 200, "below the lid's edge: \(image[60, 44].r)")
    }
}
