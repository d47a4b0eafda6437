/// MAX_POOL_2D: NHWC float32, any filter size and stride, SAME or VALID padding, fused
/// NONE/RELU/RELU6/RELU_N1_TO_1. As in TFLite, SAME padding adds no values: the maximum is
/// over the window's in-bounds elements only (padding with zeros would be wrong for negative
/// inputs). The window placement follows `WindowGeometry`'s asymmetric rule.
public final class MaxPool2DKernel: Kernel {
    public static let factory: KernelFactory = { setup throws(RuntimeError) in try MaxPool2DKernel(setup: setup) }

    public let outputShapes: [[Int]]

    private let windows: PoolWindows
    private var inputWidth: Int { windows.inputWidth }
    private var channels: Int { windows.channels }
    private var bounds: ClampBounds { windows.bounds }

    init(setup: KernelSetup) throws(RuntimeError) {
        windows = try PoolWindows(setup: setup)
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
                    let corner = imageInput + (originY * inputWidth + originX) * channels
                    var channel = 0
                    while channel + 16 <= channels {
                        poolVector(SIMD16<Float>.self, corner: corner + channel, tapsY: tapsY, tapsX: tapsX, output: outputPixel + channel)
                        channel += 16
                    }
                    while channel + 4 <= channels {
                        poolVector(SIMD4<Float>.self, corner: corner + channel, tapsY: tapsY, tapsX: tapsX, output: outputPixel + channel)
                        channel += 4
                    }
                    while channel < channels {
                        var maximum = -Float.infinity
                        for tapY in tapsY {
                            for tapX in tapsX { maximum = max(maximum, corner[(tapY * inputWidth + tapX) * channels + channel]) }
                        }
                        outputPixel[channel] = bounds.apply(maximum)
                        channel += 1
                    }
                    outputPixel += channels
                }
            }
        }
    }

    /// `corner` is the window's top-left element (possibly outside the input; only in-bounds
    /// taps are read).
    @inline(__always)
    private func poolVector<V: FloatVector>(
        _: V.Type, corner: UnsafePointer<Float>, tapsY: Range<Int>, tapsX: Range<Int>,
        output: UnsafeMutablePointer<Float>
    ) {
        var maximum = V(repeating: -.infinity)
        for tapY in tapsY {
            for tapX in tapsX {
                maximum = V.maximum(maximum, corner.loadVector(at: (tapY * inputWidth + tapX) * channels))
            }
        }
        output.storeVector(bounds.apply(maximum), at: 0)
    }
}
