import FaceGeometry
import Imaging
import Motion
import Testing

@testable import Rendering

/// A shut eye is drawn as lid skin with a lash line, not as the open eye squeezed into a slit.
@Suite struct EyelidSkinTests {
    let landmarks = SyntheticFace.landmarks()

    /// The synthetic face with a dark band of lashes and lid-fold shadow above each eye, as a
    /// real open eye has: squeezing the eye shut by warping alone would stretch that band over
    /// the whole closed eye.
    var image: RGBImage {
        var image = SyntheticFace.image(landmarks)
        let xy = landmarks.map(\.xy)
        for eye in FaceIndex.eyes {
            let band = [eye.outerCorner] + eye.upperRing + [eye.innerCorner] + eye.upperLid.reversed()
            let mask = CoverageMask(polygon: band.map { xy[$0] }, width: image.width, height: image.height)
            for y in mask.rect.y..<(mask.rect.y + mask.rect.height) {
                for x in mask.rect.x..<(mask.rect.x + mask.rect.width) where mask[x, y] > 0.5 { image[x, y] = RGB(40, 30, 30) }
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

    @Test func aShutEyeShowsLidSkinAndALashLine() {
        let still = image
        let face = CharacterFace(landmarks: landmarks)
        let renderer = FaceRenderer(image: still, face: face)
        let frame = Retargeter(character: face, driverReference: landmarks).retarget(closing(by: 1))
        let out = renderer.render(frame)
        let skin = FloatRGB(225, 180, 160)
        for eye in FaceIndex.eyes {
            // Over where the eye was open, the shut lid: skin-coloured on average, far from the lashes.
            let opening = CoverageMask(polygon: eye.opening.map { landmarks[$0].xy }, width: out.width, height: out.height)
            var sum: Float = 0, n: Float = 0
            for y in opening.rect.y..<(opening.rect.y + opening.rect.height) {
                for x in opening.rect.x..<(opening.rect.x + opening.rect.width) where opening[x, y] > 0.99 {
                    sum += luma(CharacterPalette.colour(out[x, y]))
                    n += 1
                }
            }
            #expect(n > 20)
            #expect(sum / n > luma(skin) - 45, "mean luma \(sum / n) over the shut eye; skin \(luma(skin))")
            // Where the lids meet: a dark lash line.
            let meet = frame.landmarks[eye.upperLid[3]].xy
            let darkest = (-3...3).map { luma(CharacterPalette.colour(out[Int(meet.x), Int(meet.y) + $0])) }.min()!
            #expect(darkest < luma(skin) - 60, "darkest \(darkest) at the lids' meeting line")
        }
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
