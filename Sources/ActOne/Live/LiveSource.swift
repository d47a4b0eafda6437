import Foundation
import MediaIO

/// What `actone live` reads: a camera, a network stream or a file, as FFmpeg opens it.
public struct LiveSource: Sendable {
    /// A device (`/dev/video0`, `0:none` for avfoundation, `video=Name` for dshow), a URL
    /// (rtsp://, udp://, srt://, http://) or a file.
    public var location: String
    /// `--input-format` and `--input-options`.
    public var input: InputOptions
    /// `--realtime`: a file is played at its own rate, each frame made available at its time, as
    /// a camera would deliver it.
    public var realtime: Bool

    public init(location: String, input: InputOptions = InputOptions(), realtime: Bool = false) {
        self.location = location
        self.input = input
        self.realtime = realtime
    }

    /// Whether the source is a regular file read without `--realtime`: then nothing is live, the
    /// capture waits for the work and no frame is dropped.
    var isPlainFile: Bool {
        guard !realtime, input.format == nil, !location.contains("://") else { return false }
        var info = stat()
        return stat(location, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// The name a track records as its source: a file's name, or the URL or device as given.
    var displayName: String {
        location.contains("://") || input.format != nil ? location : URL(fileURLWithPath: location).lastPathComponent
    }
}
