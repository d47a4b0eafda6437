import CFFmpeg
import Foundation

// Owners of FFmpeg objects. Each FFmpeg allocation lives in exactly one of these final classes,
// which frees it in `deinit`; nothing else calls FFmpeg's free functions.

/// An `AVPacket`.
final class Packet {
    let pointer: UnsafeMutablePointer<AVPacket>

    init() {
        guard let packet = av_packet_alloc() else { fatalError("av_packet_alloc: out of memory") }
        pointer = packet
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&packet)
    }

    func unref() { av_packet_unref(pointer) }
}

/// An `AVFrame`.
final class Frame {
    let pointer: UnsafeMutablePointer<AVFrame>

    init() {
        guard let frame = av_frame_alloc() else { fatalError("av_frame_alloc: out of memory") }
        pointer = frame
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&frame)
    }

    func unref() { av_frame_unref(pointer) }
}

/// An opened input file (`AVFormatContext` from `avformat_open_input`) with its stream info read.
final class InputFile {
    let path: String
    let context: UnsafeMutablePointer<AVFormatContext>

    /// Opens `path`, after checking it exists, is a regular file and is not empty, so the common
    /// mistakes get a plain message rather than FFmpeg's.
    ///
    /// With a `sizeLimit`, a picture size the container's header declares (MP4, MKV, GIF, ...)
    /// is checked before anything is decoded. A still image (PNG, JPEG, ... through FFmpeg's
    /// image demuxers, whose headers declare no size) is never probed by decoding, since FFmpeg's
    /// probe would decode the whole picture to learn its size (430 MB and seconds for a
    /// 12000x12000 PNG): ImageLoader decodes it once, with a `Decoder` given the limit, and the
    /// readers of videos refuse it unread.
    convenience init(path: String, sizeLimit: PictureSizeLimit? = nil) throws(MediaError) {
        try InputFile.checkReadableFile(path)
        try self.init(source: path, input: InputOptions(), interrupt: nil, sizeLimit: sizeLimit)
    }

    /// Opens any FFmpeg input: a file, a URL (rtsp://, udp://, srt://, http://) or a device
    /// through `input.format` (v4l2, avfoundation, dshow), with `input.options` handed to the
    /// demuxer or device. An option nobody took is refused by name rather than ignored. With an
    /// `interrupt`, a wait for a camera or the network ends with `.interrupted` once it is raised.
    init(source: String, input: InputOptions, interrupt: InterruptFlag?, sizeLimit: PictureSizeLimit? = nil) throws(MediaError) {
        FFmpegLog.applyDefault()
        self.path = source
        let format = try input.format.map { name throws(MediaError) in try InputOptions.demuxer(named: name) }
        guard let allocated = avformat_alloc_context() else { fatalError("avformat_alloc_context: out of memory") }
        if let interrupt { allocated.pointee.interrupt_callback = interrupt.callback }
        let dictionary = FFmpegDictionary(input.options)
        var context: UnsafeMutablePointer<AVFormatContext>? = allocated
        // On failure avformat_open_input frees the context itself.
        let opened = avformat_open_input(&context, source, format, &dictionary.pointer)
        guard opened >= 0, let context else {
            if opened == actone_averror_exit() { throw .interrupted(path: source) }
            throw .unreadable(path: source, ffmpegMessage: ffmpegMessage(opened))
        }
        self.context = context
        let unused = dictionary.keys
        guard unused.isEmpty else {
            throw .unusedInputOptions(path: source, names: unused, format: String(cString: context.pointee.iformat.pointee.name))
        }
        if let sizeLimit { try checkDeclaredSizes(sizeLimit) }
        if isStillImage { return }
        let found = avformat_find_stream_info(context, nil)
        guard found >= 0 else {
            if found == actone_averror_exit() { throw .interrupted(path: source) }
            throw .unreadable(path: source, ffmpegMessage: ffmpegMessage(found))
        }
    }

    deinit {
        var context: UnsafeMutablePointer<AVFormatContext>? = context
        avformat_close_input(&context)
    }

