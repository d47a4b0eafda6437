import FaceGeometry
import Imaging
import Motion
import Testing

/// `Retargeter.retarget(_:onto:mouthRest:)`: the driver's expression put on a frame of a
/// character clip, which has its own pose and its own mouth.
@Suite struct RetargeterOntoFrameTests {
    let driver = SyntheticFace.landmarks(centre: Point2(100, 120), scale: 60)
    let rest = CharacterFace(landmarks: SyntheticFace.landmarks(centre: Point2(300, 260), scale: 150))

    func maxDistance(_ a: [LandmarkPoint], _ b: [LandmarkPoint], _ indices: [Int]) -> Float {
        indices.map { a[$0].xy.distance(to: b[$0].xy) }.max() ?? 0
    }

    var keepThePose: RetargetSettings {
        var settings = RetargetSettings()
        settings.regions.remove(.pose)
        return settings
    }

    /// The clip has moved and turned since its rest frame: at the driver's rest, the frame's own
    /// face comes out, where it is in the frame and as turned as it is.
    @Test func theDriversRestGivesTheFramesOwnFace() {
        let moved = CharacterFace(
            landmarks: SyntheticFace.rotated(SyntheticFace.landmarks(centre: Point2(340, 250), scale: 140), yawDegrees: 15))
        let r = Retargeter(character: rest, driverReference: driver, settings: keepThePose)
        let out = r.retarget(driver, onto: moved, mouthRest: nil)
        #expect(maxDistance(out.landmarks, moved.landmarks, Array(0..<478)) < 0.05)
        #expect(abs(HeadPoseEstimator.pose(from: out.transform).yaw - moved.pose.yaw) < 0.01)
        // With the driver's pose animated, the frame's pose is where turning starts from.
        let turned = SyntheticFace.rotated(driver, yawDegrees: 10)
        let posed = Retargeter(character: rest, driverReference: driver).retarget(turned, onto: moved, mouthRest: nil)
        #expect(abs(HeadPoseEstimator.pose(from: posed.transform).yaw - moved.pose.yaw - 10) < 1)
    }

    /// A frame where the character's own mouth is open: with `mouthRest`, the mouth takes the
    /// rest's shape (the driver is at rest), while eyes and brows stay the frame's own.
    @Test func theRestMouthReplacesTheFramesOwnLips() {
        var talking = SyntheticFace.landmarks(centre: Point2(300, 260), scale: 150)
        let lowerLip = [FaceIndex.lowerLipInner, FaceIndex.chin]
        for i in lowerLip { talking[i].y += 12 }
        var frame = talking
        for eye in FaceIndex.eyes { for i in eye.upperLid { frame[i].y += 2 } }
        let face = CharacterFace(landmarks: frame)
        let r = Retargeter(character: rest, driverReference: driver, settings: keepThePose)
        let own = r.retarget(driver, onto: face, mouthRest: nil)
        let dubbed = r.retarget(driver, onto: face, mouthRest: rest)
        #expect(maxDistance(own.landmarks, frame, lowerLip) < 0.05)
        #expect(maxDistance(dubbed.landmarks, rest.landmarks, lowerLip) < 0.5)
        let lids = FaceIndex.eyes.flatMap(\.upperLid)
        #expect(maxDistance(dubbed.landmarks, frame, lids) < 0.05)
        // Without the mouth animated (`--animate eyes,brows`), the frame's own lips stay.
        var noMouth = keepThePose
        noMouth.regions.remove(.mouth)
        let kept = Retargeter(character: rest, driverReference: driver, settings: noMouth).retarget(driver, onto: face, mouthRest: rest)
        #expect(maxDistance(kept.landmarks, frame, lowerLip) < 0.05)
    }
}
