import Imaging

/// Piecewise-affine image warping: each triangle of a mesh is drawn at its target position with
/// the pixels from its source position (bilinear, clamped to the source's edges).
///
/// Triangles that share an edge share the exact same pixel boundary (a pixel belongs to the
/// triangle its centre falls in; edges are computed from the same two endpoints in the same
/// order by both neighbours), so a mesh that tiles the image leaves no gap and no seam.
/// To cover a whole image, put the outermost vertices on its outer pixel edges (−0.5 and
/// size − 0.5), not on the centres of its first and last pixels.
/// Where the mesh folds (a triangle's target is flipped relative to its source: it turned away
/// from the viewer), draw order decides who covers whom (see `FaceRenderer`, which sorts by
/// depth, far first). `cullFlipped` leaves such triangles out instead; leaving them in is the
/// safer default, as a culled triangle that nothing else covers leaves a hole.
public enum MeshWarp {
    /// Draws `triangles` (in the given order) from `source` into `destination`.
    /// - Parameters:
    ///   - sourcePoints: vertex positions in `source` pixels.
    ///   - targetPoints: the same vertices' positions in `destination` pixels.
    ///   - skipUnmoved: leave out triangles whose three vertices have not moved (by less than
    ///     1/1000 px): correct when `destination` already holds `source` there, and much faster
    ///     when most of the image stays still.
    ///   - opacity: below 1, each drawn pixel is mixed over what `destination` holds by this
    ///     much (for layers that fade in, such as closing eyelids); 0 draws nothing.
    /// - Returns: how many triangles were drawn.
    @discardableResult
    public static func draw(
        source: RGBImage, sourcePoints: [Point2], targetPoints: [Point2],
        triangles: [IndexTriangle], into destination: inout RGBImage, skipUnmoved: Bool = false,
        cullFlipped: Bool = false, opacity: Float = 1
    ) -> Int {
        precondition(sourcePoints.count == targetPoints.count, "source and target vertex counts differ")
        guard opacity > 0, source.width > 0, source.height > 0, destination.width > 0, destination.height > 0 else { return 0 }
        let dw = destination.width, dh = destination.height
        return source.pixels.withUnsafeBufferPointer { src in
            destination.pixels.withUnsafeMutableBufferPointer { dst in
                let sampler = BilinearSource(pixels: src, width: source.width, height: source.height)
                var sampled: (UInt8, UInt8, UInt8) = (0, 0, 0)
                return withUnsafeMutableBytes(of: &sampled) { raw in
                    let one = UnsafeMutableBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: 3)
                    return spans(
                        sourcePoints: sourcePoints, targetPoints: targetPoints, triangles: triangles, width: dw, height: dh,
                        skipUnmoved: skipUnmoved, cullFlipped: cullFlipped
                    ) { y, x0, x1, map in
                        var p = map.apply(Point2(Float(x0), Float(y)))
                        let step = Point2(map.a, map.c)
                        var o = (y * dw + x0) * 3
                        if opacity >= 1 {
                            for _ in x0..<x1 {
                                sampler.sample(p, into: dst, at: o)
                                p += step
                                o += 3
                            }
                        } else {
                            for _ in x0..<x1 {
                                sampler.sample(p, into: one, at: 0)
                                for k in 0..<3 { dst[o + k] = mixByte(dst[o + k], Float(one[k]), opacity) }
                                p += step
                                o += 3
                            }
                        }
                    }
                }
            }
        }
    }

    /// The geometry shared by every pixel type: for each triangle to draw, calls `begin` with
    /// its source corners, then `span(y, x0, x1, map)` for its rows of destination pixels, `map`
    /// taking destination pixels to source pixels. Returns how many triangles were drawn.
    @inline(__always)
    static func spans(
        sourcePoints: [Point2], targetPoints: [Point2], triangles: [IndexTriangle], width: Int, height: Int,
        skipUnmoved: Bool, cullFlipped: Bool, begin: (Point2, Point2, Point2) -> Void = { _, _, _ in },
        span: (Int, Int, Int, Affine2D) -> Void
    ) -> Int {
        var drawn = 0
        for t in triangles {
            let i = t.a, j = t.b, k = t.c
            let s0 = sourcePoints[i], s1 = sourcePoints[j], s2 = sourcePoints[k]
            let d0 = targetPoints[i], d1 = targetPoints[j], d2 = targetPoints[k]
            if skipUnmoved, unmoved(s0, d0), unmoved(s1, d1), unmoved(s2, d2) { continue }
            let sourceArea = cross(s1 - s0, s2 - s0), targetArea = cross(d1 - d0, d2 - d0)
            // Degenerate, or turned away from the viewer: nothing to draw.
            guard abs(targetArea) > 1e-6, abs(sourceArea) > 1e-9 else { continue }
            if cullFlipped, (sourceArea > 0) != (targetArea > 0) { continue }
            guard let map = Affine2D(mapping: (d0, d1, d2), to: (s0, s1, s2)) else { continue }
            begin(s0, s1, s2)
            fill(triangle: (d0, d1, d2), width: width, height: height) { y, x0, x1 in span(y, x0, x1, map) }
            drawn += 1
        }
        return drawn
    }

    @inline(__always) static func unmoved(_ a: Point2, _ b: Point2) -> Bool {
        abs(a.x - b.x) < 1e-3 && abs(a.y - b.y) < 1e-3
    }

    @inline(__always) static func cross(_ u: Point2, _ v: Point2) -> Float { u.x * v.y - u.y * v.x }

    /// Calls `span(y, x0, x1)` for each row of pixels whose centres lie inside the triangle:
    /// pixels `x0..<x1` of row `y`, clipped to `width`×`height`. A centre exactly on an edge goes
    /// to the triangle on its right/below (half-open spans), so neighbours never both take it.
    @inline(__always)
    static func fill(triangle: (Point2, Point2, Point2), width: Int, height: Int, span: (Int, Int, Int) -> Void) {
        // Sort by y, then x, so a shared edge is always walked from the same endpoint.
        @inline(__always) func above(_ p: Point2, _ q: Point2) -> Bool { p.y < q.y || (p.y == q.y && p.x < q.x) }
        var top = triangle.0, mid = triangle.1, bottom = triangle.2
        if above(mid, top) { swap(&mid, &top) }
        if above(bottom, mid) { swap(&bottom, &mid) }
        if above(mid, top) { swap(&mid, &top) }
        guard top.y.isFinite, bottom.y.isFinite, top.x.isFinite, mid.x.isFinite, bottom.x.isFinite else { return }
        // Clamped before converting: a vertex a track or landmarks file put at 1e25 must not trap.
        let yStart = top.y.rounded(.up).clampedIndex(0, height), yEnd = bottom.y.rounded(.up).clampedIndex(0, height)
        guard yStart < yEnd else { return }
        for y in yStart..<yEnd {
            let fy = Float(y)
            let long = edgeX(top, bottom, fy)
            let short = fy < mid.y ? edgeX(top, mid, fy) : edgeX(mid, bottom, fy)
            let left = min(long, short), right = max(long, short)
            let x0 = left.rounded(.up).clampedIndex(0, width), x1 = right.rounded(.up).clampedIndex(0, width)
            if x0 < x1 { span(y, x0, x1) }
        }
    }

    /// x where the edge from `p` (upper) to `q` (lower) crosses the row at `y`.
    @inline(__always) static func edgeX(_ p: Point2, _ q: Point2, _ y: Float) -> Float {
        let dy = q.y - p.y
        return dy == 0 ? p.x : p.x + (y - p.y) * ((q.x - p.x) / dy)
    }
}

