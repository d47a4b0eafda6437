import CFFmpeg

/// How to open a source that is not a plain file: FFmpeg's input format (a demuxer, or a device
/// such as `v4l2`, `avfoundation` or `dshow`) and the options handed to it, as the ffmpeg CLI's
/// `-f` and the options before its `-i` (`video_size=640x480`, `framerate=30`, `rtsp_transport=tcp`).
public struct InputOptions: Sendable, Equatable {
    /// FFmpeg's name of the demuxer or device; nil lets FFmpeg recognise the source.
    public var format: String?
    /// Options for the demuxer, device or protocol, by FFmpeg's names.
    public var options: [String: String]

    public init(format: String? = nil, options: [String: String] = [:]) {
        self.format = format
        self.options = options
    }

    /// Parses `key=value` pairs separated by commas, as `--input-options
    /// video_size=640x480,framerate=30` gives them (a value cannot hold a comma); nil when a pair
    /// has no name or no `=`.
    public static func parse(_ text: String) -> [String: String]? {
        var options: [String: String] = [:]
        for pair in text.split(separator: ",", omittingEmptySubsequences: true) {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { return nil }
            options[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return options
    }

    /// The input format named `name`, looked up among the demuxers and (once registered) the
    /// devices of libavdevice.
    static func demuxer(named name: String) throws(MediaError) -> UnsafePointer<AVInputFormat> {
        _ = registerDevices
        guard let format = av_find_input_format(name) else { throw .unknownInputFormat(name: name) }
        return format
    }

    /// libavdevice's inputs (v4l2, alsa, x11grab, ...) are found by name only once registered.
    private static let registerDevices: Void = avdevice_register_all()
}

/// An `AVDictionary` of options, owned: freed in `deinit`. FFmpeg takes the entries it uses out of
/// it, so what is left after a call are the names nobody recognised.
final class FFmpegDictionary {
    var pointer: OpaquePointer?

    init(_ entries: [String: String]) {
        for (key, value) in entries.sorted(by: { $0.key < $1.key }) { av_dict_set(&pointer, key, value, 0) }
    }

    deinit { av_dict_free(&pointer) }

    /// The names still in the dictionary, in order.
    var keys: [String] {
        var names: [String] = []
        var entry: UnsafeMutablePointer<AVDictionaryEntry>? = nil
        while let next = av_dict_get(pointer, "", entry, AV_DICT_IGNORE_SUFFIX) {
            names.append(String(cString: next.pointee.key))
            entry = next
        }
        return names
    }
}
