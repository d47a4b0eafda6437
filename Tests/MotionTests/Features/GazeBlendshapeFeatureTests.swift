import FaceGeometry
import FaceTracking
import Foundation
import Testing

@testable import Motion

@Suite struct GazeFeatureTests {
    let motion = MotionEstimator()

    @Test func centredIrisGivesZeroGaze() throws {
        let g = try #require(motion.estimate(points: posed(canonicalWithIrises(), yaw: 0, pitch: 0, roll: 0)).gaze)
        for v in [g.leftYaw, g.leftPitch, g.rightYaw, g.rightPitch] { #expect(abs(v) < 0.5) }
    }

    @Test func shiftedIrisesAreSigned() throws {
        // Both irises 0.2 half-widths towards the subject's left (+x) and 0.15 up.
        let head = canonicalWithIrises(leftShift: (0.2, 0.15), rightShift: (0.2, 0.15))
        for (y, p, r) in [(0.0, 0.0, 0.0), (30.0, -15.0, 20.0)] {
            let g = try #require(motion.estimate(points: posed(head, yaw: y, pitch: p, roll: r)).gaze)
            let gain = motion.gaze.degreesPerHalfWidth
            let expectedYaw = Float(gain * 0.2), expectedPitch = Float(gain * 0.15)
            #expect(abs(g.leftYaw - expectedYaw) < 0.5 && abs(g.rightYaw - expectedYaw) < 0.5, "\(g)")
            #expect(abs(g.leftPitch - expectedPitch) < 0.5 && abs(g.rightPitch - expectedPitch) < 0.5, "\(g)")
        }
        let down = try #require(
            motion.estimate(
                points: posed(
                    canonicalWithIrises(leftShift: (-0.1, -0.2), rightShift: (0.1, -0.2)),
                    yaw: 0, pitch: 0, roll: 0)
            ).gaze)
        #expect(down.leftPitch < -10 && down.rightPitch < -10)
        #expect(down.leftYaw < -5 && down.rightYaw > 5, "both look inwards (cross-eyed): \(down)")
    }

    @Test func fullLooksAreThirtyToFortyDegreesEitherWay() throws {
        // Irises against the corners read mostly 0.35–0.45 half widths on real clips (d0, d10);
        // inwards and outwards give the same size of angle.
        for shift in [0.35, 0.45] {
            let g = try #require(
                motion.estimate(
                    points: posed(
                        canonicalWithIrises(leftShift: (shift, 0), rightShift: (shift, 0)),
                        yaw: 0, pitch: 0, roll: 0)
                ).gaze)
            let back = try #require(
                motion.estimate(
                    points: posed(
                        canonicalWithIrises(leftShift: (-shift, 0), rightShift: (-shift, 0)),
                        yaw: 0, pitch: 0, roll: 0)
                ).gaze)
            for v in [g.leftYaw, g.rightYaw] { #expect(v >= 30 && v <= 42, "\(shift): \(g)") }
            #expect(abs(g.leftYaw + back.leftYaw) < 0.5 && abs(g.rightYaw + back.rightYaw) < 0.5, "\(g) \(back)")
        }
    }

    @Test func noIrisesNoGaze() {
        #expect(motion.estimate(points: posed(CanonicalFace.points, yaw: 0, pitch: 0, roll: 0)).gaze == nil)
    }
}

@Suite struct BlendshapeFeatureTests {
    let motion = MotionEstimator()

    func shapes(_ head: [Vec3], yaw: Double = 0, pitch: Double = 0, roll: Double = 0) -> [Float] {
        motion.blendshapes(motion.estimate(points: posed(head, yaw: yaw, pitch: pitch, roll: roll)).measures)
    }

    static func closingEye(_ head: [Vec3], _ eye: FaceIndex.Eye) -> [Vec3] {
        var h = head
        for pair in eye.lidPairs { h[pair.upper].y = h[pair.lower].y + 0.002 }
        return h
    }

    static func openingJaw(_ head: [Vec3], by d: Double) -> [Vec3] {
        // The lower lip (from the lower inner lip point down), chin and jaw; corners stay.
        // The upper lip: the 9-point rows of the lip table (the 11-point rows are lower lip and corners).
        let lip = MeshTopology.lipsRefinement
        let upper = Set([11, 31, 51, 71].flatMap { lip[$0..<$0 + 9] })
        let lowerLipY = head[FaceIndex.lowerLipInner].y + 1e-6
        return head.indices.map { i in
            var q = head[i]
            if abs(q.x) < 0.6 && q.y <= lowerLipY && !upper.contains(i) { q.y -= d }
            return q
        }
    }

