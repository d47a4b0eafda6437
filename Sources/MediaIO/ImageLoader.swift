import CFFmpeg
import Foundation
import Imaging

/// A decoded still image: 8-bit RGB plus its alpha channel when it has a non-opaque one.
public struct LoadedImage: Sendable {
    public var rgb: RGBImage
    /// nil when the image has no alpha channel or every pixel is opaque.
    public var alpha: GrayImage?
    /// FFmpeg's name of the codec it was stored with ("png", "mjpeg", "webp", "bmp", "tiff").
    public var codec: String
    /// The stored pixel format, e.g. "rgba64be", "gray", "pal8", "yuvj420p".
    public var storedPixelFormat: String
    /// The EXIF orientation applied (1 = none), for JPEGs from phones and cameras.
    public var exifOrientation: Int

    public var width: Int { rgb.width }
    public var height: Int { rgb.height }
}

/// Loads still images (PNG, JPEG, WebP, BMP, TIFF, GIF's first frame, ...) through FFmpeg's
/// decoders: RGB(A), grayscale, 16-bit and palette images all come out as 8-bit RGB, alpha kept
/// separately for compositing, EXIF orientation applied so the picture is upright.
public enum ImageLoader {
    /// Largest accepted side, and pixel count: a character image is a portrait, not a poster
    /// (16384 x 16384 RGB is already 800 MB).
    public static let maximumSide = 16384
    public static let maximumPixels = 120_000_000
    static let sizeLimit = PictureSizeLimit(maximumSide: maximumSide, maximumPixels: maximumPixels)

    /// Loads `path`. A picture over the size limit is refused from its header, before its pixels
    /// are decoded or their memory allocated.
    public static func load(path: String) throws(MediaError) -> LoadedImage {
        let input = try InputFile(path: path, sizeLimit: sizeLimit)
        guard input.isStillImage || ["gif", "apng"].contains(input.formatName) else {
            throw .videoNotStillImage(path: path, format: input.formatName)
        }
        guard let index = input.bestStream(AVMEDIA_TYPE_VIDEO) else {
            throw .unreadable(path: path, ffmpegMessage: "no picture in the file")
        }
        let stream = input.stream(index)
        let declaredWidth = Int(stream.pointee.codecpar.pointee.width)
        let declaredHeight = Int(stream.pointee.codecpar.pointee.height)
        try sizeLimit.check(path: path, width: declaredWidth, height: declaredHeight, allowUnknown: true)

        let decoder = try Decoder(stream: stream, path: path, threads: 1, pixelLimit: maximumPixels)
        let frame: Frame
        do {
            frame = try decodeFirstFrame(input: input, streamIndex: index, decoder: decoder, path: path)
        } catch {
            // The decoder refused the picture's memory: say the size its header declared.
            try sizeLimit.check(path: path, width: decoder.pictureWidth, height: decoder.pictureHeight, allowUnknown: true)
            throw error
        }
        let pointer = frame.pointer
        let width = Int(pointer.pointee.width), height = Int(pointer.pointee.height)
        try sizeLimit.check(path: path, width: width, height: height, allowUnknown: false)

        let format = AVPixelFormat(rawValue: pointer.pointee.format)
        var (rgb, alpha) = try convert(pointer, hasAlpha: actone_pix_fmt_has_alpha(format) != 0, path: path)
        let orientation = exifOrientation(of: pointer)
        rgb = orient(rgb, exif: orientation)
        alpha = alpha.map { orient($0, exif: orientation) }
        return LoadedImage(
            rgb: rgb, alpha: alpha,
            codec: String(cString: avcodec_get_name(stream.pointee.codecpar.pointee.codec_id)),
            storedPixelFormat: pixelFormatName(format), exifOrientation: orientation)
    }

    private static func decodeFirstFrame(input: InputFile, streamIndex: Int, decoder: Decoder, path: String) throws(MediaError) -> Frame {
        let packet = Packet()
        let frame = Frame()
        var lastError: Int32 = averrorEOF
        var flushed = false
        while true {
            let received = avcodec_receive_frame(decoder.context, frame.pointer)
            if received >= 0 { return frame }
            if received == averrorEOF || flushed && received == averrorEAGAIN {
                throw .decodeFailed(path: path, ffmpegMessage: ffmpegMessage(lastError))
            }
            let read = av_read_frame(input.context, packet.pointer)
            if read < 0 {
                if read != averrorEOF { lastError = read }
                flushed = true
                avcodec_send_packet(decoder.context, nil)
                continue
            }
            defer { packet.unref() }
            guard Int(packet.pointer.pointee.stream_index) == streamIndex else { continue }
            let sent = avcodec_send_packet(decoder.context, packet.pointer)
            if sent < 0 && sent != averrorEAGAIN { lastError = sent }
        }
    }

