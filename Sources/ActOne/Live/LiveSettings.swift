import MediaIO
import Motion

/// Everything `actone live` is asked to do, beyond the source and the character.
public struct LiveSettings: Sendable {
    /// `-o FILE|URL`: the character (or, without one, the source with the face mesh) encoded live.
    public var output: String?
    /// `--output-format`: FFmpeg's muxer for the output (needed for a URL it cannot be told from).
    public var outputFormat: String?
    /// `--record`: the pose track, written as it goes.
    public var record: String?
    /// `--send`: programs the capture is streamed to (VMC, Live Link).
    public var send: [SendTarget] = []
    /// `--preview PORT` (and `--preview-host`): the web page of the live picture and figures.
    public var preview: PreviewAddress?
    /// `--preview-source`: the preview shows the source with the face mesh beside the character.
    public var previewShowsSource = false
    /// `--calibrate`: seconds from the first face whose faces make the neutral (median measures)
    /// and the character's rest (the calmest of them).
    public var calibrationSeconds: Double = 1
    /// `--neutral TRACK.json` (or a still of the performer): the neutral from a file; no calibration.
    public var neutralFile: String?
    public var overwrite = false
    public var modelsDirectory: String?
    /// x264 for the live output: quality, preset; `lowLatency` and the key frame interval are set by the pipeline.
    public var encoder = VideoEncoderSettings(crf: 23, preset: "veryfast")
    /// Frames the capture may hold while the work is busy; beyond it the oldest is dropped.
    public var queueCapacity = 2
    /// How the character's face is found (as `render`'s `--face`, `--face-box`, ...).
    public var faceHint: CharacterAnalysis.FaceHint = .none

    public init() {}

    /// Where `--preview` listens.
    public struct PreviewAddress: Sendable, Equatable {
        public var host: String
        public var port: Int
        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// Seconds between key frames of the live output: a player joining the stream waits at most
    /// this long for a picture.
    public static let keyframeSeconds = 1.0

    /// The muxer for a streamed output URL when `--output-format` is not given: MPEG-TS for the
    /// datagram and byte-stream protocols (what ffplay, OBS's media source and VLC read from
    /// udp:// or srt://), FLV for RTMP servers. nil when the URL says nothing we can go by.
    public static func defaultMuxer(forURL url: String) -> String? {
        guard let scheme = url.range(of: "://").map({ url[..<$0.lowerBound].lowercased() }) else { return nil }
        switch scheme {
        case "udp", "srt", "tcp", "rist": return "mpegts"
        case "rtmp", "rtmps": return "flv"
        default: return nil
        }
    }

    /// Options for the protocol of a streamed output. MPEG-TS over UDP goes in datagrams of
    /// seven 188-byte TS packets (1316 bytes, under a 1500-byte Ethernet frame), as IPTV and
    /// FFmpeg's own documentation advise: FFmpeg's default (1472) splits TS packets across
    /// datagrams, and a lost datagram then damages two. A `pkt_size` in the URL wins.
    static func protocolOptions(forURL url: String, muxer: String) -> [String: String] {
        guard url.lowercased().hasPrefix("udp://"), muxer == "mpegts", !url.contains("pkt_size") else { return [:] }
        return ["pkt_size": "1316"]
    }

    /// Whether the output names a URL rather than a file.
    public static func isURL(_ output: String) -> Bool { output.contains("://") && !output.hasPrefix("file://") }
}
