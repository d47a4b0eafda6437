import FaceTracking
import Foundation
import Testing

@testable import Motion

/// The whole-clip neutral (`NeutralCalibration`) and one gaze for both eyes (`BinocularGaze`).
@Suite struct NeutralAndEyesFeatureTests {
    let motion = MotionEstimator()

    func measures(_ head: [Vec3], yaw: Double = 0) -> FaceMeasures {
        motion.estimate(points: posed(head, yaw: yaw, pitch: 0, roll: 0)).measures
    }

    /// A clip that opens with six seconds of a wide grin and then rests: the neutral is the rest,
    /// so the rest reads about 0 and the grin reads as a smile (the first seconds' neutral would
    /// have been the grin).
    @Test func aClipThatOpensGrinningRestsAtItsCalmFaces() {
        let rest = canonicalWithIrises()
        let grin = BlendshapeFeatureTests.smiling(BlendshapeFeatureTests.openingJaw(rest, by: 0.06), lift: 0.08)
        var calibration = NeutralCalibration()
        for f in 0..<300 { calibration.add(measures(f < 180 ? grin : rest, yaw: Double(f % 9) - 4)) }
        let n = calibration.neutral
        let atRest = motion.blendshapes(measures(rest), neutral: n)
        #expect(atRest.allSatisfy { $0 < 0.05 }, "\(zip(Blendshape.allCases, atRest).filter { $0.1 >= 0.05 })")
        let grinning = motion.blendshapes(measures(grin), neutral: n)
        #expect(grinning[Blendshape.mouthSmileLeft.index] > 0.5 && grinning[Blendshape.jawOpen.index] > 0.1)
    }

    /// An hour at 60 fps keeps at most `maximumSamples` faces, spread over all of it.
    @Test func samplesStayBoundedAndSpread() {
        var calibration = NeutralCalibration(maximumSamples: 64)
        var m = measures(canonicalWithIrises())
        for f in 0..<10_000 {
            m[.jawDrop] = Float(f)
            calibration.add(m)
        }
        #expect(calibration.facesSeen == 10_000)
        #expect(calibration.samples.count < 64 && calibration.samples.count >= 32)
        let kept = calibration.samples.map { $0[.jawDrop] }
        #expect(kept.first == 0 && kept.last! > 9_000, "the kept faces cover the whole clip")
    }

    /// The eyes read with a different constant offset each (the mesh places each iris a little
    /// differently): both eyes give one gaze, 0 at rest, and a look moves both alike.
    @Test func bothEyesGiveOneGaze() {
        let rest = Gaze(leftYaw: 9, leftPitch: -3, rightYaw: -12, rightPitch: 2)
        let eyes = BinocularGaze(neutral: rest)
        let atRest = eyes.gaze(rest, headYaw: 0)
        for v in [atRest.leftYaw, atRest.rightYaw, atRest.leftPitch, atRest.rightPitch] { #expect(abs(v) < 1e-4) }
        let look = eyes.gaze(Gaze(leftYaw: 29, leftPitch: 7, rightYaw: 6, rightPitch: 14), headYaw: 0)
        #expect(abs(look.leftYaw - 19) < 1e-3 && abs(look.rightYaw - 19) < 1e-3, "\(look)")
        #expect(look.leftPitch == look.rightPitch && abs(look.leftPitch - 11) < 1e-3)
        // Readings a few degrees apart are disagreement, not vergence.
        let apart = eyes.gaze(Gaze(leftYaw: 9 + 4, leftPitch: -3, rightYaw: -12 - 4, rightPitch: 2), headYaw: 0)
        #expect(apart.leftYaw == apart.rightYaw)
    }

    /// Both eyes turning in by 30° each (looking at the nose) is a real convergence and is kept,
    /// less the dead zone; eyes never diverge.
    @Test func aRealConvergenceIsKept() {
        let eyes = BinocularGaze(neutral: Gaze(leftYaw: 0, leftPitch: 0, rightYaw: 0, rightPitch: 0))
        let crossed = eyes.gaze(Gaze(leftYaw: -30, leftPitch: 0, rightYaw: 30, rightPitch: 0), headYaw: 0)
        #expect(crossed.leftYaw < -20 && crossed.rightYaw > 20, "\(crossed)")
        #expect(abs((crossed.rightYaw - crossed.leftYaw) - (60 - BinocularGaze.vergenceDeadZone)) < 1e-3)
        let outwards = eyes.gaze(Gaze(leftYaw: 30, leftPitch: 0, rightYaw: -30, rightPitch: 0), headYaw: 0)
        #expect(outwards.leftYaw == outwards.rightYaw)
    }

    /// As the head turns, the near eye's reading counts more (the far eye is foreshortened).
    @Test func theNearEyeLeadsOnATurnedHead() {
        let eyes = BinocularGaze(neutral: Gaze(leftYaw: 0, leftPitch: 0, rightYaw: 0, rightPitch: 0))
        let raw = Gaze(leftYaw: 0, leftPitch: 0, rightYaw: 8, rightPitch: 0)
        // Turned to the performer's left: the right eye is nearer the camera.
        #expect(eyes.gaze(raw, headYaw: 30).leftYaw > 6)
        #expect(eyes.gaze(raw, headYaw: -30).leftYaw < 2)
        #expect(abs(eyes.gaze(raw, headYaw: 0).leftYaw - 4) < 1e-4)
    }

    /// An eye whose readings sweep half the range of the other's is scaled up to meet it.
    @Test func gainsEqualiseTheEyes() {
        var samples: [FaceMeasures] = []
        var m = measures(canonicalWithIrises())
        for f in 0..<100 {
            let look = Float(f % 21 - 10) * 3  // -30...30
            m[.gazeYawLeft] = look
            m[.gazeYawRight] = look / 2
            samples.append(m)
        }
        var rest = m
        (rest[.gazeYawLeft], rest[.gazeYawRight]) = (0, 0)
        let eyes = BinocularGaze(neutral: rest, samples: samples)
        // Each is scaled towards the geometric mean of the two ranges (√2 each way, within the limit).
        #expect(abs(eyes.yawGainLeft - 1 / BinocularGaze.gainLimit) < 0.02, "\(eyes)")
        #expect(abs(eyes.yawGainRight - BinocularGaze.gainLimit) < 0.02, "\(eyes)")
        // A look read as 20° by one eye and 10° by the other is one look of about 14°.
        let g = eyes.gaze(Gaze(leftYaw: 20, leftPitch: 0, rightYaw: 10, rightPitch: 0), headYaw: 0)
        #expect(abs(g.leftYaw - 14.2) < 0.5 && g.leftYaw == g.rightYaw, "\(g)")
    }
}
