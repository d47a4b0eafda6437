import Foundation
import Motion
import Testing

@testable import ActOne

@Suite struct TrackSummaryTests {
    typealias S = SyntheticTrack

    @Test func rangesFaceShareAndMouthOpenCountFramesWithAFaceOnly() {
        // 60 frames; 10…19 without a face; yaw runs −30…29 over the found frames; the jaw is open
        // (0.5 > 0.3) on 10 of the 50 frames with a face, and just below the threshold on 5 more.
        let frames = (0..<60).map { i in
            S.frame(
                i, found: !(10..<20).contains(i), yaw: Float(i) - 30, pitch: 2, roll: i == 45 ? -7 : 1,
                shapes: [.jawOpen: (30..<40).contains(i) ? 0.5 : (40..<45).contains(i) ? 0.3 : 0.1])
        }
        let summary = TrackSummary(metadata: S.metadata(frames: 60), frames: frames)
        #expect(summary.frames == 60 && summary.framesWithFace == 50)
        #expect(summary.frameRate == 30 && summary.duration == 2)
        #expect(abs(summary.faceFoundPercent - 83.33) < 0.01)
        #expect(summary.yaw == TrackSummary.Extent(min: -30, max: 29, minFrame: 0, maxFrame: 59))
        #expect(summary.pitch?.min == 2 && summary.pitch?.max == 2 && summary.pitch?.minFrame == 0)
        #expect(summary.roll == TrackSummary.Extent(min: -7, max: 1, minFrame: 45, maxFrame: 0))
        #expect(summary.mouthOpenPercent == 20)
    }

    @Test func blinksAreCountedAsEvents() throws {
        // 10 s at 30 fps. closure = mean of eyeBlinkLeft and eyeBlinkRight.
        var closure = [Float](repeating: 0.1, count: 300)
        var lost: Set<Int> = []
        for (i, v) in [(30, 0.8), (31, 0.95), (32, 0.9), (33, 0.6)] { closure[i] = Float(v) }  // blink 1, deepest at 31
        for i in 100...102 { closure[i] = 0.9 }  // blink 2
        // Reopened for one frame (0.033 s < 0.1 s): one blink, not two.
        for i in [200, 201, 202, 204, 205] { closure[i] = 0.9 }
        closure[205] = 0.99  // blink 3, deepest at 205
        // Reopened for four frames (0.133 s): two blinks.
        for i in [250, 251, 252, 257, 258, 259] { closure[i] = 0.9 }  // blinks 4 and 5
        // The face is lost while the eyes are shut: not counted.
        for i in 150...152 { closure[i] = 0.9 }
        lost.insert(153)
        // Eyes still shut when the clip ends: not counted.
        for i in 295..<300 { closure[i] = 0.9 }
        var frames = (0..<300).map { i in
            S.frame(i, found: !lost.contains(i), shapes: [.eyeBlinkLeft: closure[i], .eyeBlinkRight: closure[i]])
        }
        // A wink (one eye shut, mean exactly 0.5) is not a blink.
        frames[60] = S.frame(60, shapes: [.eyeBlinkLeft: 1, .eyeBlinkRight: 0])

        let summary = TrackSummary(metadata: S.metadata(frames: 300), frames: frames)
        #expect(summary.blinks == 5)
        #expect(summary.blinkFrames == [31, 100, 205, 250, 257])
        // 5 blinks in 299 frames with a face (9.967 s).
        let rate = try #require(summary.blinksPerMinute)
        #expect(abs(rate - 5 / (299.0 / 30 / 60)) < 0.01)
    }

    @Test func strongestExpressionsRankByNinetyFifthPercentile() throws {
        // jawOpen is 0.8 throughout; browInnerUp ramps 0…0.99 (95th percentile 0.94, peak 0.99 at the
        // last frame); mouthSmileLeft spikes once to 1 (its 95th percentile stays 0.2); cheekPuff is 0.
        let frames = (0..<100).map { i in
            S.frame(i, shapes: [.jawOpen: 0.8, .browInnerUp: Float(i) / 100, .mouthSmileLeft: i == 50 ? 1 : 0.2])
        }
        let strongest = TrackSummary(metadata: S.metadata(frames: 100), frames: frames).strongestExpressions
        #expect(strongest.map(\.name) == ["browInnerUp", "jawOpen", "mouthSmileLeft"])
        let brow = try #require(strongest.first)
        #expect(abs(brow.percentile95 - 0.94) < 1e-6 && abs(brow.peak - 0.99) < 1e-6 && brow.peakFrame == 99)
        #expect(abs(strongest[1].percentile95 - 0.8) < 1e-6 && strongest[1].peakFrame == 0)
        #expect(strongest[2].peak == 1 && strongest[2].peakFrame == 50 && abs(strongest[2].percentile95 - 0.2) < 1e-6)
    }

    @Test func onlyFiveExpressionsAreListed() {
        let shapes = Dictionary(uniqueKeysWithValues: Blendshape.allCases.prefix(8).enumerated().map { ($1, Float($0 + 1) / 10) })
        let frames = (0..<10).map { S.frame($0, shapes: shapes) }
        let strongest = TrackSummary(metadata: S.metadata(frames: 10), frames: frames).strongestExpressions
        #expect(strongest.count == TrackSummary.expressionCount)
        #expect(strongest.first?.name == Blendshape.allCases[7].rawValue)
    }

