// A whole image as a model input of another shape, stretched rather than letterboxed, as
// MediaPipe's ImageToTensorCalculator does with keep_aspect_ratio false (the selfie segmentation
// graph), BORDER_ZERO and output range [0, 1].

import Imaging

/// Writes `image` stretched onto a `width`×`height` RGB tensor (HWC, values in [0, 1]).
///
/// Coordinates follow MediaPipe's CPU path, which warps with OpenCV: the image's corners
/// (0, 0)…(W, H) go to the tensor's corners (0, 0)…(width, height), so tensor pixel (u, v) samples
/// the image at (u·W/width, v·H/height), bilinearly, with taps outside the image reading black
/// (BORDER_ZERO: when the image is narrower than the tensor, the last column blends with black as
/// MediaPipe's does). OpenCV's warp of 8-bit pixels gives 8-bit pixels, so each sample is rounded
/// to a byte, which then becomes byte × Float(1/255) as OpenCV's `convertTo` computes it.
enum StretchedImageInput {
    static let scale: Float = 1.0 / 255

    static func write(_ image: RGBImage, width: Int, height: Int, into buffer: UnsafeMutableBufferPointer<Float>) {
        precondition(buffer.count >= width * height * 3, "tensor buffer too small")
        let w = image.width, h = image.height
        let stepX = Float(w) / Float(width), stepY = Float(h) / Float(height)
        image.pixels.withUnsafeBufferPointer { px in
            var i = 0
            for v in 0..<height {
                let y = Self.openCVPosition(v, step: stepY)
                let fy = y.rounded(.down)
                let y0 = Int(fy), ay = y - fy
                for u in 0..<width {
                    let x = Self.openCVPosition(u, step: stepX)
                    let fx = x.rounded(.down)
                    let x0 = Int(fx), ax = x - fx
                    var r: Float = 0, g: Float = 0, b: Float = 0
                    @inline(__always) func add(_ x: Int, _ y: Int, _ weight: Float) {
                        guard x < w, y < h, weight > 0 else { return }
                        let k = (y * w + x) * 3
                        r += Float(px[k]) * weight
                        g += Float(px[k + 1]) * weight
                        b += Float(px[k + 2]) * weight
                    }
                    add(x0, y0, (1 - ax) * (1 - ay))
                    add(x0 + 1, y0, ax * (1 - ay))
                    add(x0, y0 + 1, (1 - ax) * ay)
                    add(x0 + 1, y0 + 1, ax * ay)
                    buffer[i] = Self.byte(r) * Self.scale
                    buffer[i + 1] = Self.byte(g) * Self.scale
                    buffer[i + 2] = Self.byte(b) * Self.scale
                    i += 3
                }
            }
        }
    }

    /// Where tensor pixel `index` samples on one axis: index · step, on OpenCV's grid of 1/32
    /// pixel (its warps look up interpolation weights for 32 sub-positions per pixel, rounding the
    /// position to the nearest, ties to even).
    @inline(__always)
    private static func openCVPosition(_ index: Int, step: Float) -> Float {
        (Float(index) * step * 32).rounded(.toNearestOrEven) / 32
    }

    /// Rounded to the nearest whole level in 0...255, as a Float.
    @inline(__always)
    private static func byte(_ value: Float) -> Float {
        min(max((value + 0.5).rounded(.down), 0), 255)
    }
}
