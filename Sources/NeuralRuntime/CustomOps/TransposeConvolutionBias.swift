/// MediaPipe's `Convolution2DTransposeBias`: a transposed convolution (the gradient of a strided
/// convolution, used to upsample) with a bias, NHWC float32. The selfie segmentation model ends
/// with one: [1, 128, 128, 16] → [1, 256, 256, 1], a 2×2 filter at stride 2.
///
/// Semantics, from mediapipe/util/tflite/operations/transpose_conv_bias.cc:
/// - inputs: the activation [N, H, W, C]; weights [O, KH, KW, C] (OHWI); bias [O]. One output.
/// - options: not FlexBuffers but the raw bytes of TFLite's C struct `TfLiteTransposeConvParams`:
///   three little-endian int32s, padding (1 SAME, 2 VALID), stride width, stride height. Bytes
///   after those (a newer struct's activation) are ignored, as MediaPipe's cast ignores them.
/// - SAME pads max(0, K - (H - 1) % stride - 1) in total per axis, VALID nothing; the output is
///   stride·(H - 1) + K - that total, and the first total / 2 rows (columns) are cut off the top
///   (left) of the full result.
/// - each output starts at its bias, and every input pixel adds input × weight to the outputs its
///   window covers. Here each output is gathered instead of scattered to, but its products are
///   added in the order the scatter adds them (input row, column, channel), so the sums round
///   the same way.
final class TransposeConvolutionBiasKernel: Kernel {
    static let operatorName = "Convolution2DTransposeBias"

    /// TfLitePadding's codes in `TfLiteTransposeConvParams.padding`.
    static let paddingSame: Int32 = 1
    static let paddingValid: Int32 = 2

    let outputShapes: [[Int]]

    private let batch: Int
    private let inputHeight: Int
    private let inputWidth: Int
    private let inputChannels: Int
    private let outputHeight: Int
    private let outputWidth: Int
    private let outputChannels: Int
    private let filterHeight: Int
    private let filterWidth: Int
    private let strideHeight: Int
    private let strideWidth: Int
    /// Rows (columns) of the full result cut off the top (left).
    private let padTop: Int
    private let padLeft: Int

    init(_ setup: KernelSetup) throws(RuntimeError) {
        try setup.requireCustomOpArity(inputs: 3, outputs: 1)
        let bytes: [UInt8]
        switch setup.operation.options {
        case .custom(let data): bytes = data
        case .none: bytes = []
        default: throw setup.invalid("expected custom options, found builtin options")
        }
        guard bytes.count >= 12 else {
            throw setup.invalid(
                "custom options must be TfLiteTransposeConvParams (padding, stride width, stride height: 12 bytes), found \(bytes.count) bytes"
            )
        }
        func int32(at offset: Int) -> Int32 {
            (0..<4).reduce(Int32(0)) { value, k in value | Int32(bitPattern: UInt32(bytes[offset + k]) << UInt32(8 * k)) }
        }
        let padding = int32(at: 0)
        let (strideW, strideH) = (int32(at: 4), int32(at: 8))
        guard padding == Self.paddingSame || padding == Self.paddingValid else {
            throw setup.invalid("unknown padding code \(padding) in the custom options (1 is SAME, 2 VALID)")
        }
        guard strideW >= 1, strideH >= 1, strideW <= 1 << 16, strideH <= 1 << 16 else {
            throw setup.invalid("strides \(strideW)x\(strideH) must be positive")
        }
        strideWidth = Int(strideW)
        strideHeight = Int(strideH)

        let input = try setup.requireShape(0, rank: 4, role: "input")
        let weights = try setup.requireShape(1, rank: 4, role: "weights")
        let bias = try setup.requireShape(2)
        (batch, inputHeight, inputWidth, inputChannels) = (input[0], input[1], input[2], input[3])
        (outputChannels, filterHeight, filterWidth) = (weights[0], weights[1], weights[2])
        guard weights[3] == inputChannels else {
            throw setup.invalid("weights \(weights) must be [O, KH, KW, \(inputChannels)] (OHWI) for input \(input)")
        }
        guard bias == [outputChannels] else {
            throw setup.invalid("bias \(bias) must be [\(outputChannels)], one value per output channel")
        }

        let same = padding == Self.paddingSame
        let padTotalH = same ? max(0, filterHeight - (inputHeight - 1) % strideHeight - 1) : 0
        let padTotalW = same ? max(0, filterWidth - (inputWidth - 1) % strideWidth - 1) : 0
        outputHeight = strideHeight * (inputHeight - 1) + filterHeight - padTotalH
        outputWidth = strideWidth * (inputWidth - 1) + filterWidth - padTotalW
        padTop = padTotalH / 2
        padLeft = padTotalW / 2
        guard outputHeight * outputWidth * outputChannels <= 1 << 30 else {
            throw setup.invalid("the output \(outputHeight)x\(outputWidth)x\(outputChannels) is too large")
        }
        outputShapes = [[batch, outputHeight, outputWidth, outputChannels]]
        try setup.requireDeclaredOutputShape(0, toBe: outputShapes[0])
    }

    func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        guard let input = inputs[0], let weights = inputs[1], let bias = inputs[2] else {
            preconditionFailure("\(Self.operatorName): no buffer for an input")
        }
        var output = outputs[0]
        for image in 0..<batch {
            let imageInput = input + image * inputHeight * inputWidth * inputChannels
            for outY in 0..<outputHeight {
                let rows = Self.contributors(to: outY + padTop, filter: filterHeight, stride: strideHeight, inputs: inputHeight)
                for outX in 0..<outputWidth {
                    let columns = Self.contributors(to: outX + padLeft, filter: filterWidth, stride: strideWidth, inputs: inputWidth)
                    for channel in 0..<outputChannels {
                        var sum = bias[channel]
                        for inY in rows {
                            let filterY = outY + padTop - inY * strideHeight
                            for inX in columns {
                                let filterX = outX + padLeft - inX * strideWidth
                                let pixel = imageInput + (inY * inputWidth + inX) * inputChannels
                                let tap = weights + ((channel * filterHeight + filterY) * filterWidth + filterX) * inputChannels
                                for k in 0..<inputChannels { sum += pixel[k] * tap[k] }
                            }
                        }
                        output[channel] = sum
                    }
                    output += outputChannels
                }
            }
        }
    }

    /// The input positions whose window reaches position `position` of the full (uncut) result
    /// on one axis: those i with 0 <= position - i·stride < filter, within the input.
    @inline(__always)
    static func contributors(to position: Int, filter: Int, stride: Int, inputs: Int) -> Range<Int> {
        // Smallest i with i·stride > position - filter, i.e. ceil((position - filter + 1) / stride).
        let lowest = position - filter + 1
        let first = lowest <= 0 ? 0 : (lowest + stride - 1) / stride
        let last = min(inputs - 1, position / stride)
        return first..<max(first, last + 1)
    }
}