/// Where a bilinear read at `p` falls, clamped to a width×height grid: the pixel indices of the
/// four neighbours (row-major, in pixels, not bytes) and the fractions between them. Every
/// sampler below reads through this, so they all clamp and round positions the same way.
struct BilinearTap {
    let i00: Int, i10: Int, i01: Int, i11: Int
    let fx: Float, fy: Float

    @inline(__always) init(_ p: Point2, width: Int, height: Int) {
        let lastX = Float(width - 1), lastY = Float(height - 1)
        let x = p.x > 0 ? min(p.x, lastX) : 0, y = p.y > 0 ? min(p.y, lastY) : 0
        let ix = Int(x), iy = Int(y)
        fx = x - Float(ix)
        fy = y - Float(iy)
        let ix1 = min(ix + 1, width - 1), iy1 = min(iy + 1, height - 1)
        i00 = iy * width + ix
        i10 = iy * width + ix1
        i01 = iy1 * width + ix
        i11 = iy1 * width + ix1
    }

    /// The bilinear mix of the four neighbours' values (top-left, top-right, bottom-left, bottom-right).
    @inline(__always) func mix(_ a: Float, _ b: Float, _ c: Float, _ d: Float) -> Float {
        let top = a + (b - a) * fx, bottom = c + (d - c) * fx
        return top + (bottom - top) * fy
    }
}

