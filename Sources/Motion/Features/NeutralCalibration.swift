/// The performer's neutral face, found automatically: it collects the raw measures of the first
/// `capacity` frames with a face (default 150, five seconds at 30 fps). The neutral is taken
/// over the *quiet* frames: the third of them with the smallest inner-lip gap (a resting face
/// has its lips closed; grins, talking and yawns open them, so expressive stretches drop out).
/// Over those it is the median of each measure, except the eye openings, which take the 60th
/// percentile (blinks pull the median down). Gaze entries that are NaN (no irises) are skipped.
/// Before any frame, the neutral is the canonical face's own measures.
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
            let column = quiet.map { $0[m] }.filter { $0.isFinite }.sorted()
            guard !column.isEmpty else { continue }
            let q = Self.quantile(for: m)
            n[m] = column[min(column.count - 1, Int((Float(column.count - 1) * q).rounded()))]
        }
        neutral = n
        return true
    }

    static func quantile(for m: FaceMeasure) -> Float {
        switch m {
        case .eyeOpenLeft, .eyeOpenRight: 0.6
        default: 0.5
        }
    }

    /// The measures of `CanonicalFace` with a centred gaze.
    public static let canonicalNeutral: FaceMeasures = FaceMeasures.measure(
        head: CanonicalFace.points, gaze: Gaze(leftYaw: 0, leftPitch: 0, rightYaw: 0, rightPitch: 0))
}
