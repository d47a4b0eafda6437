/// Box blurs over `FloatPlane`s: each pass a running sum along rows, then along columns, so the
/// cost does not grow with the radius. Two passes make a tent (a smooth falloff without the box's
/// hard edge). At the plane's border the window is cut short and the mean taken over what is in it.
public enum BoxBlur {
    /// `plane` blurred by two box passes of `radius` (window 2·radius + 1).
    public static func plain(_ plane: FloatPlane, radius: Int) -> FloatPlane {
        guard radius > 0, plane.width > 0, plane.height > 0 else { return plane }
        var out = plane
        for _ in 0..<2 {
            out = pass(out, radius: radius, horizontal: true)
            out = pass(out, radius: radius, horizontal: false)
        }
        return out
    }

    /// The mean of `plane` weighted by `weight` (same size) around each pixel: blur(v·w) / blur(w).
    /// Where the weights around a pixel are all zero the result is 0.
    public static func weighted(_ plane: FloatPlane, weight: FloatPlane, radius: Int) -> FloatPlane {
        precondition(plane.width == weight.width && plane.height == weight.height, "plane and weight sizes differ")
        var product = plane
        for i in product.values.indices { product.values[i] *= weight.values[i] }
        let top = plain(product, radius: radius), bottom = plain(weight, radius: radius)
        var out = top
        for i in out.values.indices {
            out.values[i] = bottom.values[i] > 1e-6 ? top.values[i] / bottom.values[i] : 0
        }
        return out
    }

    /// One box pass along rows or columns: the mean over the window cut to the plane.
    static func pass(_ plane: FloatPlane, radius: Int, horizontal: Bool) -> FloatPlane {
        let w = plane.width, h = plane.height
        let (lines, length) = horizontal ? (h, w) : (w, h)
        let stride = horizontal ? 1 : w
        var out = plane
        plane.values.withUnsafeBufferPointer { src in
            out.values.withUnsafeMutableBufferPointer { dst in
                for line in 0..<lines {
                    let start = horizontal ? line * w : line
                    // Running sum over [i - radius, i + radius] ∩ [0, length).
                    var sum: Float = 0
                    for j in 0..<min(radius, length) { sum += src[start + j * stride] }
                    for i in 0..<length {
                        let enter = i + radius, leave = i - radius - 1
                        if enter < length { sum += src[start + enter * stride] }
                        if leave >= 0 { sum -= src[start + leave * stride] }
                        let count = min(i + radius, length - 1) - max(i - radius, 0) + 1
                        dst[start + i * stride] = sum / Float(count)
                    }
                }
            }
        }
        return out
    }
}
