import FaceGeometry
import Imaging
import Motion
import Testing

@testable import Rendering

@Suite struct FaceRendererTests {
    let landmarks = SyntheticFace.landmarks()
    var image: RGBImage { SyntheticFace.image(landmarks) }

    @Test func identityDriveReproducesTheStill() {
        let face = CharacterFace(landmarks: landmarks)
        let renderer = FaceRenderer(image: image, face: face)
        let retargeter = Retargeter(character: face, driverReference: landmarks)
        let frame = retargeter.retarget(landmarks)
        let out = renderer.render(frame)
        #expect(ImageMetrics.psnr(out, image) > 45)
    }

    @Test func faceTrianglesTurnedAwayArePaintedBeforeTheNearSurface() {
        let face = CharacterFace(landmarks: landmarks)
        let renderer = FaceRenderer(image: image, face: face)
        let turned = SyntheticFace.rotated(landmarks, yawDegrees: 35)
        let geometry = renderer.geometry(for: RetargetedFace(landmarks: turned, transform: face.transform))
        // Every triangle is drawn once.
        #expect(geometry.order.count == renderer.rig.triangles.count)
        #expect(Set(geometry.order.map { [$0.a, $0.b, $0.c] }).count == renderer.rig.triangles.count)
        let still = renderer.rig.points, now = geometry.vertices
        func facesAway(_ t: IndexTriangle) -> Bool {
            max(t.a, t.b, t.c) < CharacterRig.facePointCount
                && (MeshWarp.cross(still[t.b] - still[t.a], still[t.c] - still[t.a]) > 0)
                    != (MeshWarp.cross(now[t.b] - now[t.a], now[t.c] - now[t.a]) > 0)
        }
        let away = geometry.order.indices.filter { facesAway(geometry.order[$0]) }
        let facing = geometry.order.indices.filter { i in
            max(geometry.order[i].a, geometry.order[i].b, geometry.order[i].c) < CharacterRig.facePointCount
                && !facesAway(geometry.order[i])
        }
        #expect(!away.isEmpty)
        #expect(away.max()! < facing.min()!)
    }

    @Test func aHeadShiftMovesTheFaceThere() {
        let face = CharacterFace(landmarks: landmarks)
        let renderer = FaceRenderer(image: image, face: face)
        let retargeter = Retargeter(character: face, driverReference: landmarks)
        let moved = landmarks.map { LandmarkPoint(x: $0.x + 6, y: $0.y, z: $0.z) }
        let out = renderer.render(retargeter.retarget(moved))
        // The nose tip's surroundings moved 6 px right, rigidly.
        let tip = landmarks[FaceIndex.noseTip].xy
        var worst = 0
        for dy in -3...3 {
            for dx in -3...3 {
                let x = Int(tip.x) + dx, y = Int(tip.y) + dy
                let a = out[x + 6, y], b = image[x, y]
                worst = max(worst, abs(Int(a.r) - Int(b.r)), abs(Int(a.g) - Int(b.g)), abs(Int(a.b) - Int(b.b)))
            }
        }
        #expect(worst <= 2)
        // Far from the face (beyond the rings that carry hair and neck) nothing moves.
        let small = SyntheticFace.landmarks(centre: Point2(60, 60), scale: 30)
        let wide = SyntheticFace.image(small, width: 400, height: 400)
        let smallFace = CharacterFace(landmarks: small)
        let shifted = FaceRenderer(image: wide, face: smallFace)
            .render(
                Retargeter(character: smallFace, driverReference: small).retarget(
                    small.map { LandmarkPoint(x: $0.x + 6, y: $0.y, z: $0.z) }))
        let far = IntRect(x: 250, y: 250, width: 150, height: 150)
        #expect(shifted.cropped(to: far) == wide.cropped(to: far))
    }

    @Test func closedDriverEyesCloseTheCharactersEyes() {
        let face = CharacterFace(landmarks: landmarks)
        let retargeter = Retargeter(character: face, driverReference: landmarks)
        var closed = landmarks
        for eye in FaceIndex.eyes {
            for (u, l) in zip(eye.upperLid, eye.lowerLid) { closed[u] = closed[l] }
        }
        let frame = retargeter.retarget(closed)
        for eye in FaceIndex.eyes {
            let before = CoverageMask(polygon: eye.opening.map { landmarks[$0].xy }, width: 256, height: 256).area
            let after = CoverageMask(polygon: eye.opening.map { frame.landmarks[$0].xy }, width: 256, height: 256).area
            #expect(before > 20 && after < 0.05 * before)
        }
    }

