/// The performer's neutral face, found automatically from the raw measures of the whole clip.
///
/// A clip may open with a grin, a frown or a look down, so no stretch of it is trusted to be
/// calm; instead each measure is taken where the whole clip says the face rests:
/// - most measures: the median over the *quiet* frames, the third of all faces with the smallest
///   inner-lip gap (a resting face has its lips together; grins, talking and yawns part them, so
///   expressive stretches drop out wherever they are in the clip);
/// - the eye openings: `eyeOpeningQuantile` over every face (see there);
/// - the gaze: the median over every face. A performer looks at the camera most of the time;
///   the quiet frames are no better guide (a frown looking down keeps the lips closed).
/// - the brows: the median over every face. Brows move with speech as much as between words, so
///   the lips-together frames are no calmer for them: on tpsmm_jackie_chan_talk those frames had
///   the brows raised, and his relaxed brows read as browDown = 1 on 12 % of the clip (1 % now).
/// Gaze entries that are NaN (no irises) are skipped. Before any frame the neutral is the
/// canonical face's own measures.
///
/// Memory is bounded: every `stride`-th face is kept, and when `maximumSamples` are held every
/// other one is dropped and the stride doubles, so an hour-long clip keeps an even spread of at
/// most `maximumSamples` faces over its whole length.
public struct NeutralCalibration: Sendable {
    public let maximumSamples: Int
    public private(set) var samples: [FaceMeasures] = []
    /// Faces seen (added), kept or not.
    public private(set) var facesSeen = 0
    private var stride = 1

    public init(maximumSamples: Int = 4096) {
        self.maximumSamples = max(2, maximumSamples)
    }

    /// Adds a frame's measures (every face of the clip, in order).
    public mutating func add(_ measures: FaceMeasures) {
        defer { facesSeen += 1 }
        guard facesSeen % stride == 0 else { return }
        samples.append(measures)
        if samples.count >= maximumSamples {
            samples = samples.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            stride *= 2
        }
    }

    /// How many of the kept faces the quiet (lips together) medians are taken over.
    public var quietCount: Int { samples.isEmpty ? 0 : (samples.count - 1) / 3 + 1 }

    /// The neutral over the faces added so far (the canonical face's measures before any).
    public var neutral: FaceMeasures {
        Self.neutral(of: samples)
    }

    /// The neutral of a set of faces, as described on the type.
    public static func neutral(of samples: [FaceMeasures]) -> FaceMeasures {
        var n = canonicalNeutral
        guard !samples.isEmpty else { return n }
        let gaps = samples.map { $0[.lipGap] }.filter(\.isFinite).sorted()
        let quietLimit = gaps.isEmpty ? Float.infinity : gaps[(gaps.count - 1) / 3]
        let quiet = samples.filter { !($0[.lipGap] > quietLimit) }
        for m in FaceMeasure.allCases {
            let (pool, q): ([FaceMeasures], Double) =
                switch m {
                case .eyeOpenLeft, .eyeOpenRight: (samples, eyeOpeningQuantile)
                case .gazeYawLeft, .gazePitchLeft, .gazeYawRight, .gazePitchRight: (samples, 0.5)
                case .browInnerLeft, .browInnerRight, .browOuterLeft, .browOuterRight: (samples, 0.5)
                default: (quiet, 0.5)
                }
            let column = pool.map { $0[m] }.filter(\.isFinite).sorted()
            guard !column.isEmpty else { continue }
            n[m] = quantile(q, ofSorted: column)
        }
        return n
    }

    /// Where in the eye openings the open, resting eye lies. Eyes are open most of the time:
    /// blinks, squints, frowns and downward looks all sit below the resting opening, and only a
    /// surprised stare above it, so a high quantile over every frame finds it even when much of
    /// the clip is spent half-lidded. The quiet (lips closed) frames are no guide to the
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