/// `BilinearTap` in fixed point, for the byte samplers of the warp (its innermost loop, about a
/// third of a render's time in floats): the position clamped the same way, then rounded to
/// 1/256 px; the mix in integers, rounded half up. It lies within 1.5 of the exact float mix
/// (under 0.5 from each axis's rounding, 0.5 from the byte's), so its byte differs by at most 1
/// from the float mix rounded; a read on a pixel centre returns that pixel exactly. The
/// colour and grey samplers both read through it, so a warped alpha plane or matte lands on
/// exactly the pixels its colour does.
struct FixedBilinearTap {
    /// Pixel index (not bytes) of the top-left neighbour; steps to the right and down, 0 at the
    /// last column or row (clamped to the edge).
    let i00: Int, right: Int, down: Int
    /// Weights of the right and lower neighbours, 0...255 (of 256).
    let wx: Int, wy: Int

    @inline(__always) init(_ p: Point2, width: Int, height: Int) {
        let x = p.x > 0 ? min(p.x, Float(width - 1)) : 0, y = p.y > 0 ? min(p.y, Float(height - 1)) : 0
        let fixedX = Int(x * 256 + 0.5), fixedY = Int(y * 256 + 0.5)  // to the nearest 1/256 px
        let ix = fixedX >> 8, iy = fixedY >> 8
        wx = fixedX & 255
        wy = fixedY & 255
        right = ix + 1 < width ? 1 : 0
        down = iy + 1 < height ? width : 0
        i00 = iy &* width &+ ix
    }

    /// The mix of the four neighbours (top-left, top-right, bottom-left, bottom-right) as a byte.
    @inline(__always) func mix(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> UInt8 {
        let a = Int(a), c = Int(c)
        let top = a &* 256 &+ (Int(b) &- a) &* wx, bottom = c &* 256 &+ (Int(d) &- c) &* wx
        // top and bottom are 0...255·256, their mix 0...255·65536: add a half, shift to a byte.
        return UInt8(truncatingIfNeeded: (top &* 256 &+ (bottom &- top) &* wy &+ 32768) >> 16)
    }
}

/// Bilinear reads from interleaved RGB bytes, clamped to the edge, written straight to bytes.
struct BilinearSource {
    let pixels: UnsafeBufferPointer<UInt8>
    let width: Int
    let height: Int

    @inline(__always) func sample(_ p: Point2, into out: UnsafeMutableBufferPointer<UInt8>, at o: Int) {
        let t = FixedBilinearTap(p, width: width, height: height)
        let p00 = pixels.baseAddress! + t.i00 &* 3, p01 = p00 + t.down &* 3
        let r = t.right &* 3
        let target = out.baseAddress! + o
        for k in 0..<3 { target[k] = t.mix(p00[k], p00[k &+ r], p01[k], p01[k &+ r]) }
    }
}

extension Affine2D {
    /// The affine map taking the three points `from` to the three points `to`; nil when `from`
    /// is degenerate (collinear).
    public init?(mapping from: (Point2, Point2, Point2), to: (Point2, Point2, Point2)) {
        let u1 = from.1 - from.0, u2 = from.2 - from.0
        let v1 = to.1 - to.0, v2 = to.2 - to.0
        let det = Double(u1.x) * Double(u2.y) - Double(u2.x) * Double(u1.y)
        guard abs(det) > 1e-12 else { return nil }
        // M·u1 = v1, M·u2 = v2  →  M = [v1 v2]·[u1 u2]⁻¹.
        let inv00 = Double(u2.y) / det, inv01 = -Double(u2.x) / det
        let inv10 = -Double(u1.y) / det, inv11 = Double(u1.x) / det
        let a = Double(v1.x) * inv00 + Double(v2.x) * inv10
        let b = Double(v1.x) * inv01 + Double(v2.x) * inv11
        let c = Double(v1.y) * inv00 + Double(v2.y) * inv10
        let d = Double(v1.y) * inv01 + Double(v2.y) * inv11
        let tx = Double(to.0.x) - a * Double(from.0.x) - b * Double(from.0.y)
        let ty = Double(to.0.y) - c * Double(from.0.x) - d * Double(from.0.y)
        self.init(a: Float(a), b: Float(b), c: Float(c), d: Float(d), tx: Float(tx), ty: Float(ty))
    }
}
