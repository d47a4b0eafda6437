import FaceGeometry
import Imaging
import Motion
import Testing

@testable import Rendering

/// Irises lifted out and drawn back: nothing of the lids comes along, and the eye white under
/// them keeps its shading.
@Suite struct EyeRendererTests {
    let landmarks = SyntheticFace.landmarks()

    /// The synthetic face with a dark row along each lower lid's edge, inside the opening: the
    /// lid's margin and its shadow.
    func stillWithLidMargins() -> RGBImage {
        var image = SyntheticFace.image(landmarks)
        let xy = landmarks.map(\.xy)
        for eye in FaceIndex.eyes {
            let opening = CoverageMask(polygon: eye.opening.map { xy[$0] }, width: image.width, height: image.height)
            let lower = ([eye.outerCorner] + eye.lowerLid + [eye.innerCorner]).map { xy[$0] }
            for y in opening.rect.y..<(opening.rect.y + opening.rect.height) {
                for x in opening.rect.x..<(opening.rect.x + opening.rect.width)
                where opening[x, y] > 0.5 && EyelidSkin.distance(Point2(Float(x), Float(y)), polyline: lower) < 1.2 {
                    image[x, y] = RGB(25, 20, 20)
                }
            }
        }
        return image
    }

    @Test func aWiderEyeDoesNotCarryTheLowerLidsMarginIntoTheIris() {
        let still = stillWithLidMargins()
        let face = CharacterFace(landmarks: landmarks)
        let renderer = FaceRenderer(image: still, face: face)
        var wider = landmarks
        for eye in FaceIndex.eyes { for i in eye.lowerLid[1...5] { wider[i].y += 3 } }
        let out = renderer.render(RetargetedFace(landmarks: wider, transform: face.transform))
        let xy = wider.map(\.xy)
        for eye in FaceIndex.eyes {
            let lower = ([eye.outerCorner] + eye.lowerLid + [eye.innerCorner]).map { xy[$0] }
            let centre = xy[eye.iris[0]], radius = IrisGeometry.radius(xy, eye)
            let opening = CoverageMask(polygon: eye.opening.map { xy[$0] }, width: out.width, height: out.height)
            var darkest: Float = 255
            for y in Int(centre.y)...Int(centre.y + radius) {
                for x in Int(centre.x - radius)...Int(centre.x + radius) where opening[x, y] > 0.99 {
                    let p = Point2(Float(x), Float(y))
                    guard p.distance(to: centre) < radius, EyelidSkin.distance(p, polyline: lower) > 2.5 else { continue }
                    darkest = min(darkest, luma(CharacterPalette.colour(out[x, y])))
                }
            }
            #expect(darkest > 50, "darkest iris pixel away from the lower lid: \(darkest)")
        }
    }

    @Test func lashesInsideTheOpeningDoNotComeDownIntoTheLowerIris() {
        // A big drawn eye: a dark band of lashes 2-4 px under the upper lid, inside the mesh's
        // opening, over an iris (120) that runs past both lid contours. The lower lid drawn
        // 2 px lower than in the still: the lower iris must stay iris, not take the lashes.
        let face = SyntheticFace.landmarks(centre: Point2(256, 256), scale: 250)
        let xy = face.map(\.xy)
        var image = SyntheticFace.image(face, width: 512, height: 512)
        for eye in FaceIndex.eyes {
            let opening = CoverageMask(polygon: eye.opening.map { xy[$0] }, width: image.width, height: image.height)
            let upper = ([eye.outerCorner] + eye.upperLid + [eye.innerCorner]).map { xy[$0] }
            let c = xy[eye.iris[0]], r = IrisGeometry.radius(xy, eye) * 1.6
            for y in opening.rect.y..<(opening.rect.y + opening.rect.height) {
                for x in opening.rect.x..<(opening.rect.x + opening.rect.width) where opening[x, y] > 0 {
                    let p = Point2(Float(x), Float(y))
                    let lashes = EyelidSkin.distance(p, polyline: upper) < 4
                    image[x, y] = lashes ? RGB(20, 20, 30) : p.distance(to: c) <= r ? RGB(120, 120, 120) : RGB(235, 235, 235)
                }
            }
        }
        let eyes = EyeRenderer(image: image, points: xy)
        var lower = xy
        for eye in FaceIndex.eyes { for i in eye.lowerLid[1...5] { lower[i].y += 2 } }
        var out = eyes.cleaned(image, sclera: FloatRGB(235, 235, 235))
        eyes.drawIrises(into: &out, from: image, points: lower, scale: 1)
        for eye in FaceIndex.eyes {
            let c = xy[eye.iris[0]], r = IrisGeometry.radius(xy, eye)
            let opening = CoverageMask(polygon: eye.opening.map { lower[$0] }, width: out.width, height: out.height)
            var darkest: Float = 255
            for y in Int(c.y + 1)...Int(c.y + r) {
                for x in Int(c.x - r)...Int(c.x + r) where opening[x, y] > 0.99 && Point2(Float(x), Float(y)).distance(to: c) < r {
                    darkest = min(darkest, luma(CharacterPalette.colour(out[x, y])))
                }
            }
            #expect(darkest > 90, "darkest pixel in the lower iris: \(darkest)")
        }
    }

