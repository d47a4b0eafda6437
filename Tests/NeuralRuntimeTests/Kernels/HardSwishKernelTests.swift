import Testing

@testable import NeuralRuntime

@Suite struct HardSwishKernelTests {
    func hardSwish(_ values: [Float], shape: [Int]? = nil) throws -> (shape: [Int], values: [Float]) {
        try KernelHarness(.hardSwish, inputs: [.activation(shape ?? [values.count], values)]).run()[0]
    }

    /// x · min(max(x + 3, 0), 6) / 6 worked by hand: 0 up to -3, x above 3, a parabola between.
    static let known: [(x: Float, y: Float)] = [
        (-100, 0), (-4, 0), (-3, 0), (-1.5, -0.375), (0, 0), (1, 0.6666667), (1.5, 1.125), (3, 3), (5, 5), (1e6, 1e6),
    ]

    @Test("known values, in the vector loop and in the scalar tail alike")
    func knownValues() throws {
        let xs = Self.known.map(\.x)
        // 10 values: all in the tail; the same values again after 16 others: in a vector.
        #expect(try hardSwish(xs).values == Self.known.map(\.y))
        let padded = [Float](repeating: 0, count: 16) + xs
        let result = try hardSwish(padded)
        #expect(Array(result.values[..<16]) == [Float](repeating: 0, count: 16))
        #expect(Array(result.values[16...]) == Self.known.map(\.y))
    }

    @Test("matches the formula in double precision", arguments: [[1, 128, 128, 16], [1, 7, 5, 19], [3], []])
    func matchesFormula(_ shape: [Int]) throws {
        let input = randomFloats(shape.reduce(1, *), seed: 81, in: -5...5)
        let result = try hardSwish(input, shape: shape)
        #expect(result.shape == shape)
        expectClose(result.values, input.map { x in Float(Double(x) * min(max(Double(x) + 3, 0), 6) / 6) }, tolerance: 2e-7)
    }

    @Test("NaN stays NaN and infinities saturate like the formula")
    func specialValues() throws {
        let result = try hardSwish([.nan, -.infinity, .infinity]).values
        #expect(result[0].isNaN)
        #expect(result[1].isNaN)  // -inf · 0, as TFLite computes it
        #expect(result[2] == .infinity)
    }

    @Test("rejects options and extra operands")
    func errors() {
        expectInvalid(
            KernelHarness(.hardSwish, .elementwise(activation: .none), inputs: [.activation([4], [1, 2, 3, 4])]), mentioning: "no options")
        expectInvalid(
            KernelHarness(.hardSwish, inputs: [.activation([4], [1, 2, 3, 4]), .activation([4], [1, 2, 3, 4])]),
            mentioning: "one input")
    }
}
