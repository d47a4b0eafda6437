import Testing

@testable import NeuralRuntime

// Builds one kernel the way the interpreter does (a tiny Graph, an Operation, a KernelSetup,
// the registry's factory) and runs it on plain arrays, with guard values after each output to
// catch writes past the end.

/// An input of the operation under test.
enum KernelInput {
    /// Data computed at run time.
    case activation(_ shape: [Int], _ values: [Float])
    /// A float32 constant in the graph.
    case constant(_ shape: [Int], _ values: [Float])
    /// A float16 constant behind a DEQUANTIZE operator, as the MediaPipe models store weights.
    case dequantized(_ shape: [Int], _ values: [Float])
    case ints(_ shape: [Int], _ values: [Int32])
    /// An absent optional input (index -1).
    case absent

    var shape: [Int]? {
        switch self {
        case .activation(let shape, _), .constant(let shape, _), .dequantized(let shape, _), .ints(let shape, _): shape
        case .absent: nil
        }
    }

    /// What the interpreter hands the kernel at run time: float data, nil for int32 and absent.
    var runValues: [Float]? {
        switch self {
        case .activation(_, let values), .constant(_, let values), .dequantized(_, let values): values
        case .ints, .absent: nil
        }
    }
}

struct KernelHarness {
    let graph: Graph
    let operation: Operation
    let inputs: [KernelInput]

    init(_ op: BuiltinOperator, _ options: OperatorOptions = .none, inputs: [KernelInput], outputCount: Int = 1) {
        var tensors: [TensorDescription] = []
        var operations: [Operation] = []
        var inputIndices: [Int] = []
        var graphInputs: [Int] = []
        for (position, input) in inputs.enumerated() {
            let name = "input\(position)"
            switch input {
            case .activation(let shape, _):
                graphInputs.append(tensors.count)
                inputIndices.append(tensors.count)
                tensors.append(TensorDescription(index: tensors.count, name: name, shape: shape, type: .float32))
            case .constant(let shape, let values):
                inputIndices.append(tensors.count)
                tensors.append(
                    TensorDescription(index: tensors.count, name: name, shape: shape, type: .float32, constant: .float32(values)))
            case .dequantized(let shape, let values):
                let source = tensors.count
                tensors.append(
                    TensorDescription(index: source, name: name + "_f16", shape: shape, type: .float16, constant: .float32(values)))
                inputIndices.append(tensors.count)
                tensors.append(TensorDescription(index: tensors.count, name: name, shape: shape, type: .float32))
                operations.append(Operation(index: operations.count, code: .builtin(.dequantize), inputs: [source], outputs: [source + 1]))
            case .ints(let shape, let values):
                inputIndices.append(tensors.count)
                tensors.append(TensorDescription(index: tensors.count, name: name, shape: shape, type: .int32, constant: .int32(values)))
            case .absent:
                inputIndices.append(-1)
            }
        }
        let outputIndices = (0..<outputCount).map { tensors.count + $0 }
        for output in outputIndices {
            // The file's output shape is not used by kernels; they compute it.
            tensors.append(TensorDescription(index: output, name: "output\(output)", shape: [], type: .float32))
        }
        operation = Operation(index: operations.count, code: .builtin(op), inputs: inputIndices, outputs: outputIndices, options: options)
        operations.append(operation)
        graph = Graph(name: "test.tflite", tensors: tensors, operations: operations, inputs: graphInputs, outputs: outputIndices)
        self.inputs = inputs
    }

    var setup: KernelSetup { KernelSetup(graph: graph, operation: operation, inputShapes: inputs.map(\.shape)) }

    /// Prepares the kernel through the builtin registry, as the interpreter would.
    func prepare() throws(RuntimeError) -> any Kernel {
        guard let factory = KernelRegistry.builtins.factory(for: operation.code) else {
            throw .unsupportedOperator(name: graph.name, operation: operation.index, code: operation.code.description)
        }
        return try factory(setup)
    }

    /// Prepares and runs the kernel; returns each output's shape and values.
    func run() throws -> [(shape: [Int], values: [Float])] {
        let kernel = try prepare()
        return Self.run(kernel, inputs: inputs.map(\.runValues))
    }

