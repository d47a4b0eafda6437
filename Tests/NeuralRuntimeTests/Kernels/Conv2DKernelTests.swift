import Testing

@testable import NeuralRuntime

/// One CONV_2D configuration: NHWC input, square-or-not kernel, strides, padding.
struct ConvCase: Sendable, CustomTestStringConvertible {
    var batch = 1
    var height: Int
    var width: Int
    var inChannels: Int
    var outChannels: Int
    var kernelHeight: Int
    var kernelWidth: Int
    var strideHeight = 1
    var strideWidth = 1
    var dilation = 1
    var padding: Padding = .same
    var activation: FusedActivation = .none
    var bias = true

    var testDescription: String {
        "\(batch)x\(height)x\(width)x\(inChannels) k\(kernelHeight)x\(kernelWidth) s\(strideHeight)x\(strideWidth) d\(dilation) \(padding) -> \(outChannels) \(activation)\(bias ? "" : " no bias")"
    }
}

/// Plain CONV_2D in double precision: for each output element, loop over every tap and input
/// channel, skipping taps that land in the padding.
func referenceConv2D(_ c: ConvCase, input: [Float], weights: [Float], bias: [Float]?) -> (shape: [Int], values: [Float]) {
    let rows = referencePadding(input: c.height, filter: c.kernelHeight, stride: c.strideHeight, dilation: c.dilation, padding: c.padding)
    let columns = referencePadding(input: c.width, filter: c.kernelWidth, stride: c.strideWidth, dilation: c.dilation, padding: c.padding)
    var output = [Float]()
    for n in 0..<c.batch {
        for oy in 0..<rows.output {
            for ox in 0..<columns.output {
                for oc in 0..<c.outChannels {
                    var sum = Double(bias?[oc] ?? 0)
                    for ky in 0..<c.kernelHeight {
                        for kx in 0..<c.kernelWidth {
                            let iy = oy * c.strideHeight - rows.before + ky * c.dilation
                            let ix = ox * c.strideWidth - columns.before + kx * c.dilation
                            guard iy >= 0, iy < c.height, ix >= 0, ix < c.width else { continue }
                            for ic in 0..<c.inChannels {
                                let x = input[((n * c.height + iy) * c.width + ix) * c.inChannels + ic]
                                let w = weights[((oc * c.kernelHeight + ky) * c.kernelWidth + kx) * c.inChannels + ic]
                                sum += Double(x) * Double(w)
                            }
                        }
                    }
                    output.append(Float(referenceActivation(sum, c.activation)))
                }
            }
        }
    }
    return ([c.batch, rows.output, columns.output, c.outChannels], output)
}

@Suite struct Conv2DKernelTests {
    static let modelCases: [ConvCase] = [
        // face_landmark / iris: 1x1 VALID pointwise at the models' sizes.
        ConvCase(height: 48, width: 48, inChannels: 32, outChannels: 32, kernelHeight: 1, kernelWidth: 1, padding: .valid),
        ConvCase(height: 12, width: 12, inChannels: 128, outChannels: 128, kernelHeight: 1, kernelWidth: 1, padding: .valid),
        ConvCase(height: 1, width: 1, inChannels: 128, outChannels: 1404, kernelHeight: 1, kernelWidth: 1, padding: .valid),
        // face_detection: 1x1 SAME, first 5x5 stride 2 SAME.
        ConvCase(height: 16, width: 16, inChannels: 88, outChannels: 96, kernelHeight: 1, kernelWidth: 1, padding: .same),
        ConvCase(height: 128, width: 128, inChannels: 3, outChannels: 24, kernelHeight: 5, kernelWidth: 5, strideHeight: 2, strideWidth: 2),
        // landmark: first 3x3 stride 2 SAME on 192x192x3; 3x3 stride 3 VALID heads; 2x2 stride 2 VALID.
        ConvCase(height: 192, width: 192, inChannels: 3, outChannels: 16, kernelHeight: 3, kernelWidth: 3, strideHeight: 2, strideWidth: 2),
        ConvCase(
            height: 3, width: 3, inChannels: 128, outChannels: 32, kernelHeight: 3, kernelWidth: 3, strideHeight: 3, strideWidth: 3,
            padding: .valid),
        ConvCase(
            height: 8, width: 8, inChannels: 64, outChannels: 128, kernelHeight: 2, kernelWidth: 2, strideHeight: 2, strideWidth: 2,
            padding: .valid),
        // iris: 2x2 stride 1 VALID.
        ConvCase(height: 4, width: 4, inChannels: 128, outChannels: 128, kernelHeight: 2, kernelWidth: 2, padding: .valid),
    ]

