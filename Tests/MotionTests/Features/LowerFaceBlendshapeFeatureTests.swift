import FaceGeometry
import FaceTracking
import Testing

@testable import Motion

/// The jaw, mouth, cheek and nose shapes on the canonical face with a few points moved in the
/// head frame: each rises when its points move and leaves the other shapes at about 0.
@Suite struct LowerFaceBlendshapeFeatureTests {
    let motion = MotionEstimator()

    func shapes(_ head: [Vec3], yaw: Double = 0, pitch: Double = 0, roll: Double = 0) -> [Float] {
        motion.blendshapes(motion.estimate(points: posed(head, yaw: yaw, pitch: pitch, roll: roll)).measures)
    }

    /// The lip table's rows: four lower rows of 11 (corner to corner) and four upper rows of 9.
    static let lipTable = MeshTopology.lipsRefinement
    static let lowerLipRows = [0, 20, 40, 60]
    static let upperLip: [Int] = [11, 31, 51, 71].flatMap { lipTable[$0..<$0 + 9] }
    static let lowerLipWithoutCorners: [Int] = lowerLipRows.flatMap { lipTable[$0 + 1..<$0 + 10] }
    static let lipCorners: [Int] = lowerLipRows.flatMap { [lipTable[$0], lipTable[$0 + 10]] }
    static let allLips = Array(lipTable)

    static func moving(_ head: [Vec3], _ points: [Int], by offset: Vec3) -> [Vec3] {
        var h = head
        for i in Set(points) { h[i] += offset }
        return h
    }

    static func leftHalf(_ points: [Int], of head: [Vec3]) -> [Int] { points.filter { head[$0].x > 0.02 } }

