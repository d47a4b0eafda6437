import Foundation
import Testing

@testable import Motion

private struct Noise {
    var state: UInt64
    mutating func next() -> Double {  // uniform in -1...1
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) * 2 - 1
    }
}

private func variance(_ xs: [Double]) -> Double {
    let mean = xs.reduce(0, +) / Double(xs.count)
    return xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count)
}

private func frame(_ i: Int, time: Double, found: Bool = true, yaw: Float = 0, shape: Float = 0.5) -> FrameMotion {
    FrameMotion(
        index: i, time: time, faceFound: found, confidence: found ? 1 : 0,
        pose: found ? HeadPose(yaw: yaw, pitch: 0, roll: 0, x: 100, y: 100, scale: 1) : nil,
        gaze: found ? Gaze(leftYaw: 0, leftPitch: 0, rightYaw: 0, rightPitch: 0) : nil,
        blendshapes: Array(repeating: found ? shape : 0, count: 52), landmarks: nil)
}

@Suite struct SmoothingTests {
    @Test func constantInputStaysConstant() {
        var f = OneEuroFilter(OneEuroParameters(minCutoff: 1, beta: 0.5))
        for i in 0..<100 { #expect(abs(f.filter(3.25, at: Double(i) / 30) - 3.25) < 1e-12) }
    }

    @Test func stepConverges() {
        var f = OneEuroFilter(OneEuroParameters(minCutoff: 1, beta: 0))
        _ = f.filter(0.0, at: 0)
        var last = 0.0
        for i in 1...90 {
            let y = f.filter(1.0, at: Double(i) / 30)
            #expect(y >= last - 1e-12 && y <= 1)  // monotone, no overshoot
            last = y
        }
        #expect(last > 0.999)
    }

    @Test func jitterIsReduced() {
        var f = OneEuroFilter(OneEuroParameters(minCutoff: 1, beta: 0.01))
        var noise = Noise(state: 42)
        var input: [Double] = [], output: [Double] = []
        for i in 0..<300 {
            let x = 10 + 0.5 * noise.next()
            input.append(x)
            output.append(f.filter(x, at: Double(i) / 30))
        }
        #expect(variance(Array(output.dropFirst(30))) < 0.25 * variance(Array(input.dropFirst(30))))
    }

    @Test func betaReducesLagOnFastMotion() {
        func lag(beta: Double) -> Double {
            var f = OneEuroFilter(OneEuroParameters(minCutoff: 0.5, beta: beta))
            var worst = 0.0
            for i in 0..<60 {
                let t = Double(i) / 30
                let x = 90 * t  // 90 units per second ramp
                worst = max(worst, abs(f.filter(x, at: t) - x))
            }
            return worst
        }
        #expect(lag(beta: 0.5) < 0.5 * lag(beta: 0))
    }

    @Test func variableFrameRateUsesRealTimes() {
        // The same step, sampled at 30 fps or 60 fps, reaches about the same value after the same time.
        func after(_ fps: Double) -> Double {
            var f = OneEuroFilter(OneEuroParameters(minCutoff: 1, beta: 0))
            _ = f.filter(0.0, at: 0)
            var y = 0.0
            for i in 1...Int(fps / 2) { y = f.filter(1.0, at: Double(i) / fps) }
            return y
        }
        #expect(abs(after(30) - after(60)) < 0.05)
        var f = OneEuroFilter()
        _ = f.filter(1.0, at: 1)
        #expect(f.filter(5.0, at: 1) == 1.0)  // no time passed: unchanged
        f.reset()
        #expect(!f.isPrimed && f.filter(5.0, at: 2) == 5.0)
    }

    @Test func smootherResetsAfterLostFace() {
        var s = MotionSmoother()
        var out = frame(0, time: 0, yaw: 0)
        for i in 0..<30 { out = s.smooth(frame(i, time: Double(i) / 30, yaw: 0, shape: 0.1)) }
        #expect(abs(out.pose!.yaw) < 1e-6)
        let lost = s.smooth(frame(30, time: 1, found: false))
        #expect(lost.pose == nil && !lost.faceFound)
        // The face comes back turned 40°: it starts there, not pulled towards the old 0°.
        let back = s.smooth(frame(31, time: 31.0 / 30, yaw: 40, shape: 0.9))
        #expect(back.pose!.yaw == 40 && abs(back.blendshapes[0] - 0.9) < 1e-6)
        // Without the lost frame, the jump is filtered (One-Euro lets fast motion through, but not all of it).
        var t = MotionSmoother()
        for i in 0..<30 { _ = t.smooth(frame(i, time: Double(i) / 30, yaw: 0)) }
        #expect(t.smooth(frame(31, time: 31.0 / 30, yaw: 40)).pose!.yaw < 38)
    }

    @Test func smootherClampsBlendshapesAndCanBeOff() {
        var s = MotionSmoother(settings: .init(blendshapes: OneEuroParameters(minCutoff: 100, beta: 0)))
        var noise = Noise(state: 7)
        for i in 0..<60 {
            let f = frame(i, time: Double(i) / 30, shape: Float(0.5 + 0.7 * noise.next()))
            var g = f
            g.blendshapes = f.blendshapes.map { min(1.2, max(-0.2, $0)) }
            let out = s.smooth(g)
            #expect(out.blendshapes.allSatisfy { $0 >= 0 && $0 <= 1 })
        }
        var off = MotionSmoother(settings: .off)
        let f = frame(0, time: 0, yaw: 5)
        #expect(off.smooth(f) == f)
    }
}