    @Test func synthesisedMouthFillsExactlyTheOpening() {
        var canvas = RGBImage(width: 256, height: 256, pixels: [UInt8](repeating: 128, count: 256 * 256 * 3))
        var points = landmarks.map(\.xy)
        // Open the lips: the lower inner lip points drop 12 px.
        for i in FaceIndex.innerLips[11...19] { points[i].y += 12 }
        let palette = CharacterPalette(lips: FloatRGB(190, 80, 90), sclera: FloatRGB(240, 240, 235), skin: FloatRGB(225, 180, 160))
        MouthRenderer.synthetic(into: &canvas, points: points, palette: palette, opacity: 1)
        let mask = CoverageMask(polygon: FaceIndex.innerLips.map { points[$0] }, width: 256, height: 256)
        #expect(mask.area > 100)
        var changedOutside = 0, unchangedInside = 0
        for y in 0..<256 {
            for x in 0..<256 {
                let changed = canvas[x, y] != RGB(128, 128, 128)
                if mask[x, y] == 0 && changed { changedOutside += 1 }
                if mask[x, y] >= 0.999 && !changed { unchangedInside += 1 }
            }
        }
        #expect(changedOutside == 0)
        #expect(unchangedInside == 0)
    }

    @Test func irisesFollowTheDriversGaze() {
        let face = CharacterFace(landmarks: landmarks)
        let retargeter = Retargeter(character: face, driverReference: landmarks)
        var looking = landmarks
        for eye in FaceIndex.eyes { for i in eye.iris { looking[i].x += 5 } }
        let frame = retargeter.retarget(looking)
        for eye in FaceIndex.eyes {
            #expect(abs(frame.landmarks[eye.iris[0]].x - landmarks[eye.iris[0]].x - 5) < 0.5)
        }
    }
}

/// When the mouth interior is drawn: never for lips that stay within a closed mouth's gap
/// (pressed, pursed, pouting), fully once they are clearly apart.
@Suite struct MouthOpeningTests {
    @Test func aGapUnderTheClosedShareOfTheWidthDrawsNothing() {
        // A 100 px mouth: 4 px (4 %) is still closed, 8 px (8 %) fully open.
        #expect(FaceRenderer.mouthOpacity(opening: 0, mouthWidth: 100) == 0)
        #expect(FaceRenderer.mouthOpacity(opening: 3.9, mouthWidth: 100) == 0)
        #expect(FaceRenderer.mouthOpacity(opening: 6, mouthWidth: 100) == 0.5)
        #expect(FaceRenderer.mouthOpacity(opening: 8, mouthWidth: 100) == 1)
        #expect(FaceRenderer.mouthOpacity(opening: 40, mouthWidth: 100) == 1)
    }

    @Test func smallMouthsKeepAPixelScaleFloor() {
        // A 10 px mouth: 4 % is under half a pixel, so half a pixel closes it and two pixels fade.
        #expect(FaceRenderer.mouthOpacity(opening: 0.5, mouthWidth: 10) == 0)
        #expect(FaceRenderer.mouthOpacity(opening: 1.5, mouthWidth: 10) == 0.5)
        #expect(FaceRenderer.mouthOpacity(opening: 2.5, mouthWidth: 10) == 1)
    }

    @Test func slightlyPartedLipsOnTheSyntheticFaceStayClosed() {
        let landmarks = SyntheticFace.landmarks()
        let face = CharacterFace(landmarks: landmarks)
        let renderer = FaceRenderer(image: SyntheticFace.image(landmarks), face: face)
        let width = renderer.stillMouthWidth
        func opacity(parting gap: Float) -> Float {
            var moved = landmarks
            for i in FaceIndex.innerLips[11...19] { moved[i].y += gap }
            let retargeted = RetargetedFace(landmarks: moved, transform: face.transform)
            return renderer.geometry(for: retargeted).mouthOpacity
        }
        #expect(opacity(parting: 0.02 * width) == 0, "a pout's rolled-out lips: no slit")
        #expect(opacity(parting: 0.2 * width) == 1, "an open mouth: the interior")
    }
}