    /// Mouth corners raised by `lift` and, when it is a smile (lift > 0), drawn out by as much.
    static func smiling(_ head: [Vec3], lift: Double) -> [Vec3] {
        var h = head
        for i in [FaceIndex.mouthCornerLeft, FaceIndex.mouthCornerRight] {
            h[i].y += lift
            if lift > 0 { h[i].x += h[i].x > 0 ? lift : -lift }
        }
        return h
    }

    @Test func neutralIsZero() {
        let s = shapes(canonicalWithIrises())
        #expect(s.count == 52)
        #expect(s.allSatisfy { $0 < 0.02 }, "\(zip(Blendshape.allCases, s).filter { $0.1 >= 0.02 })")
    }

    @Test func closedEyelidsBlink() {
        let head = canonicalWithIrises()
        let left = shapes(Self.closingEye(head, FaceIndex.leftEye))
        #expect(left[Blendshape.eyeBlinkLeft.index] > 0.95)
        #expect(left[Blendshape.eyeBlinkRight.index] < 0.05)
        let both = shapes(Self.closingEye(Self.closingEye(head, FaceIndex.leftEye), FaceIndex.rightEye), yaw: -25)
        #expect(both[Blendshape.eyeBlinkLeft.index] > 0.95 && both[Blendshape.eyeBlinkRight.index] > 0.95)
    }

    @Test func openJawRaisesJawOpen() {
        let head = canonicalWithIrises()
        let small = shapes(Self.openingJaw(head, by: 0.05))[Blendshape.jawOpen.index]
        let large = shapes(Self.openingJaw(head, by: 0.15))[Blendshape.jawOpen.index]
        #expect(small > 0.1 && large > small + 0.2 && large <= 1, "\(small) \(large)")
        #expect(shapes(Self.openingJaw(head, by: 0.15))[Blendshape.mouthClose.index] < 0.05)
    }

    @Test func raisedCornersSmile() {
        let s = shapes(Self.smiling(canonicalWithIrises(), lift: 0.06))
        #expect(s[Blendshape.mouthSmileLeft.index] > 0.6 && s[Blendshape.mouthSmileRight.index] > 0.6)
        #expect(s[Blendshape.mouthFrownLeft.index] == 0)
        let f = shapes(Self.smiling(canonicalWithIrises(), lift: -0.04))
        #expect(f[Blendshape.mouthFrownLeft.index] > 0.6 && f[Blendshape.mouthSmileLeft.index] == 0)
    }

    /// An open mouth (the lower lip and chin dropping, the corners following by the jaw lever, as
    /// measured on real clips) is not a smile, and a corner that only rises is not one either.
    @Test func openMouthAndLoneLiftAreNotSmiles() {
        let head = canonicalWithIrises()
        var open = Self.openingJaw(head, by: 0.15)
        for i in [FaceIndex.mouthCornerLeft, FaceIndex.mouthCornerRight] { open[i].y -= 0.15 * FaceMeasures.cornerJawLever }
        let o = shapes(open)
        #expect(o[Blendshape.jawOpen.index] > 0.3)
        #expect(
            o[Blendshape.mouthSmileLeft.index] < 0.1 && o[Blendshape.mouthSmileRight.index] < 0.1, "\(o[Blendshape.mouthSmileLeft.index])")
        var lifted = head
        lifted[FaceIndex.mouthCornerLeft].y += 0.08
        #expect(shapes(lifted)[Blendshape.mouthSmileLeft.index] < 0.05)
    }

    @Test func turningTheHeadLeavesExpressionsAlone() {
        let face = Self.smiling(
            Self.openingJaw(
                Self.closingEye(
                    canonicalWithIrises(leftShift: (0.1, 0), rightShift: (-0.1, 0)),
                    FaceIndex.rightEye), by: 0.08), lift: 0.03)
        let front = shapes(face)
        #expect(front[Blendshape.jawOpen.index] > 0.2 && front[Blendshape.eyeBlinkRight.index] > 0.9)
        for (y, p, r) in [(35.0, 0.0, 0.0), (0.0, 20.0, 0.0), (-30.0, -15.0, 25.0)] {
            let turned = shapes(face, yaw: y, pitch: p, roll: r)
            let worst = zip(front, turned).map { abs($0 - $1) }.max()!
            #expect(worst < 0.05, "pose \(y), \(p), \(r): max change \(worst)")
        }
    }

    @Test func notEstimatedStayZero() {
        let s = shapes(Self.smiling(Self.openingJaw(canonicalWithIrises(), by: 0.2), lift: 0.05), yaw: 20)
        for b in BlendshapeEstimator.notEstimated { #expect(s[b.index] == 0) }
        #expect(BlendshapeEstimator.estimated.count + BlendshapeEstimator.notEstimated.count == 52)
    }
}

