/// The rate a clip was shot at, found from its frames' timestamps, for inputs that carry times but
/// not FFmpeg's base rate: a pose track records each frame's time and the clip's average rate,
/// and a variable-rate clip's average (a phone that dropped frames) is below the rate its frames
/// were taken at. Writing at the average would drop some of them; writing at the base rate keeps
/// every one, with the previous frame held over the gaps (`FrameClock`).
public enum BaseFrameRate {
    /// Camera and editing rates a median frame interval is matched against.
    static let standardRates: [Rational] = [
        Rational(24000, 1001), Rational(24, 1), Rational(25, 1), Rational(30000, 1001), Rational(30, 1),
        Rational(48, 1), Rational(50, 1), Rational(60000, 1001), Rational(60, 1), Rational(90, 1),
        Rational(100, 1), Rational(120, 1), Rational(240, 1),
    ]

    /// The rate of the median interval between consecutive times, as the nearest standard rate
    /// if within 0.5 % of it, when it is above `average` (up to 4x, as `VideoReader.outputFrameRate`);
    /// otherwise `average`: a constant-rate clip, or intervals that match no camera rate.
    public static func estimate(times: [Double], average: Rational) -> Rational {
        let intervals = zip(times.dropFirst(), times).map { $0 - $1 }.filter { $0 > 0 }.sorted()
        guard !intervals.isEmpty, average.isValid else { return average }
        let measured = 1 / intervals[intervals.count / 2]
        let tolerance = 0.005
        if abs(measured - average.doubleValue) <= tolerance * average.doubleValue { return average }
        guard measured > average.doubleValue, measured <= 4 * average.doubleValue,
            let nearest = standardRates.min(by: { abs($0.doubleValue - measured) < abs($1.doubleValue - measured) }),
            abs(nearest.doubleValue - measured) <= tolerance * measured
        else { return average }
        return nearest
    }
}
