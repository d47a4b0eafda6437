import CFFmpeg
import Foundation
import Imaging
import OutputFiles

/// How the video encoder trades size for quality and speed, in x264's terms (VP9 maps them:
/// `VideoOutputFormat.vp9CRF`, `vp9Speed`).
public struct VideoEncoderSettings: Sendable, Equatable {
    /// x264's constant rate factor: 0 is lossless, 18 is visually transparent, 23 is x264's
    /// default, 51 is worst.
    public var crf: Double
    /// x264 preset: ultrafast ... medium ... veryslow. Slower presets make smaller files.
    public var preset: String
    /// Display rotation to record in the file, degrees clockwise (0 for normal output; other
    /// values make test clips that players, and our reader, turn upright).
    public var rotation: Int
    /// For live output: every frame leaves the encoder as soon as it is sent (x264's
    /// `tune=zerolatency`: no frame look-ahead, no B-frames, slice threads instead of frame
    /// threads), so a frame's packet is written before the next frame arrives.
    public var lowLatency = false
    /// Frames from one key frame to the next; nil leaves it to the encoder (x264: 250). A live
    /// stream wants a short one: a player joining mid-stream waits for the next key frame.
    public var keyframeInterval: Int?

    public init(crf: Double = 18, preset: String = "medium", rotation: Int = 0) {
        self.crf = crf
        self.preset = preset
        self.rotation = rotation
    }

    public static let presets = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo"]

    func validate() throws(MediaError) {
        guard (0...51).contains(crf) else { throw .invalidSettings(reason: "CRF \(crf) is outside 0...51") }
        guard Self.presets.contains(preset) else {
            throw .invalidSettings(reason: "unknown x264 preset '\(preset)' (one of \(Self.presets.joined(separator: ", ")))")
        }
        guard rotation % 90 == 0 else { throw .invalidSettings(reason: "rotation \(rotation) is not a multiple of 90") }
        if let keyframeInterval, !(1...10_000).contains(keyframeInterval) {
            throw .invalidSettings(reason: "key frame interval \(keyframeInterval) is outside 1...10000")
        }
    }
}

/// Where `VideoWriter` writes.
public enum VideoDestination: Sendable, Equatable {
    /// A file, written under a temporary name and renamed onto the path when finished
    /// (`OutputFiles`); `muxer` names another container than the format's own (e.g. "mpegts" or
    /// "matroska" for a recording that stays playable however it ends).
    case file(muxer: String? = nil)
    /// A URL written as it goes through one of FFmpeg's protocols (udp://, srt://, rtmp://,
    /// tcp://), in the container `muxer` (FFmpeg's name: "mpegts" for udp, "flv" for rtmp), with
    /// `protocolOptions` for the protocol (udp's `pkt_size`, ...).
    case url(muxer: String, protocolOptions: [String: String] = [:])
}

/// Writes RGB frames as an H.264 (libx264, yuv420p) MP4, or RGB frames with alpha as a VP9
/// (libvpx-vp9, yuva420p) WebM (`VideoOutputFormat`), at an exact frame rate, optionally with
/// another file's audio, into a temporary file that is renamed onto `path` by `finish()`.
///
///     let writer = try VideoWriter(path: "out.mp4", width: w, height: h, frameRate: reader.frameRate,
///                                  audio: AudioSource(path: "drive.mp4", startTime: reader.startTime))
///     for each frame { try writer.write(image) }     // WebM: try writer.write(image, alpha: mask)
///     try writer.finish()
///
/// If `finish()` is never reached (an error, a dropped writer, Ctrl-C with
/// `SignalCleanup.install()`), no output file is left behind. 4:2:0 chroma needs even
/// sizes; an odd width or height is padded by one repeated edge pixel. An MP4's index (moov
/// atom) is written at the front so the file starts playing before it is fully downloaded.
public final class VideoWriter {
    public let path: String
    /// The size frames are given in.
    public let width: Int
    public let height: Int
    /// The encoded size: `width`/`height` rounded up to even.
    public let encodedWidth: Int
    public let encodedHeight: Int
    public let frameRate: Rational
    public let format: VideoOutputFormat
    public private(set) var framesWritten = 0
    /// Encoded packets handed to the muxer; `framesWritten - packetsWritten` frames are still
    /// inside the encoder (its look-ahead and B-frames: none with `lowLatency`).
    public private(set) var packetsWritten = 0
    /// Whether the source audio is copied as it is (true) or re-encoded (false); nil without audio.
    public var audioIsCopied: Bool? { audio.map { $0.mode == .copy } }
    /// FFmpeg's name of the output's audio codec ("aac", "mp3", "opus", "vorbis"); nil without audio.
    public var audioCodec: String? { audio?.outputCodec }

