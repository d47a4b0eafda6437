import FaceGeometry
import Testing

@testable import Motion

/// The reference frame a render takes as rest: named by the user, or the calmest face of the
/// search window read ahead.
@Suite struct ReferenceChoiceTests {
    let calm = posed(canonicalWithIrises(), yaw: 0, pitch: 0, roll: 0)
    /// The same face turned well away: far from rest however the clip's medians fall.
    let turned = posed(canonicalWithIrises(), yaw: 35, pitch: 15, roll: 10)

    @Test func aNamedFrameIsTakenWhenItHasAFace() throws {
        let lookahead: [[LandmarkPoint]?] = [nil, turned, calm]
        #expect(try ReferenceChoice.choose(lookahead: lookahead, frameRate: 30, requested: 1, frameCount: 100) == 1)
    }

    @Test func aNamedFrameOutsideTheClipOrWithoutAFaceIsRefused() {
        let lookahead: [[LandmarkPoint]?] = [nil, calm, calm]
        #expect(throws: ReferenceChoice.Failure.outOfRange(index: 7, frames: 5)) {
            try ReferenceChoice.choose(lookahead: lookahead, frameRate: 30, requested: 7, frameCount: 5)
        }
        // Within the clip but past what was read ahead: the look-ahead is the bound.
        #expect(throws: ReferenceChoice.Failure.outOfRange(index: 3, frames: 3)) {
            try ReferenceChoice.choose(lookahead: lookahead, frameRate: 30, requested: 3, frameCount: nil)
        }
        #expect(throws: ReferenceChoice.Failure.noFaceInFrame(index: 0)) {
            try ReferenceChoice.choose(lookahead: lookahead, frameRate: 30, requested: 0, frameCount: 5)
        }
    }

    @Test func theAutomaticChoiceIsTheCalmStretchCountedFromTheStart() throws {
        // An empty shot, the head turned away, then its usual pose, then turned again.
        let lookahead: [[LandmarkPoint]?] =
            [nil, nil] + Array(repeating: turned, count: 10)
            + Array(repeating: calm, count: 30) + Array(repeating: turned, count: 5)
        let chosen = try ReferenceChoice.choose(lookahead: lookahead, frameRate: 30, requested: nil, frameCount: nil)
        // Indices count from the clip's start, not the window's; a frame next to a turn is not
        // chosen (the score is averaged with its neighbours').
        #expect((14...39).contains(chosen), "chose \(chosen): the usual pose is frames 12…41")
        #expect(lookahead[chosen] == calm)
    }

    @Test func noFaceAnywhereIsAFailure() {
        #expect(throws: ReferenceChoice.Failure.noFace) {
            try ReferenceChoice.choose(lookahead: [nil, nil, nil], frameRate: 30, requested: nil, frameCount: nil)
        }
    }

    @Test func theSearchWindowStartsAtTheFirstFaceAndIsBounded() {
        let lookahead: [[LandmarkPoint]?] = Array(repeating: nil, count: 5) + Array(repeating: calm, count: 400)
        let window = ReferenceChoice.searchWindow(lookahead: lookahead, frameRate: 30)
        #expect(window.startIndex == 5)
        #expect(window.count == ReferenceFrame.searchFrames(frameRate: 30))
        #expect(ReferenceChoice.searchWindow(lookahead: Array(lookahead.prefix(20)), frameRate: 30).count == 15)
    }
}
