import Testing

@testable import NeuralRuntime

struct DepthwiseCase: Sendable, CustomTestStringConvertible {
    var batch = 1
    var height: Int
    var width: Int
    var channels: Int
    var multiplier = 1
    var kernel = 3
    var stride = 1
    var dilation = 1
    var padding: Padding = .same
    var activation: FusedActivation = .none
    var bias = true

    var outChannels: Int { channels * multiplier }
    var testDescription: String {
        "\(batch)x\(height)x\(width)x\(channels)*\(multiplier) k\(kernel) s\(stride) d\(dilation) \(padding) \(activation)\(bias ? "" : " no bias")"
    }
}

/// Plain depthwise convolution: output channel o reads input channel o / multiplier.
func referenceDepthwise(_ c: DepthwiseCase, input: [Float], weights: [Float], bias: [Float]?) -> (shape: [Int], values: [Float]) {
    let rows = referencePadding(input: c.height, filter: c.kernel, stride: c.stride, dilation: c.dilation, padding: c.padding)
    let columns = referencePadding(input: c.width, filter: c.kernel, stride: c.stride, dilation: c.dilation, padding: c.padding)
    var output = [Float]()
    for n in 0..<c.batch {
        for oy in 0..<rows.output {
            for ox in 0..<columns.output {
                for oc in 0..<c.outChannels {
                    var sum = Double(bias?[oc] ?? 0)
                    for ky in 0..<c.kernel {
                        for kx in 0..<c.kernel {
                            let iy = oy * c.stride - rows.before + ky * c.dilation
                            let ix = ox * c.stride - columns.before + kx * c.dilation
                            guard iy >= 0, iy < c.height, ix >= 0, ix < c.width else { continue }
                            let x = input[((n * c.height + iy) * c.width + ix) * c.channels + oc / c.multiplier]
                            sum += Double(x) * Double(weights[(ky * c.kernel + kx) * c.outChannels + oc])
                        }
                    }
                    output.append(Float(referenceActivation(sum, c.activation)))
                }
            }
        }
    }
    return ([c.batch, rows.output, columns.output, c.outChannels], output)
}

@Suite struct DepthwiseConv2DKernelTests {
    static let cases: [DepthwiseCase] = [
        // The models: 3x3 SAME, stride 1 and 2, at their sizes and channel counts.
        DepthwiseCase(height: 96, width: 96, channels: 16),
        DepthwiseCase(height: 48, width: 48, channels: 32, stride: 2),
        DepthwiseCase(height: 64, width: 64, channels: 24),
        DepthwiseCase(height: 32, width: 32, channels: 42),
        DepthwiseCase(height: 16, width: 16, channels: 88, stride: 2),
        DepthwiseCase(height: 3, width: 3, channels: 128),
        DepthwiseCase(height: 2, width: 2, channels: 128),
        // Odd ones.
        DepthwiseCase(height: 7, width: 5, channels: 3),
        DepthwiseCase(height: 7, width: 5, channels: 21, stride: 3),
        DepthwiseCase(height: 9, width: 6, channels: 19, kernel: 5, stride: 2),
        DepthwiseCase(height: 9, width: 6, channels: 19, kernel: 5, stride: 2, padding: .valid),
        DepthwiseCase(height: 8, width: 8, channels: 6, multiplier: 3),
        DepthwiseCase(height: 5, width: 7, channels: 2, multiplier: 8, stride: 2),
        DepthwiseCase(height: 9, width: 9, channels: 17, dilation: 2),
        DepthwiseCase(batch: 2, height: 5, width: 4, channels: 33, stride: 2, activation: .relu6),
        DepthwiseCase(height: 6, width: 6, channels: 20, activation: .relu),
        DepthwiseCase(height: 6, width: 6, channels: 20, activation: .reluN1To1, bias: false),
        DepthwiseCase(height: 1, width: 1, channels: 5),
        DepthwiseCase(height: 4, width: 4, channels: 16, kernel: 2, stride: 2, padding: .valid),
    ]

