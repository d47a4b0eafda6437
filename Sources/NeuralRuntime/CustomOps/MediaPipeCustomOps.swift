/// MediaPipe's custom operators, with the semantics of MediaPipe's CPU kernels
/// (mediapipe/util/tflite/operations/*.cc). One file per operator:
/// - `LandmarksToTransformMatrixKernel` (Landmarks2TransformMatrix), `TransformTensorBilinearKernel`
///   (TransformTensorBilinear) and `TransformLandmarksKernel` (TransformLandmarks): used by
///   face_landmark_with_attention.tflite, version 2 of each op, the version that model uses;
/// - `TransposeConvolutionBiasKernel` (Convolution2DTransposeBias): used by
///   selfie_segmentation.tflite.
///
/// Our graph IR does not carry an operator's version, so each factory of the attention model's
/// operators recognises the version-1 forms by their options and input ranks and refuses them with
/// a clear error instead of computing something else.
extension KernelRegistry {
    public static let mediaPipeCustomOps = KernelRegistry([
        .custom(LandmarksToTransformMatrixKernel.operatorName): { setup throws(RuntimeError) in
            try LandmarksToTransformMatrixKernel(setup)
        },
        .custom(TransformTensorBilinearKernel.operatorName): { setup throws(RuntimeError) in
            try TransformTensorBilinearKernel(setup)
        },
        .custom(TransformLandmarksKernel.operatorName): { setup throws(RuntimeError) in
            try TransformLandmarksKernel(setup)
        },
        .custom(TransposeConvolutionBiasKernel.operatorName): { setup throws(RuntimeError) in
            try TransposeConvolutionBiasKernel(setup)
        },
    ])
}

/// A custom operator's FlexBuffers options, read with errors that name the operation.
struct CustomOptions {
    let setup: KernelSetup
    /// Nil when the operation has no options (absent or zero bytes).
    let map: FlexBufferMap?

    init(_ setup: KernelSetup) throws(RuntimeError) {
        self.setup = setup
        let bytes: [UInt8]
        switch setup.operation.options {
        case .none: bytes = []
        case .custom(let data): bytes = data
        default: throw setup.invalid("expected FlexBuffers custom options, found builtin options")
        }
        if bytes.isEmpty {
            map = nil
            return
        }
        let buffer = FlexBuffer(bytes, name: setup.graph.name)
        map = try Self.reading(setup) { () throws(RuntimeError) in try buffer.root().asMap() }
    }

    /// The keys present (empty without options).
    func keys() throws(RuntimeError) -> [String] {
        guard let map else { return [] }
        return try Self.reading(setup) { () throws(RuntimeError) in try map.keyStrings() }
    }

    /// Refuses keys outside `known`, naming them: an unexpected key means options written for
    /// another version of the operator, whose meaning we would otherwise silently ignore.
    func requireOnlyKeys(_ known: Set<String>, versionOneKeys: Set<String> = []) throws(RuntimeError) {
        let present = try keys()
        if !versionOneKeys.isDisjoint(with: present) {
            throw setup.invalid("options \(present.sorted()) are those of version 1 of this operator; only version 2 is supported")
        }
        let unknown = present.filter { !known.contains($0) }
        if !unknown.isEmpty {
            throw setup.invalid("unexpected custom option(s) \(unknown.sorted()); expected only \(known.sorted())")
        }
    }

    func value(_ key: String) throws(RuntimeError) -> FlexBufferReference? {
        guard let map else { return nil }
        return try Self.reading(setup) { () throws(RuntimeError) in try map[key] }
    }

    func requiredValue(_ key: String) throws(RuntimeError) -> FlexBufferReference {
        guard let found = try value(key) else { throw setup.invalid("custom option '\(key)' is missing") }
        return found
    }

    func int(_ key: String) throws(RuntimeError) -> Int {
        let found = try requiredValue(key)
        return Int(try Self.reading(setup, key) { () throws(RuntimeError) in try found.asInt32() })
    }

    func float(_ key: String) throws(RuntimeError) -> Float? {
        guard let found = try value(key) else { return nil }
        return try Self.reading(setup, key) { () throws(RuntimeError) in try found.asFloat() }
    }

    func requiredFloat(_ key: String) throws(RuntimeError) -> Float {
        guard let found = try float(key) else { throw setup.invalid("custom option '\(key)' is missing") }
        return found
    }

    func ints(_ key: String) throws(RuntimeError) -> [Int] {
        let found = try requiredValue(key)
        let values = try Self.reading(setup, key) { () throws(RuntimeError) in try found.asVector().ints() }
        var result: [Int] = []
        for value in values {
            guard let narrow = Int32(exactly: value) else { throw setup.invalid("custom option '\(key)' holds \(value), beyond 32 bits") }
            result.append(Int(narrow))
        }
        return result
    }

    /// Runs a FlexBuffers read, turning its errors into ones that name this operation.
    private static func reading<T>(
        _ setup: KernelSetup, _ key: String? = nil,
        _ body: () throws(RuntimeError) -> T
    ) throws(RuntimeError) -> T {
        do {
            return try body()
        } catch {
            let reason = if case .malformedModel(_, let reason) = error { reason } else { error.description }
            let subject = key.map { "custom option '\($0)'" } ?? "custom options"
            throw setup.invalid("\(subject): \(reason)")
        }
    }
}

extension KernelSetup {
    /// Checks the operation's input and output counts.
    func requireCustomOpArity(inputs: Int, outputs: Int) throws(RuntimeError) {
        guard operation.inputs.count == inputs, operation.outputs.count == outputs else {
            throw invalid(
                "expected \(inputs) input(s) and \(outputs) output(s), found \(operation.inputs.count) and \(operation.outputs.count)")
        }
    }

    /// Refuses an output shape that disagrees with the one the file declares for output `i`
    /// (a custom operator's output shape comes from its options and inputs; a declared shape,
    /// when the file gives one, must agree).
    func requireDeclaredOutputShape(_ i: Int, toBe computed: [Int]) throws(RuntimeError) {
        guard i < operation.outputs.count else { return }
        let tensor = operation.outputs[i]
        guard tensor >= 0, tensor < graph.tensors.count else { return }
        let declared = graph.tensors[tensor].shape
        if !declared.isEmpty, declared != computed {
            throw invalid("output \(i) is declared \(declared) but the operator produces \(computed)")
        }
    }

    /// Input `i` must be a 4×4 transform matrix, [1, 4, 4] row-major.
    func requireTransformMatrix(_ i: Int) throws(RuntimeError) {
        let shape = try requireShape(i)
        guard shape == [1, 4, 4] else { throw invalid("input \(i) must be a [1, 4, 4] transform matrix, got \(shape)") }
    }
}
