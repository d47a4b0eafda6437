import CFFmpeg
import Foundation
import Imaging

/// One decoded picture, upright, with its presentation time.
public struct VideoFrame: Sendable {
    /// 0-based position in presentation order.
    public let index: Int
    /// Presentation time in seconds from the start of the video stream. With a variable frame
    /// rate the gaps between frames vary; this is the real time of each.
    public let time: Double
    public var image: RGBImage
    /// The picture's alpha (0 transparent, 255 opaque), when the reader was made with
    /// `alpha: true` and the stream decodes to a format with alpha; nil otherwise.
    public var alpha: GrayImage? = nil
}

/// Streams the frames of a video file as upright RGB images, one at a time, so memory stays flat
/// however long the clip is.
///
///     let reader = try VideoReader(path: "drive.mp4")
///     while let frame = try reader.nextFrame() { ... }
///
/// Reads anything FFmpeg reads (MP4, MOV, MKV, WebM; H.264, HEVC, VP9, AV1, ProRes, ...), picks
/// FFmpeg's best video stream, decodes with FFmpeg's frame and slice threading, converts to RGB
/// with swscale using the stream's own colour matrix and range, and applies the display rotation.
public final class VideoReader {
    /// Largest accepted side of a video, in pixels: beyond this a frame alone is hundreds of MB.
    public static let maximumSide = 8192
    static let sizeLimit = PictureSizeLimit(maximumSide: maximumSide, maximumPixels: maximumSide * maximumSide)

    public let path: String
    /// Upright size, after the display rotation.
    public let width: Int
    public let height: Int
    /// Degrees clockwise the stored pictures are turned to come out upright: 0, 90, 180 or 270.
    public let rotation: Int
    /// The stream's average frame rate as an exact rational.
    public let frameRate: Rational
    /// The constant rate to write a copy of this video at, with its frames placed by their
    /// times (`FrameClock`): the rate the clip was shot at, which for a constant-rate clip is
    /// `frameRate` and for a variable-rate one is usually above the average.
    public let outputFrameRate: Rational
    /// Seconds, from the stream or container header, when known.
    public let duration: Double?
    /// Frames declared by the container's index, or estimated from duration and rate.
    public let frameCount: Int?
    /// The video stream's start time in seconds on the container's clock. Frame times are
    /// relative to this; audio taken from the same file is aligned to it.
    public let startTime: Double
    public let codecName: String
    /// The audio streams of the file, for callers that carry the audio along.
    public let audioStreams: [StreamInfo]

    private let input: InputFile
    private let streamIndex: Int
    private let decoder: Decoder
    private let timeBase: AVRational
    private let startPTS: Int64
    private let indexedFrameCount: Int?
    private let turn: QuarterTurn
    /// The stream's picture size before rotation.
    private let storedWidth: Int
    private let storedHeight: Int
    private let packet = Packet()
    private let frame = Frame()
    private let scaler = Scaler()
    private var staging: RGBStagingBuffer?
    private let keepsAlpha: Bool

    private var flushing = false
    private var finished = false
    private var packetsRead = 0
    private var framesDecoded = 0
    private var lastTime: Double?
    private var lastError: Int32?
    /// Set by `seek(toTime:)`: packets are no longer counted from the start, so the end of the
    /// stream is not compared with the index's frame count.
    private var hasSought = false

    /// Opens `path`. With `alpha`, frames also carry their alpha plane where the stream has
    /// one: VP8/VP9 are then decoded by libvpx, since FFmpeg's own VP8/VP9 decoders ignore the
    /// alpha stream that WebM keeps beside the picture (its BlockAdditional data).
    public convenience init(path: String, alpha: Bool = false) throws(MediaError) {
        // The size a container's header declares is checked before FFmpeg's probe decodes a frame.
        try self.init(opened: try InputFile(path: path, sizeLimit: Self.sizeLimit), alpha: alpha)
    }

    /// Opens a live or network source, or any input that needs a format or options: a camera
    /// (`InputOptions(format: "v4l2")` and `/dev/video0`), an rtsp://, udp://, srt:// or http://
    /// stream, or a file. A raised `interrupt` ends a wait for the source's next frame: the open
    /// throws `.interrupted`, and `nextFrame` ends the stream.
    public convenience init(source: String, input: InputOptions, interrupt: InterruptFlag? = nil) throws(MediaError) {
        try self.init(opened: try InputFile(source: source, input: input, interrupt: interrupt, sizeLimit: Self.sizeLimit), alpha: false)
    }

