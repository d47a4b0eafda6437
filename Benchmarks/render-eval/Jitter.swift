/// Stability: on the driver's stillest second the output's landmarks must move no more than the
/// driver's. Motion is the mean displacement of the 478 landmarks from the previous frame over
/// that frame's inter-ocular distance, so a small painted face and a large photo compare.
enum Jitter {
    /// Frame `i`'s motion from frame `i - 1` (nil for frame 0 and where either frame has no face).
    static func motion(_ clip: TrackedClip) -> [Double?] {
        (0..<clip.frameCount).map { i in
            guard i > 0, let now = clip.landmarks(i), let before = clip.landmarks(i - 1),
                let iod = FaceGeometry.interOcular(now)
            else { return nil }
            return FaceGeometry.meanDistance(now, before) / iod
        }
    }

    /// The frames `range` of the driver's stillest second: the window of one second's frames,
    /// every one with a face, whose median step is smallest (the median, so one tracker pop does
    /// not hide an otherwise still stretch).
    static func stillest(_ driver: TrackedClip) -> Range<Int>? {
        let steps = motion(driver)
        let length = max(2, Int(driver.frameRate.rounded()))
        guard steps.count >= length else { return nil }
        var best: (range: Range<Int>, median: Double)?
        for start in 0...(steps.count - length) {
            // Steps start+1 ..< start+length: the motion between the window's own frames.
            let window = steps[(start + 1)..<(start + length)]
            guard window.allSatisfy({ $0 != nil }) else { continue }
            let median = Stats.median(window.map { $0! })
            if best == nil || median < best!.median { best = (start..<(start + length), median) }
        }
        return best?.range
    }

    /// Mean step over the window in % of the inter-ocular distance per frame (the mean, unlike the
    /// selection, so that every pop the output makes counts); nil when under half the steps have a face.
    static func percentPerFrame(_ clip: TrackedClip, over range: Range<Int>) -> Double? {
        let steps = motion(clip)
        let window = ((range.lowerBound + 1)..<range.upperBound).compactMap { $0 < steps.count ? steps[$0] : nil }
        guard window.count * 2 >= range.count - 1 else { return nil }
        return 100 * Stats.mean(window)
    }

    /// The driver's and the output's mean step over the driver's stillest second (nils when the
    /// driver has no such second).
    static func onStillest(driver: TrackedClip, output: TrackedClip) -> (driver: Double?, output: Double?) {
        guard let window = stillest(driver) else { return (nil, nil) }
        return (percentPerFrame(driver, over: window), percentPerFrame(output, over: window))
    }
}
