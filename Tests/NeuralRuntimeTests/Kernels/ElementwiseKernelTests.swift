import Testing

@testable import NeuralRuntime

/// Plain numpy broadcasting: the output index, mapped back to each operand with index 0 on
/// axes where that operand has size 1.
func referenceBroadcast(
    _ lhsShape: [Int], _ lhs: [Float], _ rhsShape: [Int], _ rhs: [Float],
    _ op: (Double, Double) -> Double
) -> (shape: [Int], values: [Float]) {
    let rank = max(lhsShape.count, rhsShape.count)
    let l = Array(repeating: 1, count: rank - lhsShape.count) + lhsShape
    let r = Array(repeating: 1, count: rank - rhsShape.count) + rhsShape
    let shape = (0..<rank).map { max(l[$0], r[$0]) }
    let count = shape.reduce(1, *)
    var values = [Float]()
    for flat in 0..<count {
        var rest = flat, lIndex = 0, rIndex = 0, lStride = 1, rStride = 1
        for axis in (0..<rank).reversed() {
            let coordinate = rest % shape[axis]
            rest /= shape[axis]
            lIndex += (l[axis] == 1 ? 0 : coordinate) * lStride
            rIndex += (r[axis] == 1 ? 0 : coordinate) * rStride
            lStride *= l[axis]
            rStride *= r[axis]
        }
        values.append(Float(op(Double(lhs[lIndex]), Double(rhs[rIndex]))))
    }
    return (shape, values)
}

struct BroadcastCase: Sendable, CustomTestStringConvertible {
    var lhs: [Int]
    var rhs: [Int]
    var testDescription: String { "\(lhs) with \(rhs)" }
}

@Suite struct ElementwiseKernelTests {
    static let broadcastCases: [BroadcastCase] = [
        BroadcastCase(lhs: [1, 96, 96, 16], rhs: [1, 96, 96, 16]),  // residual ADD
        BroadcastCase(lhs: [1, 3, 3, 128], rhs: [1, 3, 3, 128]),
        BroadcastCase(lhs: [1, 468, 3], rhs: [1]),  // landmarks x scalar constant
        BroadcastCase(lhs: [1, 4, 4], rhs: [1, 4, 4]),  // matrix x matrix constant
        BroadcastCase(lhs: [1, 7, 5, 19], rhs: [19]),  // per-channel
        BroadcastCase(lhs: [1, 7, 5, 19], rhs: [1, 1, 19]),
        BroadcastCase(lhs: [3], rhs: [2, 5, 3]),  // per-channel on the left
        BroadcastCase(lhs: [2, 1, 4], rhs: [3, 1]),  // both broadcast
        BroadcastCase(lhs: [2, 3, 1, 5], rhs: [1, 3, 4, 1]),
        BroadcastCase(lhs: [5, 1, 3, 1], rhs: [5, 2, 1, 17]),  // alternating: four loop levels
        BroadcastCase(lhs: [], rhs: [4, 3]),  // scalar
        BroadcastCase(lhs: [1], rhs: [1]),
        BroadcastCase(lhs: [1, 1, 1, 37], rhs: [1, 1, 1, 37]),
    ]

    static func checkBinary(
        _ op: BuiltinOperator, _ c: BroadcastCase, activation: FusedActivation = .none,
        rhsConstant: Bool = false, reference: (Double, Double) -> Double
    ) throws {
        let lhs = randomFloats(c.lhs.reduce(1, *), seed: 21, in: -3...3)
        let rhs = randomFloats(c.rhs.reduce(1, *), seed: 22, in: -3...3)
        let harness = KernelHarness(
            op, .elementwise(activation: activation),
            inputs: [
                .activation(c.lhs, lhs), rhsConstant ? .dequantized(c.rhs, rhs) : .activation(c.rhs, rhs),
            ])
        let result = try harness.run()[0]
        let expected = referenceBroadcast(c.lhs, lhs, c.rhs, rhs) { referenceActivation(reference($0, $1), activation) }
        #expect(result.shape == expected.shape)
        expectClose(result.values, expected.values)
    }

    @Test("ADD broadcasts like numpy", arguments: broadcastCases)
    func add(_ c: BroadcastCase) throws { try Self.checkBinary(.add, c, reference: +) }

    @Test("MUL broadcasts like numpy", arguments: broadcastCases)
    func mul(_ c: BroadcastCase) throws { try Self.checkBinary(.mul, c, rhsConstant: true, reference: *) }

    @Test("ADD and MUL apply their fused activation", arguments: [FusedActivation.relu, .relu6, .reluN1To1])
    func fusedActivation(_ activation: FusedActivation) throws {
        try Self.checkBinary(.add, BroadcastCase(lhs: [1, 5, 5, 21], rhs: [1, 5, 5, 21]), activation: activation, reference: +)
        try Self.checkBinary(.mul, BroadcastCase(lhs: [1, 5, 5, 21], rhs: [21]), activation: activation, reference: *)
    }

