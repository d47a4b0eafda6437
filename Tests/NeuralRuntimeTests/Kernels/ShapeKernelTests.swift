import Testing

@testable import NeuralRuntime

/// Row-major flat index of `coordinates` in `shape`.
func flatIndex(_ coordinates: [Int], _ shape: [Int]) -> Int {
    zip(coordinates, shape).reduce(0) { $0 * $1.1 + $1.0 }
}

/// Every coordinate of `shape` in row-major order.
func allCoordinates(_ shape: [Int]) -> [[Int]] {
    var result: [[Int]] = [[]]
    for size in shape {
        result = result.flatMap { prefix in (0..<size).map { prefix + [$0] } }
    }
    return result
}

@Suite struct PadKernelTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var shape: [Int]
        var paddings: [Int32]
        var testDescription: String { "\(shape) \(paddings)" }
    }

    static let cases: [Case] = [
        Case(shape: [1, 64, 64, 24], paddings: [0, 0, 0, 0, 0, 0, 0, 8]),  // face_detection channel pads
        Case(shape: [1, 48, 48, 16], paddings: [0, 0, 0, 0, 0, 0, 0, 16]),  // face_landmark
        Case(shape: [1, 7, 5, 3], paddings: [0, 0, 1, 2, 3, 0, 2, 1]),
        Case(shape: [2, 3, 4], paddings: [1, 0, 0, 2, 1, 1]),
        Case(shape: [5], paddings: [2, 3]),
        Case(shape: [2, 2, 2, 2], paddings: [1, 1, 1, 1, 1, 1, 1, 1]),
    ]

    @Test("pads with zeros", arguments: cases)
    func pads(_ c: Case) throws {
        let input = randomFloats(c.shape.reduce(1, *), seed: 71)
        let result = try KernelHarness(.pad, inputs: [.activation(c.shape, input), .ints([c.shape.count, 2], c.paddings)]).run()[0]
        let before = c.shape.indices.map { Int(c.paddings[2 * $0]) }
        let outShape = c.shape.indices.map { c.shape[$0] + before[$0] + Int(c.paddings[2 * $0 + 1]) }
        let expected = allCoordinates(outShape).map { coordinates -> Float in
            let source = zip(coordinates, before).map { $0 - $1 }
            guard source.indices.allSatisfy({ source[$0] >= 0 && source[$0] < c.shape[$0] }) else { return 0 }
            return input[flatIndex(source, c.shape)]
        }
        #expect(result.shape == outShape)
        #expect(result.values == expected)
    }

    @Test("rejects negative, misshapen or non-constant paddings")
    func errors() {
        let input = KernelInput.activation([1, 2, 2, 3], randomFloats(12, seed: 1))
        expectInvalid(KernelHarness(.pad, inputs: [input, .ints([4, 2], [0, 0, 0, 0, 0, -1, 0, 0])]), mentioning: "negative")
        expectInvalid(KernelHarness(.pad, inputs: [input, .ints([3, 2], [0, 0, 0, 0, 0, 1])]), mentioning: "rank 4")
        expectInvalid(
            KernelHarness(.pad, inputs: [input, .activation([4, 2], [Float](repeating: 0, count: 8))]), mentioning: "int32 constant")
        expectInvalid(
            KernelHarness(.pad, inputs: [.activation([1, 1, 1, 1, 2], [1, 2]), .ints([5, 2], [Int32](repeating: 0, count: 10))]),
            mentioning: "rank 5")
    }
}

@Suite struct ReshapeKernelTests {
    @Test("takes its shape from the option, inferring -1")
    func fromOption() throws {
        let input = randomFloats(16 * 16 * 32, seed: 81)
        let result = try KernelHarness(.reshape, .reshape(newShape: [1, -1, 16]), inputs: [.activation([1, 16, 16, 32], input)]).run()[0]
        #expect(result.shape == [1, 512, 16])
        #expect(result.values == input)
    }

