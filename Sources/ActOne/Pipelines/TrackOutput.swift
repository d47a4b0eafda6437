import MediaIO
import Motion

/// The file formats `actone track` writes.
public enum TrackFormat: String, CaseIterable, Sendable {
    /// actone's own versioned JSON (docs/pose-track.md): everything, landmarks optional.
    case json
    /// One wide row per frame, for spreadsheets and scripts.
    case csv
    /// The Live Link Face app's CSV, for Unreal's and Blender's importers.
    case livelink
    /// Biovision hierarchy: a head and eyes skeleton for Blender's and Maya's BVH importers.
    case bvh

    /// The extension of the default output name: `<stem>.track.json`, `.track.csv`, `.livelink.csv`.
    public var defaultSuffix: String {
        switch self {
        case .json: ".track.json"
        case .csv: ".track.csv"
        case .livelink: ".livelink.csv"
        case .bvh: ".bvh"
        }
    }

    /// The rows' rate when no `--rate` is given: the Live Link Face app's 60 fps, which its
    /// importers assume; every other format keeps the clip's frames.
    public var defaultRate: TrackRate { self == .livelink ? .fps(60, 1) : .source }

    /// Whether the format can be written at another rate than the clip's (`--rate`).
    public var canResample: Bool { self == .livelink || self == .bvh }
}

/// `--rate`: the clip's own frames, or frames resampled to a rate (numerator / denominator fps).
public enum TrackRate: Sendable, Equatable, CustomStringConvertible {
    case source
    case fps(Int, Int)

    /// "source", a whole number ("60") or a decimal ("29.97", taken as 30000/1001 and the like:
    /// three decimals at most).
    public init?(argument: String) {
        if argument == "source" { self = .source; return }
        // At least one row a second: below that a rate rounds to nothing (and 1e-300 to zero).
        guard let value = Double(argument), value.isFinite, value >= 1, value <= 1000 else { return nil }
        let thousandths = (value * 1000).rounded()
        guard abs(thousandths - value * 1000) < 1e-6 else { return nil }
        if thousandths.truncatingRemainder(dividingBy: 1000) == 0 {
            self = .fps(Int(value), 1)
        } else if abs(value - (value.rounded(.up) * 1000 / 1001)) < 0.005 {
            // NTSC rates (23.976, 29.97, 59.94) are exactly n·1000/1001.
            self = .fps(Int(value.rounded(.up)) * 1000, 1001)
        } else {
            self = .fps(Int(thousandths), 1000)
        }
    }

    public var description: String {
        switch self {
        case .source: "source"
        case .fps(let n, let d): d == 1 ? "\(n)" : String(format: "%.3f", Double(n) / Double(d))
        }
    }
}

/// One writer for whichever format was asked for, streaming frames as they come (resampled in
/// time first when the rows are at another rate than the clip's).
final class TrackOutput {
    private let writer: TrackWriter
    private var resampler: TrackResampler?

    /// - Parameters:
    ///   - rate: the rows' rate (`.source`: the clip's frames as they are); only for formats that
    ///     `canResample`.
    ///   - angleUnit: Live Link Face CSV only.
    init(
        path: String, format: TrackFormat, metadata: TrackMetadata, includeLandmarks: Bool, overwrite: Bool,
        rate: TrackRate = .source, angleUnit: LiveLinkCSVWriter.AngleUnit = .radians
    ) throws {
        var (numerator, denominator) = (metadata.frameRateNumerator, metadata.frameRateDenominator)
        if case .fps(let n, let d) = rate, format.canResample {
            (numerator, denominator) = (n, d)
            resampler = TrackResampler(rateNumerator: n, rateDenominator: d, duration: metadata.duration)
        }
        switch format {
        case .json:
            let json = try PoseTrackJSONWriter(path: path, overwrite: overwrite, includeLandmarks: includeLandmarks)
            try json.begin(metadata)
            writer = json
        case .csv:
            writer = try PoseTrackCSVWriter(
                path: path, overwrite: overwrite,
                landmarkCount: includeLandmarks ? metadata.landmarkCount : 0)
        case .livelink:
            writer = try LiveLinkCSVWriter(
                path: path, frameRateNumerator: numerator, frameRateDenominator: denominator,
                angleUnit: angleUnit, overwrite: overwrite)
        case .bvh:
            writer = try BVHWriter(path: path, frameTime: Double(denominator) / Double(numerator), overwrite: overwrite)
        }
    }

    func append(_ frame: FrameMotion) throws {
        if resampler != nil {
            for f in resampler!.add(frame) { try write(f) }
        } else {
            try write(frame)
        }
    }

    private func write(_ frame: FrameMotion) throws {
        try writer.append(frame)
    }

    func finish() throws {
        if resampler != nil {
            for f in resampler!.finish() { try write(f) }
        }
        try writer.finish()
    }

    func abandon() {
        writer.abandon()
    }
}

/// `--angle-units` of the Live Link Face CSV.
public typealias LiveLinkAngleUnit = LiveLinkCSVWriter.AngleUnit
