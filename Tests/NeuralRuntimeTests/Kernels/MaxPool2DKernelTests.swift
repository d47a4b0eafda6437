import Testing

@testable import NeuralRuntime

struct PoolCase: Sendable, CustomTestStringConvertible {
    var batch = 1
    var height: Int
    var width: Int
    var channels: Int
    var filter = 2
    var stride = 2
    var padding: Padding
    var activation: FusedActivation = .none
    var testDescription: String { "\(batch)x\(height)x\(width)x\(channels) f\(filter) s\(stride) \(padding) \(activation)" }
}

/// Max over the in-bounds part of each window (padding contributes nothing, as in TFLite).
func referenceMaxPool(_ c: PoolCase, _ input: [Float]) -> (shape: [Int], values: [Float]) {
    let rows = referencePadding(input: c.height, filter: c.filter, stride: c.stride, padding: c.padding)
    let columns = referencePadding(input: c.width, filter: c.filter, stride: c.stride, padding: c.padding)
    var output = [Float]()
    for n in 0..<c.batch {
        for oy in 0..<rows.output {
            for ox in 0..<columns.output {
                for channel in 0..<c.channels {
                    var maximum = -Double.infinity
                    for ky in 0..<c.filter {
                        for kx in 0..<c.filter {
                            let iy = oy * c.stride - rows.before + ky, ix = ox * c.stride - columns.before + kx
                            guard iy >= 0, iy < c.height, ix >= 0, ix < c.width else { continue }
                            maximum = max(maximum, Double(input[((n * c.height + iy) * c.width + ix) * c.channels + channel]))
                        }
                    }
                    output.append(Float(referenceActivation(maximum, c.activation)))
                }
            }
        }
    }
    return ([c.batch, rows.output, columns.output, c.channels], output)
}

@Suite struct MaxPool2DKernelTests {
    static let cases: [PoolCase] = [
        PoolCase(height: 128, width: 128, channels: 24, padding: .same),  // face_detection
        PoolCase(height: 32, width: 32, channels: 42, padding: .same),
        PoolCase(height: 96, width: 96, channels: 16, padding: .valid),  // face_landmark
        PoolCase(height: 6, width: 6, channels: 128, padding: .valid),
        PoolCase(height: 7, width: 5, channels: 19, padding: .same),  // odd sizes: a half window at the end
        PoolCase(height: 7, width: 5, channels: 19, padding: .valid),
        PoolCase(height: 7, width: 5, channels: 3, filter: 3, stride: 2, padding: .same),
        PoolCase(height: 8, width: 7, channels: 5, filter: 3, stride: 3, padding: .same),
        PoolCase(batch: 2, height: 5, width: 5, channels: 17, filter: 3, stride: 1, padding: .same, activation: .relu),
        PoolCase(height: 4, width: 4, channels: 20, padding: .valid, activation: .relu6),
    ]

    @Test("matches the reference", arguments: cases)
    func matchesReference(_ c: PoolCase) throws {
        // Negative values too: zero padding would wrongly win over them.
        let input = randomFloats(c.batch * c.height * c.width * c.channels, seed: 61, in: -8...1)
        let options = Pool2DOptions(
            padding: c.padding, strideWidth: c.stride, strideHeight: c.stride,
            filterWidth: c.filter, filterHeight: c.filter, activation: c.activation)
        let result = try KernelHarness(
            .maxPool2D, .pool2D(options), inputs: [.activation([c.batch, c.height, c.width, c.channels], input)]
        ).run()[0]
        let expected = referenceMaxPool(c, input)
        #expect(result.shape == expected.shape)
        #expect(result.values == expected.values)
    }

    @Test("rejects what it cannot run")
    func errors() {
        let input = KernelInput.activation([1, 4, 4, 2], randomFloats(32, seed: 1))
        expectInvalid(
            KernelHarness(
                .maxPool2D, .pool2D(Pool2DOptions(padding: .same, strideWidth: 0, strideHeight: 2, filterWidth: 2, filterHeight: 2)),
                inputs: [input]), mentioning: "positive")
        expectInvalid(
            KernelHarness(
                .maxPool2D, .pool2D(Pool2DOptions(padding: .valid, strideWidth: 1, strideHeight: 1, filterWidth: 5, filterHeight: 5)),
                inputs: [input]), mentioning: "does not fit")
        expectInvalid(
            KernelHarness(
                .maxPool2D,
                .pool2D(Pool2DOptions(padding: .same, strideWidth: 2, strideHeight: 2, filterWidth: 2, filterHeight: 2, activation: .tanh)),
                inputs: [input]), mentioning: "TANH")
        expectInvalid(
            KernelHarness(
                .maxPool2D, .pool2D(Pool2DOptions(padding: .same, strideWidth: 2, strideHeight: 2, filterWidth: 2, filterHeight: 2)),
                inputs: [.activation([4, 4, 2], randomFloats(32, seed: 1))]), mentioning: "rank 4")
        expectInvalid(KernelHarness(.maxPool2D, .none, inputs: [input]), mentioning: "Pool2DOptions")
    }
}