    static let oddCases: [ConvCase] = [
        ConvCase(height: 7, width: 5, inChannels: 3, outChannels: 5, kernelHeight: 1, kernelWidth: 1, padding: .valid),
        ConvCase(
            height: 7, width: 5, inChannels: 13, outChannels: 17, kernelHeight: 3, kernelWidth: 3, strideHeight: 3, strideWidth: 3,
            padding: .same),
        ConvCase(height: 7, width: 5, inChannels: 6, outChannels: 33, kernelHeight: 5, kernelWidth: 5, padding: .same),
        ConvCase(
            height: 9, width: 11, inChannels: 7, outChannels: 16, kernelHeight: 5, kernelWidth: 5, strideHeight: 2, strideWidth: 3,
            padding: .same),
        ConvCase(
            height: 9, width: 11, inChannels: 7, outChannels: 9, kernelHeight: 5, kernelWidth: 5, strideHeight: 2, strideWidth: 2,
            padding: .valid),
        ConvCase(
            height: 6, width: 6, inChannels: 4, outChannels: 31, kernelHeight: 2, kernelWidth: 2, strideHeight: 1, strideWidth: 1,
            padding: .same),
        ConvCase(
            height: 5, width: 5, inChannels: 2, outChannels: 3, kernelHeight: 1, kernelWidth: 3, strideHeight: 1, strideWidth: 2,
            padding: .same),
        ConvCase(
            height: 5, width: 7, inChannels: 3, outChannels: 4, kernelHeight: 1, kernelWidth: 1, strideHeight: 2, strideWidth: 2,
            padding: .valid),
        ConvCase(
            batch: 2, height: 5, width: 6, inChannels: 5, outChannels: 20, kernelHeight: 3, kernelWidth: 3, strideHeight: 2, strideWidth: 2,
            padding: .same),
        ConvCase(batch: 3, height: 3, width: 3, inChannels: 16, outChannels: 16, kernelHeight: 1, kernelWidth: 1, padding: .valid),
        ConvCase(height: 9, width: 9, inChannels: 3, outChannels: 5, kernelHeight: 3, kernelWidth: 3, dilation: 2, padding: .same),
        ConvCase(height: 9, width: 8, inChannels: 3, outChannels: 5, kernelHeight: 3, kernelWidth: 3, dilation: 2, padding: .valid),
        ConvCase(height: 1, width: 1, inChannels: 1, outChannels: 1, kernelHeight: 1, kernelWidth: 1, padding: .valid),
        ConvCase(height: 6, width: 5, inChannels: 8, outChannels: 19, kernelHeight: 3, kernelWidth: 3, padding: .same, activation: .relu),
        ConvCase(height: 6, width: 5, inChannels: 8, outChannels: 19, kernelHeight: 1, kernelWidth: 1, padding: .valid, activation: .relu6),
        ConvCase(
            height: 6, width: 5, inChannels: 8, outChannels: 19, kernelHeight: 3, kernelWidth: 3, strideHeight: 2, strideWidth: 2,
            padding: .same, activation: .reluN1To1),
        ConvCase(height: 6, width: 5, inChannels: 8, outChannels: 12, kernelHeight: 3, kernelWidth: 3, padding: .same, bias: false),
    ]

    static func check(_ c: ConvCase, dequantized: Bool = false) throws {
        let input = randomFloats(c.batch * c.height * c.width * c.inChannels, seed: 1)
        let weightShape = [c.outChannels, c.kernelHeight, c.kernelWidth, c.inChannels]
        let weights = randomFloats(weightShape.reduce(1, *), seed: 2)
        let bias = c.bias ? randomFloats(c.outChannels, seed: 3, in: -2...2) : nil
        let options = Conv2DOptions(
            padding: c.padding, strideWidth: c.strideWidth, strideHeight: c.strideHeight,
            dilationWidth: c.dilation, dilationHeight: c.dilation, activation: c.activation)
        let weightInput: KernelInput = dequantized ? .dequantized(weightShape, weights) : .constant(weightShape, weights)
        let biasInput: KernelInput =
            bias.map { dequantized ? .dequantized([c.outChannels], $0) : .constant([c.outChannels], $0) } ?? .absent
        let harness = KernelHarness(
            .conv2D, .conv2D(options),
            inputs: [
                .activation([c.batch, c.height, c.width, c.inChannels], input), weightInput, biasInput,
            ])
        let result = try harness.run()[0]
        let expected = referenceConv2D(c, input: input, weights: weights, bias: bias)
        #expect(result.shape == expected.shape)
        expectClose(result.values, expected.values)
    }

