/// Sums of a grey image's values over any axis-aligned rectangle in constant time, so a caller
/// can tell at once whether a rectangle is all 0 or all 255 (a matte's solid inside or its clear
/// outside) and skip reading it pixel by pixel.
public struct SummedAreaTable: Sendable {
    public let width: Int
    public let height: Int
    /// `(width + 1) * (height + 1)` running sums, row 0 and column 0 zero: entry (x, y) is the
    /// sum of the pixels above and left of it.
    private let sums: [UInt32]

    /// Nil for a picture so big that its sum could overflow 32 bits (over 16.8 million pixels).
    public init?(_ image: GrayImage) {
        guard image.width > 0, image.height > 0, image.width * image.height <= Int(UInt32.max / 255) else { return nil }
        width = image.width
        height = image.height
        let stride = width + 1
        var sums = [UInt32](repeating: 0, count: stride * (height + 1))
        for y in 0..<height {
            var row: UInt32 = 0
            for x in 0..<width {
                row &+= UInt32(image.pixels[y * width + x])
                sums[(y + 1) * stride + x + 1] = sums[y * stride + x + 1] &+ row
            }
        }
        self.sums = sums
    }

    /// The sum of pixels `x0..<x1` × `y0..<y1`, clamped to the picture.
    public func sum(x0: Int, y0: Int, x1: Int, y1: Int) -> UInt32 {
        let a = min(max(x0, 0), width), b = min(max(x1, 0), width)
        let c = min(max(y0, 0), height), d = min(max(y1, 0), height)
        guard a < b, c < d else { return 0 }
        let stride = width + 1
        return sums[d * stride + b] &- sums[c * stride + b] &- sums[d * stride + a] &+ sums[c * stride + a]
    }

    /// 0 or 255 when every pixel of `x0..<x1` × `y0..<y1` (clamped to the picture, and not
    /// empty) has that value; nil otherwise.
    public func uniformExtreme(x0: Int, y0: Int, x1: Int, y1: Int) -> UInt8? {
        let a = min(max(x0, 0), width), b = min(max(x1, 0), width)
        let c = min(max(y0, 0), height), d = min(max(y1, 0), height)
        guard a < b, c < d else { return nil }
        let total = sum(x0: a, y0: c, x1: b, y1: d)
        if total == 0 { return 0 }
        if total == UInt32((b - a) * (d - c)) * 255 { return 255 }
        return nil
    }
}
