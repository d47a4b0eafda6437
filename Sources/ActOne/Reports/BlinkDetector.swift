import Motion

/// Finds blinks in a track: the mean of eyeBlinkLeft and eyeBlinkRight rises above `threshold`
/// and falls back below it.
///
/// - Eyes that reopen for less than `minimumGap` seconds and close again are one blink: the
///   estimate flickers around the threshold as the lids pass it, and that must not count twice.
/// - A closure that never reopens (the clip ends, or the face is lost, with the eyes shut) is not
///   a blink: nobody saw the eyes open again, and eyes closed on purpose are not blinks either.
/// - Frames without a face break the signal: a blink in progress when the face is lost is dropped.
struct BlinkDetector {
    var threshold: Float
    var minimumGap: Double

    /// The frame index (track index) where each blink is deepest, in order.
    func blinks(in frames: [FrameMotion]) -> [Int] {
        var found: [Int] = []
        /// The blink in progress: its deepest frame and value, and when the eyes reopened (if they have).
        var current: (peakFrame: Int, peak: Float, reopened: Double?)?

        for frame in frames {
            guard frame.faceFound else {
                if let blink = current, blink.reopened != nil { found.append(blink.peakFrame) }
                current = nil
                continue
            }
            let closure = (frame.value(.eyeBlinkLeft) + frame.value(.eyeBlinkRight)) / 2
            if closure > threshold {
                if var blink = current {
                    if let reopened = blink.reopened, frame.time - reopened >= minimumGap - 1e-6 {
                        // Open long enough in between: that blink is over and a new one begins.
                        // (The 1 µs slack keeps a gap of exactly `minimumGap` from rounding below it.)
                        found.append(blink.peakFrame)
                        current = (frame.index, closure, nil)
                    } else {
                        blink.reopened = nil
                        if closure > blink.peak { (blink.peakFrame, blink.peak) = (frame.index, closure) }
                        current = blink
                    }
                } else {
                    current = (frame.index, closure, nil)
                }
            } else if var blink = current, blink.reopened == nil {
                blink.reopened = frame.time
                current = blink
            }
        }
        if let blink = current, blink.reopened != nil { found.append(blink.peakFrame) }
        return found
    }
}