    @Test("takes its shape from the shape input before the option")
    func fromInput() throws {
        let input = randomFloats(1404, seed: 82)
        let result = try KernelHarness(
            .reshape, .reshape(newShape: [9, 9]), inputs: [.activation([1, 1, 1, 1404], input), .ints([3], [1, 468, 3])]
        ).run()[0]
        #expect(result.shape == [1, 468, 3])
        #expect(result.values == input)
        let flat = try KernelHarness(
            .reshape, .reshape(newShape: nil), inputs: [.activation([1, 1, 1, 213], Array(input[..<213])), .ints([2], [1, -1])]
        ).run()[0]
        #expect(flat.shape == [1, 213])
    }

    @Test("rejects impossible shapes")
    func errors() {
        let input = KernelInput.activation([2, 3], randomFloats(6, seed: 1))
        expectInvalid(KernelHarness(.reshape, .reshape(newShape: [4, -1]), inputs: [input]), mentioning: "cannot reshape")
        expectInvalid(KernelHarness(.reshape, .reshape(newShape: [7]), inputs: [input]), mentioning: "cannot reshape")
        expectInvalid(KernelHarness(.reshape, .reshape(newShape: [-1, -1]), inputs: [input]), mentioning: "invalid target shape")
        expectInvalid(KernelHarness(.reshape, .reshape(newShape: nil), inputs: [input]), mentioning: "no target shape")
        expectInvalid(
            KernelHarness(.reshape, .reshape(newShape: nil), inputs: [input, .activation([1], [6])]), mentioning: "int32 constant")
    }
}

@Suite struct ConcatenationKernelTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var shapes: [[Int]]
        var axis: Int
        var testDescription: String { "\(shapes) axis \(axis)" }
    }

    static let cases: [Case] = [
        Case(shapes: [[1, 512, 16], [1, 384, 16]], axis: 1),  // face_detection regressors
        Case(shapes: [[1, 512, 1], [1, 384, 1]], axis: 1),
        Case(shapes: [[2, 3, 4], [2, 3, 5], [2, 3, 1]], axis: 2),
        Case(shapes: [[2, 3, 4], [2, 3, 5]], axis: -1),
        Case(shapes: [[2, 3, 4], [1, 3, 4]], axis: 0),
        Case(shapes: [[1, 7, 5, 3], [1, 7, 2, 3]], axis: 2),
        Case(shapes: [[4]], axis: 0),
    ]

    @Test("concatenates along any axis", arguments: cases)
    func concatenates(_ c: Case) throws {
        let inputs = c.shapes.enumerated().map { randomFloats($1.reduce(1, *), seed: UInt64(90 + $0)) }
        let axis = c.axis < 0 ? c.axis + c.shapes[0].count : c.axis
        let result = try KernelHarness(
            .concatenation, .concatenation(axis: c.axis, activation: .none),
            inputs: zip(c.shapes, inputs).map { .activation($0, $1) }
        ).run()[0]
        var outShape = c.shapes[0]
        outShape[axis] = c.shapes.map { $0[axis] }.reduce(0, +)
        let expected = allCoordinates(outShape).map { coordinates -> Float in
            var position = coordinates[axis], source = 0
            while position >= c.shapes[source][axis] { position -= c.shapes[source][axis]; source += 1 }
            var local = coordinates
            local[axis] = position
            return inputs[source][flatIndex(local, c.shapes[source])]
        }
        #expect(result.shape == outShape)
        #expect(result.values == expected)
    }

    @Test("applies a fused RELU6")
    func fusedActivation() throws {
        let a = randomFloats(6, seed: 1, in: -10...10), b = randomFloats(4, seed: 2, in: -10...10)
        let result = try KernelHarness(
            .concatenation, .concatenation(axis: 0, activation: .relu6),
            inputs: [.activation([6], a), .activation([4], b)]
        ).run()[0]
        #expect(result.values == (a + b).map { min(max($0, 0), 6) })
    }

    @Test("rejects mismatched shapes and axes")
    func errors() {
        let a = KernelInput.activation([2, 3], randomFloats(6, seed: 1))
        expectInvalid(
            KernelHarness(
                .concatenation, .concatenation(axis: 1, activation: .none), inputs: [a, .activation([3, 3], randomFloats(9, seed: 2))]),
            mentioning: "cannot concatenate")
        expectInvalid(
            KernelHarness(.concatenation, .concatenation(axis: 2, activation: .none), inputs: [a, a]), mentioning: "out of range")
        expectInvalid(KernelHarness(.concatenation, .concatenation(axis: 0, activation: .signBit), inputs: [a, a]), mentioning: "SIGN_BIT")
        expectInvalid(
            KernelHarness(
                .concatenation, .concatenation(axis: 0, activation: .none), inputs: [a, .activation([6], randomFloats(6, seed: 2))]),
            mentioning: "cannot concatenate")
    }
}

