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

    /// The extension of the default output name: `<stem>.track.json`, `.track.csv`, `.livelink.csv`.
    public var defaultSuffix: String {
        switch self {
        case .json: ".track.json"
        case .csv: ".track.csv"
        case .livelink: ".livelink.csv"
        }
    }
}

/// One writer for whichever format was asked for, streaming frames as they come.
final class TrackOutput {
    private let json: PoseTrackJSONWriter?
    private let csv: PoseTrackCSVWriter?
    private let liveLink: LiveLinkCSVWriter?
    private let temporaryPath: String

    init(path: String, format: TrackFormat, metadata: TrackMetadata, includeLandmarks: Bool, overwrite: Bool) throws {
        switch format {
        case .json:
            let writer = try PoseTrackJSONWriter(path: path, overwrite: overwrite, includeLandmarks: includeLandmarks)
            try writer.begin(metadata)
            (json, csv, liveLink) = (writer, nil, nil)
        case .csv:
            let writer = try PoseTrackCSVWriter(path: path, overwrite: overwrite,
                                                landmarkCount: includeLandmarks ? metadata.landmarkCount : 0)
            (json, csv, liveLink) = (nil, writer, nil)
        case .livelink:
            let writer = try LiveLinkCSVWriter(path: path, frameRateNumerator: metadata.frameRateNumerator,
                                               frameRateDenominator: metadata.frameRateDenominator, overwrite: overwrite)
            (json, csv, liveLink) = (nil, nil, writer)
        }
        temporaryPath = json?.temporaryPath ?? csv?.temporaryPath ?? liveLink?.temporaryPath ?? ""
        // Ctrl-C must not leave the temporary file behind either.
        PartialFile.removeOnInterrupt(temporaryPath)
    }

    deinit { PartialFile.stopRemovingOnInterrupt(temporaryPath) }

    func append(_ frame: FrameMotion) throws {
        try json?.append(frame)
        try csv?.append(frame)
        try liveLink?.append(frame)
    }

    func finish() throws {
        try json?.finish()
        try csv?.finish()
        try liveLink?.finish()
    }

    func abandon() {
        json?.abandon()
        csv?.abandon()
        liveLink?.abandon()
    }
}
