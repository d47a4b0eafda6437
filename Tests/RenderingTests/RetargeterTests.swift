import FaceTracking
import Imaging
import Motion
import Testing

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
        let turned = rotated(driver, yawDegrees: 20)
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

    /// `points` turned about their centroid by `yawDegrees` (towards the image's right).
    func rotated(_ points: [LandmarkPoint], yawDegrees: Double) -> [LandmarkPoint] {
        let c = points.reduce(Vec3(repeating: 0)) { $0 + HeadFrame.flipped($1) } / Double(points.count)
        let r = HeadPoseEstimator.rotation(yaw: yawDegrees, pitch: 0, roll: 0)
        return points.map { HeadFrame.landmark(r * (HeadFrame.flipped($0) - c) + c) }
    }
}
