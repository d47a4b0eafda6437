// Reading images at fractional positions: bilinear point samples, affine warps (face crops) and
// resizing (thumbnails, model inputs).
//
// Pixel (i, j) is centred on the point (i, j) (see Geometry.swift). Positions outside the image
// read the nearest edge pixel ("clamp to edge"): a face crop that overhangs the frame then shows
// smeared border pixels rather than black bars, which detectors and landmark models tolerate
// better.

/// An RGB colour with Float components on the 0...255 scale, as produced by interpolation.
public struct FloatRGB: Sendable, Hashable {
    public var r: Float
    public var g: Float
    public var b: Float

    @inlinable public init(_ r: Float, _ g: Float, _ b: Float) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Rounded to the nearest byte and clamped to 0...255.
    @inlinable public var rgb: RGB { RGB(clampedByte(r), clampedByte(g), clampedByte(b)) }
}

/// Rounds to nearest and clamps into a byte; NaN becomes 0.
@inlinable func clampedByte(_ v: Float) -> UInt8 {
    let rounded = v + 0.5
    guard rounded > 0 else { return 0 }
    return rounded >= 255 ? 255 : UInt8(rounded)
}

/// Where a bilinear sample at one coordinate reads: the two neighbouring indices and the
/// weight of the second.
@usableFromInline struct BilinearTap {
    @usableFromInline let i0: Int
    @usableFromInline let i1: Int
    @usableFromInline let fraction: Float

    /// `p` is clamped into 0...(count-1) first; NaN counts as 0. `count` must be positive.
    @inlinable init(_ p: Float, count: Int) {
        let last = Float(count - 1)
        let clamped = p > 0 ? Swift.min(p, last) : 0
        let lower = Int(clamped)  // truncation is floor for non-negative values
        i0 = lower
        i1 = Swift.min(lower + 1, count - 1)
        fraction = clamped - Float(lower)
    }
}

extension RGBImage {
    /// The bilinearly interpolated colour at `p`, clamped to the edge. An empty image reads black.
    @inlinable public func sampleBilinear(at p: Point2) -> FloatRGB {
        guard width > 0, height > 0 else { return FloatRGB(0, 0, 0) }
        let tx = BilinearTap(p.x, count: width), ty = BilinearTap(p.y, count: height)
        return pixels.withUnsafeBufferPointer { px in
            let row0 = ty.i0 * width, row1 = ty.i1 * width
            let i00 = (row0 + tx.i0) * 3, i10 = (row0 + tx.i1) * 3
            let i01 = (row1 + tx.i0) * 3, i11 = (row1 + tx.i1) * 3
            let fx = tx.fraction, fy = ty.fraction
            @inline(__always) func channel(_ k: Int) -> Float {
                let top = Float(px[i00 + k]) + (Float(px[i10 + k]) - Float(px[i00 + k])) * fx
                let bottom = Float(px[i01 + k]) + (Float(px[i11 + k]) - Float(px[i01 + k])) * fx
                return top + (bottom - top) * fy
            }
            return FloatRGB(channel(0), channel(1), channel(2))
        }
    }

    /// A `width`×`height` image whose pixel (x, y) is this image sampled at
    /// `sourceFromOutput.apply((x, y))`. Build the transform as "crop pixel → frame pixel", e.g.
    /// `.scale(s).then(.rotation(angle)).then(.translation(corner))`; clamp-to-edge outside.
    public func warped(width outWidth: Int, height outHeight: Int, sourceFromOutput t: Affine2D) -> RGBImage {
        var out = RGBImage(width: outWidth, height: outHeight)
        guard width > 0, height > 0 else { return out }
        out.pixels.withUnsafeMutableBufferPointer { dst in
            var i = 0
            for y in 0..<outHeight {
                // Walk the row incrementally: each step right adds the transform's first column.
                var p = t.apply(Point2(0, Float(y)))
                let step = Point2(t.a, t.c)
                for _ in 0..<outWidth {
                    let c = sampleBilinear(at: p)
                    dst[i] = clampedByte(c.r)
                    dst[i + 1] = clampedByte(c.g)
                    dst[i + 2] = clampedByte(c.b)
                    i += 3
                    p += step
                }
            }
        }
        return out
    }

    /// Resized to `width`×`height`. Bilinear when enlarging or shrinking by up to 2×; above 2× on
    /// an axis, each output pixel averages the input area it covers, because bilinear would
    /// skip input pixels and alias (thumbnails of detailed frames shimmer).
    public func resized(width outWidth: Int, height outHeight: Int) -> RGBImage {
        RGBImage(
            width: outWidth, height: outHeight,
            pixels: Resampler.resize(
                pixels, width: width, height: height, channels: 3,
                toWidth: outWidth, toHeight: outHeight))
    }
}

