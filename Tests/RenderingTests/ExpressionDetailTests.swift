import FaceGeometry
import Imaging
import Motion
import Testing

@testable import Rendering

@Suite struct ExpressionDetailTests {
    // The character: the synthetic face large in a 256² image; the driver: the same face smaller
    // and elsewhere in a 220² image, so everything goes through the landmark mapping.
    let character = SyntheticFace.landmarks()
    let driver = SyntheticFace.landmarks(centre: Point2(100, 120), scale: 70)
    var characterImage: RGBImage { SyntheticFace.image(character) }
    var driverImage: RGBImage { SyntheticFace.image(driver, width: 220, height: 220) }

    /// Where a canonical-face point (x right, y up) lies in an image drawn by `SyntheticFace`.
    func pixel(_ x: Float, _ y: Float, centre: Point2, scale: Float) -> Point2 {
        Point2(centre.x + scale * x, centre.y - scale * y)
    }

    func render(driverFrame: RGBImage) -> RGBImage {
        let detail = ExpressionDetail(reference: driverImage, points: driver.map(\.xy))
        let rig = CharacterRig(face: CharacterFace(landmarks: character), width: 256, height: 256)
        var out = characterImage
        detail.apply(
            into: &out, points: character.map(\.xy), triangles: rig.triangles, driver: driverFrame,
            driverPoints: driver.map(\.xy))
        return out
    }

    @Test func theReferenceFrameChangesNothing() {
        #expect(render(driverFrame: driverImage) == characterImage)
    }

    @Test func aForeheadCreaseIsDrawnWhereTheCharactersForeheadIs() {
        // A dark line across the driver's forehead, 0.65 canonical units above the centre.
        var creased = driverImage
        let line = pixel(0, 0.65, centre: Point2(100, 120), scale: 70)
        for x in Int(line.x) - 20...Int(line.x) + 20 {
            for y in Int(line.y) - 1...Int(line.y) + 1 {
                let p = creased[x, y]
                creased[x, y] = RGB(UInt8(Float(p.r) * 0.6), UInt8(Float(p.g) * 0.6), UInt8(Float(p.b) * 0.6))
            }
        }
        let out = render(driverFrame: creased)
        let target = pixel(0, 0.65, centre: Point2(128, 128), scale: 90)
        let darkest = (Int(target.y) - 2...Int(target.y) + 2).map { y in
            Float(out[Int(target.x), y].r) / Float(characterImage[Int(target.x), y].r)
        }.min()!
        #expect(darkest < 0.8)
        // The nose and everything below the brows is untouched.
        let nose = pixel(0, -0.1, centre: Point2(128, 128), scale: 90)
        let below = IntRect(x: Int(nose.x) - 30, y: Int(nose.y) - 20, width: 60, height: 60)
        #expect(out.cropped(to: below) == characterImage.cropped(to: below))
    }

    @Test func aLightingChangeOverTheWholeFaceIsLeftOut() {
        var dimmer = driverImage
        for i in dimmer.pixels.indices { dimmer.pixels[i] = UInt8(Float(dimmer.pixels[i]) * 0.75) }
        let out = render(driverFrame: dimmer)
        let worst = zip(out.pixels, characterImage.pixels).map { abs(Int($0) - Int($1)) }.max()!
        #expect(worst <= 3)
    }

    @Test func zonesAreWhereFacesCrease() {
        let w = ExpressionDetail.zoneWeights
        #expect(w.count == 468)
        #expect(w[151] == 1)  // mid forehead
        #expect(w[FaceIndex.noseTip] == 0)
        #expect(w[61] == 0 && w[291] == 0)  // lip corners
        #expect(w[33] == 0 && w[263] == 0)  // eye corners
        #expect(FaceIndex.faceOval.allSatisfy { w[$0] == 0 })
        #expect(w.contains { $0 > 0 && $0 < 1 })  // zones fade out
    }
}
