import Motion

/// `actone inspect`'s account of a performance: how much of the clip has a face, how far the head
/// turns, how often the performer blinks, how much the mouth is open, which expressions are
/// strongest and how steady the tracking is. Computed from a pose track (read from a file, or
/// tracked from a video just now); docs/inspect.md defines every field.
///
/// Angles and expressions are taken over the frames with a face only: a lost face has no pose and
/// all-zero blendshapes, which would otherwise pull ranges and shares towards zero.
public struct TrackSummary: Codable, Sendable, Equatable {
    /// The smallest and largest value of a signal and the frames (track indices) where they occur.
    public struct Extent: Codable, Sendable, Equatable {
        public var min: Double
        public var max: Double
        public var minFrame: Int
        public var maxFrame: Int
    }

    /// One of the strongest blendshapes.
    public struct Expression: Codable, Sendable, Equatable {
        /// ARKit name, e.g. "jawOpen".
        public var name: String
        /// The 95th percentile over the frames with a face: how strong it gets, ignoring one-off spikes.
        public var percentile95: Double
        /// The largest value, and the frame where it first occurs.
        public var peak: Double
        public var peakFrame: Int
    }

    /// How much the tracking trembles where the performer is stillest (`TrackJitter`).
    public struct Jitter: Codable, Sendable, Equatable {
        public var value: Double
        /// "% eye distance" for landmarks, "degrees" for head angles.
        public var unit: String
        /// The stretch it was measured on, in seconds from the start of the clip.
        public var from: Double
        public var to: Double
    }

    // Definitions (docs/inspect.md explains the choices).
    /// A blink: the mean of eyeBlinkLeft and eyeBlinkRight rises above this and falls back below it.
    public static let blinkThreshold: Float = 0.5
    /// Eyes that reopen for less than this (seconds) before closing again are one blink, not two.
    public static let blinkMinimumGap = 0.1
    /// The mouth counts as open when jawOpen is above this: about a 9 mm jaw drop (jawOpen is 1 at
    /// +0.30 canonical units, ≈ 28 mm), well past the few millimetres lips part at rest.
    public static let mouthOpenThreshold: Float = 0.3
    /// How many of the strongest expressions are listed.
    public static let expressionCount = 5

    public var sourceName: String
    public var frames: Int
    /// Frames per second (the track's nominal rate).
    public var frameRate: Double
    /// Seconds.
    public var duration: Double
    public var framesWithFace: Int
    /// framesWithFace / frames × 100.
    public var faceFoundPercent: Double
    /// Head rotation in degrees over the frames with a face; nil when there are none.
    public var yaw: Extent?
    public var pitch: Extent?
    public var roll: Extent?
    public var blinks: Int
    /// The frame where each blink is deepest.
    public var blinkFrames: [Int]
    /// Blinks per minute of face on screen (framesWithFace / frameRate); nil without a face.
    public var blinksPerMinute: Double?
    /// Percentage of the frames with a face whose jawOpen is above `mouthOpenThreshold`; nil without a face.
    public var mouthOpenPercent: Double?
    /// Up to `expressionCount` blendshapes with the highest 95th percentile (above 0), strongest first.
    public var strongestExpressions: [Expression]
    /// Landmark jitter in % of the eye distance; nil when the track has no landmarks.
    public var landmarkJitter: Jitter?
    /// Head-angle jitter in degrees; nil when no stretch of three frames has a face.
    public var headJitter: Jitter?
    /// The frame `actone render` takes as the driver's rest face by default (`ReferenceFrame`:
    /// the calmest face in the first seconds after the first face); nil without landmarks.
    public var referenceFrame: Int?
    /// The face the blendshapes and gaze are measured from (`TrackNeutral.summary`, e.g.
    /// "auto (median of the 118 calmest faces)", "frame 40"); nil when the track does not record it.
    public var neutral: String?