    /// The synthetic face whose first eye's white darkens linearly from the image's right to its
    /// left (170 to 240 across the opening), with a dark iris disc as big as the opening is high.
    func stillWithShadedWhite() -> (image: RGBImage, shade: (Int) -> Float) {
        var image = SyntheticFace.image(landmarks)
        let xy = landmarks.map(\.xy)
        let eye = FaceIndex.eyes[0]
        let opening = CoverageMask(polygon: eye.opening.map { xy[$0] }, width: image.width, height: image.height)
        let x0 = Float(opening.rect.x), width = Float(opening.rect.width)
        let shade = { (x: Int) in 170 + 70 * (Float(x) - x0) / width }
        let centre = xy[eye.iris[0]]
        let height = Float(opening.rect.height)
        for y in opening.rect.y..<(opening.rect.y + opening.rect.height) {
            for x in opening.rect.x..<(opening.rect.x + opening.rect.width) where opening[x, y] > 0 {
                let inIris = Point2(Float(x), Float(y)).distance(to: centre) < height / 2
                let v = UInt8(inIris ? 60 : shade(x))
                image[x, y] = RGB(v, v, v)
            }
        }
        return (image, shade)
    }

    @Test func theCleanedDiscContinuesTheShadingOfTheWhiteAcrossIt() {
        let (image, shade) = stillWithShadedWhite()
        let eyes = EyeRenderer(image: image, points: landmarks.map(\.xy))
        let cleaned = eyes.cleaned(image, sclera: FloatRGB(250, 250, 250))
        let iris = eyes.irises[0]
        let c = iris.discCentre, r = iris.discRadius
        for dx in [-0.7 * r, -0.3 * r, 0.3 * r, 0.7 * r] {
            let x = Int((c.x + dx).rounded()), y = Int(c.y.rounded())
            guard iris.stillOpening[x, y] >= 0.999 else { continue }
            #expect(abs(Float(cleaned[x, y].g) - shade(x)) <= 3, "at dx \(dx): \(cleaned[x, y].g), the white's shade there \(shade(x))")
        }
    }

    @Test func rowsTheIrisFillsFromLidToLidTakeTheNearestRowsWhiteNotTheFallback() {
        // The fallback colour is red: any red pixel came from it, not from the eye.
        let (image, _) = stillWithShadedWhite()
        let eyes = EyeRenderer(image: image, points: landmarks.map(\.xy))
        let cleaned = eyes.cleaned(image, sclera: FloatRGB(255, 0, 0))
        let iris = eyes.irises[0]
        var checked = 0
        for y in iris.stillOpening.rect.y..<(iris.stillOpening.rect.y + iris.stillOpening.rect.height) {
            for x in iris.stillOpening.rect.x..<(iris.stillOpening.rect.x + iris.stillOpening.rect.width)
            where iris.stillOpening[x, y] >= 0.999 && Point2(Float(x), Float(y)).distance(to: iris.discCentre) <= iris.discRadius {
                let p = cleaned[x, y]
                #expect(p.r == p.g && p.g >= 165, "(\(x), \(y)): \(p)")
                checked += 1
            }
        }
        #expect(checked > 20)
    }
}