    /// Checks every video stream's size as the header declares it (0 where it does not).
    private func checkDeclaredSizes(_ limit: PictureSizeLimit) throws(MediaError) {
        for index in 0..<streamCount {
            let parameters = stream(index).pointee.codecpar.pointee
            guard parameters.codec_type == AVMEDIA_TYPE_VIDEO else { continue }
            try limit.check(path: path, width: Int(parameters.width), height: Int(parameters.height), allowUnknown: true)
        }
    }

    static func checkReadableFile(_ path: String) throws(MediaError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileNotFound(path: path)
        }
        guard !isDirectory.boolValue else { throw .notAFile(path: path) }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        if size == 0 { throw .emptyFile(path: path) }
    }

    var formatName: String { String(cString: context.pointee.iformat.pointee.name) }

    var formatLongName: String {
        context.pointee.iformat.pointee.long_name.map { String(cString: $0) } ?? formatName
    }

    var streamCount: Int { Int(context.pointee.nb_streams) }

    func stream(_ index: Int) -> UnsafeMutablePointer<AVStream> {
        context.pointee.streams[index]!
    }

    /// Whether FFmpeg opened this as a single still image (PNG, JPEG, ...), through its image
    /// demuxers, rather than as a video container.
    var isStillImage: Bool {
        let name = formatName
        return name == "image2" || name.hasSuffix("_pipe")
    }

    /// The index of the video stream to decode, or an error saying why this file is not a video
    /// (a still image, or no video stream at all).
    func primaryVideoStream() throws(MediaError) -> Int {
        if isStillImage {
            throw .stillImageNotVideo(path: path, format: formatName.replacingOccurrences(of: "_pipe", with: ""))
        }
        guard let index = bestStream(AVMEDIA_TYPE_VIDEO) else { throw .noVideoStream(path: path) }
        return index
    }

    /// The best stream of a kind (FFmpeg's own choice), skipping cover art.
    func bestStream(_ type: AVMediaType) -> Int? {
        let index = av_find_best_stream(context, type, -1, -1, nil, 0)
        guard index >= 0 else { return nil }
        if type == AVMEDIA_TYPE_VIDEO, stream(Int(index)).pointee.disposition & actone_disposition_attached_pic() != 0 {
            // av_find_best_stream may return cover art when it is the only "video"; look for a real one.
            return (0..<streamCount).first { i in
                let s = stream(i).pointee
                return s.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO
                    && s.disposition & actone_disposition_attached_pic() == 0
            }
        }
        return Int(index)
    }
}

/// An opened decoder (`AVCodecContext`) for one stream of an input file.
final class Decoder {
    let context: UnsafeMutablePointer<AVCodecContext>

    /// Opens the stream's decoder with FFmpeg's frame and slice threading on all cores:
    /// FFmpeg's default one for the codec, or the one named `decoderName` (e.g. "libvpx-vp9").
    ///
    /// With `pixelLimit`, a picture of more pixels is refused before its memory is allocated:
    /// decoding then fails, and `pictureWidth`/`pictureHeight` say the size it declared.
    init(
        stream: UnsafeMutablePointer<AVStream>, path: String, threads: Int32 = 0, decoderName: String? = nil,
        pixelLimit: Int? = nil
    ) throws(MediaError) {
        let parameters = stream.pointee.codecpar!
        let found = decoderName.map { avcodec_find_decoder_by_name($0) } ?? avcodec_find_decoder(parameters.pointee.codec_id)
        guard let codec = found else {
            throw .unsupportedCodec(path: path, codec: decoderName ?? String(cString: avcodec_get_name(parameters.pointee.codec_id)))
        }
        guard let context = avcodec_alloc_context3(codec) else { fatalError("avcodec_alloc_context3: out of memory") }
        self.context = context
        var status = avcodec_parameters_to_context(context, parameters)
        guard status >= 0 else { throw .decodeFailed(path: path, ffmpegMessage: ffmpegMessage(status)) }
        context.pointee.pkt_timebase = stream.pointee.time_base
        context.pointee.thread_count = threads
        context.pointee.thread_type = actone_thread_frame_and_slice()
        if let pixelLimit { actone_limit_decoded_pixels(context, Int64(pixelLimit)) }
        status = avcodec_open2(context, codec, nil)
        guard status >= 0 else { throw .decodeFailed(path: path, ffmpegMessage: ffmpegMessage(status)) }
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&context)
    }

    /// The picture size the decoder has read from the stream so far (0 before any header).
    var pictureWidth: Int { Int(context.pointee.width) }
    var pictureHeight: Int { Int(context.pointee.height) }
}

