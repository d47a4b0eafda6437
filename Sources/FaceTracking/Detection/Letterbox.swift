// The detector's input: a square region of the image scaled into the model's square tensor,
// as MediaPipe's ImageToTensorCalculator does with keep_aspect_ratio (the whole image is
// letterboxed into a centred square), BORDER_ZERO and output range [-1, 1].

import Imaging

/// A square region of an image (it may overhang the image; the overhang reads black) that is
/// scaled onto a `tensorSize`×`tensorSize` model input.
///
/// Coordinates follow MediaPipe so that results are the numbers MediaPipe reports: its CPU
/// ImageToTensorCalculator warps with OpenCV, which takes the ROI's corner points (centre ± side/2,
/// in pixels) to the tensor's corners (0...tensorSize), so tensor pixel (u, v) samples the image
/// at `corner + (u, v)·side/tensorSize` (OpenCV, like Imaging, centres pixel i on i); and a
/// detection's normalized coordinate t becomes `corner + t·side` (MediaPipe's `t·width` for the
/// whole image). Both are half a tensor pixel off a strictly centred mapping; we keep MediaPipe's.
public struct Letterbox: Sendable, Hashable {
    /// Top-left corner of the square, in image pixels.
    public var corner: Point2
    /// Side of the square in image pixels.
    public var side: Float
    public var tensorSize: Int

    public init(corner: Point2, side: Float, tensorSize: Int) {
        self.corner = corner
        self.side = side
        self.tensorSize = tensorSize
    }

    /// The whole `width`×`height` image, centred in a square of its longer side (keep aspect
    /// ratio: the shorter side is padded equally on both ends).
    public init(imageWidth width: Int, height: Int, tensorSize: Int) {
        let side = Float(max(width, height))
        self.init(
            corner: Point2((Float(width) - side) / 2, (Float(height) - side) / 2),
            side: side, tensorSize: tensorSize)
    }

    /// A square of side `side` centred on `center`.
    public init(center: Point2, side: Float, tensorSize: Int) {
        self.init(corner: Point2(center.x - side / 2, center.y - side / 2), side: side, tensorSize: tensorSize)
    }

    /// Normalized tensor coordinates → image point.
    @inlinable public func imagePoint(normalized p: Point2) -> Point2 {
        Point2(corner.x + p.x * side, corner.y + p.y * side)
    }

    /// Image point → normalized tensor coordinates.
    @inlinable public func normalized(imagePoint p: Point2) -> Point2 {
        Point2((p.x - corner.x) / side, (p.y - corner.y) / side)
    }

    /// Tensor pixel (u, v) → the image point it samples.
    public var sourceFromTensor: Affine2D {
        .scale(side / Float(tensorSize)).then(.translation(corner.x, corner.y))
    }

    /// Writes the tensor (HWC, RGB, values in [-1, 1]) for `image` into `buffer`, which must hold
    /// tensorSize² × 3 floats. Bilinear sampling in which pixels outside the image are black
    /// (OpenCV's BORDER_CONSTANT 0, MediaPipe's BORDER_ZERO), so the padding reads -1.
    public func write(_ image: RGBImage, into buffer: UnsafeMutableBufferPointer<Float>) {
        let n = tensorSize
        precondition(buffer.count >= n * n * 3, "tensor buffer too small")
        let t = sourceFromTensor
        let w = image.width, h = image.height
        let step = Point2(t.a, t.c)
        image.pixels.withUnsafeBufferPointer { px in
            var i = 0
            for v in 0..<n {
                var p = t.apply(Point2(0, Float(v)))
                for _ in 0..<n {
                    var r: Float = 0, g: Float = 0, b: Float = 0
                    let fx = p.x.rounded(.down), fy = p.y.rounded(.down)
                    if fx > -2, fy > -2, fx < Float(w), fy < Float(h) {  // else every tap is outside
                        let x0 = Int(fx), y0 = Int(fy)
                        let ax = p.x - fx, ay = p.y - fy
                        @inline(__always) func add(_ x: Int, _ y: Int, _ weight: Float) {
                            guard x >= 0, y >= 0, x < w, y < h, weight > 0 else { return }
                            let k = (y * w + x) * 3
                            r += Float(px[k]) * weight
                            g += Float(px[k + 1]) * weight
                            b += Float(px[k + 2]) * weight
                        }
                        add(x0, y0, (1 - ax) * (1 - ay))
                        add(x0 + 1, y0, ax * (1 - ay))
                        add(x0, y0 + 1, (1 - ax) * ay)
                        add(x0 + 1, y0 + 1, ax * ay)
                    }
                    buffer[i] = r / 127.5 - 1
                    buffer[i + 1] = g / 127.5 - 1
                    buffer[i + 2] = b / 127.5 - 1
                    i += 3
                    p += step
                }
            }
        }
    }
}
