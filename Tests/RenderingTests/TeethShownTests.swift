import FaceGeometry
import Imaging
import Motion
import Testing

@testable import Rendering

/// Whether the driver shows its teeth, read from its open mouth's pixels, and the drawn interior
/// following it.
@Suite struct TeethShownTests {
    /// The synthetic face with its lower lip dropped 30 px, the opening filled with `inside`
    /// (everything else as `SyntheticFace.image`: lips, eye whites, skin).
    static func openMouth(inside: RGB) -> (image: RGBImage, points: [Point2]) {
        var landmarks = SyntheticFace.landmarks(scale: 180)
        for i in FaceIndex.innerLips[11...19] { landmarks[i].y += 30 }
        for i in FaceIndex.outerLips[11...19] { landmarks[i].y += 30 }
        var image = SyntheticFace.image(landmarks)
        let points = landmarks.map(\.xy)
        let opening = FaceIndex.innerLips.map { points[$0] }
        for y in 0..<image.height {
            for x in 0..<image.width where SyntheticFace.contains(opening, Point2(Float(x), Float(y))) {
                image[x, y] = inside
            }
        }
        return (image, points)
    }

    @Test func anOpeningFullOfTeethShowsThemAll() throws {
        let (image, points) = Self.openMouth(inside: RGB(235, 230, 220))
        let shown = try #require(TeethShown(image: image, points: points))
        #expect(shown.share == 1)
    }

    @Test func aDarkOpeningShowsNone() throws {
        let (image, points) = Self.openMouth(inside: RGB(40, 20, 25))
        let shown = try #require(TeethShown(image: image, points: points))
        #expect(shown.share == 0)
    }

    @Test func aClosedMouthIsTooSmallToTell() {
        let landmarks = SyntheticFace.landmarks(scale: 180)
        #expect(TeethShown(image: SyntheticFace.image(landmarks), points: landmarks.map(\.xy)) == nil)
    }

    @Test func theDrawnMouthHasNoTeethWhereTheDriverShowsNone() {
        let palette = CharacterPalette(lips: FloatRGB(190, 80, 90), sclera: FloatRGB(240, 240, 235), skin: FloatRGB(225, 180, 160))
        func brightest(_ shown: TeethShown) -> Float {
            var canvas = RGBImage(width: 256, height: 256, pixels: [UInt8](repeating: 128, count: 256 * 256 * 3))
            var points = SyntheticFace.landmarks(scale: 180).map(\.xy)
            for i in FaceIndex.innerLips[11...19] { points[i].y += 20 }
            MouthRenderer.synthetic(into: &canvas, points: points, palette: palette, opacity: 1, teeth: shown)
            let x = Int(points[FaceIndex.upperLipInner].x.rounded())
            let y0 = Int(points[FaceIndex.upperLipInner].y.rounded()) + 1, y1 = Int(points[FaceIndex.lowerLipInner].y.rounded()) - 1
            return (y0...y1).map { Float(canvas[x, $0].g) }.max() ?? 0
        }
        #expect(brightest(.full) > 150)
        #expect(brightest(TeethShown(share: 0)) < 90)
    }
}
