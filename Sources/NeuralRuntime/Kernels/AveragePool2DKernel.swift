/// AVERAGE_POOL_2D: NHWC float32, any filter size and stride, SAME or VALID padding, fused
/// NONE/RELU/RELU6/RELU_N1_TO_1. As in TFLite's reference kernel, each output is the sum of the
/// window's in-bounds elements divided by how many there are (SAME padding neither adds zeros
/// nor counts the padded taps), summed row by row, left to right, then divided (not multiplied
/// by a reciprocal), so the result rounds as TFLite's does. The selfie segmentation model uses
/// it as global pooling: one VALID window the size of the feature map, giving [1, 1, 1, C].
public final class AveragePool2DKernel: Kernel {
    public static let factory: KernelFactory = { setup throws(RuntimeError) in try AveragePool2DKernel(setup: setup) }

    public let outputShapes: [[Int]]

    private let windows: PoolWindows
    private var inputWidth: Int { windows.inputWidth }
    private var channels: Int { windows.channels }
    private var bounds: ClampBounds { windows.bounds }

    init(setup: KernelSetup) throws(RuntimeError) {
        windows = try PoolWindows(setup: setup)
        // SAME padding never exceeds the filter, so every window has an in-bounds tap; a window
        // entirely in the padding would be a division by zero (TFLite refuses it at run time).
        outputShapes = [windows.outputShape]
    }

    public func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        let input = inputs[0]!
        var outputPixel = outputs[0]
        let (inputHeight, channels) = (windows.inputHeight, windows.channels)
        let (rows, columns) = (windows.rows, windows.columns)
        for image in 0..<windows.batch {
            let imageInput = input + image * inputHeight * inputWidth * channels
            for outY in 0..<rows.outputSize {
                let originY = outY * windows.strideHeight - rows.padBefore
                let tapsY = PoolWindows.inBounds(origin: originY, filter: windows.filterHeight, input: inputHeight)
                for outX in 0..<columns.outputSize {
                    let originX = outX * windows.strideWidth - columns.padBefore
                    let tapsX = PoolWindows.inBounds(origin: originX, filter: windows.filterWidth, input: inputWidth)
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
