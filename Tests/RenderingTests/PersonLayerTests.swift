import FaceGeometry
import Imaging
import Motion
import Testing

@testable import Rendering

/// The person warped over a background that stays where it is.
@Suite struct PersonLayerTests {
    let landmarks = SyntheticFace.landmarks()

    /// A matte that is the face oval grown by `grow` pixels, with a soft edge 4 pixels wide.
    func matte(grow: Float = 6) -> FloatPlane {
        let oval = FaceIndex.faceOval.map { landmarks[$0].xy }
        var plane = FloatPlane(width: 256, height: 256)
        for y in 0..<256 {
            for x in 0..<256 {
                let p = Point2(Float(x), Float(y))
                let inside = SyntheticFace.contains(oval, p)
                let d = EyelidSkin.distance(p, polyline: oval + [oval[0]])
                let signed = inside ? -d : d
                plane[x, y] = min(max((grow + 2 - signed) / 4, 0), 1)
            }
        }
        return plane
    }

    /// The lay-over: where the warped matte is clear the background shows as it is, where it is
    /// solid the warped person, and between them the mix by the matte.
    @Test func theLayOverMixesByTheWarpedMatte() {
        let still = SyntheticFace.image(landmarks)
        let layer = PersonLayer(still: still, matte: matte())
        var warped = RGBImage(width: 256, height: 256)
        for i in warped.pixels.indices { warped.pixels[i] = 200 }
        var warpedMatte = GrayImage(width: 256, height: 256, fill: 255)
        warpedMatte.pixels[0] = 0
        warpedMatte.pixels[1] = 128
        layer.composite(&warped, warpedMatte: warpedMatte)
        let back = layer.background
        #expect(warped[0, 0] == back[0, 0])
        let mixed = Float(back[1, 0].r) + (200 - Float(back[1, 0].r)) * 128 / 255
        #expect(abs(Float(warped[1, 0].r) - mixed) <= 0.5 + 1e-3)
        #expect(warped[2, 0] == RGB(200, 200, 200))
    }

    @Test func anUnmovedFaceComesBackExactly() {
        let image = SyntheticFace.image(landmarks)
        let face = CharacterFace(landmarks: landmarks)
        let renderer = FaceRenderer(image: image, face: face)
        renderer.usePersonMatte(matte())
        let out = renderer.render(Retargeter(character: face, driverReference: landmarks).retarget(landmarks))
        #expect(ImageMetrics.psnr(out, image) > 45)
    }

    @Test func theBackgroundStaysWhereItIsWhenTheHeadMoves() {
        let image = SyntheticFace.image(landmarks)
        let face = CharacterFace(landmarks: landmarks)
        let moved = landmarks.map { LandmarkPoint(x: $0.x + 8, y: $0.y - 4, z: $0.z) }
        let matte = matte()
        let plain = FaceRenderer(image: image, face: face)
        let layered = FaceRenderer(image: image, face: face)
        layered.usePersonMatte(matte)
        let frame = Retargeter(character: face, driverReference: landmarks).retarget(moved)
        let before = plain.render(frame), after = layered.render(frame)
        // Background pixels well clear of the person, where it is now and where it was.
        var changedPlain = 0, changedLayered = 0, counted = 0
        let oval = FaceIndex.faceOval.map { landmarks[$0].xy }, movedOval = oval.map { $0 + Point2(8, -4) }
        for y in 0..<256 {
            for x in 0..<256 {
                let p = Point2(Float(x), Float(y))
                guard !SyntheticFace.contains(oval, p), !SyntheticFace.contains(movedOval, p),
                    EyelidSkin.distance(p, polyline: oval + [oval[0]]) > 14,
                    EyelidSkin.distance(p, polyline: movedOval + [movedOval[0]]) > 14
                else { continue }
                counted += 1
                func differs(_ a: RGB, _ b: RGB) -> Bool {
                    abs(Int(a.r) - Int(b.r)) + abs(Int(a.g) - Int(b.g)) + abs(Int(a.b) - Int(b.b)) > 6
                }
                if differs(before[x, y], image[x, y]) { changedPlain += 1 }
                if differs(after[x, y], image[x, y]) { changedLayered += 1 }
            }
        }
        #expect(counted > 1000)
        #expect(changedPlain > 500, "the rig alone moves the background near the head: \(changedPlain) of \(counted)")
        #expect(changedLayered == 0, "with the person layer: \(changedLayered) of \(counted) background pixels changed")
        // The face itself moved: the nose tip's surroundings are where the moved nose is.
        let tip = landmarks[FaceIndex.noseTip].xy
        #expect(after[Int(tip.x) + 8, Int(tip.y) - 4] == before[Int(tip.x) + 8, Int(tip.y) - 4])
    }

    @Test func aHoleIsFilledFromTheColoursBesideIt() {
        // Left half red, right half blue, a hole across the middle.
        var image = RGBImage(width: 64, height: 32)
        var known = [Bool](repeating: true, count: 64 * 32)
        for y in 0..<32 {
            for x in 0..<64 {
                image[x, y] = x < 32 ? RGB(200, 40, 40) : RGB(40, 40, 200)
                if x >= 16 && x < 48 && y >= 8 && y < 24 {
                    known[y * 64 + x] = false
                    image[x, y] = RGB(0, 255, 0)
                }
            }
        }
        let filled = BackgroundFill.filled(image, known: known)
        #expect(filled[17, 16].r > filled[17, 16].b + 60, "\(filled[17, 16]) by the red side")
        #expect(filled[46, 16].b > filled[46, 16].r + 60, "\(filled[46, 16]) by the blue side")
        #expect(filled[32, 16].g < 60, "no green left: \(filled[32, 16])")
        #expect(filled[5, 5] == image[5, 5])
    }
}
