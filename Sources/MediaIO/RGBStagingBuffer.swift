import CFFmpeg
import Imaging

/// An aligned, padded RGB24 buffer that swscale reads from or writes into.
///
/// swscale's SIMD paths may touch a few bytes past the end of a row or of the picture, so it
/// must never be pointed straight at a Swift array sized exactly `width * height * 3`: that
/// corrupts the heap for some widths. Frames pass through this buffer instead, at the cost of
/// one row-by-row copy.
final class RGBStagingBuffer {
    let width: Int
    let height: Int
    /// Bytes per row: `width * 3` rounded up to 64.
    let stride: Int
    let base: UnsafeMutablePointer<UInt8>

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        stride = (width * 3 + 63) & ~63
        // One spare row plus 64 bytes of slack for over-reads and over-writes.
        let size = stride * (height + 1) + 64
        guard let memory = av_mallocz(size) else { fatalError("av_mallocz(\(size)): out of memory") }
        base = memory.assumingMemoryBound(to: UInt8.self)
    }

    deinit { av_free(base) }

    /// Copies the buffer's picture into `image`, which must have the same size.
    func copy(into image: inout RGBImage) {
        let rowBytes = width * 3
        image.pixels.withUnsafeMutableBufferPointer { target in
            for y in 0..<height {
                (target.baseAddress! + y * rowBytes).update(from: base + y * stride, count: rowBytes)
            }
        }
    }

    /// Fills the buffer from `image`, repeating its last column and row where the buffer is
    /// larger (to pad odd sizes to even ones).
    func fill(from image: RGBImage) {
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
