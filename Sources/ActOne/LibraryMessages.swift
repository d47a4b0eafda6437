import MediaIO

/// What the libraries under actone print on their own. actone reports errors in its own words;
/// FFmpeg's chatter (x264's statistics, decoder warnings) is shown only on request (`--verbose`).
public enum LibraryMessages {
    public static func showFFmpegWarnings(_ show: Bool) {
        FFmpegLog.setLevel(show ? .warnings : .quiet)
    }
}