@Suite struct StridedSliceKernelTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var shape: [Int]
        var begin: [Int32]
        var end: [Int32]
        var strides: [Int32]
        var beginMask: Int32 = 0
        var endMask: Int32 = 0
        var shrinkMask: Int32 = 0
        var testDescription: String { "\(shape)[\(begin):\(end):\(strides)] masks \(beginMask)/\(endMask)/\(shrinkMask)" }
    }

    static let cases: [Case] = [
        Case(shape: [1, 1, 1, 1404], begin: [0, 0, 0, 0], end: [1, 1, 1, 1404], strides: [1, 1, 1, 1]),  // attention model
        Case(shape: [1, 468, 3], begin: [0, 0, 0], end: [1, 468, 2], strides: [1, 1, 1]),
        Case(shape: [1, 7, 5, 6], begin: [0, 1, 0, 1], end: [1, 7, 5, 6], strides: [1, 2, 3, 2]),
        Case(shape: [4, 6], begin: [-3, -5], end: [-1, 100], strides: [1, 2]),
        Case(shape: [4, 6], begin: [3, 5], end: [0, 0], strides: [1, 1], beginMask: 1, endMask: 2),
        Case(shape: [4, 6], begin: [3, 5], end: [0, 1], strides: [-1, -2]),
        Case(shape: [4, 6], begin: [0, 0], end: [0, 0], strides: [-1, -1], beginMask: 3, endMask: 3),
        Case(shape: [2, 3, 4], begin: [1, 0, -1], end: [2, 3, 0], strides: [1, 1, 1], shrinkMask: 5),
        Case(shape: [5], begin: [4], end: [2], strides: [1]),  // empty
        Case(shape: [3, 4, 5], begin: [0, 1, 2], end: [3, 3, 5], strides: [2, 1, 1], shrinkMask: 0),
    ]

    /// CPython's slice.indices(): the same begin/end clamping TensorFlow uses.
    static func sliceIndices(begin: Int?, end: Int?, stride: Int, size: Int) -> [Int] {
        let (lower, upper) = stride > 0 ? (0, size) : (-1, size - 1)
        func adjust(_ value: Int?, default fallback: Int) -> Int {
            guard var value else { return fallback }
            if value < 0 { value += size }
            return min(max(value, lower), upper)
        }
        let start = adjust(begin, default: stride > 0 ? lower : upper)
        let stop = adjust(end, default: stride > 0 ? upper : lower)
        return Array(Swift.stride(from: start, to: stop, by: stride))
    }

    @Test("matches Python slicing semantics", arguments: cases)
    func slices(_ c: Case) throws {
        let input = randomFloats(c.shape.reduce(1, *), seed: 101)
        let options = StridedSliceOptions(beginMask: c.beginMask, endMask: c.endMask, shrinkAxisMask: c.shrinkMask)
        let rank = c.shape.count
        let result = try KernelHarness(
            .stridedSlice, .stridedSlice(options),
            inputs: [
                .activation(c.shape, input), .ints([rank], c.begin), .ints([rank], c.end), .ints([rank], c.strides),
            ]
        ).run()[0]
        let picks = (0..<rank).map { axis -> [Int] in
            let bit = Int32(1) << Int32(axis)
            if c.shrinkMask & bit != 0 {
                let index = Int(c.begin[axis])
                return [index < 0 ? index + c.shape[axis] : index]
            }
            return Self.sliceIndices(
                begin: c.beginMask & bit != 0 ? nil : Int(c.begin[axis]),
                end: c.endMask & bit != 0 ? nil : Int(c.end[axis]),
                stride: Int(c.strides[axis]), size: c.shape[axis])
        }
        let expectedShape = (0..<rank).filter { c.shrinkMask & (1 << $0) == 0 }.map { picks[$0].count }
        let expected = allCoordinates(picks.map(\.count)).map { chosen in
            input[flatIndex(chosen.indices.map { picks[$0][chosen[$0]] }, c.shape)]
        }
        #expect(result.shape == expectedShape)
        #expect(result.values == expected)
    }

    @Test("rejects unsupported masks and bad parameters")
    func errors() {
        let input = KernelInput.activation([2, 3], randomFloats(6, seed: 1))
        let ints: [KernelInput] = [.ints([2], [0, 0]), .ints([2], [2, 3]), .ints([2], [1, 1])]
        expectInvalid(
            KernelHarness(.stridedSlice, .stridedSlice(StridedSliceOptions(ellipsisMask: 1)), inputs: [input] + ints),
            mentioning: "ellipsis")
        expectInvalid(
            KernelHarness(.stridedSlice, .stridedSlice(StridedSliceOptions(newAxisMask: 1)), inputs: [input] + ints), mentioning: "new_axis"
        )
        expectInvalid(
            KernelHarness(
                .stridedSlice, .stridedSlice(StridedSliceOptions()),
                inputs: [input, .ints([2], [0, 0]), .ints([2], [2, 3]), .ints([2], [1, 0])]),
            mentioning: "non-zero")
        expectInvalid(
            KernelHarness(
                .stridedSlice, .stridedSlice(StridedSliceOptions()),
                inputs: [input, .ints([1], [0]), .ints([2], [2, 3]), .ints([2], [1, 1])]),
            mentioning: "2 values")
        expectInvalid(
            KernelHarness(
                .stridedSlice, .stridedSlice(StridedSliceOptions(shrinkAxisMask: 1)),
                inputs: [input, .ints([2], [5, 0]), .ints([2], [6, 3]), .ints([2], [1, 1])]),
            mentioning: "outside")
        expectInvalid(
            KernelHarness(
                .stridedSlice, .stridedSlice(StridedSliceOptions()),
                inputs: [input, .activation([2], [0, 0]), .ints([2], [2, 3]), .ints([2], [1, 1])]),
            mentioning: "begin")
    }
}

