import FaceGeometry
import Imaging
import Motion
import Testing

@testable import Rendering

/// A character's alpha plane moves with its face (`FaceRenderer.renderAlpha`).
@Suite struct FaceRendererAlphaTests {
    let landmarks = SyntheticFace.landmarks()

    /// A textured alpha: stripes over a vertical ramp, so any shift or smear of the warp shows.
    static func pattern(width: Int = 256, height: Int = 256) -> GrayImage {
        var alpha = GrayImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width { alpha[x, y] = UInt8(60 + y * 120 / height + ((x / 3 + y / 7) % 2) * 70) }
        }
        return alpha
    }

    /// An image whose three channels are `alpha`: its rendered colour is then directly
    /// comparable with the rendered alpha.
    static func grey(_ alpha: GrayImage) -> RGBImage {
        RGBImage(width: alpha.width, height: alpha.height, pixels: alpha.pixels.flatMap { [$0, $0, $0] })
    }

    @Test func grayWarpMatchesTheColourWarp() {
        let alpha = Self.pattern(width: 65, height: 49)
        var points: [Point2] = []
        for j in 0...3 { for i in 0...3 { points.append(Point2(Float(i * 65) / 3 - 0.5, Float(j * 49) / 3 - 0.5)) } }
        points += [Point2(20, 16), Point2(38, 28)]
        let triangles = DelaunayTriangulation.triangles(points)
        var moved = points
        moved[16] = Point2(25, 19)
        moved[17] = Point2(33, 30)
        var colour = RGBImage(width: 65, height: 49), grey = GrayImage(width: 65, height: 49)
        MeshWarp.draw(source: Self.grey(alpha), sourcePoints: points, targetPoints: moved, triangles: triangles, into: &colour)
        MeshWarp.draw(source: alpha, sourcePoints: points, targetPoints: moved, triangles: triangles, into: &grey)
        #expect(grey.pixels == stride(from: 0, to: colour.pixels.count, by: 3).map { colour.pixels[$0] })
        #expect(grey != alpha)
    }

    @Test func identityDriveKeepsTheAlphaExactly() {
        let face = CharacterFace(landmarks: landmarks)
        let image = SyntheticFace.image(landmarks)
        // Opaque over the face, fading out towards the corners, like a cut-out portrait.
        var alpha = GrayImage(width: 256, height: 256)
        for y in 0..<256 {
            for x in 0..<256 {
                let d = Point2(Float(x), Float(y)).distance(to: Point2(128, 128))
                alpha[x, y] = UInt8(min(max((180 - d) * 4, 0), 255))
            }
        }
        let renderer = FaceRenderer(image: image, face: face)
        let frame = Retargeter(character: face, driverReference: landmarks).retarget(landmarks)
        #expect(renderer.renderAlpha(alpha, geometry: renderer.geometry(for: frame)) == alpha)
    }

    @Test func alphaMovesExactlyWithTheColour() {
        let alpha = Self.pattern()
        let face = CharacterFace(landmarks: landmarks)
        let renderer = FaceRenderer(image: Self.grey(alpha), face: face)
        let retargeter = Retargeter(character: face, driverReference: landmarks)
        let moved = landmarks.map { LandmarkPoint(x: $0.x + 6, y: $0.y - 3, z: $0.z) }
        let geometry = renderer.geometry(for: retargeter.retarget(moved))
        let colour = renderer.render(geometry)
        let warped = renderer.renderAlpha(alpha, geometry: geometry)
        #expect(warped != alpha)
        // The colour's eyes are redrawn (irises, eye whites): leave their neighbourhood out,
        // still and moved. Everywhere else alpha and colour are the same warp of the same plane.
        var eyes: [IntRect] = []
        for points in [landmarks.map(\.xy), geometry.points] {
            for eye in FaceIndex.eyes {
                let box = Rect.bounding(eye.opening.map { points[$0] } + eye.iris.map { points[$0] })!
                eyes.append(IntRect(x: Int(box.x) - 3, y: Int(box.y) - 3, width: Int(box.width) + 7, height: Int(box.height) + 7))
            }
        }
        var compared = 0, differing = 0
        for y in 0..<256 {
            for x in 0..<256 where !eyes.contains(where: { $0.contains(x: x, y: y) }) {
                compared += 1
                if warped[x, y] != colour[x, y].r { differing += 1 }
            }
        }
        #expect(compared > 60_000)
        #expect(differing == 0, "\(differing) pixels' alpha is not where their colour is")
        // And it moved with the head: around the nose tip, 6 px right and 3 up.
        let tip = landmarks[FaceIndex.noseTip].xy
        for dy in -3...3 {
            for dx in -3...3 {
                let x = Int(tip.x) + dx, y = Int(tip.y) + dy
                #expect(abs(Int(warped[x + 6, y - 3]) - Int(alpha[x, y])) <= 2)
            }
        }
    }

    @Test func drawnEyesAndMouthAreOpaque() {
        // A half-transparent character, eyes and mouth included.
        let alpha = GrayImage(width: 256, height: 256, fill: 128)
        let face = CharacterFace(landmarks: landmarks)
        let renderer = FaceRenderer(image: SyntheticFace.image(landmarks), face: face)
        let retargeter = Retargeter(character: face, driverReference: landmarks)
        // Open the mouth: the lower inner lip drops 12 px.
        var open = landmarks
        for i in FaceIndex.innerLips[11...19] { open[i].y += 12 }
        let geometry = renderer.geometry(for: retargeter.retarget(open))
        #expect(geometry.mouthOpacity == 1)
        let out = renderer.renderAlpha(alpha, geometry: geometry)
        let mouth = CoverageMask(polygon: FaceIndex.innerLips.map { geometry.points[$0] }, width: 256, height: 256)
        let eyes = FaceIndex.eyes.map { eye in CoverageMask(polygon: eye.opening.map { geometry.points[$0] }, width: 256, height: 256) }
        var inside = 0
        for y in 0..<256 {
            for x in 0..<256 {
                let covered = ([mouth] + eyes).map { $0[x, y] }.max()!
                if covered >= 0.999 { #expect(out[x, y] == 255); inside += 1 }
                if covered == 0 { #expect(out[x, y] == 128) }
            }
        }
        #expect(inside > 150)
    }
}
