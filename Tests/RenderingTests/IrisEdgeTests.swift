import FaceGeometry
import Foundation
import Imaging
import Testing

@testable import Rendering

/// The iris's radius read from where it meets the eye white, for drawn eyes whose iris is bigger
/// than the landmarks say.
@Suite struct IrisEdgeTests {
    static let centre = Point2(50, 40)

    /// A 100 x 80 eye white (230) with an iris disc (`iris`) of `radius` at `centre` shifted by
    /// `offset`, a pupil (15) of `pupil` radius in it, and an almond opening `halfWidth` wide and
    /// `halfHeight` tall around the centre.
    static func eye(
        radius: Float, offset: Float = 0, iris: UInt8 = 60, pupil: Float = 0, halfWidth: Float = 40, halfHeight: Float = 22
    ) -> (RGBImage, CoverageMask) {
        var image = RGBImage(width: 100, height: 80)
        let c = centre + Point2(offset, 0)
        for y in 0..<80 {
            for x in 0..<100 {
                let d = Point2(Float(x), Float(y)).distance(to: c)
                let v: UInt8 = d <= pupil ? 15 : d <= radius ? iris : 230
                image[x, y] = RGB(v, v, v)
            }
        }
        let almond = (0..<24).map { k -> Point2 in
            let a = Float(k) / 24 * 2 * .pi
            return centre + Point2(halfWidth * cos(a), halfHeight * sin(a))
        }
        return (image, CoverageMask(polygon: almond, width: 100, height: 80))
    }

    @Test func findsTheEdgeOfAnIrisBiggerThanTheLandmarksSay() throws {
        let (image, opening) = Self.eye(radius: 16)
        let c = try #require(IrisEdge.circle(in: image, centre: Self.centre, landmarkRadius: 13, opening: opening))
        #expect(abs(c.radius - 16) <= 1 && abs(c.offsetX) <= 0.5, "\(c)")
    }

    @Test func findsAnIrisAsBigAsTheLandmarksSay() throws {
        let (image, opening) = Self.eye(radius: 10)
        let c = try #require(IrisEdge.circle(in: image, centre: Self.centre, landmarkRadius: 10, opening: opening))
        #expect(abs(c.radius - 10) <= 1, "\(c)")
    }

    @Test func aDrawnEyesPupilIsNotTakenForTheIrisEdge() throws {
        // A bright cartoon iris (150) around a black pupil, as s7's: the pupil's step (135) is
        // steeper than the iris's into the eye white (80); the iris is 5 px right of the
        // landmarks' centre.
        let (image, opening) = Self.eye(radius: 28, offset: 5, iris: 150, pupil: 11, halfWidth: 46, halfHeight: 30)
        let c = try #require(IrisEdge.circle(in: image, centre: Self.centre, landmarkRadius: 22, opening: opening))
        #expect(abs(c.radius - 28) <= 1 && abs(c.offsetX - 5) <= 1, "\(c)")
    }

    @Test func noEdgeWhereTheIrisFillsTheOpening() {
        // The opening ends inside the iris on both sides: no eye white to meet.
        let (image, opening) = Self.eye(radius: 16, halfWidth: 14, halfHeight: 10)
        #expect(IrisEdge.circle(in: image, centre: Self.centre, landmarkRadius: 13, opening: opening) == nil)
    }

    @Test func noEdgeInAFlatEye() {
        let (flat, opening) = Self.eye(radius: 0)
        #expect(IrisEdge.circle(in: flat, centre: Self.centre, landmarkRadius: 13, opening: opening) == nil)
    }

    @Test func theLiftedDiscTakesAllOfABigIris() {
        // The synthetic face's irises drawn at 1.35 times the landmarks' radius: nothing of the
        // iris is left in the cleaned still, as nothing of it may stay behind when it moves.
        let landmarks = SyntheticFace.landmarks()
        let xy = landmarks.map(\.xy)
        var image = SyntheticFace.image(landmarks)
        for eye in FaceIndex.eyes {
            let c = xy[eye.iris[0]], r = IrisGeometry.radius(xy, eye) * 1.35
            let opening = CoverageMask(polygon: eye.opening.map { xy[$0] }, width: image.width, height: image.height)
            for y in opening.rect.y..<(opening.rect.y + opening.rect.height) {
                for x in opening.rect.x..<(opening.rect.x + opening.rect.width) where opening[x, y] > 0 {
                    let v: UInt8 = Point2(Float(x), Float(y)).distance(to: c) <= r ? 50 : 235
                    image[x, y] = RGB(v, v, v)
                }
            }
        }
        let cleaned = EyeRenderer(image: image, points: xy).cleaned(image, sclera: FloatRGB(235, 235, 235))
        for eye in FaceIndex.eyes {
            let opening = CoverageMask(polygon: eye.opening.map { xy[$0] }, width: image.width, height: image.height)
            var dark = 0
            for y in opening.rect.y..<(opening.rect.y + opening.rect.height) {
                for x in opening.rect.x..<(opening.rect.x + opening.rect.width) where opening[x, y] >= 0.999 {
                    if cleaned[x, y].g < 150 { dark += 1 }
                }
            }
            #expect(dark == 0, "iris pixels left in the cleaned eye: \(dark)")
        }
    }
}