    /// The temporary file renamed onto `path` when finished; nil for a URL, written as it goes.
    private let partial: OutputFile?
    private let container: OutputContainer
    private let encoder: Encoder
    private let stream: UnsafeMutablePointer<AVStream>
    private let audio: AudioCarrier?
    private let picture = Frame()
    private let packet = Packet()
    private let scaler = Scaler()
    private let staging: RGBStagingBuffer
    private var finished = false
    /// Places frames given with their source times (`write(_:alpha:sourceTime:)`).
    private var clock: FrameClock
    /// Whether `picture` holds a frame that can be sent again (a repeat by the clock).
    private var hasPicture = false

    /// Prepares the output. Fails before any encoding when the target exists (unless
    /// `overwrite`), its folder is missing or read-only, the settings are invalid, the encoder
    /// (libx264, libvpx-vp9) is missing, or the audio source cannot be read.
    public init(
        path: String, width: Int, height: Int, frameRate: Rational,
        settings: VideoEncoderSettings = VideoEncoderSettings(), format: VideoOutputFormat = .h264MP4,
        audio audioSource: AudioSource? = nil, overwrite: Bool = false, destination: VideoDestination = .file(),
        interrupt: InterruptFlag? = nil
    ) throws(MediaError) {
        try settings.validate()
        guard width > 0, height > 0, width <= VideoReader.maximumSide, height <= VideoReader.maximumSide else {
            throw .unsupportedSize(path: path, width: width, height: height, limit: "1 to \(VideoReader.maximumSide) pixels a side")
        }
        guard frameRate.isValid, frameRate.doubleValue <= 1000 else {
            throw .invalidSettings(reason: "frame rate \(frameRate) is not a positive rate up to 1000")
        }
        self.path = path
        self.width = width
        self.height = height
        self.encodedWidth = width + width % 2
        self.encodedHeight = height + height % 2
        self.frameRate = frameRate
        self.format = format
        self.clock = FrameClock(rate: frameRate)
        staging = RGBStagingBuffer(width: self.encodedWidth, height: self.encodedHeight, withAlpha: format.carriesAlpha)

        let muxerOptions: [String: String]
        var protocolOptions: [String: String] = [:]
        switch destination {
        case .file(let muxer):
            let partial = try mediaOutput { () throws(OutputError) in try OutputFile(path: path, overwrite: overwrite) }
            self.partial = partial
            container = try OutputContainer(output: partial, format: muxer ?? format.muxer, interrupt: interrupt)
            muxerOptions = muxer == nil || muxer == format.muxer ? format.muxerOptions : [:]
        case .url(let muxer, let options):
            partial = nil
            container = try OutputContainer(url: path, format: muxer, interrupt: interrupt)
            muxerOptions = [:]
            protocolOptions = options
        }
        guard let codec = avcodec_find_encoder_by_name(format.encoderName) else { throw .encoderUnavailable(name: format.encoderName) }
        let (encodedWidth, encodedHeight) = (Int32(self.encodedWidth), Int32(self.encodedHeight))
        let globalHeader = container.wantsGlobalHeader
        encoder = try Encoder(codec: codec, path: path, options: format.encoderOptions(settings)) { context in
            context.pointee.width = encodedWidth
            context.pointee.height = encodedHeight
            context.pointee.pix_fmt = format.pixelFormat
            // No target bit rate: libvpx's CRF is then constant quality rather than a cap on a
            // bit rate (x264 ignores it with CRF).
            context.pointee.bit_rate = 0
            context.pointee.time_base = frameRate.inverted.avRational
            context.pointee.framerate = frameRate.avRational
            context.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
            context.pointee.colorspace = AVCOL_SPC_BT709
            context.pointee.color_primaries = AVCOL_PRI_BT709
            context.pointee.color_trc = AVCOL_TRC_BT709
            context.pointee.color_range = AVCOL_RANGE_MPEG
            context.pointee.thread_count = 0
            if let interval = settings.keyframeInterval { context.pointee.gop_size = Int32(interval) }
            if settings.lowLatency { context.pointee.max_b_frames = 0 }
            if globalHeader { context.pointee.flags |= actone_codec_flag_global_header() }
        }
        stream = container.addStream()
        let status = avcodec_parameters_from_context(stream.pointee.codecpar, encoder.context)
        guard status >= 0 else { throw .encodeFailed(path: path, ffmpegMessage: ffmpegMessage(status)) }
        stream.pointee.time_base = encoder.context.pointee.time_base
        stream.pointee.avg_frame_rate = frameRate.avRational
        if settings.rotation % 360 != 0 {
            guard actone_stream_set_rotation(stream, Double(settings.rotation)) >= 0 else {
                throw .encodeFailed(path: path, ffmpegMessage: "cannot attach the rotation")
            }
        }
        let container = self.container
        audio = try audioSource.map { source throws(MediaError) in try AudioCarrier(source: source, output: container) }
        try container.open(options: muxerOptions, protocolOptions: protocolOptions)

        picture.pointer.pointee.format = format.pixelFormat.rawValue
        picture.pointer.pointee.width = encodedWidth
        picture.pointer.pointee.height = encodedHeight
        let allocated = av_frame_get_buffer(picture.pointer, 0)
        guard allocated >= 0 else { throw .encodeFailed(path: path, ffmpegMessage: ffmpegMessage(allocated)) }
    }