    @Test("matches the reference at the models' shapes", arguments: modelCases)
    func modelShapes(_ c: ConvCase) throws { try Self.check(c) }

    @Test("matches the reference at odd shapes, strides, paddings and activations", arguments: oddCases)
    func oddShapes(_ c: ConvCase) throws { try Self.check(c) }

    @Test("reads weights and bias through DEQUANTIZE, as the float16 models store them")
    func dequantizedWeights() throws {
        try Self.check(
            ConvCase(height: 6, width: 7, inChannels: 9, outChannels: 18, kernelHeight: 3, kernelWidth: 3, padding: .same),
            dequantized: true)
    }

    @Test("SAME padding puts the odd extra row and column after, as TensorFlow does")
    func asymmetricSamePadding() throws {
        // 4x4 input, 3x3 stride 2: 2x2 output, one padding row in total, all of it at the
        // bottom. With the centre tap alone, output (0, 0) reads input (1, 1).
        let input = (0..<16).map(Float.init)
        var weights = [Float](repeating: 0, count: 9)
        weights[4] = 1
        let harness = KernelHarness(
            .conv2D, .conv2D(Conv2DOptions(padding: .same, strideWidth: 2, strideHeight: 2)),
            inputs: [
                .activation([1, 4, 4, 1], input), .constant([1, 3, 3, 1], weights), .absent,
            ])
        let result = try harness.run()[0]
        #expect(result.shape == [1, 2, 2, 1])
        #expect(result.values == [5, 7, 13, 15])
    }

    @Test("rejects what it cannot run")
    func errors() {
        let input = KernelInput.activation([1, 4, 4, 3], randomFloats(48, seed: 1))
        let weights = KernelInput.constant([2, 3, 3, 3], randomFloats(54, seed: 2))
        let options = Conv2DOptions(padding: .same, strideWidth: 1, strideHeight: 1)
        expectInvalid(
            KernelHarness(.conv2D, .conv2D(options), inputs: [input, .activation([2, 3, 3, 3], randomFloats(54, seed: 2))]),
            mentioning: "constant")
        expectInvalid(
            KernelHarness(.conv2D, .conv2D(options), inputs: [.activation([4, 4, 3], randomFloats(48, seed: 1)), weights]),
            mentioning: "rank 4")
        expectInvalid(
            KernelHarness(.conv2D, .conv2D(options), inputs: [input, .constant([2, 3, 3, 4], randomFloats(72, seed: 2))]),
            mentioning: "input channels")
        expectInvalid(
            KernelHarness(.conv2D, .conv2D(options), inputs: [input, weights, .constant([3], [0, 0, 0])]),
            mentioning: "bias")
        expectInvalid(
            KernelHarness(
                .conv2D, .conv2D(Conv2DOptions(padding: .same, strideWidth: 1, strideHeight: 1, activation: .tanh)),
                inputs: [input, weights]), mentioning: "TANH")
        expectInvalid(
            KernelHarness(
                .conv2D, .conv2D(Conv2DOptions(padding: .same, strideWidth: 1, strideHeight: 1, activation: .other(9))),
                inputs: [input, weights]), mentioning: "activation")
        expectInvalid(
            KernelHarness(
                .conv2D, .conv2D(Conv2DOptions(padding: .same, strideWidth: 0, strideHeight: 1)),
                inputs: [input, weights]), mentioning: "strides")
        expectInvalid(
            KernelHarness(
                .conv2D, .conv2D(Conv2DOptions(padding: .valid, strideWidth: 1, strideHeight: 1)),
                inputs: [.activation([1, 2, 2, 3], randomFloats(12, seed: 1)), weights]), mentioning: "does not fit")
        expectInvalid(KernelHarness(.conv2D, .none, inputs: [input, weights]), mentioning: "Conv2DOptions")
        expectInvalid(KernelHarness(.conv2D, .conv2D(options), inputs: [input]), mentioning: "weights")
    }
}
