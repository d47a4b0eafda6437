import Imaging

extension MeshWarp {
    /// Draws `triangles` from a single-channel `source` (an alpha plane, a mask) into
    /// `destination`, exactly as the RGB `draw` does: same triangles, same pixel ownership,
    /// same bilinear sampling, so a plane warped with the colour's vertices and order stays
    /// registered with the colour pixel for pixel.
    @discardableResult
    public static func draw(
        source: GrayImage, sourcePoints: [Point2], targetPoints: [Point2],
        triangles: [IndexTriangle], into destination: inout GrayImage, skipUnmoved: Bool = false,
        cullFlipped: Bool = false
    ) -> Int {
        precondition(sourcePoints.count == targetPoints.count, "source and target vertex counts differ")
        guard source.width > 0, source.height > 0, destination.width > 0, destination.height > 0 else { return 0 }
        let dw = destination.width, dh = destination.height
        return source.pixels.withUnsafeBufferPointer { src in
            destination.pixels.withUnsafeMutableBufferPointer { dst in
                let sampler = BilinearGraySource(pixels: src, width: source.width, height: source.height)
                return spans(
                    sourcePoints: sourcePoints, targetPoints: targetPoints, triangles: triangles,
                    width: dw, height: dh, skipUnmoved: skipUnmoved, cullFlipped: cullFlipped
                ) { y, x0, x1, map in
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

/// `BilinearSource` for one channel: bilinear reads clamped to the edge, rounded to a byte.
struct BilinearGraySource {
    let pixels: UnsafeBufferPointer<UInt8>
    let width: Int
    let height: Int

    @inline(__always) func sample(_ p: Point2) -> UInt8 {
        let t = BilinearTap(p, width: width, height: height)
        return roundedByte(t.mix(Float(pixels[t.i00]), Float(pixels[t.i10]), Float(pixels[t.i01]), Float(pixels[t.i11])))
    }
}
