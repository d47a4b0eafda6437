/// AVERAGE_POOL_2D: NHWC float32, any filter size and stride, SAME or VALID padding, fused
/// NONE/RELU/RELU6/RELU_N1_TO_1. As in TFLite's reference kernel, each output is the sum of the
/// window's in-bounds elements divided by how many there are (SAME padding neither adds zeros
/// nor counts the padded taps), summed row by row, left to right, then divided (not multiplied
/// by a reciprocal), so the result rounds as TFLite's does. The selfie segmentation model uses
/// it as global pooling: one VALID window the size of the feature map, giving [1, 1, 1, C].
public final class AveragePool2DKernel: Kernel {
    public static let factory: KernelFactory = { setup throws(RuntimeError) in try AveragePool2DKernel(setup: setup) }

    public let outputShapes: [[Int]]

    private let batch: Int
    private let inputHeight: Int
    private let inputWidth: Int
    private let channels: Int
    private let filterHeight: Int
    private let filterWidth: Int
    private let strideHeight: Int
    private let strideWidth: Int
    private let rows: WindowGeometry
    private let columns: WindowGeometry
    private let bounds: ClampBounds

    init(setup: KernelSetup) throws(RuntimeError) {
        guard case .pool2D(let options) = setup.operation.options else {
            throw setup.invalid("expected Pool2DOptions")
        }
        guard setup.operation.inputs.count == 1, setup.operation.outputs.count == 1 else {
            throw setup.invalid("expects one input and one output")
        }
        let shape = try setup.requireShape(0, rank: 4, role: "input")
        (batch, inputHeight, inputWidth, channels) = (shape[0], shape[1], shape[2], shape[3])
        guard options.filterHeight >= 1, options.filterWidth >= 1, options.strideHeight >= 1, options.strideWidth >= 1 else {
            throw setup.invalid(
                "filter \(options.filterHeight)x\(options.filterWidth) and stride \(options.strideHeight)x\(options.strideWidth) must be positive"
            )
        }
        filterHeight = options.filterHeight
        filterWidth = options.filterWidth
        strideHeight = options.strideHeight
        strideWidth = options.strideWidth
        bounds = try setup.clampBounds(for: options.activation)
        if case .explicit = options.padding {
            throw setup.invalid("explicit padding is not supported for pooling")
        }
        guard
            let rows = WindowGeometry(
                input: inputHeight, filter: filterHeight, stride: strideHeight, dilation: 1, padding: options.padding, axis: .rows),
            let columns = WindowGeometry(
                input: inputWidth, filter: filterWidth, stride: strideWidth, dilation: 1, padding: options.padding, axis: .columns)
        else {
            throw setup.invalid(
                "a \(filterHeight)x\(filterWidth) window does not fit a \(inputHeight)x\(inputWidth) input with \(options.padding) padding")
        }
        // SAME padding never exceeds the filter, so every window has an in-bounds tap; a window
        // entirely in the padding would be a division by zero (TFLite refuses it at run time).
        self.rows = rows
        self.columns = columns
        outputShapes = [[batch, rows.outputSize, columns.outputSize, channels]]
    }

    public func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        let input = inputs[0]!
        var outputPixel = outputs[0]
        for image in 0..<batch {
            let imageInput = input + image * inputHeight * inputWidth * channels
            for outY in 0..<rows.outputSize {
                let originY = outY * strideHeight - rows.padBefore
                let tapsY = Self.inBounds(origin: originY, filter: filterHeight, input: inputHeight)
                for outX in 0..<columns.outputSize {
                    let originX = outX * strideWidth - columns.padBefore
                    let tapsX = Self.inBounds(origin: originX, filter: filterWidth, input: inputWidth)
                    let count = Float(tapsY.count * tapsX.count)
                    let corner = imageInput + (originY * inputWidth + originX) * channels
                    var channel = 0
                    while channel + 16 <= channels {
                        poolVector(
                            SIMD16<Float>.self, corner: corner + channel, tapsY: tapsY, tapsX: tapsX, count: count,
                            output: outputPixel + channel)
                        channel += 16
                    }
                    while channel + 4 <= channels {
                        poolVector(
                            SIMD4<Float>.self, corner: corner + channel, tapsY: tapsY, tapsX: tapsX, count: count,
                            output: outputPixel + channel)
                        channel += 4
                    }
                    while channel < channels {
                        var total: Float = 0
                        for tapY in tapsY {
                            for tapX in tapsX { total += corner[(tapY * inputWidth + tapX) * channels + channel] }
                        }
                        outputPixel[channel] = bounds.apply(total / count)
                        channel += 1
                    }
                    outputPixel += channels
                }
            }
        }
    }

    /// Window positions that fall inside an input axis, for a window starting at `origin`.
    @inline(__always)
    private static func inBounds(origin: Int, filter: Int, input: Int) -> Range<Int> {
        let first = max(0, -origin)
        return first..<max(first, min(filter, input - origin))
    }

    /// `corner` is the window's top-left element (possibly outside the input; only in-bounds
    /// taps are read). Each lane sums its channel in the scalar loop's order.
    @inline(__always)
    private func poolVector<V: FloatVector>(
        _: V.Type, corner: UnsafePointer<Float>, tapsY: Range<Int>, tapsX: Range<Int>, count: Float,
        output: UnsafeMutablePointer<Float>
    ) {
        var total = V()
        for tapY in tapsY {
            for tapX in tapsX {
                total = V.sum(total, corner.loadVector(at: (tapY * inputWidth + tapX) * channels))
            }
        }
        output.storeVector(bounds.apply(total / V(repeating: count)), at: 0)
    }
}
