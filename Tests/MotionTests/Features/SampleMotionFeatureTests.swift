import FaceTracking
import Testing

@testable import Motion

/// End to end on the project's own portrait (the face the canonical face was made from, so this
/// checks the plumbing and signs rather than accuracy): a frontal, upright face looking at the camera.
@Suite(.serialized) struct SampleMotionFeatureTests {
    @Test(.enabled(if: featureSampleAvailable))
    func samplePortraitIsFrontal() throws {
        let face = try sampleLandmarks()
        #expect(face.points.count == 478)
        let motion = MotionEstimator()
        let e = motion.estimate(points: face.points)
        print("sample: pose \(e.pose), gaze \(String(describing: e.gaze)), fit rms \(e.transform.rmsError) px")
        #expect(abs(e.pose.yaw) < 15 && abs(e.pose.pitch) < 15 && abs(e.pose.roll) < 15)
        let iod = face.points[33].xy.distance(to: face.points[263].xy)
        #expect(abs(e.pose.scale - iod) < 0.1 * iod, "scale \(e.pose.scale) vs eye-corner distance \(iod) px")
        #expect(e.transform.rmsError < 0.05 * Double(iod))
        let g = try #require(e.gaze)
        for v in [g.leftYaw, g.leftPitch, g.rightYaw, g.rightPitch] { #expect(abs(v) < 15) }
        let shapes = motion.blendshapes(e.measures)
        print("sample blendshapes: \(zip(Blendshape.allCases, shapes).filter { $0.1 > 0.05 })")
        #expect(shapes[Blendshape.eyeBlinkLeft.index] < 0.3 && shapes[Blendshape.eyeBlinkRight.index] < 0.3)
        #expect(shapes[Blendshape.jawOpen.index] < 0.3)
    }
}
