import Testing

@testable import NeuralRuntime

// Support for the custom-operator tests: builds one operation the way the interpreter does (a
// tiny Graph, an Operation, a KernelSetup, the factory from `KernelRegistry.mediaPipeCustomOps`)
// and runs it on plain arrays, with guard values after the output to catch writes past its end.

struct CustomOpHarness {
    let graph: Graph
    let operation: Operation
    let inputShapes: [[Int]?]

    /// - Parameter declaredOutputShape: the output shape the "file" declares ([] for none).
    init(_ name: String, options: OperatorOptions, inputShapes: [[Int]], declaredOutputShape: [Int] = []) {
        var tensors = inputShapes.enumerated().map { TensorDescription(index: $0, name: "input\($0)", shape: $1, type: .float32) }
        tensors.append(TensorDescription(index: tensors.count, name: "output", shape: declaredOutputShape, type: .float32))
        operation = Operation(
            index: 7, code: .custom(name), inputs: Array(inputShapes.indices), outputs: [tensors.count - 1],
            options: options)
        graph = Graph(
            name: "custom-op-test.tflite", tensors: tensors, operations: [operation],
            inputs: Array(inputShapes.indices), outputs: [tensors.count - 1])
        self.inputShapes = inputShapes
    }

    var setup: KernelSetup { KernelSetup(graph: graph, operation: operation, inputShapes: inputShapes) }

    func makeKernel() throws(RuntimeError) -> any Kernel {
        guard let factory = KernelRegistry.mediaPipeCustomOps.factory(for: operation.code) else {
            throw .unsupportedOperator(name: graph.name, operation: operation.index, code: operation.code.description)
        }
        return try factory(setup)
    }

    /// Builds the kernel and runs it once; returns its single output.
    func run(_ inputs: [[Float]]) throws(RuntimeError) -> [Float] {
        let kernel = try makeKernel()
        return Self.run(kernel, inputs)
    }

    static let guardValue: Float = -7777.25
    static let guardCount = 16

    static func run(_ kernel: any Kernel, _ inputs: [[Float]]) -> [Float] {
        let count = kernel.outputShapes[0].reduce(1, *)
        var output = [Float](repeating: .nan, count: count + guardCount)
        for i in count..<output.count { output[i] = guardValue }
        let pointers = inputs.map { values -> UnsafeMutablePointer<Float> in
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: values.count)
            pointer.initialize(from: values, count: values.count)
            return pointer
        }
        defer { pointers.forEach { $0.deallocate() } }
        output.withUnsafeMutableBufferPointer { buffer in
            kernel.run(inputs: pointers.map { UnsafePointer($0) }, outputs: [buffer.baseAddress!])
        }
        #expect(output[count...].allSatisfy { $0 == guardValue }, "the kernel wrote past its output")
        return Array(output[..<count])
    }
}

/// Expects building the operation to fail with an `invalidOperation` error whose reason mentions
/// `text`.
func expectCustomOpInvalid(
    _ harness: CustomOpHarness, mentioning text: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        _ = try harness.makeKernel()
        Issue.record("expected an error mentioning '\(text)'", sourceLocation: sourceLocation)
    } catch {
        guard case .invalidOperation(_, let operation, let code, let reason) = error else {
            Issue.record("expected invalidOperation, got \(error)", sourceLocation: sourceLocation)
            return
        }
        #expect(operation == 7 && code == harness.operation.code.description, sourceLocation: sourceLocation)
        #expect(reason.contains(text), "\(error)", sourceLocation: sourceLocation)
    }
}

/// Row-major 4×4 matrix with the given first two rows (the only ones the operators read) and
/// identity below, as a [1, 4, 4] tensor's data.
func customOpMatrix(_ row0: [Float], _ row1: [Float]) -> [Float] {
    row0 + row1 + [0, 0, 1, 0, 0, 0, 0, 1]
}

