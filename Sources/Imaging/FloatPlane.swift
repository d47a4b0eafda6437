// Single-channel Float images.
//
// Neural-network inputs, blending weights and image statistics (SSIM) need more range and
// precision than bytes; a plane per channel keeps each of those computations a simple loop.

/// A width×height grid of Floats, rows top to bottom, no padding.
public struct FloatPlane: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height` values.
    public var values: [Float]

    public init(width: Int, height: Int, fill: Float = 0) {
        precondition(width >= 0 && height >= 0, "negative plane size")
        self.width = width
        self.height = height
        self.values = [Float](repeating: fill, count: width * height)
    }

    public init(width: Int, height: Int, values: [Float]) {
        precondition(values.count == width * height, "value count does not match \(width)x\(height)")
        self.width = width
        self.height = height
        self.values = values
    }

    @inlinable public subscript(x: Int, y: Int) -> Float {
        get { values[y * width + x] }
        set { values[y * width + x] = newValue }
    }

    /// `1 / scale`, snapped to a whole number when within float error of one. Scales are
    /// usually written `1.0 / 255`, which Float cannot hold exactly; without the snap the
    /// inverse is 254.99998 and a value of 0.5 would come back as byte 127 instead of 128.
    static func inverseScale(_ scale: Float) -> Float {
        let inverse = 1 / Double(scale)
        let whole = inverse.rounded()
        return abs(inverse - whole) <= 1e-6 * abs(inverse) ? Float(whole) : Float(inverse)
    }
}

// Conversions describe the plane encoding as `value = byte * scale + offset`, and take the same
// two numbers in both directions, so a round trip cannot mix up a forward and an inverse mapping.
// The default maps bytes to 0...1; `scale: 2.0 / 255, offset: -1` gives the -1...1 many models use.

extension RGBImage {
    /// The red, green and blue channels as planes holding `byte * scale + offset`.
    public func floatPlanes(scale: Float = 1.0 / 255, offset: Float = 0) -> (r: FloatPlane, g: FloatPlane, b: FloatPlane) {
        let n = width * height
        var r = [Float](repeating: 0, count: n), g = r, b = r
        pixels.withUnsafeBufferPointer { px in
            for i in 0..<n {
                r[i] = Float(px[3 * i]) * scale + offset
                g[i] = Float(px[3 * i + 1]) * scale + offset
                b[i] = Float(px[3 * i + 2]) * scale + offset
            }
        }
        return (
            FloatPlane(width: width, height: height, values: r),
            FloatPlane(width: width, height: height, values: g),
            FloatPlane(width: width, height: height, values: b)
        )
    }

    /// Reassembles an image from planes encoded as `byte * scale + offset`; values are rounded
    /// to the nearest byte and clamped, so out-of-range network outputs saturate.
    public init(red: FloatPlane, green: FloatPlane, blue: FloatPlane, scale: Float = 1.0 / 255, offset: Float = 0) {
        precondition(
            red.width == green.width && red.width == blue.width && red.height == green.height && red.height == blue.height,
            "planes differ in size")
        precondition(scale != 0, "scale must be non-zero")
        let n = red.width * red.height
        let inverse = FloatPlane.inverseScale(scale)
        var bytes = [UInt8](repeating: 0, count: n * 3)
        for i in 0..<n {
            bytes[3 * i] = clampedByte((red.values[i] - offset) * inverse)
            bytes[3 * i + 1] = clampedByte((green.values[i] - offset) * inverse)
            bytes[3 * i + 2] = clampedByte((blue.values[i] - offset) * inverse)
        }
        self.init(width: red.width, height: red.height, pixels: bytes)
    }

    /// Rec. 601 luma (0.299 R + 0.587 G + 0.114 B) on the 0...255 scale, unrounded; the
    /// brightness signal used by SSIM and by anything that wants "how bright", not "what colour".
    public func lumaPlane() -> FloatPlane {
        let n = width * height
        var y = [Float](repeating: 0, count: n)
        pixels.withUnsafeBufferPointer { px in
            for i in 0..<n {
                y[i] = 0.299 * Float(px[3 * i]) + 0.587 * Float(px[3 * i + 1]) + 0.114 * Float(px[3 * i + 2])
            }
        }
        return FloatPlane(width: width, height: height, values: y)
    }
}

extension GrayImage {
    /// The image as a plane holding `byte * scale + offset`.
    public func floatPlane(scale: Float = 1.0 / 255, offset: Float = 0) -> FloatPlane {
        FloatPlane(width: width, height: height, values: pixels.map { Float($0) * scale + offset })
    }

    /// Rounds and clamps a plane encoded as `byte * scale + offset` back to bytes.
    public init(_ plane: FloatPlane, scale: Float = 1.0 / 255, offset: Float = 0) {
        precondition(scale != 0, "scale must be non-zero")
        let inverse = FloatPlane.inverseScale(scale)
        self.init(
            width: plane.width, height: plane.height,
            pixels: plane.values.map { clampedByte(($0 - offset) * inverse) })
    }
}
