import Testing

@testable import NeuralRuntime

/// Mean over the in-bounds part of each window (padding is neither summed nor counted, as in
/// TFLite's reference kernel), in double precision.
func referenceAveragePool(_ c: PoolCase, _ input: [Float]) -> (shape: [Int], values: [Float]) {
    let rows = referencePadding(input: c.height, filter: c.filter, stride: c.stride, padding: c.padding)
    let columns = referencePadding(input: c.width, filter: c.filter, stride: c.stride, padding: c.padding)
    var output = [Float]()
    for n in 0..<c.batch {
        for oy in 0..<rows.output {
            for ox in 0..<columns.output {
                for channel in 0..<c.channels {
                    var total = 0.0, count = 0
                    for ky in 0..<c.filter {
                        for kx in 0..<c.filter {
                            let iy = oy * c.stride - rows.before + ky, ix = ox * c.stride - columns.before + kx
                            guard iy >= 0, iy < c.height, ix >= 0, ix < c.width else { continue }
                            total += Double(input[((n * c.height + iy) * c.width + ix) * c.channels + channel])
                            count += 1
                        }
                    }
                    output.append(Float(referenceActivation(total / Double(count), c.activation)))
                }
            }
        }
    }
    return ([c.batch, rows.output, columns.output, c.channels], output)
}

@Suite struct AveragePool2DKernelTests {
    func pool(
        _ shape: [Int], _ input: [Float], filter: (height: Int, width: Int), stride: Int, padding: Padding,
        activation: FusedActivation = .none
    ) throws -> (shape: [Int], values: [Float]) {
        let options = Pool2DOptions(
            padding: padding, strideWidth: stride, strideHeight: stride,
            filterWidth: filter.width, filterHeight: filter.height, activation: activation)
        return try KernelHarness(.averagePool2D, .pool2D(options), inputs: [.activation(shape, input)]).run()[0]
    }

    @Test("SAME windows at the edge average only their in-bounds values")
    func sameEdgesCountInBoundsValuesOnly() throws {
        // 1 2 3 / 4 5 6 / 7 8 9, 2x2 windows at stride 2: the right column and bottom row get
        // half and quarter windows; padding with zeros would give 9/4, 15/4 and 9/4 there.
        let result = try pool([1, 3, 3, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9], filter: (2, 2), stride: 2, padding: .same)
        #expect(result.shape == [1, 2, 2, 1])
        #expect(result.values == [3, 4.5, 7.5, 9])
    }

    @Test("a VALID window the size of the map is global pooling, per channel")
    func globalPooling() throws {
        // Two channels interleaved: 1...6 and -1, -3, ..., -11 over a 2x3 map.
        let input: [Float] = [1, -1, 2, -3, 3, -5, 4, -7, 5, -9, 6, -11]
        let result = try pool([1, 2, 3, 2], input, filter: (2, 3), stride: 2, padding: .valid)
        #expect(result.shape == [1, 1, 1, 2])
        #expect(result.values == [3.5, -6])
    }

    @Test("the fused activation clamps the mean")
    func fusedActivation() throws {
        let result = try pool([1, 1, 2, 2], [10, -4, 4, -2], filter: (1, 2), stride: 1, padding: .valid, activation: .relu6)
        #expect(result.values == [6, 0])
    }

    static let cases: [PoolCase] = [
        PoolCase(height: 64, width: 64, channels: 16, filter: 64, stride: 64, padding: .valid),  // selfie: global
        PoolCase(height: 16, width: 16, channels: 96, filter: 16, stride: 16, padding: .valid),
        PoolCase(height: 7, width: 5, channels: 21, padding: .same),  // 16 + 4 + 1 channels, half windows
        PoolCase(height: 7, width: 5, channels: 19, padding: .valid),
        PoolCase(height: 8, width: 7, channels: 5, filter: 3, stride: 3, padding: .same),
        PoolCase(batch: 2, height: 5, width: 5, channels: 17, filter: 3, stride: 1, padding: .same, activation: .relu),
        PoolCase(height: 4, width: 4, channels: 20, padding: .valid, activation: .reluN1To1),
    ]

    @Test("matches the reference", arguments: cases)
    func matchesReference(_ c: PoolCase) throws {
        let input = randomFloats(c.batch * c.height * c.width * c.channels, seed: 71, in: -4...4)
        let result = try pool(
            [c.batch, c.height, c.width, c.channels], input, filter: (c.filter, c.filter), stride: c.stride, padding: c.padding,
            activation: c.activation)
        let expected = referenceAveragePool(c, input)
        #expect(result.shape == expected.shape)
        expectClose(result.values, expected.values, tolerance: 1e-6)
    }

    @Test("rejects what it cannot run")
    func errors() {
        let input = KernelInput.activation([1, 4, 4, 2], randomFloats(32, seed: 1))
        func harness(_ options: Pool2DOptions, _ input: KernelInput = input) -> KernelHarness {
            KernelHarness(.averagePool2D, .pool2D(options), inputs: [input])
        }
        expectInvalid(
            harness(Pool2DOptions(padding: .same, strideWidth: 0, strideHeight: 2, filterWidth: 2, filterHeight: 2)),
            mentioning: "positive")
        expectInvalid(
            harness(Pool2DOptions(padding: .valid, strideWidth: 1, strideHeight: 1, filterWidth: 5, filterHeight: 5)),
            mentioning: "does not fit")
        expectInvalid(
            harness(Pool2DOptions(padding: .same, strideWidth: 1, strideHeight: 1, filterWidth: 2, filterHeight: 2, activation: .tanh)),
            mentioning: "TANH")
        expectInvalid(
            harness(
                Pool2DOptions(
                    padding: .explicit(top: 1, bottom: 1, left: 1, right: 1), strideWidth: 1, strideHeight: 1, filterWidth: 2,
                    filterHeight: 2)), mentioning: "explicit padding")
        expectInvalid(
            harness(
                Pool2DOptions(padding: .same, strideWidth: 1, strideHeight: 1, filterWidth: 2, filterHeight: 2),
                .activation([4, 4, 2], randomFloats(32, seed: 1))), mentioning: "rank 4")
        expectInvalid(KernelHarness(.averagePool2D, .none, inputs: [input]), mentioning: "Pool2DOptions")
    }
}
