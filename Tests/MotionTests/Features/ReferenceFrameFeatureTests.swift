import FaceGeometry
import FaceTracking
import Testing

@testable import Motion

/// The automatic reference frame is the performer's calmest face, never an expression, even when
/// expressions fill most of the frames it is chosen from.
@Suite struct ReferenceFrameFeatureTests {
    static let rest = canonicalWithIrises()
    /// A teeth-baring grin: corners up and out, lips parted by 0.04 (4 mm).
    static let grin = BlendshapeFeatureTests.smiling(BlendshapeFeatureTests.openingJaw(rest, by: 0.04), lift: 0.05)

    static func frame(_ head: [Vec3], yaw: Double = 0) -> [LandmarkPoint] { posed(head, yaw: yaw, pitch: 0, roll: 0) }

    static func talking(_ f: Int) -> [Vec3] { BlendshapeFeatureTests.openingJaw(rest, by: 0.02 + 0.02 * Double(f % 4)) }

    @Test func aGrinThroughTheFirstSecondsIsNotTheReference() {
        // Four seconds of grin at 30 frames/s, then talking with one calm third of a second.
        let frames = (0..<300).map { f -> [LandmarkPoint]? in
            if f < 120 { return Self.frame(Self.grin) }
            if (200..<210).contains(f) { return Self.frame(Self.rest) }
            return Self.frame(Self.talking(f))
        }
        let chosen = ReferenceFrame.calmest(frames)
        #expect(chosen.map { (200..<210).contains($0) } == true, "chose \(String(describing: chosen))")
    }

    @Test func closedLipsWinWhenGrinsAreMostFrames() {
        // Grins 80 % of the time, with lips parted by different amounts: a gap measured against the
        // quietest third of the frames would call the smallest grin closed.
        let frames = (0..<150).map { f -> [LandmarkPoint]? in
            if (70..<80).contains(f) { return Self.frame(Self.rest) }
            let gap = 0.02 + 0.01 * Double(f % 3)
            return Self.frame(BlendshapeFeatureTests.smiling(BlendshapeFeatureTests.openingJaw(Self.rest, by: gap), lift: 0.05))
        }
        let chosen = ReferenceFrame.calmest(frames)
        #expect(chosen.map { (70..<80).contains($0) } == true, "chose \(String(describing: chosen))")
    }

    @Test func blinksAndTurnsAreNotRest() {
        // Calm throughout, but frames 0-39 blink, 40-79 turn 15°, 80-89 are open-eyed and frontal.
        let shut = BlendshapeFeatureTests.closingEye(
            BlendshapeFeatureTests.closingEye(Self.rest, FaceIndex.leftEye),
            FaceIndex.rightEye)
        let frames = (0..<200).map { f -> [LandmarkPoint]? in
            if f < 40 { return Self.frame(f % 2 == 0 ? shut : Self.rest) }
            if f < 80 { return Self.frame(Self.rest, yaw: 15) }
            if f < 90 { return Self.frame(Self.rest) }
            return Self.frame(Self.rest, yaw: f % 2 == 0 ? 4 : -4)
        }
        let chosen = ReferenceFrame.calmest(frames)
        #expect(chosen.map { (80..<90).contains($0) } == true, "chose \(String(describing: chosen))")
    }

    @Test func oneCalmFrameAmongExpressionsLosesToACalmStretch() {
        // Frame 30 alone is at rest (a tracking glitch in a grin); 100-109 are at rest but 3° turned.
        let frames = (0..<150).map { f -> [LandmarkPoint]? in
            if f == 30 { return Self.frame(Self.rest) }
            if (100..<110).contains(f) { return Self.frame(Self.rest, yaw: 3) }
            return Self.frame(Self.grin)
        }
        let chosen = ReferenceFrame.calmest(frames)
        #expect(chosen.map { (100..<110).contains($0) } == true, "chose \(String(describing: chosen))")
    }

    @Test func framesWithoutAFaceAreNeverChosen() {
        #expect(ReferenceFrame.calmest([nil, nil]) == nil)
        let frames: [[LandmarkPoint]?] = [nil, Self.frame(Self.grin), nil, Self.frame(Self.rest), nil]
        #expect(ReferenceFrame.calmest(frames) == 3)
    }

    @Test func theSearchCoversTenSecondsAndAtLeastNinetyFrames() {
        #expect(ReferenceFrame.searchFrames(frameRate: 30) == 300)
        #expect(ReferenceFrame.searchFrames(frameRate: 25) == 250)
        #expect(ReferenceFrame.searchFrames(frameRate: 5) == 90)
        #expect(ReferenceFrame.searchFrames(frameRate: .nan) == 90)
        #expect(ReferenceFrame.searchFrames(frameRate: 1e300) == 2400)
    }
}
