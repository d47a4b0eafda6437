/// The performer's neutral face, found automatically: it collects the raw measures of the first
/// `capacity` frames with a face (default 150, five seconds at 30 fps). The neutral is taken
/// over the *quiet* frames: the third of them with the smallest inner-lip gap (a resting face
/// has its lips closed; grins, talking and yawns open them, so expressive stretches drop out).
/// Over those it is the median of each measure, except the eye openings, which are taken over
/// every frame at `eyeOpeningQuantile` (see there). Gaze entries that are NaN (no irises) are
/// skipped. Before any frame, the neutral is the canonical face's own measures.
public struct NeutralCalibration: Sendable {
    public let capacity: Int
    public private(set) var samples: [FaceMeasures] = []
    public private(set) var neutral: FaceMeasures

    public init(capacity: Int = 150) {
        self.capacity = capacity
        self.neutral = Self.canonicalNeutral
    }

    /// A calibration fixed to a given neutral (no collection).
    public init(neutral: FaceMeasures) {
        self.capacity = 0
        self.neutral = neutral
    }

    public var isComplete: Bool { samples.count >= capacity }

    /// Adds a frame's measures while fewer than `capacity` have been seen; returns whether it was used.
    @discardableResult
    public mutating func add(_ measures: FaceMeasures) -> Bool {
        guard !isComplete else { return false }
        samples.append(measures)
        let gaps = samples.map { $0[.lipGap] }.filter { $0.isFinite }.sorted()
        let quietLimit = gaps.isEmpty ? Float.infinity : gaps[(gaps.count - 1) / 3]
        let quiet = samples.filter { !($0[.lipGap] > quietLimit) }
        var n = neutral
        for m in FaceMeasure.allCases {
            let isEye = m == .eyeOpenLeft || m == .eyeOpenRight
            let column = (isEye ? samples : quiet).map { $0[m] }.filter { $0.isFinite }.sorted()
            guard !column.isEmpty else { continue }
            n[m] = Self.quantile(isEye ? Self.eyeOpeningQuantile : 0.5, ofSorted: column)
        }
        neutral = n
        return true
    }

    /// Where in the eye openings the open, resting eye lies. Eyes are open most of the time:
    /// blinks, squints, frowns and downward looks all sit below the resting opening, and only a
    /// surprised stare above it, so a high quantile over every frame finds it even when much of
    /// the first seconds is spent half-lidded. The quiet (lips closed) frames are no guide to the
    /// eyes: on d3 they were a frown looking down, the 60th percentile over them came out at 8 %
    /// of the performer's open eye, and real blinks then read as 0.4-0.8.
    public static let eyeOpeningQuantile = 0.8

    /// The value at `q` (0...1, nearest rank) of a sorted, non-empty array.
    public static func quantile<T: BinaryFloatingPoint>(_ q: Double, ofSorted sorted: [T]) -> T {
        sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded()))]
    }

    /// The measures of `CanonicalFace` with a centred gaze.
    public static let canonicalNeutral: FaceMeasures = FaceMeasures.measure(
        head: CanonicalFace.points, gaze: Gaze(leftYaw: 0, leftPitch: 0, rightYaw: 0, rightPitch: 0))
}
