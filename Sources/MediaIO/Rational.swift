import CFFmpeg

/// An exact rational number, as FFmpeg keeps frame rates and time bases: 30000/1001 stays
/// 30000/1001 rather than becoming 29.97, so an output can run at exactly the driver's rate.
public struct Rational: Sendable, Hashable, Codable, CustomStringConvertible {
    public var numerator: Int32
    public var denominator: Int32

    public init(_ numerator: Int32, _ denominator: Int32) {
        self.numerator = numerator
        self.denominator = denominator
    }

    init(_ value: AVRational) {
        self.init(value.num, value.den)
    }

    var avRational: AVRational { AVRational(num: numerator, den: denominator) }

    /// Whether this is a usable positive value (FFmpeg uses 0/0 or 0/1 for "unknown").
    public var isValid: Bool { numerator > 0 && denominator > 0 }

    public var doubleValue: Double { isValid ? Double(numerator) / Double(denominator) : 0 }

    /// The reciprocal, e.g. a frame rate's frame duration.
    public var inverted: Rational { Rational(denominator, numerator) }

    /// "25", "30000/1001".
    public var description: String {
        denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)"
    }

    /// Parses "25", "30000/1001" or "29.97" (the latter as an approximation over 1000).
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let n = Int32(parts[0]), let d = Int32(parts[1]), n > 0, d > 0 {
            self.init(n, d)
        } else if parts.count == 1, let n = Int32(parts[0]), n > 0 {
            self.init(n, 1)
        } else if parts.count == 1, let v = Double(parts[0]), v > 0, v < 1_000_000 {
            let q = av_d2q(v, 1_000_000)
            self.init(q)
        } else {
            return nil
        }
    }
}
