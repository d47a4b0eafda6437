import FaceGeometry
import Imaging
import Motion
import Testing

@testable import Rendering

/// A drawn eye's opening reaches down to its drawn lid line; a lid with skin right below it has
/// no rim. The irises are lifted out and drawn back down to that line.
@Suite struct DrawnLidRimTests {
    /// A big face (irises 24 px across, s7's size), so the rim and the reach span several pixels.
    let landmarks = SyntheticFace.landmarks(centre: Point2(400, 400), scale: 400)

    /// The synthetic face with, under each lower lid, a rim `pale` pixels deep (pale unless
    /// `rim` says otherwise) and then a dark lid line 2 pixels thick, as a 3D cartoon's eye is
    /// drawn; with `iris`, the iris's colour continues into the rim as far as the iris's circle.
    func drawnEye(pale: Float, rim: RGB = RGB(235, 232, 228), iris: Bool = false, points: [LandmarkPoint]? = nil) -> RGBImage {
        let landmarks = points ?? self.landmarks
        var image = SyntheticFace.image(landmarks, width: 800, height: 800)
        let xy = landmarks.map(\.xy)
        for eye in FaceIndex.eyes {
            let lower = ([eye.outerCorner] + eye.lowerLid + [eye.innerCorner]).map { xy[$0] }
            let opening = CoverageMask(polygon: eye.opening.map { xy[$0] }, width: image.width, height: image.height)
            let c = xy[eye.iris[0]], r = xy[eye.iris[1]].distance(to: c)
            let xs = lower.map(\.x), ys = lower.map(\.y)
            for y in Int(ys.min()!)...Int(ys.max()! + pale + 4) {
                for x in Int(xs.min()! + 2)...Int(xs.max()! - 2) where opening[x, y] == 0 {
                    let q = Point2(Float(x), Float(y))
                    // Only below the lid (the lid's y at this x, by its nearest point, is above q).
                    let d = EyelidSkin.distance(q, polyline: lower)
                    guard let nearest = lower.min(by: { abs($0.x - q.x) < abs($1.x - q.x) }), q.y > nearest.y - 0.5 else { continue }
                    if d < pale {
                        image[x, y] = iris && q.distance(to: c) < r ? RGB(60, 90, 140) : rim
                    } else if d < pale + 2 {
                        image[x, y] = RGB(60, 20, 10)
                    }
                }
            }
        }
        return image
    }

    var irisRadius: Float {
        let xy = landmarks.map(\.xy), eye = FaceIndex.eyes[0]
        return eye.iris.dropFirst().map { xy[$0].distance(to: xy[eye.iris[0]]) }.reduce(0, +) / 4
    }

    @Test func aDrawnLowerLidsRimReachesItsLine() {
        let pale = (0.25 * irisRadius).rounded()
        #expect(pale >= 5)
        let image = drawnEye(pale: pale)
        for eye in FaceIndex.eyes {
            let rim = DrawnLidRim(eye, points: landmarks.map(\.xy), image: image)
            #expect(abs(rim.offsets[3] - pale) <= 1.5, "middle offset \(rim.offsets[3]); the pale rim is \(pale) px deep")
            #expect(rim.offsets[0] > 0 && rim.offsets[0] < rim.offsets[1], "the corner's neighbour takes less: \(rim.offsets)")
        }
    }

    @Test func aLidWithSkinBelowItHasNoRim() {
        let image = SyntheticFace.image(landmarks, width: 800, height: 800)
        for eye in FaceIndex.eyes { #expect(DrawnLidRim(eye, points: landmarks.map(\.xy), image: image).isEmpty) }
    }

    @Test func aDarkLineUnderSkinIsNotALidLine() {
        // Eyeliner or lower lashes a few pixels under the lid, with skin between: a photograph's lid.
        let image = drawnEye(pale: 5, rim: RGB(225, 180, 160))
        for eye in FaceIndex.eyes { #expect(DrawnLidRim(eye, points: landmarks.map(\.xy), image: image).isEmpty) }
    }

    @Test func aLineFurtherOutThanTheReachIsNotTaken() {
        // Irises a third as big: the reach, 0.45 of the 8 px radius (3.6 px), ends before a line
        // 5 px out; with the full-size irises the same line is taken.
        var points = landmarks
        for eye in FaceIndex.eyes {
            let c = points[eye.iris[0]].xy
            for i in eye.iris.dropFirst() {
                points[i].x = c.x + (points[i].x - c.x) / 3
                points[i].y = c.y + (points[i].y - c.y) / 3
            }
        }
        let image = drawnEye(pale: 5)
        #expect(DrawnLidRim(FaceIndex.eyes[0], points: points.map(\.xy), image: image).isEmpty)
        #expect(!DrawnLidRim(FaceIndex.eyes[0], points: landmarks.map(\.xy), image: image).isEmpty)
    }

    @Test func theIrisIsLiftedOutDownToTheDrawnLidLine() {
        // An iris low in the eye, its bottom running 6 px into the rim under the mesh's lid.
        var points = landmarks
        for eye in FaceIndex.eyes { for i in eye.iris { points[i].y += 8 } }
        let image = drawnEye(pale: 6, iris: true, points: points)
        let xy = points.map(\.xy)
        let eyes = EyeRenderer(image: image, points: xy)
        let cleaned = eyes.cleaned(image, sclera: FloatRGB(240, 240, 235))
        for (eye, iris) in zip(FaceIndex.eyes, eyes.irises) {
            let meshOpening = CoverageMask(polygon: eye.opening.map { xy[$0] }, width: image.width, height: image.height)
            var irisLeft = 0, rimPixels = 0
            for y in iris.stillOpening.rect.y..<(iris.stillOpening.rect.y + iris.stillOpening.rect.height) {
                for x in iris.stillOpening.rect.x..<(iris.stillOpening.rect.x + iris.stillOpening.rect.width)
                where meshOpening[x, y] == 0 && iris.stillOpening[x, y] >= 0.999 {
                    rimPixels += 1
                    let p = cleaned[x, y]
                    if Int(p.b) > Int(p.r) + 30 { irisLeft += 1 }
                }
            }
            #expect(rimPixels > 20, "\(rimPixels) rim pixels")
            #expect(irisLeft == 0, "\(irisLeft) iris-blue pixels left in the rim")
        }
    }

    @Test func theRimClosesWithTheLids() {
        // The same low iris; the lids shut (each upper lid point on its lower partner): no iris is
        // drawn under the lower lid, where the rim was.
        var points = landmarks
        for eye in FaceIndex.eyes { for i in eye.iris { points[i].y += 8 } }
        let image = drawnEye(pale: 6, iris: true, points: points)
        let eyes = EyeRenderer(image: image, points: points.map(\.xy))
        var shut = points
        for eye in FaceIndex.eyes { for (u, l) in zip(eye.upperLid, eye.lowerLid) { shut[u] = shut[l] } }
        let before = eyes.cleaned(image, sclera: FloatRGB(240, 240, 235))
        var out = before
        eyes.drawIrises(into: &out, from: image, points: shut.map(\.xy), scale: 1)
        #expect(out == before)
    }
}
