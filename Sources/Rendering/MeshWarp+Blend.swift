import Imaging

extension MeshWarp {
    /// Like `draw`, but mixes each drawn pixel over what `destination` already holds with a
    /// constant `opacity` (0…1): for layers that fade in, such as closing eyelids.
    public static func blend(source: RGBImage, sourcePoints: [Point2], targetPoints: [Point2],
                             triangles: [IndexTriangle], into destination: inout RGBImage, opacity: Float) {
        precondition(sourcePoints.count == targetPoints.count, "source and target vertex counts differ")
        guard opacity > 0, source.width > 0, source.height > 0, destination.width > 0, destination.height > 0 else { return }
        let dw = destination.width, dh = destination.height, alpha = min(opacity, 1)
        source.pixels.withUnsafeBufferPointer { src in
            destination.pixels.withUnsafeMutableBufferPointer { dst in
                let sampler = BilinearSource(pixels: src, width: source.width, height: source.height)
                var sampled = [UInt8](repeating: 0, count: 3)
                sampled.withUnsafeMutableBufferPointer { one in
                    _ = spans(sourcePoints: sourcePoints, targetPoints: targetPoints, triangles: triangles,
                              width: dw, height: dh, skipUnmoved: false, cullFlipped: false) { y, x0, x1, map in
                        var p = map.apply(Point2(Float(x0), Float(y)))
                        let step = Point2(map.a, map.c)
                        var o = (y * dw + x0) * 3
                        for _ in x0..<x1 {
                            sampler.sample(p, into: one, at: 0)
                            for k in 0..<3 { dst[o + k] = mixByte(dst[o + k], Float(one[k]), alpha) }
                            p += step
                            o += 3
                        }
                    }
                }
            }
        }
    }
}
