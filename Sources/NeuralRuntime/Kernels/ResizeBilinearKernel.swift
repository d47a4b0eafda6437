/// RESIZE_BILINEAR: NHWC float32 input, int32 constant `size` [new_height, new_width]; output
/// [N, new_height, new_width, C]. TFLite's float semantics, per axis (rows shown; columns are
/// the same with the widths), all in float32 as TFLite computes them:
///
///   scale = in / out, or (in - 1) / (out - 1) when align_corners and out > 1
///   v     = (y + 0.5) * scale - 0.5  with half_pixel_centers, else  y * scale
///   y0    = max(Int(floor(v)), 0),  y1 = min(Int(ceil(v)), in - 1),  dy = v - y0
///   out   = in[y0,x0] (1-dy)(1-dx) + in[y1,x0] dy (1-dx) + in[y0,x1] (1-dy) dx + in[y1,x1] dy dx
///
/// The weights are not clamped: at the top/left border with half-pixel centres v is negative,
/// y0 = y1 = 0 and dy < 0, so the two taps (same row) still sum to the border value. align_corners
/// together with half_pixel_centers is rejected, as TFLite's Prepare does. The index and
/// weight tables are computed at preparation; `run` only streams over channels.
public final class ResizeBilinearKernel: Kernel {
    public static let factory: KernelFactory = { setup throws(RuntimeError) in try ResizeBilinearKernel(setup: setup) }

    public let outputShapes: [[Int]]

    private let batch: Int
    private let inputHeight: Int
    private let inputWidth: Int
    private let channels: Int
    private let outputHeight: Int
    private let outputWidth: Int
    /// Per output row: element offsets (within one image) of input rows y0 and y1, and dy.
    private let rowOffsets0: [Int]
    private let rowOffsets1: [Int]
    private let rowFractions: [Float]
    /// Per output column: element offsets (within a row) of input columns x0 and x1, and dx.
    private let columnOffsets0: [Int]
    private let columnOffsets1: [Int]
    private let columnFractions: [Float]

    init(setup: KernelSetup) throws(RuntimeError) {
        guard case .resizeBilinear(let alignCorners, let halfPixelCenters) = setup.operation.options else {
            throw setup.invalid("expected ResizeBilinearOptions")
        }
        guard !(alignCorners && halfPixelCenters) else {
            throw setup.invalid("if half_pixel_centers is true, align_corners must be false")
        }
        guard setup.operation.inputs.count == 2, setup.operation.outputs.count == 1 else {
            throw setup.invalid("expects two inputs (input, size) and one output")
        }
        let shape = try setup.requireShape(0, rank: 4, role: "input")
        (batch, inputHeight, inputWidth, channels) = (shape[0], shape[1], shape[2], shape[3])
        let sizeShape = try setup.requireShape(1)
        guard sizeShape == [2] else { throw setup.invalid("size must have shape [2], got \(sizeShape)") }
        let size = try setup.requireConstantInts(1, role: "size")
        guard size.count == 2 else { throw setup.invalid("size must hold 2 values, got \(size.count)") }
        guard size[0] > 0, size[1] > 0 else { throw setup.invalid("size must be positive, got \(size)") }
        (outputHeight, outputWidth) = (size[0], size[1])
        outputShapes = [[batch, outputHeight, outputWidth, channels]]

        let rows = Self.axisTable(input: shape[1], output: size[0], alignCorners: alignCorners, halfPixelCenters: halfPixelCenters)
        let depth = shape[3], rowStride = shape[2] * shape[3]
        rowOffsets0 = rows.lower.map { $0 * rowStride }
        rowOffsets1 = rows.upper.map { $0 * rowStride }
        rowFractions = rows.fraction
        let columns = Self.axisTable(input: shape[2], output: size[1], alignCorners: alignCorners, halfPixelCenters: halfPixelCenters)
        columnOffsets0 = columns.lower.map { $0 * depth }
        columnOffsets1 = columns.upper.map { $0 * depth }
        columnFractions = columns.fraction
    }

