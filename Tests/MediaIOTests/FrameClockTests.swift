import Testing

@testable import MediaIO

/// FrameClock alone: known timestamp sequences and the output frames they become.
@Suite struct FrameClockTests {
    /// Places every time and returns the placements and the clock.
    private func place(_ times: [Double], rate: Rational = Rational(30, 1)) -> ([FrameClock.Placement], FrameClock) {
        var clock = FrameClock(rate: rate)
        let placements = times.map { clock.place(time: $0) }
        return (placements, clock)
    }

    private let once = FrameClock.Placement(repeatsOfPrevious: 0, copies: 1)
    private let drop = FrameClock.Placement(repeatsOfPrevious: 0, copies: 0)

    @Test func constantRateIsOneToOne() {
        let (placements, clock) = place((0..<90).map { Double($0) / 30 })
        #expect(placements.allSatisfy { $0 == once })
        #expect(clock.slotsFilled == 90 && clock.dropped == 0 && clock.repeated == 0)
    }

    @Test func aGapOfTwentyFramesRepeatsThePreviousFrame() {
        // 30 fps with frames 30...49 missing, as a phone drops them.
        let times = (0..<90).filter { !(30...49).contains($0) }.map { Double($0) / 30 }
        let (placements, clock) = place(times)
        #expect(placements[30] == FrameClock.Placement(repeatsOfPrevious: 20, copies: 1))
        #expect(placements.enumerated().allSatisfy { $0.offset == 30 || $0.element == once })
        // 90 output frames: 3 s like the source, so frame 50 is shown at 50/30 s, not at 30/30.
        #expect(clock.slotsFilled == 90 && clock.repeated == 20 && clock.dropped == 0)
    }

    @Test func jitterWithinHalfAFrameChangesNothing() {
        let jitter = [0.0, 0.4, -0.3, 0.2, -0.45, 0.1, 0.45, -0.2]
        let times = (0..<64).map { (Double($0) + jitter[$0 % jitter.count]) / 30 }
        let (placements, clock) = place(times)
        #expect(placements.allSatisfy { $0 == once })
        #expect(clock.slotsFilled == 64)
    }

    @Test func repeatedAndOutOfOrderTimesAreDropped() {
        let (placements, clock) = place([0, 1.0 / 30, 1.0 / 30, 2.0 / 30, 1.5 / 30, 3.0 / 30])
        #expect(placements == [once, once, drop, once, drop, once])
        #expect(clock.slotsFilled == 4 && clock.dropped == 2)
    }

    @Test func aFasterSourceIsThinnedToTheRate() {
        // 60 fps onto a 30 fps clock: every other frame (the odd ones, at half a slot, round up
        // to the next slot, so frames 1, 3, ..., 59 are kept after frame 0).
        let (placements, clock) = place((0..<60).map { Double($0) / 60 })
        #expect(placements.filter { $0.copies > 0 }.count == 31)
        #expect(placements.allSatisfy { $0.copies <= 1 && $0.repeatsOfPrevious == 0 })
        #expect(clock.slotsFilled == 31 && clock.dropped == 29)
    }

    @Test func aLateFirstFrameFillsFromTheStart() {
        let (placements, clock) = place([0.1, 0.1 + 1.0 / 30], rate: Rational(30, 1))
        #expect(placements[0] == FrameClock.Placement(repeatsOfPrevious: 0, copies: 4))
        #expect(placements[1] == once)
        #expect(clock.slotsFilled == 5)
    }

    @Test func fractionalRatesKeepTheirClock() {
        // 29.97 fps for ten minutes: frame n still lands on slot n.
        let rate = Rational(30000, 1001)
        var clock = FrameClock(rate: rate)
        for n in 0..<18_000 { #expect(clock.place(time: Double(n) * 1001 / 30000) == once) }
    }

    @Test func aFrameIsNeverShownBeforeItsTime() {
        // Random gaps: every frame's slot starts no earlier than half an output frame before it.
        var generator = SystemRandomNumberGenerator()
        var clock = FrameClock(rate: Rational(25, 1))
        var time = 0.0
        for _ in 0..<500 {
            let placement = clock.place(time: time)
            if placement.copies > 0 {
                let shownAt = clock.time(ofSlot: clock.slotsFilled - placement.copies)
                #expect(shownAt >= time - 0.5 / 25 - 1e-9)
            }
            time += Double.random(in: 0.005...0.2, using: &generator)
        }
    }
}