    /// Converts to RGB24, or to RGBA split into RGB and alpha when the format has alpha.
    private static func convert(_ frame: UnsafeMutablePointer<AVFrame>, hasAlpha: Bool, path: String) throws(MediaError) -> (
        RGBImage, GrayImage?
    ) {
        let width = Int(frame.pointee.width), height = Int(frame.pointee.height)
        let channels = hasAlpha ? 4 : 3
        let scaler = Scaler()
        guard
            let context = scaler.context(
                sourceWidth: frame.pointee.width, sourceHeight: frame.pointee.height,
                sourceFormat: AVPixelFormat(rawValue: frame.pointee.format),
                targetWidth: frame.pointee.width, targetHeight: frame.pointee.height,
                targetFormat: hasAlpha ? AV_PIX_FMT_RGBA : AV_PIX_FMT_RGB24,
                flags: Scaler.decodeFlags(width: frame.pointee.width))
        else {
            throw .decodeFailed(
                path: path,
                ffmpegMessage: "cannot convert pixel format \(pixelFormatName(AVPixelFormat(rawValue: frame.pointee.format))) to RGB")
        }
        let matrix = ColorMatrix.forDecoding(frame)
        actone_sws_set_colorspace(context, matrix.space, matrix.fullRange ? 1 : 0, 1)
        // Slack after the picture: swscale's SIMD code may write a little past the last row.
        let rowBytes = width * channels
        var packed = [UInt8](repeating: 0, count: rowBytes * (height + 1) + 64)
        packed.withUnsafeMutableBufferPointer { buffer in
            var planes: [UnsafeMutablePointer<UInt8>?] = [buffer.baseAddress, nil, nil, nil]
            var strides: [Int32] = [Int32(width * channels), 0, 0, 0]
            _ = withPlanes(of: frame) { sourcePlanes, sourceStrides in
                sws_scale(context, sourcePlanes, sourceStrides, 0, frame.pointee.height, &planes, &strides)
            }
        }
        packed.removeLast(packed.count - rowBytes * height)
        guard hasAlpha else { return (RGBImage(width: width, height: height, pixels: packed), nil) }

        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        var alpha = [UInt8](repeating: 0, count: width * height)
        var opaque = true
        for i in 0..<(width * height) {
            rgb[i * 3] = packed[i * 4]
            rgb[i * 3 + 1] = packed[i * 4 + 1]
            rgb[i * 3 + 2] = packed[i * 4 + 2]
            alpha[i] = packed[i * 4 + 3]
            if alpha[i] != 255 { opaque = false }
        }
        return (
            RGBImage(width: width, height: height, pixels: rgb),
            opaque ? nil : GrayImage(width: width, height: height, pixels: alpha)
        )
    }

    /// The EXIF Orientation tag FFmpeg's JPEG decoder exports as frame metadata (1...8).
    private static func exifOrientation(of frame: UnsafeMutablePointer<AVFrame>) -> Int {
        guard let entry = av_dict_get(frame.pointee.metadata, "Orientation", nil, 0) else { return 1 }
        return exifOrientation(tag: String(cString: entry.pointee.value))
    }

    /// The orientation in FFmpeg's text of the tag. FFmpeg (5.1 at least) prints EXIF numbers
    /// right-aligned in five columns, "    6", which Int() alone refuses: every phone portrait
    /// then stayed sideways.
    static func exifOrientation(tag: String) -> Int {
        guard let value = Int(tag.trimmingCharacters(in: .whitespaces)), (1...8).contains(value) else { return 1 }
        return value
    }

    /// Applies an EXIF orientation: 2 mirror, 3 rotate 180, 4 flip, 5 transpose, 6 rotate 90
    /// clockwise, 7 transverse, 8 rotate 270 clockwise.
    static func orient<Picture: QuarterTurnable>(_ image: Picture, exif: Int) -> Picture {
        switch exif {
        case 2: image.flippedHorizontally()
        case 3: image.rotated(clockwise: .clockwise180)
        case 4: image.flippedVertically()
        case 5: image.rotated(clockwise: .clockwise90).flippedHorizontally()
        case 6: image.rotated(clockwise: .clockwise90)
        case 7: image.rotated(clockwise: .clockwise270).flippedHorizontally()
        case 8: image.rotated(clockwise: .clockwise270)
        default: image
        }
    }
}
