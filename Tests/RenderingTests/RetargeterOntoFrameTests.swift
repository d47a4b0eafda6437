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

    /// `rest` with each upper lid moved `share` of the way down to the lower lid.
    func narrowed(by share: Float) -> CharacterFace {
        var points = rest.landmarks
        for eye in FaceIndex.eyes {
            for (u, l) in zip(eye.upperLid, eye.lowerLid) { points[u].y += (points[l].y - points[u].y) * share }
        }
        return CharacterFace(landmarks: points)
    }

    /// A clip frame whose person has half-closed their eyes: with `eyeRest`, the driver at rest
    /// gives the calm face's opening, not the frame's own (within `eyeRestRange`).
    @Test func eyesOpenFromTheCalmFaceNotTheFramesOwnLids() throws {
        let r = Retargeter(character: rest, driverReference: driver, settings: keepThePose)
        let frame = narrowed(by: 0.25)
        for eye in FaceIndex.eyes {
            let calm = rest.eyeOpening(eye), own = frame.eyeOpening(eye)
            try #require(own < 0.8 * calm && own > 0.7 * calm)
            let kept = CharacterFace(landmarks: r.retarget(driver, onto: frame, mouthRest: nil).landmarks)
            let opened = CharacterFace(landmarks: r.retarget(driver, onto: frame, mouthRest: nil, eyeRest: rest).landmarks)
            #expect(abs(kept.eyeOpening(eye) - own) < 0.01 * calm)
            #expect(abs(opened.eyeOpening(eye) - calm) < 0.02 * calm)
        }
        // An eye the frame has nearly shut opens no more than 1.4 times its own.
        let shut = narrowed(by: 0.75)
        let limited = CharacterFace(landmarks: r.retarget(driver, onto: shut, mouthRest: nil, eyeRest: rest).landmarks)
        for eye in FaceIndex.eyes {
            #expect(abs(limited.eyeOpening(eye) - 1.4 * shut.eyeOpening(eye)) < 0.02 * rest.eyeOpening(eye))
        }
        // The driver's blink still closes the calm-sized eye: half the reference opening lost
        // closes two thirds of it (`EyelidModel`).
        var blinking = driver
        for eye in FaceIndex.eyes {
            for (u, l) in zip(eye.upperLid, eye.lowerLid) { blinking[u].y += (blinking[l].y - blinking[u].y) * 0.5 }
        }
        let blink = CharacterFace(landmarks: r.retarget(blinking, onto: frame, mouthRest: nil, eyeRest: rest).landmarks)
        for eye in FaceIndex.eyes {
            #expect(abs(blink.eyeOpening(eye) - rest.eyeOpening(eye) / 3) < 0.03 * rest.eyeOpening(eye))
        }
    }
}