    /// `s` has each of `rising` at `atLeast` or more, and every shape outside `rising` and
    /// `allowing` below 0.05.
    func expectOnly(
        _ s: [Float], rising: [Blendshape], atLeast: Float = 0.5, allowing: [Blendshape] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for b in rising { #expect(s[b.index] >= atLeast, "\(b) = \(s[b.index])", sourceLocation: sourceLocation) }
        let others = zip(Blendshape.allCases, s).filter { !rising.contains($0.0) && !allowing.contains($0.0) && $0.1 >= 0.05 }
        #expect(others.isEmpty, "\(others)", sourceLocation: sourceLocation)
    }

    @Test func chinToOneSideIsJawLeftOrRight() {
        // The chin and jaw below the lower lip's crease, 0.05 (5 mm) to the subject's left, then right.
        let head = canonicalWithIrises()
        let chin = head.indices.filter { head[$0].y < -0.55 && abs(head[$0].x) < 0.6 }
        expectOnly(shapes(Self.moving(head, chin, by: Vec3(0.05, 0, 0))), rising: [.jawLeft])
        expectOnly(shapes(Self.moving(head, chin, by: Vec3(-0.05, 0, 0))), rising: [.jawRight])
    }

    @Test func lipsToOneSideAreMouthLeftOrRight() {
        // The stretch measure is the corner's distance from the midline, which one corner gains.
        let head = canonicalWithIrises()
        expectOnly(shapes(Self.moving(head, Self.allLips, by: Vec3(0.06, 0, 0))), rising: [.mouthLeft], allowing: [.mouthStretchLeft])
        expectOnly(shapes(Self.moving(head, Self.allLips, by: Vec3(-0.06, 0, 0))), rising: [.mouthRight], allowing: [.mouthStretchRight])
    }

    @Test func raisedUpperLipOnOneSideIsUpperUp() {
        let head = canonicalWithIrises()
        let s = shapes(Self.moving(head, Self.leftHalf(Self.upperLip, of: head), by: Vec3(0, 0.06, 0)))
        expectOnly(s, rising: [.mouthUpperUpLeft])
    }

    @Test func lowerLipPulledDownOnOneSideIsLowerDown() {
        // The left half and middle of the lower lip drop 0.10, parting the lips; the corners,
        // where the lips meet, follow halfway (so the corners stay level with the lips' middle).
        let head = canonicalWithIrises()
        let dropped = Self.lowerLipWithoutCorners.filter { head[$0].x > -0.02 }
        let face = Self.moving(Self.moving(head, dropped, by: Vec3(0, -0.10, 0)), Self.lipCorners, by: Vec3(0, -0.05, 0))
        expectOnly(shapes(face), rising: [.mouthLowerDownLeft])
        // The same lip movement made by opening the jaw (chin and lip together) is not lowerDown.
        let jaw = BlendshapeFeatureTests.openingJaw(head, by: 0.10)
        #expect(shapes(jaw)[Blendshape.mouthLowerDownLeft.index] < 0.05)
    }

    @Test func thinnerLipsAreRolledIn() {
        // The outer edges move towards the inner ones: 0.02 of the upper lip's ≈ 0.06, 0.03 of the lower's ≈ 0.10.
        let head = canonicalWithIrises()
        let upperOuter = FaceIndex.upperLipEdges.map(\.top), lowerOuter = FaceIndex.lowerLipEdges.map(\.bottom)
        expectOnly(shapes(Self.moving(head, upperOuter, by: Vec3(0, -0.02, 0))), rising: [.mouthRollUpper])
        expectOnly(shapes(Self.moving(head, lowerOuter, by: Vec3(0, 0.03, 0))), rising: [.mouthRollLower])
        // With the lips apart, thinner lips are not read as rolled in.
        let apart = Self.moving(Self.moving(head, lowerOuter, by: Vec3(0, 0.03, 0)), [FaceIndex.lowerLipInner], by: Vec3(0, -0.08, 0))
        #expect(shapes(apart)[Blendshape.mouthRollLower.index] < 0.05)
    }

    @Test func lipsSqueezedOnOneSideArePressed() {
        let head = canonicalWithIrises()
        let side = FaceIndex.leftSide
        let face = Self.moving(Self.moving(head, [side.lipsUpper], by: Vec3(0, -0.02, 0)), [side.lipsLower], by: Vec3(0, 0.02, 0))
        expectOnly(shapes(face), rising: [.mouthPressLeft])
    }

    @Test func chinBossPushedUpIsShrugLower() {
        let head = canonicalWithIrises()
        expectOnly(shapes(Self.moving(head, FaceIndex.chinBoss, by: Vec3(0, 0.04, 0))), rising: [.mouthShrugLower])
    }

    @Test func upperLipMiddleUpIsShrugUpper() {
        let head = canonicalWithIrises()
        expectOnly(shapes(Self.moving(head, [FaceIndex.upperLipOuter], by: Vec3(0, 0.04, 0))), rising: [.mouthShrugUpper])
    }

    @Test func cornerPulledBackIsDimple() {
        let head = canonicalWithIrises()
        expectOnly(shapes(Self.moving(head, [FaceIndex.mouthCornerLeft], by: Vec3(0, 0, -0.04))), rising: [.mouthDimpleLeft])
        // Pulled back, up and out is a smile, not a dimple.
        let smile = shapes(Self.moving(head, [FaceIndex.mouthCornerLeft], by: Vec3(0.08, 0.10, -0.04)))
        #expect(smile[Blendshape.mouthSmileLeft.index] > 0.9 && smile[Blendshape.mouthDimpleLeft.index] < 0.05)
    }

    @Test func raisedCheekIsCheekSquint() {
        let head = canonicalWithIrises()
        expectOnly(shapes(Self.moving(head, FaceIndex.leftSide.cheek, by: Vec3(0, 0.04, 0))), rising: [.cheekSquintLeft])
        expectOnly(shapes(Self.moving(head, FaceIndex.rightSide.cheek, by: Vec3(0, 0.04, 0))), rising: [.cheekSquintRight])
    }

    @Test func raisedNoseWingIsSneer() {
        let head = canonicalWithIrises()
        expectOnly(shapes(Self.moving(head, FaceIndex.rightSide.noseWing, by: Vec3(0, 0.04, 0))), rising: [.noseSneerRight])
    }

    @Test func widerCheeksArePuff() {
        let head = canonicalWithIrises()
        let pairs = FaceIndex.cheekWidthPairs
        let face = Self.moving(Self.moving(head, pairs.map(\.left), by: Vec3(0.04, 0, 0)), pairs.map(\.right), by: Vec3(-0.04, 0, 0))
        expectOnly(shapes(face), rising: [.cheekPuff])
        // The same widening with the corners raised is a smile, not a puff.
        let grin = BlendshapeFeatureTests.smiling(face, lift: 0.10)
        #expect(shapes(grin)[Blendshape.cheekPuff.index] < 0.05)
    }

    @Test func turningTheHeadLeavesLowerFaceShapesAlone() {
        let head = canonicalWithIrises()
        let chin = head.indices.filter { head[$0].y < -0.55 && abs(head[$0].x) < 0.6 }
        var face = Self.moving(head, chin, by: Vec3(-0.04, 0, 0))
        face = Self.moving(face, Self.allLips, by: Vec3(0.04, 0, 0))
        face = Self.moving(face, FaceIndex.chinBoss, by: Vec3(0, 0.03, 0))
        face = Self.moving(face, [FaceIndex.mouthCornerRight], by: Vec3(0, 0, -0.03))
        face = Self.moving(face, FaceIndex.leftSide.cheek + FaceIndex.leftSide.noseWing, by: Vec3(0, 0.03, 0))
        let front = shapes(face)
        for b: Blendshape in [.jawRight, .mouthLeft, .mouthShrugLower, .mouthDimpleRight, .cheekSquintLeft, .noseSneerLeft] {
            #expect(front[b.index] > 0.3, "\(b) = \(front[b.index])")
        }
        for (y, p, r) in [(35.0, 0.0, 0.0), (0.0, 20.0, 0.0), (-30.0, -15.0, 25.0)] {
            let turned = shapes(face, yaw: y, pitch: p, roll: r)
            let worst = zip(front, turned).map { abs($0 - $1) }.max()!
            #expect(worst < 0.05, "pose \(y), \(p), \(r): max change \(worst)")
        }
    }
}
