// Moving rectangles of pixels between images: pasting a rendered face back into the frame with
// a soft mask, overlaying a picture-in-picture, cutting out a region.
//
// Alpha blending is done in integers with exact rounding, so alpha 0 leaves the destination
// byte-for-byte unchanged and alpha 255 copies the overlay byte-for-byte; tests and golden
// images can rely on that.

extension RGBImage {
    /// Blends `overlay` onto this image with its top-left corner at (`x`, `y`), weighting each
    /// overlay pixel by the matching `alpha` byte (0 keeps this image, 255 takes the overlay).
    /// Parts falling outside this image are skipped. `alpha` must be the overlay's size.
    public mutating func composite(_ overlay: RGBImage, alpha: GrayImage, atX x: Int, y: Int) {
        precondition(
            alpha.width == overlay.width && alpha.height == overlay.height,
            "alpha is \(alpha.width)x\(alpha.height) but overlay is \(overlay.width)x\(overlay.height)")
        let placed = IntRect(x: x, y: y, width: overlay.width, height: overlay.height)
        guard let area = placed.intersection(bounds) else { return }
        let w = width, ow = overlay.width
        pixels.withUnsafeMutableBufferPointer { dst in
            overlay.pixels.withUnsafeBufferPointer { src in
                alpha.pixels.withUnsafeBufferPointer { mask in
                    for dy in area.minY..<area.maxY {
                        let sy = dy - y
                        for dx in area.minX..<area.maxX {
                            let sx = dx - x
                            let a = Int(mask[sy * ow + sx])
                            if a == 0 { continue }
                            let d = (dy * w + dx) * 3, s = (sy * ow + sx) * 3
                            for k in 0..<3 {
                                dst[d + k] = Compositing.mix(src[s + k], over: dst[d + k], alpha: a)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Blends `overlay` onto this image at (`x`, `y`) with one `opacity` (0...1) for every pixel.
    public mutating func composite(_ overlay: RGBImage, atX x: Int, y: Int, opacity: Float = 1) {
        let a = Int(clampedByte(DrawingMath.sanitisedOpacity(opacity) * 255))
        guard a > 0, let area = IntRect(x: x, y: y, width: overlay.width, height: overlay.height).intersection(bounds) else { return }
        let w = width, ow = overlay.width
        pixels.withUnsafeMutableBufferPointer { dst in
            overlay.pixels.withUnsafeBufferPointer { src in
                for dy in area.minY..<area.maxY {
                    let d = (dy * w + area.minX) * 3, s = ((dy - y) * ow + (area.minX - x)) * 3
                    for k in 0..<(area.width * 3) {
                        dst[d + k] = Compositing.mix(src[s + k], over: dst[d + k], alpha: a)
                    }
                }
            }
        }
    }

    /// The pixels inside `rect`, clipped to the image; an empty image when they do not overlap.
    public func cropped(to rect: IntRect) -> RGBImage {
        guard let area = rect.intersection(bounds) else { return RGBImage(width: 0, height: 0) }
        var out = [UInt8]()
        out.reserveCapacity(area.width * area.height * 3)
        for y in area.minY..<area.maxY {
            let start = (y * width + area.minX) * 3
            out.append(contentsOf: pixels[start..<(start + area.width * 3)])
        }
        return RGBImage(width: area.width, height: area.height, pixels: out)
    }
}

extension GrayImage {
    /// The pixels inside `rect`, clipped to the image; an empty image when they do not overlap.
    public func cropped(to rect: IntRect) -> GrayImage {
        guard let area = rect.intersection(bounds) else { return GrayImage(width: 0, height: 0) }
        var out = [UInt8]()
        out.reserveCapacity(area.width * area.height)
        for y in area.minY..<area.maxY {
            let start = y * width + area.minX
            out.append(contentsOf: pixels[start..<(start + area.width)])
        }
        return GrayImage(width: area.width, height: area.height, pixels: out)
    }
}

enum Compositing {
    /// `(top·a + bottom·(255 − a)) / 255`, rounded to nearest. Adding 127 before dividing rounds
    /// exactly, because 255 is odd and the quotient can never land on a half.
    @inline(__always) static func mix(_ top: UInt8, over bottom: UInt8, alpha a: Int) -> UInt8 {
        UInt8((Int(top) * a + Int(bottom) * (255 - a) + 127) / 255)
    }
}