/// The custom options of face_landmark_with_attention.tflite (mediapipe 0.10.14's
/// mediapipe/modules/face_landmark/), extracted from the file with a stdlib-only Python script:
/// only these bytes are committed, not the model.
enum AttentionModelOptions {
    /// Operator #192, the lips crop (351 bytes).
    static let landmarksToTransformMatrixLips: [UInt8] = [
        108, 101, 102, 116, 95, 114, 111, 116, 97, 116, 105, 111, 110, 95, 105, 100, 120, 0, 111, 117, 116, 112,
        117, 116, 95, 104, 101, 105, 103, 104, 116, 0, 111, 117, 116, 112, 117, 116, 95, 119, 105, 100, 116,
        104, 0, 114, 105, 103, 104, 116, 95, 114, 111, 116, 97, 116, 105, 111, 110, 95, 105, 100, 120, 0, 115,
        99, 97, 108, 101, 95, 120, 0, 115, 99, 97, 108, 101, 95, 121, 0, 115, 117, 98, 115, 101, 116, 95, 105,
        100, 120, 115, 0, 80, 0, 61, 0, 146, 0, 91, 0, 181, 0, 84, 0, 17, 0, 58, 1, 149, 1, 65, 1, 119, 1, 35,
        1, 185, 0, 40, 0, 39, 0, 37, 0, 0, 0, 11, 1, 13, 1, 14, 1, 153, 1, 78, 0, 95, 0, 88, 0, 178, 0, 87, 0,
        14, 0, 61, 1, 146, 1, 62, 1, 68, 1, 52, 1, 191, 0, 80, 0, 81, 0, 82, 0, 13, 0, 56, 1, 55, 1, 54, 1, 159,
        1, 76, 0, 77, 0, 90, 0, 180, 0, 85, 0, 16, 0, 59, 1, 148, 1, 64, 1, 51, 1, 50, 1, 184, 0, 74, 0, 73, 0,
        72, 0, 11, 0, 46, 1, 47, 1, 48, 1, 152, 1, 62, 0, 96, 0, 89, 0, 179, 0, 86, 0, 15, 0, 60, 1, 147, 1, 63,
        1, 69, 1, 36, 1, 183, 0, 42, 0, 41, 0, 38, 0, 12, 0, 12, 1, 15, 1, 16, 1, 151, 1, 116, 97, 114, 103,
        101, 116, 95, 114, 111, 116, 97, 116, 105, 111, 110, 95, 114, 97, 100, 105, 97, 110, 115, 0, 8, 0, 24,
        1, 8, 1, 252, 0, 241, 0, 224, 0, 218, 0, 212, 0, 40, 0, 16, 0, 0, 0, 2, 0, 0, 0, 8, 0, 0, 0, 61, 0, 0,
        0, 16, 0, 0, 0, 16, 0, 0, 0, 35, 1, 0, 0, 0, 0, 192, 63, 0, 0, 192, 63, 238, 0, 0, 0, 0, 0, 0, 0, 6, 6,
        6, 6, 14, 14, 45, 14, 40, 38, 1,
    ]

    /// Operator #193, the left eye crop (335 bytes).
    static let landmarksToTransformMatrixLeftEye: [UInt8] = [
        108, 101, 102, 116, 95, 114, 111, 116, 97, 116, 105, 111, 110, 95, 105, 100, 120, 0, 111, 117, 116, 112,
        117, 116, 95, 104, 101, 105, 103, 104, 116, 0, 111, 117, 116, 112, 117, 116, 95, 119, 105, 100, 116,
        104, 0, 114, 105, 103, 104, 116, 95, 114, 111, 116, 97, 116, 105, 111, 110, 95, 105, 100, 120, 0, 115,
        99, 97, 108, 101, 95, 120, 0, 115, 99, 97, 108, 101, 95, 121, 0, 115, 117, 98, 115, 101, 116, 95, 105,
        100, 120, 115, 0, 71, 0, 33, 0, 7, 0, 163, 0, 144, 0, 145, 0, 153, 0, 154, 0, 155, 0, 133, 0, 246, 0,
        161, 0, 160, 0, 159, 0, 158, 0, 157, 0, 173, 0, 130, 0, 25, 0, 110, 0, 24, 0, 23, 0, 22, 0, 26, 0, 112,
        0, 243, 0, 247, 0, 30, 0, 29, 0, 27, 0, 28, 0, 56, 0, 190, 0, 226, 0, 31, 0, 228, 0, 229, 0, 230, 0,
        231, 0, 232, 0, 233, 0, 244, 0, 113, 0, 225, 0, 224, 0, 223, 0, 222, 0, 221, 0, 189, 0, 35, 0, 124, 0,
        46, 0, 53, 0, 52, 0, 65, 0, 143, 0, 111, 0, 117, 0, 118, 0, 119, 0, 120, 0, 121, 0, 128, 0, 245, 0, 156,
        0, 70, 0, 63, 0, 105, 0, 66, 0, 107, 0, 55, 0, 193, 0, 116, 97, 114, 103, 101, 116, 95, 114, 111, 116,
        97, 116, 105, 111, 110, 95, 114, 97, 100, 105, 97, 110, 115, 0, 8, 0, 6, 1, 246, 0, 234, 0, 223, 0, 206,
        0, 200, 0, 194, 0, 40, 0, 0, 0, 18, 0, 0, 0, 2, 0, 0, 0, 8, 0, 0, 0, 33, 0, 0, 0, 16, 0, 0, 0, 16, 0, 0,
        0, 133, 0, 0, 0, 0, 0, 192, 63, 0, 0, 192, 63, 222, 0, 0, 0, 0, 0, 0, 0, 6, 6, 6, 6, 14, 14, 45, 14, 40,
        38, 1,
    ]

