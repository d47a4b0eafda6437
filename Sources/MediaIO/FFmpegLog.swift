import CFFmpeg

/// How much FFmpeg itself prints on stderr. actone reports errors in its own words, so FFmpeg's
/// chatter (x264's statistics, decoder warnings) is off unless asked for with `--verbose`.
public enum FFmpegLog {
    public enum Level: Sendable {
        case quiet, errors, warnings, info, debug

        var value: Int32 {
            switch self {
            case .quiet: -8  // AV_LOG_QUIET
            case .errors: 16  // AV_LOG_ERROR
            case .warnings: 24  // AV_LOG_WARNING
            case .info: 32  // AV_LOG_INFO
            case .debug: 48  // AV_LOG_DEBUG
            }
        }
    }

    public static func setLevel(_ level: Level) {
        configured = true
        av_log_set_level(level.value)
    }

    /// Applied once, before the first FFmpeg call, unless `setLevel` came first.
    nonisolated(unsafe) private static var configured = false

    static func applyDefault() {
        if !configured { setLevel(.quiet) }
    }
}