    /// - Parameter landmarks: what the landmarks were measured to be as the track was read,
    ///   when `frames` are kept without them (`PerformanceTrack.landmarkFacts`); nil to measure
    ///   them from `frames`.
    public init(metadata: TrackMetadata, frames: [FrameMotion], landmarks: TrackLandmarkFacts? = nil) {
        let found = frames.filter(\.faceFound)
        let rate = metadata.frameRate
        sourceName = metadata.sourceName
        self.frames = frames.count
        frameRate = rate
        duration =
            metadata.duration > 0
            ? metadata.duration
            : (frames.last.map { $0.time + (rate > 0 ? 1 / rate : 0) } ?? 0)
        framesWithFace = found.count
        faceFoundPercent = frames.isEmpty ? 0 : Statistics.rounded(100 * Double(found.count) / Double(frames.count), 2)

        let posed = found.compactMap { frame in frame.pose.map { (frame.index, $0) } }
        yaw = Self.extent(posed.map { ($0.0, Double($0.1.yaw)) })
        pitch = Self.extent(posed.map { ($0.0, Double($0.1.pitch)) })
        roll = Self.extent(posed.map { ($0.0, Double($0.1.roll)) })

        let blinkPeaks = BlinkDetector(threshold: Self.blinkThreshold, minimumGap: Self.blinkMinimumGap).blinks(in: frames)
        blinks = blinkPeaks.count
        blinkFrames = blinkPeaks
        let faceMinutes = rate > 0 ? Double(found.count) / rate / 60 : 0
        blinksPerMinute = faceMinutes > 0 ? Statistics.rounded(Double(blinkPeaks.count) / faceMinutes, 2) : nil

        let open = found.filter { $0.value(.jawOpen) > Self.mouthOpenThreshold }.count
        mouthOpenPercent = found.isEmpty ? nil : Statistics.rounded(100 * Double(open) / Double(found.count), 2)
        strongestExpressions = Self.strongest(found, count: Self.expressionCount)

        let jitter = TrackJitter(frameRate: rate)
        landmarkJitter = (landmarks.map { jitter.landmarks(wobbles: $0.wobbles, frames: frames) } ?? jitter.landmarks(frames))
            .map(Self.rounded)
        headJitter = jitter.headAngles(frames).map(Self.rounded)
        referenceFrame = landmarks.map(\.referenceFrame) ?? Self.referenceFrame(frames, frameRate: rate)
        neutral = metadata.neutral?.summary
    }

    /// The render's automatic reference frame over the same window it searches.
    static func referenceFrame(_ frames: [FrameMotion], frameRate: Double) -> Int? {
        guard let first = frames.firstIndex(where: \.faceFound) else { return nil }
        let window = frames[first...].prefix(ReferenceFrame.searchFrames(frameRate: frameRate))
        guard window.allSatisfy({ !$0.faceFound || $0.landmarks?.count == 478 }) else { return nil }
        return ReferenceFrame.calmest(window.map { $0.faceFound ? $0.landmarks : nil }).map { window[first + $0].index }
    }

    /// Jitter to 4 decimals, its stretch to the microsecond like track times.
    static func rounded(_ j: Jitter) -> Jitter {
        Jitter(
            value: Statistics.rounded(j.value, 4), unit: j.unit,
            from: Statistics.rounded(j.from, 6), to: Statistics.rounded(j.to, 6))
    }

    static func extent(_ values: [(frame: Int, value: Double)]) -> Extent? {
        guard let low = values.min(by: { $0.value < $1.value }),
            let high = values.max(by: { $0.value < $1.value })
        else { return nil }
        // Angles to 0.001°, the precision of a track file.
        return Extent(
            min: Statistics.rounded(low.value, 3), max: Statistics.rounded(high.value, 3),
            minFrame: low.frame, maxFrame: high.frame)
    }

    /// The blendshapes with the highest 95th percentile over `found`, ties broken by ARKit order.
    static func strongest(_ found: [FrameMotion], count: Int) -> [Expression] {
        guard !found.isEmpty else { return [] }
        let expressions = Blendshape.allCases.map { shape -> Expression in
            let column = found.map { Double($0.value(shape)) }
            // max(by:) keeps the first of equal values: the peak's first frame.
            let peakPosition = column.indices.max { column[$0] < column[$1] }!
            // Weights to 0.0001, the precision of a track file.
            return Expression(
                name: shape.rawValue, percentile95: Statistics.rounded(Statistics.percentile(column, 0.95), 4),
                peak: Statistics.rounded(column[peakPosition], 4), peakFrame: found[peakPosition].index)
        }
        return Array(
            expressions.enumerated()
                .filter { $0.element.percentile95 > 0 }
                .sorted { ($0.element.percentile95, -$0.offset) > ($1.element.percentile95, -$1.offset) }
                .prefix(count)
                .map(\.element))
    }
}