@Suite struct DequantizeKernelTests {
    @Test("copies the widened float16 values")
    func copies() throws {
        let values = randomFloats(37, seed: 111)
        let harness = KernelHarness(.dequantize, inputs: [.constant([37], values)])
        // A float16 constant is what the models hold; the harness's `.constant` is float32, so
        // build the float16 one by hand.
        var graph = harness.graph
        graph.tensors[0].type = .float16
        let kernel = try DequantizeKernel.factory(KernelSetup(graph: graph, operation: harness.operation, inputShapes: [[37]]))
        let result = KernelHarness.run(kernel, inputs: [values])[0]
        #expect(result.shape == [37])
        #expect(result.values == values)
    }

    @Test("rejects integer quantisation, which needs parameters the graph does not carry")
    func errors() {
        let harness = KernelHarness(.dequantize, inputs: [.ints([4], [1, 2, 3, 4])])
        expectInvalid(harness, mentioning: "INT32")
    }
}

@Suite struct BuiltinRegistryKernelTests {
    @Test("maps every operator the face models and the selfie segmentation model use to a kernel")
    func everyOperator() {
        let operators: [BuiltinOperator] = [
            .add, .concatenation, .conv2D, .depthwiseConv2D, .dequantize, .logistic, .maxPool2D,
            .mul, .pad, .prelu, .relu, .reshape, .stridedSlice, .resizeBilinear, .depthToSpace,
            .averagePool2D, .hardSwish,
        ]
        for op in operators {
            #expect(KernelRegistry.builtins.factory(for: .builtin(op)) != nil, "\(op) has no kernel")
        }
        #expect(KernelRegistry.builtins.supportedOperators.count == operators.count)
        #expect(KernelRegistry.builtins.factory(for: .custom("Landmarks2TransformMatrix")) == nil)
    }
}
