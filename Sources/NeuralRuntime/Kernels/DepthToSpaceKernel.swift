/// DEPTH_TO_SPACE: NHWC input [N, H, W, C] and block size b give [N, H*b, W*b, C/(b*b)], in
/// TFLite's (and TensorFlow's NHWC) DCR order: the input channels of a pixel are read as
/// [b (row in block)][b (column in block)][C/(b*b)], so
///
///   output[n, h*b + by, w*b + bx, c] = input[n, h, w, (by*b + bx) * C/(b*b) + c].
///
/// For fixed (n, h, by, w) the b output pixels bx = 0..<b are contiguous in the output and their
/// channels are contiguous in the input, so `run` copies b * C/(b*b) floats at a time.
public final class DepthToSpaceKernel: Kernel {
    public static let factory: KernelFactory = { setup throws(RuntimeError) in try DepthToSpaceKernel(setup: setup) }

    public let outputShapes: [[Int]]

    private let batch: Int
    private let inputHeight: Int
    private let inputWidth: Int
    private let inputChannels: Int
    private let blockSize: Int

    init(setup: KernelSetup) throws(RuntimeError) {
        guard case .depthToSpace(let blockSize) = setup.operation.options else {
            throw setup.invalid("expected DepthToSpaceOptions")
        }
        guard setup.operation.inputs.count == 1, setup.operation.outputs.count == 1 else {
            throw setup.invalid("expects one input and one output")
        }
        guard blockSize >= 1 else { throw setup.invalid("block size must be positive, got \(blockSize)") }
        let shape = try setup.requireShape(0, rank: 4, role: "input")
        (batch, inputHeight, inputWidth, inputChannels) = (shape[0], shape[1], shape[2], shape[3])
        guard inputChannels % (blockSize * blockSize) == 0 else {
            throw setup.invalid("input channels \(inputChannels) are not divisible by block size squared \(blockSize * blockSize)")
        }
        self.blockSize = blockSize
        outputShapes = [[batch, inputHeight * blockSize, inputWidth * blockSize, inputChannels / (blockSize * blockSize)]]
    }

    public func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        let input = inputs[0]!
        var output = outputs[0]
        // One block row of one input pixel: b output pixels of C/(b*b) channels.
        let run = inputChannels / blockSize
        var inputRow = input
        for _ in 0..<(batch * inputHeight) {
            for blockRow in 0..<blockSize {
                var source = inputRow + blockRow * run
                for _ in 0..<inputWidth {
                    copyFloats(from: source, to: output, count: run)
                    source += inputChannels
                    output += run
                }
            }
            inputRow += inputWidth * inputChannels
        }
    }
}