    static func check(_ c: DepthwiseCase, dequantized: Bool = false) throws {
        let input = randomFloats(c.batch * c.height * c.width * c.channels, seed: 11)
        let weightShape = [1, c.kernel, c.kernel, c.outChannels]
        let weights = randomFloats(weightShape.reduce(1, *), seed: 12)
        let bias = c.bias ? randomFloats(c.outChannels, seed: 13) : nil
        let options = DepthwiseConv2DOptions(
            padding: c.padding, strideWidth: c.stride, strideHeight: c.stride, depthMultiplier: c.multiplier,
            dilationWidth: c.dilation, dilationHeight: c.dilation, activation: c.activation)
        let harness = KernelHarness(
            .depthwiseConv2D, .depthwiseConv2D(options),
            inputs: [
                .activation([c.batch, c.height, c.width, c.channels], input),
                dequantized ? .dequantized(weightShape, weights) : .constant(weightShape, weights),
                bias.map { dequantized ? .dequantized([c.outChannels], $0) : .constant([c.outChannels], $0) } ?? .absent,
            ])
        let result = try harness.run()[0]
        let expected = referenceDepthwise(c, input: input, weights: weights, bias: bias)
        #expect(result.shape == expected.shape)
        expectClose(result.values, expected.values)
    }

    @Test("matches the reference", arguments: cases)
    func matchesReference(_ c: DepthwiseCase) throws { try Self.check(c) }

    @Test("reads weights through DEQUANTIZE")
    func dequantizedWeights() throws { try Self.check(DepthwiseCase(height: 6, width: 5, channels: 24, stride: 2), dequantized: true) }

    @Test("rejects what it cannot run")
    func errors() {
        let input = KernelInput.activation([1, 4, 4, 6], randomFloats(96, seed: 1))
        let weights = KernelInput.constant([1, 3, 3, 6], randomFloats(54, seed: 2))
        let options = DepthwiseConv2DOptions(padding: .same, strideWidth: 1, strideHeight: 1)
        expectInvalid(
            KernelHarness(
                .depthwiseConv2D, .depthwiseConv2D(options), inputs: [input, .activation([1, 3, 3, 6], randomFloats(54, seed: 2))]),
            mentioning: "constant")
        expectInvalid(
            KernelHarness(
                .depthwiseConv2D, .depthwiseConv2D(options), inputs: [input, .constant([1, 3, 3, 8], randomFloats(72, seed: 2))]),
            mentioning: "multiple")
        expectInvalid(
            KernelHarness(
                .depthwiseConv2D, .depthwiseConv2D(options), inputs: [input, .constant([2, 3, 3, 6], randomFloats(108, seed: 2))]),
            mentioning: "[1, kh, kw, channels]")
        expectInvalid(
            KernelHarness(
                .depthwiseConv2D, .depthwiseConv2D(options), inputs: [.activation([4, 4, 6], randomFloats(96, seed: 1)), weights]),
            mentioning: "rank 4")
        expectInvalid(
            KernelHarness(.depthwiseConv2D, .depthwiseConv2D(options), inputs: [input, weights, .constant([5], randomFloats(5, seed: 3))]),
            mentioning: "bias")
        expectInvalid(
            KernelHarness(
                .depthwiseConv2D,
                .depthwiseConv2D(DepthwiseConv2DOptions(padding: .same, strideWidth: 1, strideHeight: 1, activation: .signBit)),
                inputs: [input, weights]), mentioning: "SIGN_BIT")
        expectInvalid(
            KernelHarness(
                .depthwiseConv2D, .conv2D(Conv2DOptions(padding: .same, strideWidth: 1, strideHeight: 1)), inputs: [input, weights]),
            mentioning: "DepthwiseConv2DOptions")
    }
}