    /// Operator #194, the right eye crop (335 bytes).
    static let landmarksToTransformMatrixRightEye: [UInt8] = [
        108, 101, 102, 116, 95, 114, 111, 116, 97, 116, 105, 111, 110, 95, 105, 100, 120, 0, 111, 117, 116, 112,
        117, 116, 95, 104, 101, 105, 103, 104, 116, 0, 111, 117, 116, 112, 117, 116, 95, 119, 105, 100, 116,
        104, 0, 114, 105, 103, 104, 116, 95, 114, 111, 116, 97, 116, 105, 111, 110, 95, 105, 100, 120, 0, 115,
        99, 97, 108, 101, 95, 120, 0, 115, 99, 97, 108, 101, 95, 121, 0, 115, 117, 98, 115, 101, 116, 95, 105,
        100, 120, 115, 0, 71, 0, 7, 1, 249, 0, 134, 1, 117, 1, 118, 1, 124, 1, 125, 1, 126, 1, 106, 1, 210, 1,
        132, 1, 131, 1, 130, 1, 129, 1, 128, 1, 142, 1, 103, 1, 255, 0, 83, 1, 254, 0, 253, 0, 252, 0, 0, 1, 85,
        1, 207, 1, 211, 1, 4, 1, 3, 1, 1, 1, 2, 1, 30, 1, 158, 1, 190, 1, 5, 1, 192, 1, 193, 1, 194, 1, 195, 1,
        196, 1, 197, 1, 208, 1, 86, 1, 189, 1, 188, 1, 187, 1, 186, 1, 185, 1, 157, 1, 9, 1, 97, 1, 20, 1, 27,
        1, 26, 1, 39, 1, 116, 1, 84, 1, 90, 1, 91, 1, 92, 1, 93, 1, 94, 1, 101, 1, 209, 1, 127, 1, 44, 1, 37, 1,
        78, 1, 40, 1, 80, 1, 29, 1, 161, 1, 116, 97, 114, 103, 101, 116, 95, 114, 111, 116, 97, 116, 105, 111,
        110, 95, 114, 97, 100, 105, 97, 110, 115, 0, 8, 0, 6, 1, 246, 0, 234, 0, 223, 0, 206, 0, 200, 0, 194, 0,
        40, 0, 0, 0, 18, 0, 0, 0, 2, 0, 0, 0, 8, 0, 0, 0, 106, 1, 0, 0, 16, 0, 0, 0, 16, 0, 0, 0, 7, 1, 0, 0, 0,
        0, 192, 63, 0, 0, 192, 63, 222, 0, 0, 0, 0, 0, 0, 0, 6, 6, 6, 6, 14, 14, 45, 14, 40, 38, 1,
    ]

    /// Operator #195; the three TransformTensorBilinear operators have the same options (40 bytes).
    static let transformTensorBilinear: [UInt8] = [
        111, 117, 116, 112, 117, 116, 95, 104, 101, 105, 103, 104, 116, 0, 111, 117, 116, 112, 117, 116, 95,
        119, 105, 100, 116, 104, 0, 2, 28, 15, 2, 1, 2, 16, 16, 4, 4, 4, 36, 1,
    ]
}

/// A value of a test operator's custom options.
enum CustomOpOption {
    case int(Int32)
    case float(Float)
    case ints([Int32])
}

/// Writes a FlexBuffers map the way flexbuffers::Builder lays one out (keys sorted, then the
/// int vectors, the keys vector, the map), every slot 4 bytes wide. For building operators
/// with options other than the model's; the reader itself is tested on hand-assembled bytes.
func customOpOptionBytes(_ entries: [(String, CustomOpOption)]) -> [UInt8] {
    var bytes: [UInt8] = []
    func append32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
    func align4() { while bytes.count % 4 != 0 { bytes.append(0) } }
    let sorted = entries.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }

    var keyPositions: [Int] = []
    for (key, _) in sorted {
        keyPositions.append(bytes.count)
        bytes += Array(key.utf8) + [0]
    }
    var vectorPositions: [Int: Int] = [:]
    for (index, (_, value)) in sorted.enumerated() {
        guard case .ints(let values) = value else { continue }
        align4()
        append32(UInt32(values.count))
        vectorPositions[index] = bytes.count
        for value in values { append32(UInt32(bitPattern: value)) }
    }
    align4()
    append32(UInt32(sorted.count))
    let keysStart = bytes.count
    for position in keyPositions { append32(UInt32(bytes.count - position)) }
    // Map prefix: offset to the keys vector, its width, the length.
    append32(UInt32(bytes.count - keysStart))
    append32(4)
    append32(UInt32(sorted.count))
    let valuesStart = bytes.count
    for (index, (_, value)) in sorted.enumerated() {
        switch value {
        case .int(let v): append32(UInt32(bitPattern: v))
        case .float(let v): append32(v.bitPattern)
        case .ints: append32(UInt32(bytes.count - vectorPositions[index]!))
        }
    }
    for (_, value) in sorted {
        switch value {
        case .int: bytes.append(1 << 2 | 2)  // INT, 4 bytes
        case .float: bytes.append(3 << 2 | 2)  // FLOAT, 4 bytes
        case .ints: bytes.append(11 << 2 | 2)  // VECTOR_INT, 4-byte elements
        }
    }
    append32(UInt32(bytes.count - valuesStart))
    bytes += [9 << 2 | 2, 4]  // MAP, 4-byte slots; root width 4
    return bytes
}
