/// Why `actone inspect` cannot read or draw what it was given. Each is one line for stderr.
public enum InspectError: Error, CustomStringConvertible, Equatable {
    /// A file that does not exist.
    case missingFile(path: String)
    /// A CSV or Live Link track: those formats are for other tools and do not round-trip.
    case notAJSONTrack(path: String)
    /// `--overlay` for a track, but the clip it was made from is not where the track says.
    case sourceVideoNotFound(track: String, expected: String)
    /// `--video` is not the clip the track was made from (its frames are another size).
    case videoSizeMismatch(video: String, width: Int, height: Int, trackWidth: Int, trackHeight: Int)

    public var description: String {
        switch self {
        case .missingFile(let path):
            "\(path): no such file"
        case .notAJSONTrack(let path):
            "\(path): inspect reads pose tracks written as .track.json (actone track --format json); "
                + "CSV and Live Link tracks cannot be read back"
        case .sourceVideoNotFound(let track, let expected):
            "--overlay draws over the clip \(track) was made from, but \(expected) does not exist; give it with --video PATH"
        case .videoSizeMismatch(let video, let width, let height, let trackWidth, let trackHeight):
            "\(video) is \(width)x\(height) but the track was made from a \(trackWidth)x\(trackHeight) clip; "
                + "give the clip it was made from with --video PATH"
        }
    }
}
