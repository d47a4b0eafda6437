import Imaging

extension MeshWarp {
    /// Draws `triangles` from a single-channel `source` (an alpha plane, a mask) into
    /// `destination`, exactly as the RGB `draw` does: same triangles, same pixel ownership,
    /// same bilinear sampling, so a plane warped with the colour's vertices and order stays
    /// registered with the colour pixel for pixel.
    ///
    /// With `sums` (the source's `SummedAreaTable`), a triangle whose reads all fall where the
    /// source is solid 0 or 255 is filled with that value without sampling: the same bytes,
    /// since a bilinear mix of equal values is that value. Most of a person matte is solid, and
    /// its warp was an eighth of a 512-pixel render's time.
    @discardableResult
    public static func draw(
        source: GrayImage, sourcePoints: [Point2], targetPoints: [Point2],
        triangles: [IndexTriangle], into destination: inout GrayImage, skipUnmoved: Bool = false,
        cullFlipped: Bool = false, sums: SummedAreaTable? = nil
    ) -> Int {
        precondition(sourcePoints.count == targetPoints.count, "source and target vertex counts differ")
        guard source.width > 0, source.height > 0, destination.width > 0, destination.height > 0 else { return 0 }
        let dw = destination.width, dh = destination.height
        return source.pixels.withUnsafeBufferPointer { src in
            destination.pixels.withUnsafeMutableBufferPointer { dst in
                let sampler = BilinearGraySource(pixels: src, width: source.width, height: source.height)
                // The value the current triangle reads everywhere, if it is solid there.
                var solid: UInt8?
                return spans(
                    sourcePoints: sourcePoints, targetPoints: targetPoints, triangles: triangles,
                    width: dw, height: dh, skipUnmoved: skipUnmoved, cullFlipped: cullFlipped,
                    begin: { s0, s1, s2 in solid = sums.flatMap { uniformRead(over: (s0, s1, s2), in: $0) } }
                ) { y, x0, x1, map in
                    if let solid {
                        for o in (y * dw + x0)..<(y * dw + x1) { dst[o] = solid }
                        return
                    }
                    var p = map.apply(Point2(Float(x0), Float(y)))
                    let step = Point2(map.a, map.c)
                    for o in (y * dw + x0)..<(y * dw + x1) {
                        dst[o] = sampler.sample(p)
                        p += step
                    }
                }
            }
        }
    }
}

extension MeshWarp {
    /// The value every bilinear read inside the source triangle `corners` returns, when the
    /// source is solid 0 or 255 over all the pixels those reads touch (with a pixel's margin
    /// for rounding); nil otherwise.
    static func uniformRead(over corners: (Point2, Point2, Point2), in sums: SummedAreaTable) -> UInt8? {
        let xs = [corners.0.x, corners.1.x, corners.2.x], ys = [corners.0.y, corners.1.y, corners.2.y]
        guard xs.allSatisfy(\.isFinite), ys.allSatisfy(\.isFinite) else { return nil }
        let lastX = Float(sums.width - 1), lastY = Float(sums.height - 1)
        let x0 = Int(min(max(xs.min()!, 0), lastX)) - 1, x1 = Int(min(max(xs.max()!, 0), lastX)) + 3
        let y0 = Int(min(max(ys.min()!, 0), lastY)) - 1, y1 = Int(min(max(ys.max()!, 0), lastY)) + 3
        return sums.uniformExtreme(x0: x0, y0: y0, x1: x1, y1: y1)
    }
}

/// `BilinearSource` for one channel: bilinear reads clamped to the edge, rounded to a byte.
struct BilinearGraySource {
    let pixels: UnsafeBufferPointer<UInt8>
    let width: Int
    let height: Int

    @inline(__always) func sample(_ p: Point2) -> UInt8 {
        let t = FixedBilinearTap(p, width: width, height: height)
        let p00 = pixels.baseAddress! + t.i00, p01 = p00 + t.down
        return t.mix(p00[0], p00[t.right], p01[0], p01[t.right])
    }
}
