import FaceTracking
import Imaging
import Motion
@testable import Rendering
import Testing

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
        let eyeY = (landmarks[33].y + landmarks[263].y) / 2, chinY = landmarks[FaceParts.chin].y
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
}
