import Imaging

/// The still's person in front of its background, so the warped person is laid over a background
/// that stays where it is.
///
/// The rig alone carries the background near the head with it (its rings take a share of the
/// head's motion whatever they lie on), so a window frame or a watermark beside a turning head
/// bends. With a person matte of the still (`SelfieSegmenter`), the still is split once by the
/// matting equation, still = matte × person + (1 − matte) × background: the background behind
/// the person is filled in from the background around it (`BackgroundFill`), and the person's
/// colour at the matte's soft edge is solved from it. Each frame the person and its matte are
/// warped with the same mesh and laid over the background that stays put: where the person moved
/// away, the filled background shows, without the outline of hair left behind; where nothing
/// moved, the still comes back exactly.
public struct PersonLayer: Sendable {
    /// Under this the matte counts as clear background (the still's own pixels are the
    /// background there, and teach the fill).
    public static let clear: Float = 0.1
    /// The model's matte values over which the person's edge is drawn, from none to solid.
    public static let edge: ClosedRange<Float> = 0.1...0.6
    /// The matte, 0...255.
    let matte: GrayImage
    /// The matte's sums, so its warp fills solid stretches without sampling them.
    let matteSums: SummedAreaTable?
    /// The person's colour: the still where the matte is nearly solid; solved from the matting
    /// equation at its soft edge.
    let person: RGBImage
    /// The background: the still where the matte is clear, filled in elsewhere.
    let background: RGBImage

    /// - Parameters:
    ///   - still: what the renderer warps (the still, irises lifted out).
    ///   - matte: the person matte at the still's size (1: person).
    public init(still: RGBImage, matte: FloatPlane) {
        precondition(matte.width == still.width && matte.height == still.height, "matte and still sizes differ")
        let count = still.width * still.height
        var bytes = GrayImage(width: still.width, height: still.height)
        // The model's 256-pixel mask, enlarged, is soft over several pixels, and the person's
        // true edge (a cartoon's outline, the last hairs) lies near its middle: the ramp is
        // pulled in to `edge`, so the edge's own pixels go with the person instead of staying
        // behind as a ghost of its outline.
        // Grown first by a few pixels (0.4 % of the picture's longer side): the mask still
        // misses the outermost pixels of an outline, which would stay behind as a faint trace
        // where the head moved away.
        let grown = Self.grown(matte, by: max(1, Int(0.004 * Float(max(still.width, still.height)))))
        for i in 0..<count {
            let t = min(max((grown.values[i] - Self.edge.lowerBound) / (Self.edge.upperBound - Self.edge.lowerBound), 0), 1)
            bytes.pixels[i] = UInt8(t * t * (3 - 2 * t) * 255 + 0.5)
        }
        // The fill learns from clear background only, kept a few pixels away from the person:
        // a matte's soft edge runs inside hair, and hair colours would be spread into the hole.
        let clear = bytes.pixels.map { Float($0) / 255 < Self.clear }
        let filled = BackgroundFill.filled(still, known: BackgroundFill.eroded(clear, width: still.width, height: still.height, by: 4))
        var background = still, person = still
        for i in 0..<count where !clear[i] {
            let m = Float(bytes.pixels[i]) / 255
            for k in (3 * i)..<(3 * i + 3) {
                let b = Float(filled.pixels[k])
                background.pixels[k] = filled.pixels[k]
                person.pixels[k] = UInt8(min(max(b + (Float(still.pixels[k]) - b) / m, 0), 255) + 0.5)
            }
        }
        self.matte = bytes
        matteSums = SummedAreaTable(bytes)
        self.person = person
        self.background = background
    }

    /// `plane` with each value the largest within `radius` pixels across and down (a square).
    static func grown(_ plane: FloatPlane, by radius: Int) -> FloatPlane {
        let w = plane.width, h = plane.height
        var across = plane
        for y in 0..<h {
            for x in 0..<w {
                var m: Float = 0
                for xx in max(0, x - radius)...min(w - 1, x + radius) { m = max(m, plane.values[y * w + xx]) }
                across.values[y * w + x] = m
            }
        }
        var out = across
        for y in 0..<h {
            for x in 0..<w {
                var m: Float = 0
                for yy in max(0, y - radius)...min(h - 1, y + radius) { m = max(m, across.values[yy * w + x]) }
                out.values[y * w + x] = m
            }
        }
        return out
    }

    /// Lays `warped` (the frame's warp of `person`) over the background by `warpedMatte` (the
    /// matte warped with the same mesh and triangles; 255 where nothing is to be laid over).
    func composite(_ warped: inout RGBImage, warpedMatte: GrayImage) {
        warped.pixels.withUnsafeMutableBufferPointer { out in
            background.pixels.withUnsafeBufferPointer { back in
                for i in 0..<warpedMatte.pixels.count {
                    let m = warpedMatte.pixels[i]
                    guard m < 255 else { continue }
                    // Clear: the background as it is (what the mix gives at 0, without the float
                    // work, on what is often half the picture).
                    if m == 0 {
                        out[3 * i] = back[3 * i]
                        out[3 * i + 1] = back[3 * i + 1]
                        out[3 * i + 2] = back[3 * i + 2]
                        continue
                    }
                    let a = Float(m) / 255
                    for k in (3 * i)..<(3 * i + 3) {
                        out[k] = UInt8(Float(back[k]) + (Float(out[k]) - Float(back[k])) * a + 0.5)
                    }
                }
            }
        }
    }
}

