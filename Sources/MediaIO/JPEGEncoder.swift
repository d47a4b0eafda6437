import CFFmpeg
import Imaging

/// Encodes RGB pictures of one size as JPEG files in memory, through FFmpeg's `mjpeg` encoder
/// (baseline JFIF: full-range BT.601 YUV 4:2:0, what every browser and image viewer decodes).
/// For `actone live --preview`'s MJPEG stream: the encoder, the frame and the scaler are made once
/// and reused for every picture.
///
///     let jpeg = try JPEGEncoder(width: 512, height: 512)
///     let bytes = try jpeg.encode(image)   // FF D8 ... FF D9
///
/// Not thread-safe: one thread encodes.
public final class JPEGEncoder {
    public let width: Int
    public let height: Int
    /// FFmpeg's quantiser, 2 (best) to 31 (worst), the ffmpeg CLI's `-q:v`.
    public let quality: Int

    private let encoder: Encoder
    private let picture = Frame()
    private let packet = Packet()
    private let scaler = Scaler()
    private let staging: RGBStagingBuffer
    /// What errors name: there is no file.
    private static let label = "JPEG"

    /// - Parameter quality: 2 (best, largest) to 31; 5 is near-transparent at about a tenth of the raw size.
    public init(width: Int, height: Int, quality: Int = 5) throws(MediaError) {
        guard width > 0, height > 0, width <= VideoReader.maximumSide, height <= VideoReader.maximumSide else {
            throw .unsupportedSize(path: Self.label, width: width, height: height, limit: "1 to \(VideoReader.maximumSide) pixels a side")
        }
        guard (2...31).contains(quality) else { throw .invalidSettings(reason: "JPEG quality \(quality) is outside 2...31") }
        FFmpegLog.applyDefault()
        self.width = width
        self.height = height
        self.quality = quality
        guard let codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG) else { throw .encoderUnavailable(name: "mjpeg") }
        encoder = try Encoder(codec: codec, path: Self.label) { context in
            context.pointee.width = Int32(width)
            context.pointee.height = Int32(height)
            // The "J" formats are full range, as JFIF expects; mjpeg refuses limited-range 4:2:0
            // unless told to be non-compliant.
            context.pointee.pix_fmt = AV_PIX_FMT_YUVJ420P
            context.pointee.color_range = AVCOL_RANGE_JPEG
            context.pointee.colorspace = AVCOL_SPC_BT470BG
            context.pointee.time_base = AVRational(num: 1, den: 25)
            // A fixed quantiser for every picture rather than a bit rate: each JPEG stands alone.
            context.pointee.flags |= actone_codec_flag_qscale()
            context.pointee.global_quality = Int32(quality) * actone_qp2lambda()
        }
        picture.pointer.pointee.format = AV_PIX_FMT_YUVJ420P.rawValue
        picture.pointer.pointee.width = Int32(width)
        picture.pointer.pointee.height = Int32(height)
        let allocated = av_frame_get_buffer(picture.pointer, 0)
        guard allocated >= 0 else { throw .encodeFailed(path: Self.label, ffmpegMessage: ffmpegMessage(allocated)) }
        staging = RGBStagingBuffer(width: width, height: height)
    }

    /// The JPEG file of `image`, which must be the encoder's size.
    public func encode(_ image: RGBImage) throws(MediaError) -> [UInt8] {
        guard image.width == width, image.height == height else {
            throw .invalidFrame(path: Self.label, reason: "the picture is \(image.width)x\(image.height), the encoder \(width)x\(height)")
        }
        // The encoder may still hold the previous picture's buffer (it is reference-counted).
        var status = av_frame_make_writable(picture.pointer)
        guard status >= 0 else { throw .encodeFailed(path: Self.label, ffmpegMessage: ffmpegMessage(status)) }
        try convertToYUV(image)
        status = avcodec_send_frame(encoder.context, picture.pointer)
        guard status >= 0 else { throw .encodeFailed(path: Self.label, ffmpegMessage: ffmpegMessage(status)) }
        // mjpeg is intra-only without delay: each picture sent gives its packet at once.
        status = avcodec_receive_packet(encoder.context, packet.pointer)
        guard status >= 0 else { throw .encodeFailed(path: Self.label, ffmpegMessage: ffmpegMessage(status)) }
        defer { packet.unref() }
        return Array(UnsafeBufferPointer(start: packet.pointer.pointee.data, count: Int(packet.pointer.pointee.size)))
    }

    private func convertToYUV(_ image: RGBImage) throws(MediaError) {
        let (w, h) = (Int32(width), Int32(height))
        guard
            let context = scaler.context(
                sourceWidth: w, sourceHeight: h, sourceFormat: AV_PIX_FMT_RGB24,
                targetWidth: w, targetHeight: h, targetFormat: AV_PIX_FMT_YUVJ420P, flags: actone_sws_encode_flags())
        else { throw .encodeFailed(path: Self.label, ffmpegMessage: "cannot convert rgb24 to yuvj420p") }
        // JFIF is BT.601, full range.
        actone_sws_set_colorspace(context, Int32(AVCOL_SPC_BT470BG.rawValue), 1, 0)
        staging.fill(from: image)
        var sourcePlanes: [UnsafePointer<UInt8>?] = [UnsafePointer(staging.base), nil, nil, nil]
        var sourceStrides: [Int32] = [Int32(staging.stride), 0, 0, 0]
        let rows = withMutablePlanes(of: picture.pointer) { planes, strides in
            sws_scale(context, &sourcePlanes, &sourceStrides, 0, h, planes, strides)
        }
        guard rows > 0 else {
            throw .encodeFailed(path: Self.label, ffmpegMessage: rows < 0 ? ffmpegMessage(rows) : "swscale wrote nothing")
        }
    }
}