    static let guardValue: Float = 12345.5
    static let guardCount = 19

    static func run(_ kernel: any Kernel, inputs: [[Float]?]) -> [(shape: [Int], values: [Float])] {
        let inputBuffers = inputs.map { values -> UnsafeMutablePointer<Float>? in
            guard let values else { return nil }
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(values.count, 1))
            buffer.initialize(from: values, count: values.count)
            return buffer
        }
        let counts = kernel.outputShapes.map { $0.reduce(1, *) }
        let outputBuffers = counts.map { count -> UnsafeMutablePointer<Float> in
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count + guardCount)
            buffer.initialize(repeating: .nan, count: count)
            (buffer + count).initialize(repeating: guardValue, count: guardCount)
            return buffer
        }
        defer {
            inputBuffers.forEach { $0?.deallocate() }
            outputBuffers.forEach { $0.deallocate() }
        }
        kernel.run(inputs: inputBuffers.map { $0.map { UnsafePointer($0) } }, outputs: outputBuffers)
        for (buffer, count) in zip(outputBuffers, counts) {
            let tail = Array(UnsafeBufferPointer(start: buffer + count, count: guardCount))
            #expect(tail.allSatisfy { $0 == guardValue }, "kernel wrote past the end of its output")
        }
        return zip(kernel.outputShapes, zip(outputBuffers, counts)).map { shape, buffer in
            (shape, Array(UnsafeBufferPointer(start: buffer.0, count: buffer.1)))
        }
    }
}

/// SplitMix64: a tiny seeded generator, so every test sees the same "random" data.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func randomFloats(_ count: Int, seed: UInt64, in range: ClosedRange<Float> = -1...1) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in Float.random(in: range, using: &generator) }
}

/// Max |actual - expected| must be within `tolerance` times the larger of 1 and max |expected|
/// (float32 sums against a double-precision reference differ by rounding, which scales with
/// the magnitude of the values).
func expectClose(
    _ actual: [Float], _ expected: [Float], tolerance: Float = 1e-5,
    _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, "count \(actual.count) != \(expected.count)", sourceLocation: sourceLocation)
    guard actual.count == expected.count else { return }
    let scale = max(1, expected.map(abs).max() ?? 0)
    var worst: (index: Int, error: Float) = (-1, 0)
    for index in actual.indices {
        let error = abs(actual[index] - expected[index])
        if !(error <= worst.error) { worst = (index, error.isNaN ? .infinity : error) }
    }
    #expect(
        worst.error <= tolerance * scale,
        "max error \(worst.error) at \(worst.index): got \(worst.index >= 0 ? actual[worst.index] : 0), expected \(worst.index >= 0 ? expected[worst.index] : 0) \(comment.map { "(\($0))" } ?? "")",
        sourceLocation: sourceLocation)
}

/// Expects preparing the operation to fail with an `invalidOperation` whose reason mentions `fragment`.
func expectInvalid(_ harness: KernelHarness, mentioning fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try harness.prepare()
        Issue.record("expected preparation to fail mentioning '\(fragment)'", sourceLocation: sourceLocation)
    } catch {
        guard case .invalidOperation(_, _, _, let reason) = error else {
            Issue.record("expected invalidOperation, got \(error)", sourceLocation: sourceLocation)
            return
        }
        #expect(reason.contains(fragment), "reason '\(reason)' does not mention '\(fragment)'", sourceLocation: sourceLocation)
    }
}

/// TensorFlow's SAME padding, written out independently of the runtime's `WindowGeometry`.
func referencePadding(input: Int, filter: Int, stride: Int, dilation: Int = 1, padding: Padding) -> (output: Int, before: Int) {
    let effective = (filter - 1) * dilation + 1
    if padding == .valid { return ((input - effective) / stride + 1, 0) }
    let output = Int((Double(input) / Double(stride)).rounded(.up))
    let needed = max(0, (output - 1) * stride + effective - input)
    return (output, needed / 2)
}

func referenceActivation(_ x: Double, _ activation: FusedActivation) -> Double {
    switch activation {
    case .relu: max(0, x)
    case .relu6: min(max(0, x), 6)
    case .reluN1To1: min(max(-1, x), 1)
    default: x
    }
}
