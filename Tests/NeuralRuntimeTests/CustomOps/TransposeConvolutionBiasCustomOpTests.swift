import Testing

@testable import NeuralRuntime

@Suite struct TransposeConvolutionBiasCustomOpTests {
    static let name = "Convolution2DTransposeBias"

    /// The op's options: TfLiteTransposeConvParams as raw little-endian int32s.
    static func options(padding: Int32, strideWidth: Int32, strideHeight: Int32, extra: [UInt8] = []) -> OperatorOptions {
        let words = [padding, strideWidth, strideHeight]
        return .custom(words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } } + extra)
    }

    static let same: Int32 = 1
    static let valid: Int32 = 2

    func transpose(
        _ input: [Float], _ inputShape: [Int], weights: [Float], _ weightShape: [Int], bias: [Float],
        padding: Int32, stride: Int32
    ) throws -> (shape: [Int], values: [Float]) {
        let harness = CustomOpHarness(
            Self.name, options: Self.options(padding: padding, strideWidth: stride, strideHeight: stride),
            inputShapes: [inputShape, weightShape, [bias.count]])
        let kernel = try harness.makeKernel()
        return (kernel.outputShapes[0], CustomOpHarness.run(kernel, [input, weights, bias]))
    }

    @Test("stride 2, 2x2 filter: each input pixel paints its own 2x2 block, plus the bias")
    func blocksWithoutOverlap() throws {
        let result = try transpose(
            [1, 2, 3, 4], [1, 2, 2, 1], weights: [1, 10, 100, 1000], [1, 2, 2, 1], bias: [0.5], padding: Self.valid, stride: 2)
        #expect(result.shape == [1, 4, 4, 1])
        #expect(
            result.values == [
                1.5, 10.5, 2.5, 20.5,
                100.5, 1000.5, 200.5, 2000.5,
                3.5, 30.5, 4.5, 40.5,
                300.5, 3000.5, 400.5, 4000.5,
            ])
    }

    @Test("stride 1: overlapping windows add up (the full 2D convolution of input and filter)")
    func overlappingWindowsAdd() throws {
        let result = try transpose(
            [1, 2, 3, 4], [1, 2, 2, 1], weights: [1, 2, 3, 4], [1, 2, 2, 1], bias: [0], padding: Self.valid, stride: 1)
        #expect(result.shape == [1, 3, 3, 1])
        #expect(result.values == [1, 4, 4, 6, 20, 16, 9, 24, 16])
    }

    @Test("SAME at stride 1 keeps the size: the centre of the full result")
    func sameKeepsTheCentre() throws {
        // A 3x3 filter of ones over 1...9: each output is the sum of its 3x3 neighbourhood.
        let result = try transpose(
            Array(1...9).map(Float.init), [1, 3, 3, 1], weights: [Float](repeating: 1, count: 9), [1, 3, 3, 1], bias: [0],
            padding: Self.same, stride: 1)
        #expect(result.shape == [1, 3, 3, 1])
        #expect(result.values == [12, 21, 16, 27, 45, 33, 24, 39, 28])
    }

    @Test("SAME at stride 2 with an odd filter drops the last row and column of the full result")
    func sameCutsTheEnd() throws {
        // Full result of a 2x2 input, 3x3 filter, stride 2: 5x5. SAME pads 3 - 1 % 2 - 1 = 1 in
        // all, none of it at the top/left, so the output is the full result's first 4x4.
        let input: [Float] = [1, 2, 3, 4]
        let weights = Array(1...9).map(Float.init)
        let full = try transpose(input, [1, 2, 2, 1], weights: weights, [1, 3, 3, 1], bias: [0], padding: Self.valid, stride: 2)
        let same = try transpose(input, [1, 2, 2, 1], weights: weights, [1, 3, 3, 1], bias: [0], padding: Self.same, stride: 2)
        #expect(full.shape == [1, 5, 5, 1])
        #expect(same.shape == [1, 4, 4, 1])
        let firstFourByFour: [Float] = (0..<4).flatMap { y in Array(full.values[(y * 5)..<(y * 5 + 4)]) }
        #expect(same.values == firstFourByFour)
    }

    /// MediaPipe's kernel as it is written: start from the bias, then scatter every input pixel's
    /// products into the outputs its window covers. In double precision.
    static func referenceScatter(
        _ input: [Float], _ shape: [Int], weights: [Float], _ weightShape: [Int], bias: [Float],
        padding: Int32, stride: Int
    ) -> (shape: [Int], values: [Float]) {
        let (batch, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
        let (outChannels, kh, kw) = (weightShape[0], weightShape[1], weightShape[2])
        let padH = padding == same ? max(0, kh - (height - 1) % stride - 1) : 0
        let padW = padding == same ? max(0, kw - (width - 1) % stride - 1) : 0
        let (outH, outW) = (stride * (height - 1) + kh - padH, stride * (width - 1) + kw - padW)
        var out = [Double](repeating: 0, count: batch * outH * outW * outChannels)
        for n in 0..<batch {
            for y in 0..<outH {
                for x in 0..<outW { for o in 0..<outChannels { out[((n * outH + y) * outW + x) * outChannels + o] = Double(bias[o]) } }
            }
            for iy in 0..<height {
                for ix in 0..<width {
                    for c in 0..<channels {
                        for fy in 0..<kh {
                            for fx in 0..<kw {
                                let y = iy * stride - padH / 2 + fy, x = ix * stride - padW / 2 + fx
                                guard y >= 0, y < outH, x >= 0, x < outW else { continue }
                                for o in 0..<outChannels {
                                    out[((n * outH + y) * outW + x) * outChannels + o] +=
                                        Double(input[((n * height + iy) * width + ix) * channels + c])
                                        * Double(weights[((o * kh + fy) * kw + fx) * channels + c])
                                }
                            }
                        }
                    }
                }
            }
        }
        return ([batch, outH, outW, outChannels], out.map { Float($0) })
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var input: [Int]
        var weights: [Int]
        var padding: Int32
        var stride: Int
        var testDescription: String { "\(input) * \(weights) \(padding == 1 ? "SAME" : "VALID") stride \(stride)" }
    }

    static let cases: [Case] = [
        Case(input: [1, 16, 16, 16], weights: [1, 2, 2, 16], padding: same, stride: 2),  // the selfie model's shape, smaller
        Case(input: [2, 5, 7, 3], weights: [2, 3, 3, 3], padding: same, stride: 2),
        Case(input: [1, 4, 6, 5], weights: [3, 4, 3, 5], padding: valid, stride: 3),
        Case(input: [1, 3, 3, 2], weights: [2, 5, 5, 2], padding: same, stride: 1),
    ]

    @Test("matches MediaPipe's scatter loop", arguments: cases)
    func matchesScatter(_ c: Case) throws {
        let input = randomFloats(c.input.reduce(1, *), seed: 91)
        let weights = randomFloats(c.weights.reduce(1, *), seed: 92)
        let bias = randomFloats(c.weights[0], seed: 93)
        let result = try transpose(input, c.input, weights: weights, c.weights, bias: bias, padding: c.padding, stride: Int32(c.stride))
        let expected = Self.referenceScatter(input, c.input, weights: weights, c.weights, bias: bias, padding: c.padding, stride: c.stride)
        #expect(result.shape == expected.shape)
        expectClose(result.values, expected.values, tolerance: 1e-6)
    }

    @Test("bytes after the three parameters are ignored, as MediaPipe's cast ignores them")
    func extraOptionBytesAreIgnored() throws {
        let harness = CustomOpHarness(
            Self.name, options: Self.options(padding: Self.same, strideWidth: 2, strideHeight: 2, extra: [0, 0, 0, 0]),
            inputShapes: [[1, 128, 128, 16], [1, 2, 2, 16], [1]], declaredOutputShape: [1, 256, 256, 1])
        #expect(try harness.makeKernel().outputShapes == [[1, 256, 256, 1]])
    }

    @Test("refuses what it cannot compute faithfully")
    func errors() {
        func harness(
            _ options: OperatorOptions = Self.options(padding: Self.same, strideWidth: 2, strideHeight: 2),
            shapes: [[Int]] = [[1, 4, 4, 3], [2, 2, 2, 3], [2]], declared: [Int] = []
        ) -> CustomOpHarness {
            CustomOpHarness(Self.name, options: options, inputShapes: shapes, declaredOutputShape: declared)
        }
        expectCustomOpInvalid(harness(.custom([1, 0, 0, 0, 2, 0, 0, 0])), mentioning: "found 8 bytes")
        expectCustomOpInvalid(harness(.none), mentioning: "found 0 bytes")
        expectCustomOpInvalid(harness(Self.options(padding: 0, strideWidth: 2, strideHeight: 2)), mentioning: "padding code 0")
        expectCustomOpInvalid(harness(Self.options(padding: 3, strideWidth: 2, strideHeight: 2)), mentioning: "padding code 3")
        expectCustomOpInvalid(harness(Self.options(padding: Self.same, strideWidth: 0, strideHeight: 2)), mentioning: "must be positive")
        expectCustomOpInvalid(harness(Self.options(padding: Self.same, strideWidth: 2, strideHeight: -1)), mentioning: "must be positive")
        expectCustomOpInvalid(
            harness(.conv2D(Conv2DOptions(padding: .same, strideWidth: 2, strideHeight: 2))), mentioning: "builtin options")
        expectCustomOpInvalid(harness(shapes: [[1, 4, 4, 3], [2, 2, 2, 4], [2]]), mentioning: "OHWI")
        expectCustomOpInvalid(harness(shapes: [[1, 4, 4, 3], [2, 2, 2, 3], [3]]), mentioning: "one value per output channel")
        expectCustomOpInvalid(harness(shapes: [[4, 4, 3], [2, 2, 2, 3], [2]]), mentioning: "rank 4")
        expectCustomOpInvalid(harness(shapes: [[1, 4, 4, 3], [2, 2, 2, 3]]), mentioning: "expected 3 input(s)")
        expectCustomOpInvalid(harness(declared: [1, 8, 8, 3]), mentioning: "declared [1, 8, 8, 3]")
    }
}