extension GrayImage {
    /// The bilinearly interpolated value at `p`, clamped to the edge. An empty image reads 0.
    @inlinable public func sampleBilinear(at p: Point2) -> Float {
        guard width > 0, height > 0 else { return 0 }
        let tx = BilinearTap(p.x, count: width), ty = BilinearTap(p.y, count: height)
        return pixels.withUnsafeBufferPointer { px in
            let row0 = ty.i0 * width, row1 = ty.i1 * width
            let v00 = Float(px[row0 + tx.i0]), v10 = Float(px[row0 + tx.i1])
            let v01 = Float(px[row1 + tx.i0]), v11 = Float(px[row1 + tx.i1])
            let top = v00 + (v10 - v00) * tx.fraction
            let bottom = v01 + (v11 - v01) * tx.fraction
            return top + (bottom - top) * ty.fraction
        }
    }

    /// Resized like `RGBImage.resized(width:height:)` (bilinear, area average beyond 2× shrink).
    public func resized(width outWidth: Int, height outHeight: Int) -> GrayImage {
        GrayImage(
            width: outWidth, height: outHeight,
            pixels: Resampler.resize(
                pixels, width: width, height: height, channels: 1,
                toWidth: outWidth, toHeight: outHeight))
    }
}

/// Separable resizing: each axis gets a table saying which input pixels, with which weights,
/// make each output pixel; rows are resampled first, then columns.
enum Resampler {
    /// For every output index, its input indices and weights in compressed-row form: output `i`
    /// uses entries `start[i] ..< start[i + 1]` of `index` and `weight`.
    struct AxisTaps {
        var start: [Int] = [0]
        var index: [Int] = []
        var weight: [Float] = []

        init(inputCount n: Int, outputCount m: Int) {
            let scale = Double(n) / Double(m)
            for i in 0..<m {
                if scale > 2 {
                    // Box filter: output pixel i covers input interval [i·scale, (i+1)·scale).
                    let low = Double(i) * scale, high = Double(i + 1) * scale
                    var j = Int(low)
                    while j < n, Double(j) < high {
                        let overlap = Swift.min(high, Double(j + 1)) - Swift.max(low, Double(j))
                        if overlap > 0 {
                            index.append(j)
                            weight.append(Float(overlap / scale))
                        }
                        j += 1
                    }
                } else {
                    // Align pixel centres: output centre i + 0.5 sits at input (i + 0.5)·scale.
                    let centre = (Double(i) + 0.5) * scale - 0.5
                    let tap = BilinearTap(Float(centre), count: n)
                    index.append(tap.i0)
                    weight.append(1 - tap.fraction)
                    if tap.fraction > 0 {
                        index.append(tap.i1)
                        weight.append(tap.fraction)
                    }
                }
                start.append(index.count)
            }
        }

        /// The three tables as raw buffers, for the inner loops.
        func withUnsafeTables<R>(_ body: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>, UnsafeBufferPointer<Float>) -> R) -> R {
            start.withUnsafeBufferPointer { s in
                index.withUnsafeBufferPointer { i in weight.withUnsafeBufferPointer { w in body(s, i, w) } }
            }
        }
    }

    static func resize(
        _ src: [UInt8], width w: Int, height h: Int, channels c: Int,
        toWidth outW: Int, toHeight outH: Int
    ) -> [UInt8] {
        precondition(outW >= 0 && outH >= 0, "negative image size")
        var out = [UInt8](repeating: 0, count: outW * outH * c)
        guard outW > 0, outH > 0, w > 0, h > 0 else { return out }
        if w == outW && h == outH { return src }

        let xTaps = AxisTaps(inputCount: w, outputCount: outW)
        let yTaps = AxisTaps(inputCount: h, outputCount: outH)

        // Horizontal pass: every input row becomes an output-width row of Floats.
        var rows = [Float](repeating: 0, count: h * outW * c)
        src.withUnsafeBufferPointer { s in
            rows.withUnsafeMutableBufferPointer { r in
                xTaps.withUnsafeTables { first, index, weight in
                    for y in 0..<h {
                        let inRow = s.baseAddress! + y * w * c
                        let outRow = r.baseAddress! + y * outW * c
                        for x in 0..<outW {
                            let o = outRow + x * c
                            for t in first[x]..<first[x + 1] {
                                let from = inRow + index[t] * c, wt = weight[t]
                                for k in 0..<c { o[k] += Float(from[k]) * wt }
                            }
                        }
                    }
                }
            }
        }

        // Vertical pass: blend those rows into each output row, then round to bytes.
        let rowLength = outW * c
        var accumulator = [Float](repeating: 0, count: rowLength)
        rows.withUnsafeBufferPointer { r in
            out.withUnsafeMutableBufferPointer { o in
                accumulator.withUnsafeMutableBufferPointer { acc in
                    yTaps.withUnsafeTables { first, index, weight in
                        for y in 0..<outH {
                            acc.update(repeating: 0)
                            for t in first[y]..<first[y + 1] {
                                let from = r.baseAddress! + index[t] * rowLength, wt = weight[t]
                                for i in 0..<rowLength { acc[i] += from[i] * wt }
                            }
                            let outRow = o.baseAddress! + y * rowLength
                            for i in 0..<rowLength { outRow[i] = clampedByte(acc[i]) }
                        }
                    }
                }
            }
        }
        return out
    }
}