/// An opened encoder (`AVCodecContext`). Configure it in `configure`, before it is opened.
final class Encoder {
    let context: UnsafeMutablePointer<AVCodecContext>
    let codec: UnsafePointer<AVCodec>

    init(
        codec: UnsafePointer<AVCodec>, path: String, options: [String: String] = [:],
        configure: (UnsafeMutablePointer<AVCodecContext>) -> Void
    ) throws(MediaError) {
        guard let context = avcodec_alloc_context3(codec) else { fatalError("avcodec_alloc_context3: out of memory") }
        self.context = context
        self.codec = codec
        configure(context)
        var dictionary: OpaquePointer?
        for (key, value) in options { av_dict_set(&dictionary, key, value, 0) }
        let status = avcodec_open2(context, codec, &dictionary)
        av_dict_free(&dictionary)
        guard status >= 0 else { throw .encodeFailed(path: path, ffmpegMessage: ffmpegMessage(status)) }
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&context)
    }
}

/// A swscale context converting frames of one size and format to another.
final class Scaler {
    private(set) var context: OpaquePointer?

    deinit { sws_freeContext(context) }

    /// Returns a context for the conversion, reusing the previous one when nothing changed.
    func context(
        sourceWidth: Int32, sourceHeight: Int32, sourceFormat: AVPixelFormat,
        targetWidth: Int32, targetHeight: Int32, targetFormat: AVPixelFormat,
        flags: Int32
    ) -> OpaquePointer? {
        context = sws_getCachedContext(
            context, sourceWidth, sourceHeight, sourceFormat,
            targetWidth, targetHeight, targetFormat, flags, nil, nil, nil)
        return context
    }
}

extension Scaler {
    /// swscale flags for converting a decoded picture `width` pixels wide to RGB. Widths that are
    /// not a multiple of 8 take SWS_ACCURATE_RND, which keeps swscale off its special unscaled
    /// YUV -> RGB converter: that converter's SIMD code (FFmpeg 5.1, as Debian 12 ships it) leaves
    /// the last columns black on some such widths (17-23 and 33 among 17-33; s7.jpg's 852 and
    /// s12.jpg's 375). Other widths keep the fast converter and the pixels they always had.
    static func decodeFlags(width: Int32) -> Int32 {
        actone_sws_decode_flags() | (width % 8 == 0 ? 0 : actone_sws_accurate_rnd())
    }
}

/// Passes an `AVFrame`'s plane pointers and strides to a C function that takes
/// `const uint8_t *const[]` and `const int[]` (FFmpeg keeps them as fixed-size C arrays, which
/// Swift imports as tuples).
func withPlanes<R>(
    of frame: UnsafeMutablePointer<AVFrame>,
    _ body: (UnsafePointer<UnsafePointer<UInt8>?>, UnsafePointer<Int32>) -> R
) -> R {
    withUnsafePointer(to: &frame.pointee.data) { data in
        withUnsafePointer(to: &frame.pointee.linesize) { lines in
            data.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: 8) { planes in
                lines.withMemoryRebound(to: Int32.self, capacity: 8) { strides in
                    body(planes, strides)
                }
            }
        }
    }
}

/// The same for writing into a frame's planes.
func withMutablePlanes<R>(
    of frame: UnsafeMutablePointer<AVFrame>,
    _ body: (UnsafePointer<UnsafeMutablePointer<UInt8>?>, UnsafePointer<Int32>) -> R
) -> R {
    withUnsafePointer(to: &frame.pointee.data) { data in
        withUnsafePointer(to: &frame.pointee.linesize) { lines in
            data.withMemoryRebound(to: UnsafeMutablePointer<UInt8>?.self, capacity: 8) { planes in
                lines.withMemoryRebound(to: Int32.self, capacity: 8) { strides in
                    body(planes, strides)
                }
            }
        }
    }
}