    private init(opened input: InputFile, alpha: Bool) throws(MediaError) {
        let path = input.path
        let index = try input.primaryVideoStream()
        let stream = input.stream(index)
        let facts = VideoStreamFacts(stream: stream, container: input.context)
        guard facts.storedWidth > 0, facts.storedHeight > 0 else {
            throw .unreadable(path: path, ffmpegMessage: "the video stream has no picture size")
        }
        try Self.sizeLimit.check(path: path, width: facts.storedWidth, height: facts.storedHeight, allowUnknown: false)
        self.input = input
        self.path = path
        self.streamIndex = index
        self.keepsAlpha = alpha
        self.decoder = try Decoder(stream: stream, path: path, decoderName: alpha ? Self.alphaDecoder(for: stream) : nil)
        self.timeBase = stream.pointee.time_base
        self.startPTS = stream.pointee.start_time != actone_nopts_value() ? stream.pointee.start_time : 0
        self.width = facts.width
        self.height = facts.height
        self.rotation = facts.rotation
        self.turn = QuarterTurn(degrees: facts.rotation)
        self.storedWidth = facts.storedWidth
        self.storedHeight = facts.storedHeight
        self.frameRate = facts.frameRate
        self.outputFrameRate = facts.outputFrameRate
        self.duration = facts.duration
        self.frameCount = facts.frameCountEstimate
        self.indexedFrameCount = facts.indexedFrameCount
        self.startTime = facts.startTime
        self.codecName = facts.codecName
        self.audioStreams = (0..<input.streamCount).compactMap { i in
            let s = input.stream(i)
            return s.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_AUDIO ? StreamInfo(stream: s, container: input.context) : nil
        }
    }

    /// The next frame in presentation order, or nil at the end of the stream.
    ///
    /// Throws `.truncated` at the end when the file held fewer frames than its index declares,
    /// and `.noFramesDecoded` when nothing at all could be decoded. A damaged packet in the
    /// middle is skipped, as players do.
    public func nextFrame() throws(MediaError) -> VideoFrame? {
        guard !finished else { return nil }
        while true {
            let received = avcodec_receive_frame(decoder.context, frame.pointer)
            if received >= 0 {
                defer { frame.unref() }
                return try makeVideoFrame()
            }
            if received == averrorEOF {
                finished = true
                try checkCompleteness()
                return nil
            }
            guard received == averrorEAGAIN else {
                // A decoder error on one frame; remember it and keep going.
                lastError = received
                continue
            }
            try feedDecoder()
        }
    }

    /// Moves back to the key frame at or before `time` (seconds, as `VideoFrame.time`); the frames
    /// that follow start there, so callers that want one frame skip the ones before it by their
    /// times. After a seek, `VideoFrame.index` counts frames decoded, not positions in the clip:
    /// callers that seek identify frames by `time`.
    public func seek(toTime time: Double) throws(MediaError) {
        let seconds = max(0, time.isFinite ? time : 0)
        let target = startPTS + Int64((seconds / av_q2d(timeBase)).rounded(.down))
        let status = av_seek_frame(input.context, Int32(streamIndex), target, AVSEEK_FLAG_BACKWARD)
        guard status >= 0 else { throw .decodeFailed(path: path, ffmpegMessage: "cannot seek: \(ffmpegMessage(status))") }
        avcodec_flush_buffers(decoder.context)
        flushing = false
        finished = false
        hasSought = true
        lastTime = nil
    }

    /// Reads the next packet of our stream into the decoder, or starts flushing at the end.
    private func feedDecoder() throws(MediaError) {
        if flushing {
            // The decoder said EAGAIN while draining: it has nothing more.
            finished = true
            try checkCompleteness()
            return
        }
        while true {
            let read = av_read_frame(input.context, packet.pointer)
            if read < 0 {
                if read != averrorEOF { lastError = read }
                flushing = true
                avcodec_send_packet(decoder.context, nil)
                return
            }
            defer { packet.unref() }
            guard Int(packet.pointer.pointee.stream_index) == streamIndex else { continue }
            packetsRead += 1
            let sent = avcodec_send_packet(decoder.context, packet.pointer)
            if sent < 0 && sent != averrorEAGAIN { lastError = sent; continue }
            return
        }
    }

    private func checkCompleteness() throws(MediaError) {
        if framesDecoded == 0 {
            if let lastError { throw .decodeFailed(path: path, ffmpegMessage: ffmpegMessage(lastError)) }
            throw .noFramesDecoded(path: path)
        }
        if !hasSought, let expected = indexedFrameCount, packetsRead < expected {
            throw .truncated(path: path, framesRead: framesDecoded, framesExpected: expected)
        }
    }

