import FaceGeometry
import Imaging
import Motion
import Testing

@testable import Rendering

/// A shut eye is drawn with the still's own lid skin pulled down, lashes on the lower lid, not as
/// the open eye squeezed into a slit.
@Suite struct EyelidSkinTests {
    let landmarks = SyntheticFace.landmarks()
    /// Eye shadow on the visible lid, between the lid fold (the skin ring) and the lid's edge.
    static let lidColour = RGB(170, 120, 175)

    /// The synthetic face with a made-up lid over each eye (`lidColour`) ending in a dark line of
    /// lashes along its edge, as a real open eye has: squeezing the eye shut by warping alone
    /// would press lashes, lid and eye into a dark slit.
    var image: RGBImage {
        var image = SyntheticFace.image(landmarks)
        let xy = landmarks.map(\.xy)
        for eye in FaceIndex.eyes {
            let band = [eye.outerCorner] + eye.upperRing + [eye.innerCorner] + eye.upperLid.reversed()
            let mask = CoverageMask(polygon: band.map { xy[$0] }, width: image.width, height: image.height)
            let edge = ([eye.outerCorner] + eye.upperLid + [eye.innerCorner]).map { xy[$0] }
            for y in mask.rect.y..<(mask.rect.y + mask.rect.height) {
                for x in mask.rect.x..<(mask.rect.x + mask.rect.width) where mask[x, y] > 0.5 {
                    let nearEdge = EyelidSkin.distance(Point2(Float(x), Float(y)), polyline: edge) < 1.5
                    image[x, y] = nearEdge ? RGB(40, 30, 30) : Self.lidColour
                }
            }
        }
        return image
    }

    func closing(by fraction: Float) -> [LandmarkPoint] {
        var points = landmarks
        for eye in FaceIndex.eyes {
            for (u, l) in zip(eye.upperLid, eye.lowerLid) {
                points[u].x += (points[l].x - points[u].x) * fraction
                points[u].y += (points[l].y - points[u].y) * fraction
            }
        }
        return points
    }

    @Test func aShutEyeShowsTheStillsOwnLidAndItsLashesOnTheLowerLid() {
        let still = image
        let face = CharacterFace(landmarks: landmarks)
        let renderer = FaceRenderer(image: still, face: face)
        let frame = Retargeter(character: face, driverReference: landmarks).retarget(closing(by: 1))
        let out = renderer.render(frame)
        let lid = CharacterPalette.colour(Self.lidColour)
        for eye in FaceIndex.eyes {
            // Over where the eye was open, the shut lid: the made-up lid's own colour, not a
            // flat skin tone and not the lashes smeared over it.
            let opening = CoverageMask(polygon: eye.opening.map { landmarks[$0].xy }, width: out.width, height: out.height)
            var sum = FloatRGB(0, 0, 0), n: Float = 0
            for y in opening.rect.y..<(opening.rect.y + opening.rect.height) {
                for x in opening.rect.x..<(opening.rect.x + opening.rect.width) where opening[x, y] > 0.99 {
                    let c = CharacterPalette.colour(out[x, y])
                    sum = FloatRGB(sum.r + c.r, sum.g + c.g, sum.b + c.b)
                    n += 1
                }
            }
            #expect(n > 20)
            let mean = scale(sum, 1 / max(n, 1))
            #expect(
                mean.b > mean.g + 5,
                "mean \(mean) over the shut eye: the lid shadow's colour (blue over green; the face's skin is 20 under)")
            #expect(luma(mean) > luma(lid) - 45, "mean luma \(luma(mean)); the lid's \(luma(lid))")
            // Where the lids meet: the lashes.
            let meet = frame.landmarks[eye.upperLid[3]].xy
            let darkest = (-3...3).map { luma(CharacterPalette.colour(out[Int(meet.x), Int(meet.y) + $0])) }.min()!
            #expect(darkest < luma(lid) - 50, "darkest \(darkest) at the lids' meeting line")
        }
    }

    @Test func theLidPullPutsTheLidsEdgeOnTheLowerLid() {
        let p = landmarks.map(\.xy)
        let eye = FaceIndex.eyes[0]
        let top = [p[eye.outerCorner]] + zip(eye.upperRing, eye.upperLid).map { p[$0] + (p[$0] - p[$1]) } + [p[eye.innerCorner]]
        let pull = LidPull(eye, points: p, top: top)
        let edge = ([eye.outerCorner] + eye.upperLid + [eye.innerCorner]).map { p[$0] }
        // The lower lid takes its colour from the lid's edge (its lashes), right above it.
        for i in eye.lowerLid[2...4] {
            let from = pull.source(of: p[i])
            #expect(EyelidSkin.distance(from, polyline: edge) < 0.5, "\(from)")
        }
        // The top of the opening takes the lid's skin above the lashes.
        let from = pull.source(of: p[eye.upperLid[3]])
        #expect(EyelidSkin.distance(from, polyline: edge) > 1)
    }

    @Test func aLidWithoutLashesIsTonedFurtherTowardsTheSocket() {
        let socket = FloatRGB(150, 120, 100)
        #expect(EyelidSkin.shade(socket: socket, lash: FloatRGB(30, 25, 25)) == EyelidSkin.lidShade.lashed)
        #expect(EyelidSkin.shade(socket: socket, lash: FloatRGB(140, 115, 95)) == EyelidSkin.lidShade.bare)
        let between = EyelidSkin.shade(socket: socket, lash: FloatRGB(80, 70, 60))
        #expect(between > EyelidSkin.lidShade.lashed && between < EyelidSkin.lidShade.bare)
    }

    @Test func aHalfClosedEyeIsOnlyWarped() {
        #expect(EyelidSkin.opacity(closure: 0.3) == 0)
        #expect(EyelidSkin.opacity(closure: EyelidSkin.fadeEnd) == 1)
        let still = image
        let face = CharacterFace(landmarks: landmarks)
        let renderer = FaceRenderer(image: still, face: face)
        let geometry = renderer.geometry(for: Retargeter(character: face, driverReference: landmarks).retarget(closing(by: 0.3)))
        var warped = renderer.texture
        MeshWarp.draw(
            source: renderer.texture, sourcePoints: renderer.rig.points, targetPoints: geometry.vertices,
            triangles: geometry.order, into: &warped, skipUnmoved: true)
        var lidded = warped
        renderer.lids.draw(
            into: &lidded, sourcePoints: renderer.rig.points, vertices: geometry.vertices,
            points: geometry.points, headScale: geometry.headScale)
        #expect(lidded == warped)
    }
}
