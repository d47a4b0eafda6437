import CFFmpeg

/// Which YUV<->RGB matrix and range a conversion uses.
///
/// Decoding honours what the stream says; when it says nothing we guess as players do (BT.601
/// below HD, BT.709 from 720 lines up). Encoding always writes BT.709, limited range, and tags
/// the stream so, so players and our own reader agree on the colours.
struct ColorMatrix {
    /// An AVColorSpace value.
    var space: Int32
    var fullRange: Bool

    static let encoding = ColorMatrix(space: Int32(AVCOL_SPC_BT709.rawValue), fullRange: false)

    static func forDecoding(_ frame: UnsafeMutablePointer<AVFrame>) -> ColorMatrix {
        let declared = frame.pointee.colorspace
        let space: Int32
        switch declared {
        case AVCOL_SPC_BT709, AVCOL_SPC_BT470BG, AVCOL_SPC_SMPTE170M, AVCOL_SPC_SMPTE240M,
            AVCOL_SPC_FCC, AVCOL_SPC_BT2020_NCL, AVCOL_SPC_BT2020_CL:
            space = Int32(declared.rawValue)
        default:
            space = Int32((frame.pointee.height >= 720 ? AVCOL_SPC_BT709 : AVCOL_SPC_SMPTE170M).rawValue)
        }
        let format = AVPixelFormat(rawValue: frame.pointee.format)
        let jpegFormat = format == AV_PIX_FMT_YUVJ420P || format == AV_PIX_FMT_YUVJ422P || format == AV_PIX_FMT_YUVJ444P
        return ColorMatrix(space: space, fullRange: frame.pointee.color_range == AVCOL_RANGE_JPEG || jpegFormat)
    }
}