    private func makeVideoFrame() throws(MediaError) -> VideoFrame {
        let source = frame.pointer
        let frameWidth = Int(source.pointee.width), frameHeight = Int(source.pointee.height)
        guard frameWidth > 0, frameHeight > 0, frameWidth <= Self.maximumSide, frameHeight <= Self.maximumSide else {
            throw .unsupportedSize(
                path: path, width: frameWidth, height: frameHeight,
                limit: "at most \(Self.maximumSide) pixels a side")
        }
        // Every frame comes out at the stream's declared size, even if the picture size changes
        // mid-stream (a spliced or damaged file): callers size their buffers and outputs once.
        var image = RGBImage(width: storedWidth, height: storedHeight)
        let withAlpha = keepsAlpha && actone_pix_fmt_has_alpha(AVPixelFormat(rawValue: source.pointee.format)) != 0
        var alpha = withAlpha ? GrayImage(width: storedWidth, height: storedHeight) : nil
        try convertToRGB(source, into: &image, alpha: &alpha)
        if turn != .none {
            image = image.rotated(clockwise: turn)
            alpha = alpha?.rotated(clockwise: turn)
        }

        let time = presentationTime(of: source)
        let videoFrame = VideoFrame(index: framesDecoded, time: time, image: image, alpha: alpha)
        framesDecoded += 1
        lastTime = time
        return videoFrame
    }

    /// Seconds from the stream start; frames without a timestamp follow the previous one by one
    /// frame duration.
    private func presentationTime(of source: UnsafeMutablePointer<AVFrame>) -> Double {
        let pts = source.pointee.best_effort_timestamp
        if pts != actone_nopts_value() {
            return Double(pts - startPTS) * av_q2d(timeBase)
        }
        guard let lastTime else { return 0 }
        return lastTime + 1 / max(frameRate.doubleValue, 1)
    }

    /// Converts to RGB, and to RGBA split into `image` and `alpha` when `alpha` is given.
    private func convertToRGB(
        _ source: UnsafeMutablePointer<AVFrame>, into image: inout RGBImage,
        alpha: inout GrayImage?
    ) throws(MediaError) {
        let format = AVPixelFormat(rawValue: source.pointee.format)
        let withAlpha = alpha != nil
        if staging?.width != image.width || staging?.height != image.height || (staging?.bytesPerPixel == 4) != withAlpha {
            staging = RGBStagingBuffer(width: image.width, height: image.height, withAlpha: withAlpha)
        }
        let buffer = staging!
        guard
            let context = scaler.context(
                sourceWidth: source.pointee.width, sourceHeight: source.pointee.height, sourceFormat: format,
                targetWidth: Int32(image.width), targetHeight: Int32(image.height), targetFormat: buffer.pixelFormat,
                flags: Scaler.decodeFlags(width: Int32(image.width)))
        else {
            throw .decodeFailed(path: path, ffmpegMessage: "cannot convert pixel format \(pixelFormatName(format)) to RGB")
        }
        let colorspace = ColorMatrix.forDecoding(source)
        actone_sws_set_colorspace(context, colorspace.space, colorspace.fullRange ? 1 : 0, 1)
        var planes: [UnsafeMutablePointer<UInt8>?] = [buffer.base, nil, nil, nil]
        var strides: [Int32] = [Int32(buffer.stride), 0, 0, 0]
        let rows = withPlanes(of: source) { sourcePlanes, sourceStrides in
            sws_scale(context, sourcePlanes, sourceStrides, 0, source.pointee.height, &planes, &strides)
        }
        guard rows > 0 else { throw .decodeFailed(path: path, ffmpegMessage: rows < 0 ? ffmpegMessage(rows) : "swscale wrote nothing") }
        if withAlpha { buffer.copy(into: &image, alpha: &alpha) } else { buffer.copy(into: &image) }
    }

    /// The decoder that keeps a stream's alpha, where FFmpeg's default one drops it: libvpx
    /// for VP8/VP9 (when this FFmpeg has it). nil means the default decoder.
    private static func alphaDecoder(for stream: UnsafeMutablePointer<AVStream>) -> String? {
        let name: String
        switch stream.pointee.codecpar.pointee.codec_id {
        case AV_CODEC_ID_VP9: name = "libvpx-vp9"
        case AV_CODEC_ID_VP8: name = "libvpx"
        default: return nil
        }
        return avcodec_find_decoder_by_name(name) != nil ? name : nil
    }
}

func pixelFormatName(_ format: AVPixelFormat) -> String {
    av_get_pix_fmt_name(format).map { String(cString: $0) } ?? "unknown"
}
