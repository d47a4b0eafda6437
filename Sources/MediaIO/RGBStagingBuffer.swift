import CFFmpeg
import Imaging

/// An aligned, padded RGB24 or RGBA buffer that swscale reads from or writes into.
///
/// swscale's SIMD paths may touch a few bytes past the end of a row or of the picture, so it
/// must never be pointed straight at a Swift array sized exactly `width * height * 3`: that
/// corrupts the heap for some widths. Frames pass through this buffer instead, at the cost of
/// one row-by-row copy (RGBA is interleaved during that copy, from an RGB image and its alpha).
final class RGBStagingBuffer {
    let width: Int
    let height: Int
    /// 3 (RGB24) or 4 (RGBA).
    let bytesPerPixel: Int
    /// Bytes per row: `width * bytesPerPixel` rounded up to 64.
    let stride: Int
    let base: UnsafeMutablePointer<UInt8>

    /// The swscale format of the buffer's pixels.
    var pixelFormat: AVPixelFormat { bytesPerPixel == 4 ? AV_PIX_FMT_RGBA : AV_PIX_FMT_RGB24 }

    init(width: Int, height: Int, withAlpha: Bool = false) {
        self.width = width
        self.height = height
        bytesPerPixel = withAlpha ? 4 : 3
        stride = (width * bytesPerPixel + 63) & ~63
        // One spare row plus 64 bytes of slack for over-reads and over-writes.
        let size = stride * (height + 1) + 64
        guard let memory = av_mallocz(size) else { fatalError("av_mallocz(\(size)): out of memory") }
        base = memory.assumingMemoryBound(to: UInt8.self)
    }

    deinit { av_free(base) }

    /// Copies the buffer's picture into `image`, which must have the same size. An RGBA buffer
    /// gives its colour to `image` and its alpha to `alpha`, when one is passed.
    func copy(into image: inout RGBImage, alpha: inout GrayImage?) {
        guard bytesPerPixel == 4 else { return copy(into: &image) }
        let (w, bytes) = (width, base)
        image.pixels.withUnsafeMutableBufferPointer { rgb in
            for y in 0..<height {
                let row = bytes + y * stride
                for x in 0..<w {
                    let (s, t) = (x * 4, (y * w + x) * 3)
                    rgb[t] = row[s]
                    rgb[t + 1] = row[s + 1]
                    rgb[t + 2] = row[s + 2]
                }
            }
        }
        guard alpha != nil else { return }
        alpha!.pixels.withUnsafeMutableBufferPointer { a in
            for y in 0..<height {
                let row = bytes + y * stride
                for x in 0..<w { a[y * w + x] = row[x * 4 + 3] }
            }
        }
    }

    /// Copies an RGB24 buffer's picture into `image`, which must have the same size.
    func copy(into image: inout RGBImage) {
        precondition(bytesPerPixel == 3, "copy(into:) of an RGBA buffer needs copy(into:alpha:)")
        let rowBytes = width * 3
        image.pixels.withUnsafeMutableBufferPointer { target in
            for y in 0..<height {
                (target.baseAddress! + y * rowBytes).update(from: base + y * stride, count: rowBytes)
            }
        }
    }

    /// Fills the buffer from `image` (and, in an RGBA buffer, `alpha`; nil is opaque), repeating
    /// the last column and row where the buffer is larger (to pad odd sizes to even ones).
    func fill(from image: RGBImage, alpha: GrayImage? = nil) {
        precondition(alpha == nil || (alpha!.width == image.width && alpha!.height == image.height), "alpha size differs")
        guard bytesPerPixel == 4 else { return fillRGB(from: image) }
        let opaque = alpha == nil
        let alphaPixels = alpha?.pixels ?? []
        image.pixels.withUnsafeBufferPointer { source in
            alphaPixels.withUnsafeBufferPointer { mask in
                for y in 0..<height {
                    let sy = min(y, image.height - 1)
                    let sourceRow = source.baseAddress! + sy * image.width * 3
                    let targetRow = base + y * stride
                    for x in 0..<width {
                        let sx = min(x, image.width - 1)
                        let (s, t) = (sx * 3, x * 4)
                        targetRow[t] = sourceRow[s]
                        targetRow[t + 1] = sourceRow[s + 1]
                        targetRow[t + 2] = sourceRow[s + 2]
                        targetRow[t + 3] = opaque ? 255 : mask[sy * image.width + sx]
                    }
                }
            }
        }
    }

    private func fillRGB(from image: RGBImage) {
        let rowBytes = image.width * 3
        image.pixels.withUnsafeBufferPointer { source in
            for y in 0..<height {
                let sourceRow = source.baseAddress! + min(y, image.height - 1) * rowBytes
                let targetRow = base + y * stride
                targetRow.update(from: sourceRow, count: min(rowBytes, width * 3))
                var x = image.width
                while x < width {
                    (targetRow + x * 3).update(from: sourceRow + (image.width - 1) * 3, count: 3)
                    x += 1
                }
            }
        }
    }
}