    @Test("ADD and MUL reject what they cannot run")
    func binaryErrors() {
        let a = KernelInput.activation([2, 3], randomFloats(6, seed: 1))
        expectInvalid(
            KernelHarness(.add, .elementwise(activation: .none), inputs: [a, .activation([4], randomFloats(4, seed: 2))]),
            mentioning: "do not broadcast")
        expectInvalid(KernelHarness(.mul, .elementwise(activation: .tanh), inputs: [a, a]), mentioning: "TANH")
        expectInvalid(KernelHarness(.add, .elementwise(activation: .none), inputs: [a]), mentioning: "two inputs")
        expectInvalid(KernelHarness(.mul, .none, inputs: [a, a]), mentioning: "MulOptions")
        let five = KernelInput.activation([2, 1, 2, 1, 2], randomFloats(8, seed: 3))
        let other = KernelInput.activation([1, 2, 1, 2, 1], randomFloats(4, seed: 4))
        expectInvalid(KernelHarness(.add, .elementwise(activation: .none), inputs: [five, other]), mentioning: "loop levels")
    }

    static let preluCases: [BroadcastCase] = [
        BroadcastCase(lhs: [1, 96, 96, 16], rhs: [1, 1, 16]),
        BroadcastCase(lhs: [1, 12, 12, 128], rhs: [1, 1, 128]),
        BroadcastCase(lhs: [1, 7, 5, 19], rhs: [1, 1, 19]),
        BroadcastCase(lhs: [1, 7, 5, 19], rhs: [1, 7, 5, 19]),
        BroadcastCase(lhs: [2, 3, 4], rhs: [1]),
    ]

    @Test("PRELU scales negatives by a broadcast alpha", arguments: preluCases)
    func prelu(_ c: BroadcastCase) throws {
        let input = randomFloats(c.lhs.reduce(1, *), seed: 31, in: -2...2)
        let alpha = randomFloats(c.rhs.reduce(1, *), seed: 32, in: 0...1)
        for alphaInput in [KernelInput.constant(c.rhs, alpha), .dequantized(c.rhs, alpha)] {
            let result = try KernelHarness(.prelu, inputs: [.activation(c.lhs, input), alphaInput]).run()[0]
            let expected = referenceBroadcast(c.lhs, input, c.rhs, alpha) { x, a in x >= 0 ? x : a * x }
            #expect(result.shape == expected.shape)
            expectClose(result.values, expected.values)
        }
    }

    @Test("PRELU rejects alpha that does not broadcast or is larger than the input")
    func preluErrors() {
        let input = KernelInput.activation([1, 2, 2, 4], randomFloats(16, seed: 1))
        expectInvalid(KernelHarness(.prelu, inputs: [input, .constant([1, 1, 3], [0.1, 0.2, 0.3])]), mentioning: "do not broadcast")
        expectInvalid(KernelHarness(.prelu, inputs: [input, .constant([2, 2, 2, 4], randomFloats(32, seed: 2))]), mentioning: "larger")
    }

    @Test("RELU clamps negatives to zero", arguments: [[1, 7, 5, 19], [1, 64, 64, 24], [3], []])
    func relu(_ shape: [Int]) throws {
        let input = randomFloats(shape.reduce(1, *), seed: 41, in: -2...2)
        let result = try KernelHarness(.relu, inputs: [.activation(shape, input)]).run()[0]
        #expect(result.shape == shape)
        #expect(result.values == input.map { max($0, 0) })
    }

    @Test("LOGISTIC matches 1 / (1 + e^-x)", arguments: [[1, 7, 5, 19], [1, 896, 1], [2]])
    func logistic(_ shape: [Int]) throws {
        let input = randomFloats(shape.reduce(1, *), seed: 51, in: -20...20)
        let result = try KernelHarness(.logistic, inputs: [.activation(shape, input)]).run()[0]
        #expect(result.shape == shape)
        expectClose(result.values, input.map { Float(1 / (1 + referenceExp(-Double($0)))) }, tolerance: 2e-7)
    }

    @Test("LOGISTIC is accurate over the whole float range, including the saturated ends")
    func logisticRange() throws {
        let input: [Float] =
            [-.infinity, -1000, -104, -88.8, -87.4, -87.3, -30, -16.6, -1e-8, 0, 1e-8, 0.5, 1, 16.6, 88.8, 1000, .infinity]
            + stride(from: Float(-40), through: 40, by: 0.37).map { $0 }
        let result = try KernelHarness(.logistic, inputs: [.activation([input.count], input)]).run()[0]
        for (x, y) in zip(input, result.values) {
            let expected = 1 / (1 + referenceExp(-Double(x)))
            #expect(abs(Double(y) - expected) <= 2e-7 * max(expected, 1e-30) + 1e-37, "logistic(\(x)) = \(y), expected \(expected)")
        }
    }

    @Test("LOGISTIC of NaN is NaN, in a vector and in the tail, without trapping")
    func logisticNaN() throws {
        var input = [Float](repeating: 0.5, count: 19)
        input[3] = .nan
        input[17] = .nan
        let result = try KernelHarness(.logistic, inputs: [.activation([19], input)]).run()[0]
        #expect(result.values[3].isNaN && result.values[17].isNaN)
        #expect(result.values.indices.filter { $0 != 3 && $0 != 17 }.allSatisfy { !result.values[$0].isNaN })
    }
}

/// e^x in double precision from its series, after halving x until small (no libm needed).
func referenceExp(_ x: Double) -> Double {
    if x.isInfinite { return x > 0 ? .infinity : 0 }
    if x > 710 { return .infinity }
    if x < -745 { return 0 }
    var reduced = x, halvings = 0
    while abs(reduced) > 0.01 { reduced /= 2; halvings += 1 }
    var term = 1.0, sum = 1.0
    for n in 1...12 { term *= reduced / Double(n); sum += term }
    for _ in 0..<halvings { sum *= sum }
    return sum
}