    @Test func aStillTrackHasNoJitter() throws {
        let still = (0..<90).map { S.frame($0, yaw: 5, pitch: -3, roll: 2, landmarks: S.landmarks()) }
        let summary = TrackSummary(metadata: S.metadata(frames: 90, landmarkCount: 478), frames: still)
        #expect(try #require(summary.landmarkJitter).value == 0)
        #expect(try #require(summary.headJitter).value == 0)

        // Moving at a steady speed is not jitter either.
        let gliding = (0..<90).map { i in
            S.frame(i, yaw: Float(i) * 0.5, landmarks: S.landmarks(dx: Float(i) * 2))
        }
        let glide = TrackSummary(metadata: S.metadata(frames: 90, landmarkCount: 478), frames: gliding)
        #expect(try #require(glide.landmarkJitter).value < 1e-3)
        #expect(try #require(glide.headJitter).value < 1e-3)
    }

    @Test func jitterIsTheWobbleWhereTheTrackIsStillest() throws {
        // Landmarks and yaw alternate by ±0.5 px / ±0.5° every frame: each second difference is
        // 4 × 0.5 = 2 px, i.e. 2 % of the 100 px eye distance, and 2°. The first second is wilder
        // (±2, wobble 8): the median ignores it until more than half of the 28 wobbles in a
        // one-second stretch (30 frames) are calm, first in the stretch of frames 17…46.
        let frames = (0..<90).map { i in
            let size: Float = i < 30 ? 2 : 0.5
            let wobble = i % 2 == 0 ? size : -size
            return S.frame(i, yaw: wobble, landmarks: S.landmarks(dx: wobble))
        }
        let summary = TrackSummary(metadata: S.metadata(frames: 90, landmarkCount: 478), frames: frames)
        let landmarks = try #require(summary.landmarkJitter)
        #expect(abs(landmarks.value - 2) < 1e-3 && landmarks.unit == "% eye distance")
        #expect(abs(landmarks.from - 17.0 / 30) < 1e-6 && abs(landmarks.to - 46.0 / 30) < 1e-6)
        let head = try #require(summary.headJitter)
        #expect(abs(head.value - 2) < 1e-3 && head.unit == "degrees")
    }

    @Test func withoutLandmarksOnlyHeadJitterIsMeasured() throws {
        let frames = (0..<40).map { S.frame($0, yaw: $0 % 2 == 0 ? 1 : -1) }
        let summary = TrackSummary(metadata: S.metadata(frames: 40), frames: frames)
        #expect(summary.landmarkJitter == nil)
        #expect(abs(try #require(summary.headJitter).value - 4) < 1e-3)
    }

    @Test func aTrackWithoutAFaceHasNothingToMeasure() {
        let frames = (0..<20).map { S.frame($0, found: false) }
        let summary = TrackSummary(metadata: S.metadata(frames: 20), frames: frames)
        #expect(summary.framesWithFace == 0 && summary.faceFoundPercent == 0)
        #expect(summary.yaw == nil && summary.pitch == nil && summary.roll == nil)
        #expect(summary.blinks == 0 && summary.blinksPerMinute == nil && summary.mouthOpenPercent == nil)
        #expect(summary.strongestExpressions.isEmpty)
        #expect(summary.landmarkJitter == nil && summary.headJitter == nil)
        #expect(TrackSummaryReport.text(summary).contains("0.0 % (0 of 20 frames)"))
    }

    @Test func durationFallsBackToTheFramesTimes() {
        let frames = (0..<50).map { S.frame($0, fps: 25) }
        let summary = TrackSummary(metadata: S.metadata(frames: 50, fps: 25, duration: 0), frames: frames)
        #expect(abs(summary.duration - 2) < 1e-9)
    }

    @Test func jsonRoundTripsAndTheTableNamesEveryMeasure() throws {
        let frames = (0..<60).map { i in
            S.frame(
                i, yaw: Float(i % 7), shapes: [.jawOpen: 0.6, .eyeBlinkLeft: i == 20 ? 1 : 0, .eyeBlinkRight: i == 20 ? 1 : 0],
                landmarks: S.landmarks(dx: Float(i % 3)))
        }
        let summary = TrackSummary(metadata: S.metadata(frames: 60, landmarkCount: 478), frames: frames)
        let data = try JSONEncoder().encode(summary)
        #expect(try JSONDecoder().decode(TrackSummary.self, from: data) == summary)
        let text = TrackSummaryReport.text(summary)
        for expected in [
            "frames", "60", "30.000 fps", "2.000 s", "face found", "100.0 %", "head yaw", "0.0° to 6.0°",
            "blinks", "1 (30.0 per minute of face)", "deepest at frame 20", "mouth open", "100.0 %",
            "jitter", "landmarks", "head", "strongest expressions", "jawOpen",
        ] {
            #expect(text.contains(expected), "missing \(expected) in:\n\(text)")
        }
    }
}
