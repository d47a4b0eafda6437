import FaceGeometry
import Imaging
import Motion
import Testing

@testable import Rendering

@Suite struct CharacterRigTests {
    /// A small face in a big image, so every ring fits inside it.
    let landmarks = SyntheticFace.landmarks(centre: Point2(200, 160), scale: 40)

    /// Each ring/border vertex's motion when the whole face moves 10 px right.
    func ringMotion() -> [(point: Point2, moved: Float)] {
        let rig = CharacterRig(face: CharacterFace(landmarks: landmarks), width: 400, height: 400)
        let shifted = landmarks.map { LandmarkPoint(x: $0.x + 10, y: $0.y, z: $0.z) }
        let (targets, _) = rig.targets(face: shifted)
        return (rig.firstExtra..<rig.points.count).map { (rig.points[$0], targets[$0].x - rig.points[$0].x) }
    }

    @Test func hairBesideTheForeheadMovesWithTheHeadAndTheNeckLags() {
        let motion = ringMotion()
        let eyeY = (landmarks[33].y + landmarks[263].y) / 2, chinY = landmarks[FaceIndex.chin].y
        // The first ring above the eyes carries the head's whole motion.
        let nearAbove = motion.filter { $0.point.y < eyeY && $0.moved > 9.99 }
        #expect(nearAbove.count >= 4)
        // Below the chin nothing takes more than the neck's share of the motion.
        let belowChin = motion.filter { $0.point.y > chinY + 1 }
        #expect(!belowChin.isEmpty)
        #expect(belowChin.allSatisfy { $0.moved <= 10 * CharacterRig.neckFactor + 1e-3 })
        // Never backwards, never more than the head.
        #expect(motion.allSatisfy { $0.moved >= 0 && $0.moved <= 10 + 1e-3 })
    }

    @Test func hangFactorFallsFromTheEyesToTheChin() {
        #expect(CharacterRig.hangFactor(y: 50, eyeY: 100, chinY: 200) == 1)
        #expect(CharacterRig.hangFactor(y: 100, eyeY: 100, chinY: 200) == 1)
        #expect(abs(CharacterRig.hangFactor(y: 150, eyeY: 100, chinY: 200) - (1 + CharacterRig.neckFactor) / 2) < 1e-6)
        #expect(abs(CharacterRig.hangFactor(y: 260, eyeY: 100, chinY: 200) - CharacterRig.neckFactor) < 1e-6)
    }

    /// How far each outline landmark has been passed by the farthest face point of its sector,
    /// beyond what the still already showed (0 where the outline is the silhouette).
    func silhouetteExcess(_ rig: CharacterRig, _ points: [Point2]) -> [Float] {
        let oval = FaceIndex.faceOval
        let centre = oval.reduce(Point2(0, 0)) { $0 + points[$1] } / Float(oval.count)
        return rig.silhouette.map {
            CharacterRig.reach(points, sector: $0.sector, landmark: $0.landmark, centre: centre) - $0.stillOvershoot
        }
    }

    @Test func aTurnedHeadsOutlineFollowsItsSilhouette() {
        let rig = CharacterRig(face: CharacterFace(landmarks: landmarks), width: 400, height: 400)
        // Standing still moves nothing.
        #expect(rig.targets(face: landmarks).points == rig.points)
        // Turned 35°, the far side's outline landmarks swing behind the cheek: several pixels
        // inside the face's edge at this size (face radius ≈ 30 px).
        let turned = SyntheticFace.rotated(landmarks, yawDegrees: 35)
        let raw = silhouetteExcess(rig, turned.map(\.xy))
        #expect((raw.max() ?? 0) > 2)
        // They move back out to the edge; the other side is left where it was put.
        var fitted = turned.prefix(CharacterRig.facePointCount).map(\.xy)
        rig.fitOutlineToSilhouette(&fitted)
        #expect(silhouetteExcess(rig, fitted).allSatisfy { $0 < 0.01 })
        for (k, landmark) in FaceIndex.faceOval.enumerated() where raw[k] <= 0 {
            #expect(fitted[landmark] == turned[landmark].xy)
        }
        // The whole rig keeps the far side at least that wide (its edge may relax a little further out).
        let (targets, _) = rig.targets(face: turned)
        let noseX = turned[FaceIndex.noseTip].x
        let farthest = { (p: [Point2]) in FaceIndex.faceOval.map { p[$0].x - noseX }.max()! }
        #expect(farthest(targets) >= farthest(fitted) - 0.5)
        #expect(farthest(fitted) > farthest(turned.map(\.xy)) + 0.5)
        // Nothing outside the face turns over.
        let firstExtra = rig.firstExtra
        let flipped = rig.triangles.filter { t in
            guard max(t.a, t.b, t.c) >= firstExtra else { return false }
            let before = MeshWarp.cross(rig.points[t.b] - rig.points[t.a], rig.points[t.c] - rig.points[t.a])
            let after = MeshWarp.cross(targets[t.b] - targets[t.a], targets[t.c] - targets[t.a])
            return (before > 0) != (after > 0)
        }
        #expect(flipped.isEmpty)
    }

    @Test func aRingPointIsPushedAheadRatherThanPassedOver() {
        let rig = CharacterRig(face: CharacterFace(landmarks: landmarks), width: 400, height: 400)
        // The whole face 12 px down: the first ring under the chin takes only the neck's share.
        let lowered = landmarks.map { LandmarkPoint(x: $0.x, y: $0.y + 12, z: $0.z) }
        let (targets, _) = rig.targets(face: lowered)
        for k in 0..<(rig.points.count - rig.firstExtra) where rig.anchors[k] >= 0 {
            let i = rig.firstExtra + k, a = rig.anchors[k]
            let still = rig.points[i] - rig.points[a]
            let gap = (targets[i] - targets[a]).dot(still / still.length)
            #expect(gap >= CharacterRig.minimumGap * still.length - 1e-3)
        }
    }
}
