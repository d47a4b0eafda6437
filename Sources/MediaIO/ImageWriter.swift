import CFFmpeg
import Foundation
import Imaging
import OutputFiles

/// Writes PNG files through FFmpeg's PNG encoder, via a temporary file renamed on success.
public enum ImageWriter {
    /// Writes `image` (with `alpha`, if given, as an RGBA PNG) to `path`.
    public static func writePNG(_ image: RGBImage, alpha: GrayImage? = nil, to path: String, overwrite: Bool = false) throws(MediaError) {
        guard image.width > 0, image.height > 0 else {
            throw .invalidFrame(path: path, reason: "cannot write an empty \(image.width)x\(image.height) image")
        }
        if let alpha, alpha.width != image.width || alpha.height != image.height {
            throw .invalidFrame(path: path, reason: "alpha is \(alpha.width)x\(alpha.height), image is \(image.width)x\(image.height)")
        }
        try mediaOutput { () throws(OutputError) in try OutputFile.check(path, overwrite: overwrite) }
        guard let png = avcodec_find_encoder(AV_CODEC_ID_PNG) else { throw .encoderUnavailable(name: "png") }
        let format = alpha == nil ? AV_PIX_FMT_RGB24 : AV_PIX_FMT_RGBA
        let encoder = try Encoder(codec: png, path: path) { context in
            context.pointee.width = Int32(image.width)
            context.pointee.height = Int32(image.height)
            context.pointee.pix_fmt = format
            context.pointee.time_base = AVRational(num: 1, den: 1)
        }
        let frame = Frame()
        frame.pointer.pointee.format = format.rawValue
        frame.pointer.pointee.width = Int32(image.width)
        frame.pointer.pointee.height = Int32(image.height)
        var status = av_frame_get_buffer(frame.pointer, 0)
        guard status >= 0 else { throw .encodeFailed(path: path, ffmpegMessage: ffmpegMessage(status)) }
        fill(frame.pointer, with: image, alpha: alpha)

        status = avcodec_send_frame(encoder.context, frame.pointer)
        if status >= 0 { status = avcodec_send_frame(encoder.context, nil) }
        guard status >= 0 else { throw .encodeFailed(path: path, ffmpegMessage: ffmpegMessage(status)) }
        let packet = Packet()
        var bytes = Data()
        while avcodec_receive_packet(encoder.context, packet.pointer) >= 0 {
            bytes.append(packet.pointer.pointee.data, count: Int(packet.pointer.pointee.size))
            packet.unref()
        }
        guard !bytes.isEmpty else { throw .encodeFailed(path: path, ffmpegMessage: "the PNG encoder produced nothing") }
        try mediaOutput { () throws(OutputError) in try OutputFileWriter.write(bytes, to: path, overwrite: overwrite) }
    }

    private static func fill(_ frame: UnsafeMutablePointer<AVFrame>, with image: RGBImage, alpha: GrayImage?) {
        let stride = Int(frame.pointee.linesize.0)
        guard let base = frame.pointee.data.0 else { return }
        image.pixels.withUnsafeBufferPointer { rgb in
            for y in 0..<image.height {
                let row = base + y * stride
                if let alpha {
                    for x in 0..<image.width {
                        let s = (y * image.width + x) * 3
                        row[x * 4] = rgb[s]
                        row[x * 4 + 1] = rgb[s + 1]
                        row[x * 4 + 2] = rgb[s + 2]
                        row[x * 4 + 3] = alpha.pixels[y * image.width + x]
                    }
                } else {
                    (row).update(from: rgb.baseAddress! + y * image.width * 3, count: image.width * 3)
                }
            }
        }
    }
}
