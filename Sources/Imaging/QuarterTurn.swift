// Lossless quarter-turn rotations and mirror flips.
//
// Phones record portrait video as landscape frames plus a "display rotation"; MediaIO applies
// that rotation to every decoded frame so the tracker sees faces upright. That makes these
// functions part of the per-frame budget, so they work on raw buffers, copy whole pixels at a
// time, and walk the image in tiles so that both the rows read and the rows written stay in
// cache (a naive column-order walk over a 1080p frame misses cache on nearly every pixel).

/// A clockwise rotation by a multiple of 90°.
public enum QuarterTurn: Int, Sendable, CaseIterable, Codable {
    case none = 0
    case clockwise90 = 90
    case clockwise180 = 180
    case clockwise270 = 270

    /// The nearest quarter turn to an arbitrary clockwise angle, normalised to 0..<360, so
    /// -90 gives `.clockwise270` and 100 gives `.clockwise90`. Exact halves (45, 135, …) round away
    /// from zero before normalising, so 45 → 90 and -45 → 270. Non-finite angles give `.none`.
    public init(degrees: Double) {
        guard degrees.isFinite else {
            self = .none
            return
        }
        // Reduce first so the conversion to Int below cannot overflow.
        let quarters = Int((degrees.truncatingRemainder(dividingBy: 360) / 90).rounded(.toNearestOrAwayFromZero))
        let normalised = ((quarters % 4) + 4) % 4
        self = QuarterTurn(rawValue: normalised * 90)!
    }

    public init(degrees: Int) {
        self.init(degrees: Double(degrees % 360))
    }

    /// The clockwise angle in degrees: 0, 90, 180 or 270.
    public var degrees: Int { rawValue }

    /// The turn that undoes this one.
    public var inverse: QuarterTurn { QuarterTurn(degrees: 360 - rawValue) }

    /// This turn followed by `next`.
    public func then(_ next: QuarterTurn) -> QuarterTurn { QuarterTurn(degrees: rawValue + next.rawValue) }

    /// True for 90° and 270°, which exchange width and height.
    public var swapsDimensions: Bool { self == .clockwise90 || self == .clockwise270 }

    /// The size of an image of `size` after this turn.
    public func rotatedSize(_ size: IntSize) -> IntSize {
        swapsDimensions ? IntSize(width: size.height, height: size.width) : size
    }
}

extension RGBImage {
    /// This image turned clockwise by `turn`; `.none` returns it unchanged.
    public func rotated(clockwise turn: QuarterTurn) -> RGBImage {
        if turn == .none { return self }
        let out = turn.rotatedSize(size)
        let bytes = PixelTransform.apply(pixels, width: width, height: height, as: RGBPixel.self) { src, dst in
            PixelTransform.rotate(src, width: width, height: height, turn: turn, into: dst)
        }
        return RGBImage(width: out.width, height: out.height, pixels: bytes)
    }

    /// Mirrored left to right (a selfie-camera flip).
    public func flippedHorizontally() -> RGBImage {
        let bytes = PixelTransform.apply(pixels, width: width, height: height, as: RGBPixel.self) { src, dst in
            PixelTransform.flipHorizontally(src, width: width, height: height, into: dst)
        }
        return RGBImage(width: width, height: height, pixels: bytes)
    }

    /// Mirrored top to bottom.
    public func flippedVertically() -> RGBImage {
        RGBImage(
            width: width, height: height,
            pixels: PixelTransform.flipRowsVertically(pixels, rowBytes: width * 3, height: height))
    }
}

extension GrayImage {
    /// This image turned clockwise by `turn`; `.none` returns it unchanged.
    public func rotated(clockwise turn: QuarterTurn) -> GrayImage {
        if turn == .none { return self }
        let out = turn.rotatedSize(size)
        let bytes = PixelTransform.apply(pixels, width: width, height: height, as: UInt8.self) { src, dst in
            PixelTransform.rotate(src, width: width, height: height, turn: turn, into: dst)
        }
        return GrayImage(width: out.width, height: out.height, pixels: bytes)
    }

    /// Mirrored left to right.
    public func flippedHorizontally() -> GrayImage {
        let bytes = PixelTransform.apply(pixels, width: width, height: height, as: UInt8.self) { src, dst in
            PixelTransform.flipHorizontally(src, width: width, height: height, into: dst)
        }
        return GrayImage(width: width, height: height, pixels: bytes)
    }

    /// Mirrored top to bottom.
    public func flippedVertically() -> GrayImage {
        GrayImage(
            width: width, height: height,
            pixels: PixelTransform.flipRowsVertically(pixels, rowBytes: width, height: height))
    }
}

/// Three bytes moved as one value. A homogeneous tuple has C array layout (guaranteed by the
/// language), so interleaved RGB bytes can be viewed as an array of these.
typealias RGBPixel = (UInt8, UInt8, UInt8)

