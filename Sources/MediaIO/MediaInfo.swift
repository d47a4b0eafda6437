import CFFmpeg

/// What a media file holds: its container and every stream, as `actone inspect` shows it.
public struct MediaInfo: Sendable, Codable, Equatable {
    public var path: String
    /// FFmpeg's short name(s) of the container, e.g. "mov,mp4,m4a,3gp,3g2,mj2".
    public var container: String
    public var containerLongName: String
    /// Seconds, when the container knows.
    public var duration: Double?
    /// Bits per second over the whole file, when known.
    public var bitRate: Int?
    public var fileSize: Int
    public var streams: [StreamInfo]
    /// The index into `streams` of the video stream a `VideoReader` would decode.
    public var primaryVideoStream: Int?
}

/// One stream of a media file.
public struct StreamInfo: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable { case video, audio, subtitle, data, attachment, unknown }

    public var index: Int
    public var kind: Kind
    public var codec: String
    public var codecLongName: String
    public var profile: String?
    public var duration: Double?
    public var bitRate: Int?
    public var language: String?
    public var isDefault: Bool
    /// Cover art stored as a one-frame video stream.
    public var isAttachedPicture: Bool

    // Video
    /// Stored size, before rotation.
    public var width: Int?
    public var height: Int?
    public var pixelFormat: String?
    public var frameRate: Rational?
    /// Degrees clockwise applied for display.
    public var rotation: Int?
    /// The count from the container's index, or from reading every packet when counted.
    public var frameCount: Int?
    /// Whether `frameCount` was counted packet by packet rather than taken from the header.
    public var frameCountIsExact: Bool?
    /// Smallest and largest frame interval in seconds, when frames were counted; unequal for a
    /// variable frame rate.
    public var frameIntervalRange: ClosedRange<Double>?
    /// True when the pictures carry alpha: the pixel format has it, or the container says so
    /// (WebM's AlphaMode, which FFmpeg reads as the tag `alpha_mode`, for VP9 whose alpha
    /// travels beside the picture); nil otherwise.
    public var hasAlpha: Bool?

    // Audio
    public var sampleRate: Int?
    public var channels: Int?
    public var channelLayout: String?
    public var sampleFormat: String?

    init(stream: UnsafeMutablePointer<AVStream>, container: UnsafeMutablePointer<AVFormatContext>) {
        let parameters = stream.pointee.codecpar.pointee
        index = Int(stream.pointee.index)
        switch parameters.codec_type {
        case AVMEDIA_TYPE_VIDEO: kind = .video
        case AVMEDIA_TYPE_AUDIO: kind = .audio
        case AVMEDIA_TYPE_SUBTITLE: kind = .subtitle
        case AVMEDIA_TYPE_DATA: kind = .data
        case AVMEDIA_TYPE_ATTACHMENT: kind = .attachment
        default: kind = .unknown
        }
        codec = String(cString: avcodec_get_name(parameters.codec_id))
        codecLongName = avcodec_descriptor_get(parameters.codec_id)?.pointee.long_name.map { String(cString: $0) } ?? codec
        profile = avcodec_profile_name(parameters.codec_id, parameters.profile).map { String(cString: $0) }
        let timeBase = stream.pointee.time_base
        duration =
            stream.pointee.duration != actone_nopts_value() && stream.pointee.duration > 0
            ? Double(stream.pointee.duration) * av_q2d(timeBase) : nil
        bitRate = parameters.bit_rate > 0 ? Int(parameters.bit_rate) : nil
        language = av_dict_get(stream.pointee.metadata, "language", nil, 0).map { String(cString: $0.pointee.value) }
        if language == "und" { language = nil }
        isDefault = stream.pointee.disposition & 1 != 0  // AV_DISPOSITION_DEFAULT
        isAttachedPicture = stream.pointee.disposition & actone_disposition_attached_pic() != 0

        if kind == .video {
            let facts = VideoStreamFacts(stream: stream, container: container)
            width = facts.storedWidth
            height = facts.storedHeight
            pixelFormat = facts.pixelFormat
            frameRate = facts.frameRate
            rotation = facts.rotation
            frameCount = facts.frameCountEstimate
            frameCountIsExact = false
            if duration == nil { duration = facts.duration }
            let declared = av_dict_get(stream.pointee.metadata, "alpha_mode", nil, 0).map { String(cString: $0.pointee.value) }
            if declared == "1" || actone_pix_fmt_has_alpha(AVPixelFormat(rawValue: parameters.format)) != 0 { hasAlpha = true }
        }
        if kind == .audio {
            sampleRate = Int(parameters.sample_rate)
            channels = Int(parameters.ch_layout.nb_channels)
            var layout = [CChar](repeating: 0, count: 64)
            withUnsafePointer(to: stream.pointee.codecpar.pointee.ch_layout) { pointer in
                _ = av_channel_layout_describe(pointer, &layout, layout.count)
            }
            channelLayout = layout.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            sampleFormat = av_get_sample_fmt_name(AVSampleFormat(rawValue: parameters.format)).map { String(cString: $0) }
        }
    }
}