@Suite struct NeutralCalibrationFeatureTests {
    /// A performer with a wider mouth, longer face and lower brows than the canonical face, who
    /// blinks now and then and talks: after calibration their resting face maps to about 0.
    @Test func performerNeutralMapsToZero() {
        var base = canonicalWithIrises()
        for i in base.indices { base[i].y *= 1.08 }
        base[FaceIndex.mouthCornerLeft].x += 0.04
        base[FaceIndex.mouthCornerRight].x -= 0.04
        for i in FaceIndex.leftEye.browInner + FaceIndex.rightEye.browInner { base[i].y -= 0.03 }
        let motion = MotionEstimator()
        var calibration = NeutralCalibration()
        let restingRaw = motion.blendshapes(motion.estimate(points: posed(base, yaw: 0, pitch: 0, roll: 0)).measures)
        #expect(restingRaw.max()! > 0.3, "uncalibrated, the performer's rest looks like an expression")
        for f in 0..<60 {
            var head = base
            if f % 10 == 0 {
                head = BlendshapeFeatureTests.closingEye(BlendshapeFeatureTests.closingEye(head, FaceIndex.leftEye), FaceIndex.rightEye)
            }
            if f % 4 == 1 { head = BlendshapeFeatureTests.openingJaw(head, by: 0.1) }
            let e = motion.estimate(points: posed(head, yaw: Double(f % 7) * 4 - 12, pitch: Double(f % 5) * 2, roll: 3))
            calibration.add(e.measures)
        }
        let neutral = calibration.neutral
        let resting = motion.blendshapes(motion.estimate(points: posed(base, yaw: 10, pitch: -5, roll: 0)).measures, neutral: neutral)
        #expect(resting.allSatisfy { $0 < 0.03 }, "\(zip(Blendshape.allCases, resting).filter { $0.1 >= 0.03 })")
        let blink = motion.blendshapes(
            motion.estimate(points: posed(BlendshapeFeatureTests.closingEye(base, FaceIndex.leftEye), yaw: 0, pitch: 0, roll: 0)).measures,
            neutral: neutral)
        #expect(blink[Blendshape.eyeBlinkLeft.index] > 0.9)
    }

    /// A performer who starts with a frown, lids lowered to a third of their opening and lips
    /// closed, then talks with eyes open: the quiet (lips closed) frames are all lowered-lid ones,
    /// yet the neutral eye is the open one, so open eyes are not "wide" and a blink reads in full.
    @Test func loweredLidsAtTheStartDoNotBecomeTheNeutralEye() {
        let base = canonicalWithIrises()
        func lowering(_ head: [Vec3], to fraction: Double) -> [Vec3] {
            var h = head
            for eye in [FaceIndex.leftEye, FaceIndex.rightEye] {
                for pair in eye.lidPairs { h[pair.upper].y = h[pair.lower].y + (h[pair.upper].y - h[pair.lower].y) * fraction }
            }
            return h
        }
        let motion = MotionEstimator()
        var calibration = NeutralCalibration()
        for f in 0..<150 {
            let head = f < 90 ? lowering(base, to: 1.0 / 3) : BlendshapeFeatureTests.openingJaw(base, by: 0.05 + 0.01 * Double(f % 3))
            calibration.add(motion.estimate(points: posed(head, yaw: 0, pitch: 0, roll: 0)).measures)
        }
        let neutral = calibration.neutral
        func shapes(_ head: [Vec3]) -> [Float] {
            motion.blendshapes(motion.estimate(points: posed(head, yaw: 0, pitch: 0, roll: 0)).measures, neutral: neutral)
        }
        let open = shapes(base)
        for b in [Blendshape.eyeBlinkLeft, .eyeBlinkRight, .eyeWideLeft, .eyeWideRight] {
            #expect(open[b.index] < 0.03, "open eyes read \(b) \(open[b.index])")
        }
        let shut = shapes(BlendshapeFeatureTests.closingEye(BlendshapeFeatureTests.closingEye(base, FaceIndex.leftEye), FaceIndex.rightEye))
        #expect(shut[Blendshape.eyeBlinkLeft.index] > 0.9 && shut[Blendshape.eyeBlinkRight.index] > 0.9)
        let lowered = shapes(lowering(base, to: 1.0 / 3))
        #expect(lowered[Blendshape.eyeBlinkLeft.index] > 0.8, "two thirds of the opening gone is most of a blink")
    }
}
