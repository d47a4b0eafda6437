import Foundation
import Testing

@testable import Motion

@Suite struct TrackResamplerTests {
    static func frame(_ index: Int, rate: Double, face: Bool = true, yaw: Float = 0, blend: Float = 0) -> FrameMotion {
        FrameMotion(
            index: index, time: Double(index) / rate, faceFound: face, confidence: face ? 1 : 0,
            pose: face ? HeadPose(yaw: yaw, pitch: 0, roll: 0, x: 0, y: 0, scale: 100) : nil,
            gaze: nil, blendshapes: [Float](repeating: face ? blend : 0, count: 52), landmarks: nil)
    }

    static func run(_ frames: [FrameMotion], rate: Int, duration: Double) -> [FrameMotion] {
        var r = TrackResampler(rateNumerator: rate, duration: duration)
        return frames.flatMap { r.add($0) } + r.finish()
    }

    /// 25 fps → 60 fps: duration × 60 rows at k/60 s, values interpolated in time.
    @Test func upsamplesByInterpolating() throws {
        let input = (0..<100).map { Self.frame($0, rate: 25, yaw: Float($0), blend: Float($0) / 100) }
        let out = Self.run(input, rate: 60, duration: 4)
        #expect(out.count == 240)
        #expect(out.enumerated().allSatisfy { $0.element.index == $0.offset && abs($0.element.time - Double($0.offset) / 60) < 1e-12 })
        // At t = 0.5 s the input is exactly frame 12.5: yaw 12.5.
        #expect(abs(out[30].pose!.yaw - 12.5) < 1e-4 && abs(out[30].blendshapes[0] - 0.125) < 1e-5)
        // Past the last input frame (3.96 s) the last is held.
        #expect(out[239].pose!.yaw == 99)
    }

    /// 30 fps → 24 fps drops in between; 29.97 → 60.
    @Test func otherRates() {
        let input = (0..<30).map { Self.frame($0, rate: 30, yaw: Float($0)) }
        #expect(Self.run(input, rate: 24, duration: 1).count == 24)
        let ntsc = (0..<300).map { i in
            var f = Self.frame(i, rate: 30000.0 / 1001)
            f.time = Double(i) * 1001 / 30000
            return f
        }
        #expect(Self.run(ntsc, rate: 60, duration: 300 * 1001 / 30000.0).count == 601)
    }

    /// A face is not faded in from nothing: next to a frame without a face the nearer is taken.
    @Test func framesWithoutAFaceAreNotBlended() {
        let input = [Self.frame(0, rate: 10, yaw: 10, blend: 1), Self.frame(1, rate: 10, face: false)]
        let out = Self.run(input, rate: 40, duration: 0.2)
        #expect(out.count == 8)
        #expect(out[1].faceFound && out[1].pose?.yaw == 10 && out[1].blendshapes[0] == 1)
        #expect(!out[3].faceFound && out[3].pose == nil)
    }
}