    /// Encodes one frame; it must have the size given at creation.
    public func write(_ image: RGBImage) throws(MediaError) {
        try write(image, alpha: nil)
    }

    /// Source frames dropped, and extra copies written, to keep `write(_:alpha:sourceTime:)`'s
    /// frames at their times on the constant-rate output.
    public var framesDropped: Int { clock.dropped }
    public var framesRepeated: Int { clock.repeated }

    /// Encodes a frame of a source shown at `sourceTime` seconds (from the start of the source's
    /// stream, where its audio is aligned), on the output's constant-rate clock (`FrameClock`):
    /// the previous frame is repeated over a gap in the source, and a frame whose output frame is
    /// already written is dropped, so the picture keeps the source's timing and stays in sync
    /// with the carried audio. Use this or `write(_:alpha:)` (one frame per output frame) for a
    /// whole output, not both.
    public func write(_ image: RGBImage, alpha: GrayImage? = nil, sourceTime: Double) throws(MediaError) {
        let placement = clock.place(time: sourceTime)
        for _ in 0..<placement.repeatsOfPrevious { try writeAgain() }
        guard placement.copies > 0 else { return }
        try write(image, alpha: alpha)
        for _ in 1..<placement.copies { try writeAgain() }
    }

    /// Encodes the last picture once more, as the next output frame. The encoder holds its own
    /// reference to what it was sent, so resending the same frame with the next timestamp is safe.
    private func writeAgain() throws(MediaError) {
        precondition(!finished, "VideoWriter.write after finish")
        guard hasPicture else { return }
        try send(picture)
    }

    /// Encodes one frame with its alpha (0 transparent, 255 opaque; nil is opaque), both the
    /// size given at creation. Only a format that `carriesAlpha` takes an alpha.
    public func write(_ image: RGBImage, alpha: GrayImage?) throws(MediaError) {
        precondition(!finished, "VideoWriter.write after finish")
        guard image.width == width, image.height == height else {
            throw .invalidFrame(path: path, reason: "frame \(framesWritten) is \(image.width)x\(image.height), expected \(width)x\(height)")
        }
        if let alpha {
            // Dropping it silently would hand the caller an opaque file it believes transparent.
            guard format.carriesAlpha else {
                throw .invalidFrame(
                    path: path, reason: "frame \(framesWritten) has alpha, but \(format.fileExtension.uppercased()) output is opaque")
            }
            guard alpha.width == width, alpha.height == height else {
                throw .invalidFrame(
                    path: path, reason: "frame \(framesWritten)'s alpha is \(alpha.width)x\(alpha.height), expected \(width)x\(height)")
            }
        }
        // The encoder may still hold the previous picture; make it ours again before filling it.
        let status = av_frame_make_writable(picture.pointer)
        guard status >= 0 else { throw .encodeFailed(path: path, ffmpegMessage: ffmpegMessage(status)) }
        try convertToYUV(image, alpha: alpha)
        hasPicture = true
        try send(picture)
    }