/// Fills a picture's unknown pixels from the known ones around them: a push-pull pyramid, each
/// level halving the size and averaging the known pixels, then each level's missing share taken
/// from the level above, sampled bilinearly, from the coarsest down. Smooth, and a hole's edge
/// takes the colours beside it.
enum BackgroundFill {
    /// `known` shrunk by `radius` pixels (a pixel stays known only if every pixel within that
    /// square is).
    static func eroded(_ known: [Bool], width: Int, height: Int, by radius: Int) -> [Bool] {
        var rows = known
        for y in 0..<height {
            for x in 0..<width where known[y * width + x] {
                for dx in -radius...radius where x + dx >= 0 && x + dx < width && !known[y * width + x + dx] {
                    rows[y * width + x] = false
                    break
                }
            }
        }
        var out = rows
        for y in 0..<height {
            for x in 0..<width where rows[y * width + x] {
                for dy in -radius...radius where y + dy >= 0 && y + dy < height && !rows[(y + dy) * width + x] {
                    out[y * width + x] = false
                    break
                }
            }
        }
        return out
    }

    static func filled(_ image: RGBImage, known: [Bool]) -> RGBImage {
        let w = image.width, h = image.height
        guard w > 0, h > 0, known.contains(true), known.contains(false) else { return image }
        typealias Level = (w: Int, h: Int, rgb: [Float], weight: [Float])
        var rgb = [Float](repeating: 0, count: w * h * 3), weight = [Float](repeating: 0, count: w * h)
        for i in 0..<(w * h) where known[i] {
            weight[i] = 1
            for k in 0..<3 { rgb[3 * i + k] = Float(image.pixels[3 * i + k]) }
        }
        var levels: [Level] = [(w, h, rgb, weight)]
        // Pull: average 2×2 blocks down to a single pixel (premultiplied, weight at most 1).
        while levels.last!.w > 1 || levels.last!.h > 1 {
            let f = levels.last!
            let nw = (f.w + 1) / 2, nh = (f.h + 1) / 2
            var r = [Float](repeating: 0, count: nw * nh * 3), wt = [Float](repeating: 0, count: nw * nh)
            for y in 0..<f.h {
                for x in 0..<f.w {
                    let i = y * f.w + x, j = (y / 2) * nw + x / 2
                    wt[j] += f.weight[i]
                    for k in 0..<3 { r[3 * j + k] += f.rgb[3 * i + k] }
                }
            }
            for j in 0..<(nw * nh) where wt[j] > 1 {
                let s = 1 / wt[j]
                for k in 0..<3 { r[3 * j + k] *= s }
                wt[j] = 1
            }
            levels.append((nw, nh, r, wt))
        }
        // Push: each pixel's missing weight from the level above, sampled bilinearly.
        for l in stride(from: levels.count - 2, through: 0, by: -1) {
            let above = levels[l + 1]
            var f = levels[l]
            for y in 0..<f.h {
                for x in 0..<f.w {
                    let i = y * f.w + x
                    let missing = 1 - f.weight[i]
                    guard missing > 0 else { continue }
                    let colour = Self.colour(above, x: (Float(x) + 0.5) / 2 - 0.5, y: (Float(y) + 0.5) / 2 - 0.5)
                    guard let colour else { continue }
                    for k in 0..<3 { f.rgb[3 * i + k] += colour[k] * missing }
                    f.weight[i] += missing
                }
            }
            levels[l] = f
        }
        var out = image
        let top = levels[0]
        for i in 0..<(w * h) where !known[i] && top.weight[i] > 0 {
            for k in 0..<3 { out.pixels[3 * i + k] = UInt8(min(max(top.rgb[3 * i + k] / top.weight[i], 0), 255) + 0.5) }
        }
        return out
    }

    /// A level's colour (not premultiplied) at a fractional pixel, from its four neighbours'
    /// premultiplied values and weights; nil where none has any.
    static func colour(_ level: (w: Int, h: Int, rgb: [Float], weight: [Float]), x: Float, y: Float) -> [Float]? {
        let cx = min(max(x, 0), Float(level.w - 1)), cy = min(max(y, 0), Float(level.h - 1))
        let x0 = Int(cx), y0 = Int(cy), x1 = min(x0 + 1, level.w - 1), y1 = min(y0 + 1, level.h - 1)
        let fx = cx - Float(x0), fy = cy - Float(y0)
        var sum: [Float] = [0, 0, 0], weight: Float = 0
        for (xx, yy, t) in [(x0, y0, (1 - fx) * (1 - fy)), (x1, y0, fx * (1 - fy)), (x0, y1, (1 - fx) * fy), (x1, y1, fx * fy)] {
            let j = yy * level.w + xx
            weight += t * level.weight[j]
            for k in 0..<3 { sum[k] += t * level.rgb[3 * j + k] }
        }
        guard weight > 1e-6 else { return nil }
        return sum.map { $0 / weight }
    }
}