    /// TFLite's `ComputeInterpolationValues` for every output index of one axis, in float32.
    static func axisTable(input: Int, output: Int, alignCorners: Bool, halfPixelCenters: Bool)
        -> (lower: [Int], upper: [Int], fraction: [Float])
    {
        var scale = Float(input) / Float(output)
        if alignCorners && output > 1 { scale = Float(input - 1) / Float(output - 1) }
        var lower = [Int](repeating: 0, count: output)
        var upper = [Int](repeating: 0, count: output)
        var fraction = [Float](repeating: 0, count: output)
        for index in 0..<output {
            let scaled = halfPixelCenters ? (Float(index) + 0.5) * scale - 0.5 : Float(index) * scale
            let low = max(Int(scaled.rounded(.down)), 0)
            lower[index] = low
            upper[index] = min(Int(scaled.rounded(.up)), input - 1)
            fraction[index] = scaled - Float(low)
        }
        return (lower, upper, fraction)
    }

    public func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        let input = inputs[0]!
        var outputPixel = outputs[0]
        let imageSize = inputHeight * inputWidth * channels
        for image in 0..<batch {
            let imageInput = input + image * imageSize
            for outY in 0..<outputHeight {
                let row0 = imageInput + rowOffsets0[outY]
                let row1 = imageInput + rowOffsets1[outY]
                let dy = rowFractions[outY]
                for outX in 0..<outputWidth {
                    let dx = columnFractions[outX]
                    let weights = Weights(w00: (1 - dy) * (1 - dx), w10: dy * (1 - dx), w01: (1 - dy) * dx, w11: dy * dx)
                    let x0 = columnOffsets0[outX], x1 = columnOffsets1[outX]
                    interpolate(p00: row0 + x0, p10: row1 + x0, p01: row0 + x1, p11: row1 + x1, weights: weights, output: outputPixel)
                    outputPixel += channels
                }
            }
        }
    }

    private struct Weights {
        var w00: Float, w10: Float, w01: Float, w11: Float
    }

    /// One output pixel: all channels from the four corner pixels.
    @inline(__always)
    private func interpolate(
        p00: UnsafePointer<Float>, p10: UnsafePointer<Float>, p01: UnsafePointer<Float>, p11: UnsafePointer<Float>,
        weights w: Weights, output: UnsafeMutablePointer<Float>
    ) {
        var channel = 0
        while channel + 16 <= channels {
            interpolateVector(SIMD16<Float>.self, p00 + channel, p10 + channel, p01 + channel, p11 + channel, w, output + channel)
            channel += 16
        }
        while channel + 4 <= channels {
            interpolateVector(SIMD4<Float>.self, p00 + channel, p10 + channel, p01 + channel, p11 + channel, w, output + channel)
            channel += 4
        }
        while channel < channels {
            output[channel] = p00[channel] * w.w00 + p10[channel] * w.w10 + p01[channel] * w.w01 + p11[channel] * w.w11
            channel += 1
        }
    }

    @inline(__always)
    private func interpolateVector<V: FloatVector>(
        _: V.Type, _ p00: UnsafePointer<Float>, _ p10: UnsafePointer<Float>,
        _ p01: UnsafePointer<Float>, _ p11: UnsafePointer<Float>,
        _ w: Weights, _ output: UnsafeMutablePointer<Float>
    ) {
        var sum = V.product(p00.loadVector(), V(repeating: w.w00))
        sum = V.multiplyAdd(sum, p10.loadVector(), V(repeating: w.w10))
        sum = V.multiplyAdd(sum, p01.loadVector(), V(repeating: w.w01))
        sum = V.multiplyAdd(sum, p11.loadVector(), V(repeating: w.w11))
        output.storeVector(sum, at: 0)
    }
}
