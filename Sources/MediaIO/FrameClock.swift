/// Places the frames of a source with its own timestamps on a constant-rate output clock, so a
/// variable-frame-rate driver keeps its timing (and its audio stays in sync) in a constant-rate
/// output.
///
/// Why constant rate rather than passing each frame's time to the muxer: MP4 could hold the
/// variable timing, but a constant-rate file is what editors, players, `ffmpeg -r`-style tools and
/// batch comparisons of outputs expect (one frame per 1/rate seconds, frame n at n/rate), and it
/// keeps the writer's clock (which trims the carried audio) a plain frame count. The cost is the
/// usual one of a constant-rate conversion: where the source has a gap the previous frame is shown
/// again, and frames closer together than one output frame are dropped.
///
/// Output slot n covers the time n/rate; a source frame at time t belongs to slot round(t * rate).
/// Each source frame is placed when it arrives:
/// - the first frame fills every slot from 0 up to and including its own (a late first frame
///   is shown from the start rather than shifting everything after it);
/// - a frame whose slot is already filled (two frames within one output frame, a repeated or
///   out-of-order timestamp) is dropped;
/// - otherwise the previous frame is repeated up to the slot before this one's, then this frame
///   fills its slot: a frame is never shown before its time.
public struct FrameClock: Sendable {
    /// What to write for one source frame.
    public struct Placement: Equatable, Sendable {
        /// Times to write the previously written frame again before this one.
        public var repeatsOfPrevious: Int
        /// Times to write this frame: 0 drops it.
        public var copies: Int

        public init(repeatsOfPrevious: Int, copies: Int) {
            self.repeatsOfPrevious = repeatsOfPrevious
            self.copies = copies
        }
    }

    public let rate: Rational
    /// Output frames placed so far (slots 0..<slotsFilled).
    public private(set) var slotsFilled = 0
    /// Source frames dropped and extra copies written, for reports.
    public private(set) var dropped = 0
    public private(set) var repeated = 0

    public init(rate: Rational) {
        precondition(rate.isValid, "FrameClock needs a positive rate")
        self.rate = rate
    }

    /// The output slot of a source time in seconds (from the start of the source's stream).
    public func slot(of time: Double) -> Int {
        guard time.isFinite else { return slotsFilled }
        return Int((time * rate.doubleValue).rounded())
    }

    /// Places the next source frame, shown at `time` seconds, and advances the clock.
    public mutating func place(time: Double) -> Placement {
        let target = max(slot(of: time), 0)
        let placement: Placement
        if slotsFilled == 0 {
            placement = Placement(repeatsOfPrevious: 0, copies: target + 1)
        } else if target < slotsFilled {
            placement = Placement(repeatsOfPrevious: 0, copies: 0)
        } else {
            placement = Placement(repeatsOfPrevious: target - slotsFilled, copies: 1)
        }
        slotsFilled += placement.repeatsOfPrevious + placement.copies
        repeated += placement.repeatsOfPrevious + max(placement.copies - 1, 0)
        if placement.copies == 0 { dropped += 1 }
        return placement
    }

    /// The output time of slot `index`, in seconds.
    public func time(ofSlot index: Int) -> Double { Double(index) / rate.doubleValue }
}
