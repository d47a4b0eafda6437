import FaceGeometry
import Imaging
import Motion
import Testing

@testable import Motion

@Suite struct RetargeterTests {
    let driver = SyntheticFace.landmarks(centre: Point2(100, 120), scale: 60)
    let character = CharacterFace(landmarks: SyntheticFace.landmarks(centre: Point2(300, 260), scale: 150))

    func maxDistance(_ a: [LandmarkPoint], _ b: [LandmarkPoint]) -> Float {
        zip(a, b).map { $0.xy.distance(to: $1.xy) }.max() ?? 0
    }

    @Test func theReferenceFrameGivesTheStillLandmarks() {
        let r = Retargeter(character: character, driverReference: driver)
        #expect(maxDistance(r.retarget(driver).landmarks, character.landmarks) < 0.05)
    }

    @Test func headRotationCarriesOverAndScales() {
        let turned = SyntheticFace.rotated(driver, yawDegrees: 20)
        let full = Retargeter(character: character, driverReference: driver).retarget(turned)
        let pose = HeadPoseEstimator.pose(from: full.transform)
        #expect(abs(pose.yaw - character.pose.yaw - 20) < 1)
        let half = Retargeter(character: character, driverReference: driver, settings: RetargetSettings(poseScale: 0.5))
        #expect(abs(HeadPoseEstimator.pose(from: half.retarget(turned).transform).yaw - character.pose.yaw - 10) < 1)
        var still = RetargetSettings()
        still.regions.remove(.pose)
        let none = Retargeter(character: character, driverReference: driver, settings: still).retarget(turned)
        #expect(abs(HeadPoseEstimator.pose(from: none.transform).yaw - character.pose.yaw) < 0.01)
    }

    @Test func expressionsScaleToTheCharactersSize() {
        // The driver's chin drops 6 px at scale 60; the character is 2.5x bigger.
        var open = driver
        for i in [152, 148, 176, 377, 400, 17, 84, 314] { open[i].y += 6 }
        let r = Retargeter(character: character, driverReference: driver)
        let chin = r.retarget(open).landmarks[152].y - character.landmarks[152].y
        #expect(abs(chin - 15) < 1.5)
        let none = Retargeter(character: character, driverReference: driver, settings: RetargetSettings(expressionScale: 0))
        #expect(abs(none.retarget(open).landmarks[152].y - character.landmarks[152].y) < 0.3)
        let brows = Retargeter(character: character, driverReference: driver, settings: RetargetSettings(regions: [.brows]))
        #expect(abs(brows.retarget(open).landmarks[152].y - character.landmarks[152].y) < 0.3)
    }

    @Test func browsMoveByTheirGain() {
        var raised = driver
        for i in [107, 66, 105, 336, 296, 334] { raised[i].y -= 4 }
        let r = Retargeter(character: character, driverReference: driver)
        let lift = character.landmarks[107].y - r.retarget(raised).landmarks[107].y
        // 4 px at scale 60, 2.5x bigger, times the brow gain.
        #expect(abs(lift - Float(4 * 2.5 * Retargeter.browGain)) < 1.5, "\(lift)")
    }

    /// A character whose brows (the points `browHeight` measures) sit `shares[e]` times as far
    /// above eye `e` (`FaceIndex.eyes` order) as the synthetic face's.
    func character(browHeightTimes shares: [Float]) -> CharacterFace {
        var points = SyntheticFace.landmarks(centre: Point2(300, 260), scale: 150)
        for (eye, share) in zip(FaceIndex.eyes, shares) {
            let cornerY = (points[eye.outerCorner].y + points[eye.innerCorner].y) / 2
            for i in eye.browInner + eye.browOuter { points[i].y = cornerY + (points[i].y - cornerY) * share }
        }
        return CharacterFace(landmarks: points)
    }

    @Test func browsRiseByTheSameShareOfTheirHeightAboveTheEyes() {
        var raised = driver
        for i in [107, 66, 105, 336, 296, 334] { raised[i].y -= 4 }
        // 107 is over the right eye (FaceIndex.eyes[0]), 336 over the left.
        for shares: [Float] in [[2, 0.5], [0.5, 2]] {
            let face = character(browHeightTimes: shares)
            let out = Retargeter(character: face, driverReference: driver).retarget(raised).landmarks
            for (i, share) in zip([107, 336], shares) {
                // 4 px at scale 60, 2.5x bigger, times the brow gain, times the brows' height ratio.
                let lift = face.landmarks[i].y - out[i].y
                #expect(abs(lift - Float(4 * 2.5 * Retargeter.browGain) * share) < 1.5, "shares \(shares), point \(i): \(lift)")
            }
        }
    }

    /// Squinted lids in the reference frame: measured against that frame, every open-eyed frame
    /// would read wide; measured against the driver's usual opening it reads as drawn.
    @Test func eyesFollowTheDriversUsualOpeningNotOneFrame() {
        var squint = driver
        for eye in FaceIndex.eyes {
            for (u, l) in zip(eye.upperLid, eye.lowerLid) { squint[u].y += (squint[l].y - squint[u].y) * 0.5 }
        }
        func gap(_ p: [LandmarkPoint]) -> Float { p[FaceIndex.rightEye.lowerLid[3]].y - p[FaceIndex.rightEye.upperLid[3]].y }
        let fromFrame = Retargeter(character: character, driverReference: squint).retarget(driver)
        #expect(gap(fromFrame.landmarks) > 1.2 * gap(character.landmarks))
        let usual = Retargeter.typicalEyeOpenings([driver, squint, driver, nil, driver, driver])
        #expect(usual != nil)
        let fromUsual = Retargeter(character: character, driverReference: squint, driverEyeOpenings: usual).retarget(driver)
        #expect(abs(gap(fromUsual.landmarks) - gap(character.landmarks)) < 0.05 * gap(character.landmarks))
        #expect(Retargeter.typicalEyeOpenings([nil, nil]) == nil)
    }

    /// A smile's widening carries the skin just beyond the mouth corners with them, by a share
    /// falling off with distance, so the lips' visible corners (a little outside the mesh's)
    /// move as far as the corners do; the rest of the face stays.
    @Test func theSkinBeyondTheMouthCornersWidensWithThem() {
        let follow = Retargeter.cornerFollowShares()
        let followers = follow.indices.filter { follow[$0] != nil }
        #expect(followers.count >= 4)
        let corners = [FaceIndex.mouthCornerLeft, FaceIndex.mouthCornerRight]
        let mid = (driver[corners[0]].x + driver[corners[1]].x) / 2
        var wide = driver
        for c in corners { wide[c].x += driver[c].x > mid ? 4 : -4 }
        let r = Retargeter(character: character, driverReference: driver)
        let out = r.retarget(wide).landmarks
        let moved = { (i: Int) in out[i].x - character.landmarks[i].x }
        for c in corners {
            let outwards: Float = character.landmarks[c].x > (character.landmarks[corners[0]].x + character.landmarks[corners[1]].x) / 2 ? 1 : -1
            #expect(moved(c) * outwards > 8, "corner \(c) moved \(moved(c)) px")
        }
        for i in followers {
            let f = follow[i]!
            let expected = Float(f.share) * moved(f.corner)
            #expect(abs(moved(i) - expected) < 0.15 * abs(moved(f.corner)) + 0.3, "point \(i): \(moved(i)) px, expected \(expected)")
        }
        // A mouth point that is neither a corner nor beyond one (the lips' middle) stays.
        for i in [0, 17] { #expect(abs(moved(i)) < 0.3, "point \(i) moved \(moved(i)) px") }
    }
}