    /// Sends `picture` as output frame `framesWritten` and carries the audio up to its end.
    private func send(_ picture: Frame) throws(MediaError) {
        picture.pointer.pointee.pts = Int64(framesWritten)
        let status = avcodec_send_frame(encoder.context, picture.pointer)
        guard status >= 0 else { throw .encodeFailed(path: path, ffmpegMessage: ffmpegMessage(status)) }
        framesWritten += 1
        try drainEncoder()
        try audio?.advance(to: Double(framesWritten) / frameRate.doubleValue)
    }

    /// Flushes the encoder, writes the rest of the audio (trimmed to the video's length) and the
    /// index, and renames the finished file onto `path`.
    public func finish() throws(MediaError) {
        precondition(!finished, "VideoWriter.finish called twice")
        finished = true
        guard framesWritten > 0 else {
            partial?.discard()
            throw .invalidFrame(path: path, reason: "no frames were written")
        }
        do throws(MediaError) {
            let status = avcodec_send_frame(encoder.context, nil)
            guard status >= 0 || status == averrorEOF else { throw .encodeFailed(path: path, ffmpegMessage: ffmpegMessage(status)) }
            try drainEncoder()
            try audio?.finish(duration: Double(framesWritten) / frameRate.doubleValue)
            try container.close()
            if let partial { try mediaOutput { () throws(OutputError) in try partial.commit() } }
        } catch {
            partial?.discard()
            throw error
        }
    }

    /// Abandons the output: nothing is left at `path` or at the temporary name.
    public func cancel() {
        finished = true
        partial?.discard()
    }

    private func drainEncoder() throws(MediaError) {
        while true {
            let status = avcodec_receive_packet(encoder.context, packet.pointer)
            if status == averrorEAGAIN || status == averrorEOF { return }
            guard status >= 0 else { throw .encodeFailed(path: path, ffmpegMessage: ffmpegMessage(status)) }
            try container.write(packet, timeBase: encoder.context.pointee.time_base, stream: stream)
            packetsWritten += 1
        }
    }

    private func convertToYUV(_ image: RGBImage, alpha: GrayImage?) throws(MediaError) {
        let (w, h) = (Int32(encodedWidth), Int32(encodedHeight))
        guard
            let context = scaler.context(
                sourceWidth: w, sourceHeight: h, sourceFormat: staging.pixelFormat,
                targetWidth: w, targetHeight: h, targetFormat: format.pixelFormat,
                flags: actone_sws_encode_flags())
        else {
            throw .encodeFailed(
                path: path,
                ffmpegMessage: "cannot convert \(pixelFormatName(staging.pixelFormat)) to \(pixelFormatName(format.pixelFormat))")
        }
        let matrix = ColorMatrix.encoding
        actone_sws_set_colorspace(context, matrix.space, matrix.fullRange ? 1 : 0, 0)
        // Odd sizes are padded to the even encoded size here by repeating the edge; swscale
        // copies the alpha plane through unscaled (alpha is always full range).
        staging.fill(from: image, alpha: alpha)
        var sourcePlanes: [UnsafePointer<UInt8>?] = [UnsafePointer(staging.base), nil, nil, nil]
        var sourceStrides: [Int32] = [Int32(staging.stride), 0, 0, 0]
        let rows = withMutablePlanes(of: picture.pointer) { planes, strides in
            sws_scale(context, &sourcePlanes, &sourceStrides, 0, h, planes, strides)
        }
        guard rows > 0 else { throw .encodeFailed(path: path, ffmpegMessage: rows < 0 ? ffmpegMessage(rows) : "swscale wrote nothing") }
    }
}
