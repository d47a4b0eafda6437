// Numbers that say how alike two images are, for the quality evaluation described in
// docs/evaluation.md (self-reenactment: compare each rendered frame with the real one).
//
// PSNR and mean absolute difference are pixel-exact and cheap; SSIM follows Wang et al. (2004)
// with the customary 11×11 Gaussian window (σ = 1.5) on luma, and is closer to what a viewer
// notices (structure, not a uniform brightness shift). Results are Double so that averages over
// thousands of frames do not drift.

/// The mean of each colour channel, on the 0...255 scale.
public struct ChannelMeans: Sendable, Hashable {
    public var r: Double
    public var g: Double
    public var b: Double

    public init(r: Double, g: Double, b: Double) {
        self.r = r
        self.g = g
        self.b = b
    }
}

/// Image comparison and statistics. Comparisons require images of the same size.
public enum ImageMetrics {
    /// Mean of the squared byte differences over every channel of every pixel.
    public static func meanSquaredError(_ a: RGBImage, _ b: RGBImage) -> Double {
        precondition(a.width == b.width && a.height == b.height, "images differ in size")
        guard !a.pixels.isEmpty else { return 0 }
        var sum: UInt64 = 0
        a.pixels.withUnsafeBufferPointer { pa in
            b.pixels.withUnsafeBufferPointer { pb in
                for i in 0..<pa.count {
                    let d = Int(pa[i]) - Int(pb[i])
                    sum += UInt64(d * d)
                }
            }
        }
        return Double(sum) / Double(a.pixels.count)
    }

    /// Peak signal-to-noise ratio in dB, `10·log10(255² / MSE)`; `+infinity` for identical
    /// images (including empty ones). Higher is better; 30–40 dB is typical of good video.
    public static func psnr(_ a: RGBImage, _ b: RGBImage) -> Double {
        let mse = meanSquaredError(a, b)
        guard mse > 0 else { return .infinity }
        return 10 * PlatformMath.logBase10(255.0 * 255.0 / mse)
    }

    /// Mean of `|a − b|` over every channel of every pixel, on the 0...255 scale.
    public static func meanAbsoluteDifference(_ a: RGBImage, _ b: RGBImage) -> Double {
        precondition(a.width == b.width && a.height == b.height, "images differ in size")
        guard !a.pixels.isEmpty else { return 0 }
        var sum: UInt64 = 0
        a.pixels.withUnsafeBufferPointer { pa in
            b.pixels.withUnsafeBufferPointer { pb in
                for i in 0..<pa.count { sum += UInt64(abs(Int(pa[i]) - Int(pb[i]))) }
            }
        }
        return Double(sum) / Double(a.pixels.count)
    }

    /// The average red, green and blue values; zeros for an empty image.
    public static func channelMeans(_ image: RGBImage) -> ChannelMeans {
        let n = image.width * image.height
        guard n > 0 else { return ChannelMeans(r: 0, g: 0, b: 0) }
        var sums: (UInt64, UInt64, UInt64) = (0, 0, 0)
        image.pixels.withUnsafeBufferPointer { px in
            for i in 0..<n {
                sums.0 += UInt64(px[3 * i])
                sums.1 += UInt64(px[3 * i + 1])
                sums.2 += UInt64(px[3 * i + 2])
            }
        }
        let count = Double(n)
        return ChannelMeans(r: Double(sums.0) / count, g: Double(sums.1) / count, b: Double(sums.2) / count)
    }

    /// Mean structural similarity of the two images' Rec. 601 luma: 1 for identical images,
    /// lower as structure differs (it can go slightly negative for anti-correlated content).
    ///
    /// Uses a Gaussian window of 11×11 pixels with σ = 1.5 and the constants K1 = 0.01,
    /// K2 = 0.03 of the original paper, averaged over every position where the window fits
    /// entirely inside the image (no padding). Images smaller than 11 pixels on a side use the
    /// largest odd window that fits.
    public static func ssim(_ a: RGBImage, _ b: RGBImage) -> Double {
        precondition(a.width == b.width && a.height == b.height, "images differ in size")
        guard a.width > 0, a.height > 0 else { return 1 }
        var size = Swift.min(11, a.width, a.height)
        if size % 2 == 0 { size -= 1 }
        let kernel = gaussianKernel(size: size, sigma: 1.5)

        let x = a.lumaPlane().values, y = b.lumaPlane().values
        let w = a.width, h = a.height
        func blurred(_ v: [Float]) -> [Float] { blurValid(v, width: w, height: h, kernel: kernel) }
        let muX = blurred(x), muY = blurred(y)
        let xx = blurred(zip(x, x).map { $0 * $1 })
        let yy = blurred(zip(y, y).map { $0 * $1 })
        let xy = blurred(zip(x, y).map { $0 * $1 })

        let c1 = Float((0.01 * 255.0) * (0.01 * 255.0))
        let c2 = Float((0.03 * 255.0) * (0.03 * 255.0))
        var total = 0.0
        for i in 0..<muX.count {
            let mx = muX[i], my = muY[i]
            let varX = xx[i] - mx * mx, varY = yy[i] - my * my, cov = xy[i] - mx * my
            let numerator = (2 * mx * my + c1) * (2 * cov + c2)
            let denominator = (mx * mx + my * my + c1) * (varX + varY + c2)
            total += Double(numerator / denominator)
        }
        return total / Double(muX.count)
    }

    /// A normalised 1D Gaussian of odd length `size`.
    static func gaussianKernel(size: Int, sigma: Double) -> [Float] {
        let centre = Double(size / 2)
        let raw = (0..<size).map { i -> Double in
            let d = Double(i) - centre
            return PlatformMath.naturalExp(-(d * d) / (2 * sigma * sigma))
        }
        let sum = raw.reduce(0, +)
        return raw.map { Float($0 / sum) }
    }

    /// Separable convolution keeping only positions where the whole kernel lies inside the
    /// plane: the output is (width − k + 1) × (height − k + 1).
    static func blurValid(_ v: [Float], width w: Int, height h: Int, kernel: [Float]) -> [Float] {
        let k = kernel.count
        let outW = w - k + 1, outH = h - k + 1
        var horizontal = [Float](repeating: 0, count: outW * h)
        var out = [Float](repeating: 0, count: outW * outH)
        v.withUnsafeBufferPointer { input in
            kernel.withUnsafeBufferPointer { kern in
                horizontal.withUnsafeMutableBufferPointer { hb in
                    for y in 0..<h {
                        let row = input.baseAddress! + y * w
                        for x in 0..<outW {
                            var s: Float = 0
                            for t in 0..<k { s += row[x + t] * kern[t] }
                            hb[y * outW + x] = s
                        }
                    }
                }
                horizontal.withUnsafeBufferPointer { hb in
                    out.withUnsafeMutableBufferPointer { ob in
                        for y in 0..<outH {
                            let outRow = ob.baseAddress! + y * outW
                            for t in 0..<k {
                                let weight = kern[t], from = hb.baseAddress! + (y + t) * outW
                                for x in 0..<outW { outRow[x] += from[x] * weight }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