/// The buffer-level loops behind rotation and flips, generic over the pixel type so RGB and
/// gray share one implementation (the optimiser specialises each use).
enum PixelTransform {
    /// Edge length, in pixels, of the square tiles used for 90° and 270° turns. 32×32 RGB pixels
    /// is 3 KiB per tile on each side, comfortably inside L1.
    static let tile = 32

    /// Views `bytes` as pixels of type `P`, lets `body` fill a new uninitialised buffer of the same
    /// pixel count, and returns that buffer's bytes.
    static func apply<P>(
        _ bytes: [UInt8], width: Int, height: Int, as _: P.Type,
        _ body: (UnsafeBufferPointer<P>, UnsafeMutableBufferPointer<P>) -> Void
    ) -> [UInt8] {
        let count = bytes.count
        let pixelCount = width * height
        precondition(pixelCount * MemoryLayout<P>.stride == count, "pixel buffer does not match its size")
        return [UInt8](unsafeUninitializedCapacity: count) { out, initialised in
            bytes.withUnsafeBufferPointer { inBytes in
                // UInt8 and P are both trivial, so rebinding (even over not-yet-written bytes) is fine.
                inBytes.withMemoryRebound(to: P.self) { src in
                    out.withMemoryRebound(to: P.self) { dst in body(src, dst) }
                }
            }
            initialised = count
        }
    }

    /// Writes every destination pixel once, so `dst` may start uninitialised.
    static func rotate<P>(
        _ src: UnsafeBufferPointer<P>, width w: Int, height h: Int, turn: QuarterTurn,
        into dst: UnsafeMutableBufferPointer<P>
    ) {
        guard w > 0, h > 0, let s = src.baseAddress, let d = dst.baseAddress else { return }
        switch turn {
        case .none:
            d.initialize(from: s, count: w * h)
        case .clockwise180:
            // Output pixel i is input pixel (n - 1 - i): the whole buffer reversed.
            let n = w * h
            for i in 0..<n { (d + i).initialize(to: s[n - 1 - i]) }
        case .clockwise90, .clockwise270:
            // The output is h wide and w tall. Clockwise 90°: output (x, y) = input (y, h-1-x), so
            // the output's top row is the input's left column read bottom to top.
            // Clockwise 270°: output (x, y) = input (w-1-y, x).
            let outW = h, outH = w
            let clockwise = turn == .clockwise90
            var tileY = 0
            while tileY < outH {
                let yEnd = min(tileY + tile, outH)
                var tileX = 0
                while tileX < outW {
                    let xEnd = min(tileX + tile, outW)
                    for y in tileY..<yEnd {
                        let row = d + y * outW
                        if clockwise {
                            // Input index of output (x, y) is (h-1-x)*w + y; it falls by w per step.
                            var i = (h - 1 - tileX) * w + y
                            for x in tileX..<xEnd {
                                (row + x).initialize(to: s[i])
                                i -= w
                            }
                        } else {
                            // Input index of output (x, y) is x*w + (w-1-y); it rises by w per step.
                            var i = tileX * w + (w - 1 - y)
                            for x in tileX..<xEnd {
                                (row + x).initialize(to: s[i])
                                i += w
                            }
                        }
                    }
                    tileX = xEnd
                }
                tileY = yEnd
            }
        }
    }

    static func flipHorizontally<P>(
        _ src: UnsafeBufferPointer<P>, width w: Int, height h: Int,
        into dst: UnsafeMutableBufferPointer<P>
    ) {
        guard w > 0, h > 0, let s = src.baseAddress, let d = dst.baseAddress else { return }
        for y in 0..<h {
            let inRow = s + y * w, outRow = d + y * w
            for x in 0..<w { (outRow + x).initialize(to: inRow[w - 1 - x]) }
        }
    }

    /// Row order reversed; rows themselves are copied whole, whatever the pixel format.
    static func flipRowsVertically(_ bytes: [UInt8], rowBytes: Int, height: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: bytes.count) { out, initialised in
            bytes.withUnsafeBufferPointer { src in
                guard let s = src.baseAddress, let d = out.baseAddress else { return }
                for y in 0..<height {
                    (d + y * rowBytes).initialize(from: s + (height - 1 - y) * rowBytes, count: rowBytes)
                }
            }
            initialised = bytes.count
        }
    }
}

/// Pictures that can be turned by quarter turns and mirrored, so orientation logic (EXIF tags,
/// display matrices) is written once for colour images and their alpha planes alike.
public protocol QuarterTurnable {
    func rotated(clockwise turn: QuarterTurn) -> Self
    func flippedHorizontally() -> Self
    func flippedVertically() -> Self
}

extension RGBImage: QuarterTurnable {}
extension GrayImage: QuarterTurnable {}
