/// Runs a `Graph`: prepares a kernel per operation once, plans one arena for every activation,
/// and then each `invoke()` runs the kernels in order without allocating.
///
///     let interpreter = try Interpreter(modelPath: "face_landmark.tflite")
///     try interpreter.setInput("input_1", pixels)      // [1, 192, 192, 3] floats
///     interpreter.invoke()
///     let mesh = try interpreter.output("conv2d_21")    // [1, 1, 1, 1404]
///
/// Not thread-safe: one interpreter per thread. Only float32 activations are supported.
public final class Interpreter {
    public let graph: Graph

    /// Shapes of every tensor as prepared (activations as the kernels computed them).
    public private(set) var shapes: [[Int]]

    private var kernels: [any Kernel] = []
    /// Per operation, the pointer arrays passed to `run`, built once.
    private var inputPointers: [[UnsafePointer<Float>?]] = []
    private var outputPointers: [[UnsafeMutablePointer<Float>]] = []
    /// The activations' arena and the float constants' storage, both freed in deinit.
    private let arena: UnsafeMutablePointer<Float>
    private let arenaCount: Int
    private var constantStorage: [UnsafeMutablePointer<Float>] = []
    /// Where each float tensor's data lives.
    private var addresses: [Int: UnsafeMutablePointer<Float>] = [:]

    /// Prepares `graph`. With `fusing` (the default) it first runs `OperatorFusion`, which folds
    /// zero PADs, residual ADDs and RELU/PRELU activations into convolutions where the result is
    /// the same (a folded residual becomes the convolution's input 3, so the lifetimes planned
    /// below see it read there), and
    /// `self.graph` is the rewritten graph; `fusing: false` runs the graph's operators as given.
    public init(graph source: Graph, registry: KernelRegistry = .standard, fusing: Bool = true) throws(RuntimeError) {
        let graph = fusing ? OperatorFusion.fuse(source) : source
        self.graph = graph
        // Built in locals: `self` is not usable until the arena exists.
        var shapes = graph.tensors.map(\.shape)
        var kernels: [any Kernel] = []

        for index in graph.inputs where graph.tensors[index].type != .float32 {
            throw .unsupportedFeature(
                name: graph.name,
                detail: "input '\(graph.tensors[index].name)' is \(graph.tensors[index].type), only FLOAT32 inputs are supported")
        }

        // 1. Prepare kernels in order, propagating shapes.
        var produced = Set(graph.inputs)
        for operation in graph.operations {
            guard let factory = registry.factory(for: operation.code) else {
                throw .unsupportedOperator(name: graph.name, operation: operation.index, code: operation.code.description)
            }
            var inputShapes: [[Int]?] = []
            for tensor in operation.inputs {
                guard tensor >= 0 else { inputShapes.append(nil); continue }
                guard graph.tensors[tensor].isConstant || produced.contains(tensor) else {
                    throw .invalidOperation(
                        name: graph.name, operation: operation.index, code: operation.code.description,
                        reason: "input tensor '\(graph.tensors[tensor].name)' is read before anything writes it")
                }
                inputShapes.append(shapes[tensor])
            }
            let kernel = try factory(KernelSetup(graph: graph, operation: operation, inputShapes: inputShapes))
            guard kernel.outputShapes.count == operation.outputs.count else {
                throw .invalidOperation(
                    name: graph.name, operation: operation.index, code: operation.code.description,
                    reason: "the kernel made \(kernel.outputShapes.count) outputs, the model has \(operation.outputs.count)")
            }
            for (tensor, shape) in zip(operation.outputs, kernel.outputShapes) {
                shapes[tensor] = shape
                produced.insert(tensor)
            }
            kernels.append(kernel)
        }
        for output in graph.outputs where !produced.contains(output) && !graph.tensors[output].isConstant {
            throw .malformedModel(name: graph.name, reason: "output '\(graph.tensors[output].name)' is never computed")
        }

        // 2. Plan the arena: lifetimes from the writing step to the last reading step.
        var firstStep: [Int: Int] = [:], lastStep: [Int: Int] = [:]
        for index in graph.inputs { firstStep[index] = -1; lastStep[index] = -1 }
        for (step, operation) in graph.operations.enumerated() {
            for tensor in operation.inputs where tensor >= 0 && !graph.tensors[tensor].isConstant {
                lastStep[tensor] = max(lastStep[tensor] ?? step, step)
            }
            for tensor in operation.outputs {
                firstStep[tensor] = min(firstStep[tensor] ?? step, step)
                lastStep[tensor] = max(lastStep[tensor] ?? step, step)
            }
        }
        for index in graph.outputs { lastStep[index] = graph.operations.count }
        let intervals = firstStep.keys.sorted().map { tensor in
            MemoryPlan.Interval(
                tensor: tensor, size: max(shapes[tensor].reduce(1, *), 1),
                firstStep: firstStep[tensor]!, lastStep: lastStep[tensor]!)
        }
        let plan = MemoryPlan(intervals: intervals)
        arenaCount = max(plan.arenaSize, MemoryPlan.alignment)
        // 64-byte aligned, with one spare vector at the end for kernels' tail loads.
        arena = UnsafeMutableRawPointer.allocate(byteCount: (arenaCount + MemoryPlan.alignment) * 4, alignment: 64)
            .bindMemory(to: Float.self, capacity: arenaCount + MemoryPlan.alignment)
        arena.initialize(repeating: 0, count: arenaCount + MemoryPlan.alignment)
        self.shapes = shapes
        self.kernels = kernels
        for interval in intervals { addresses[interval.tensor] = arena + plan.offsets[interval.tensor]! }

        // 3. Float constants get stable storage of their own.
        for tensor in graph.tensors {
            guard case .float32(let values)? = tensor.constant else { continue }
            let storage = UnsafeMutablePointer<Float>.allocate(capacity: max(values.count, 1))
            storage.initialize(from: values, count: values.count)
            constantStorage.append(storage)
            addresses[tensor.index] = storage
        }

        // 4. The pointer arrays each kernel gets, fixed from now on.
        for operation in graph.operations {
            inputPointers.append(operation.inputs.map { $0 >= 0 ? addresses[$0].map { UnsafePointer($0) } : nil })
            outputPointers.append(operation.outputs.map { addresses[$0]! })
        }
    }

    deinit {
        arena.deallocate()
        for storage in constantStorage { storage.deallocate() }
    }

    /// Floats in the activation arena (a measure of the memory plan's quality).
    public var arenaFloatCount: Int { arenaCount }

    public var inputNames: [String] { graph.inputs.map { graph.tensors[$0].name } }
    public var outputNames: [String] { graph.outputs.map { graph.tensors[$0].name } }

    /// The shape of the tensor with this name.
    public func shape(of name: String) throws(RuntimeError) -> [Int] {
        shapes[try tensorIndex(name)]
    }

    /// Copies `values` into the named input, which must hold exactly that many floats.
    public func setInput(_ name: String, _ values: [Float]) throws(RuntimeError) {
        let index = try inputIndex(name)
        guard values.count == shapes[index].reduce(1, *) else {
            throw .inputShapeMismatch(tensor: name, expected: shapes[index], got: [values.count])
        }
        addresses[index]!.update(from: values, count: values.count)
    }

    /// Lets `body` write the named input in place (no copy).
    public func withInput<R>(_ name: String, _ body: (UnsafeMutableBufferPointer<Float>) throws -> R) throws -> R {
        let index = try inputIndex(name)
        return try body(UnsafeMutableBufferPointer(start: addresses[index]!, count: shapes[index].reduce(1, *)))
    }

    /// Runs every operation once. Allocates nothing.
    public func invoke() {
        for step in kernels.indices {
            kernels[step].run(inputs: inputPointers[step], outputs: outputPointers[step])
        }
    }

    var kernelCount: Int { kernels.count }

    /// Runs one operation (for profiling).
    func runKernel(_ step: Int) {
        kernels[step].run(inputs: inputPointers[step], outputs: outputPointers[step])
    }

    /// A copy of the named tensor's data after `invoke()` (outputs, or any float tensor for debugging,
    /// though intermediate activations are overwritten as their memory is reused).
    public func output(_ name: String) throws(RuntimeError) -> [Float] {
        let index = try tensorIndex(name)
        guard let address = addresses[index] else { throw .unknownTensor(name: graph.name, tensor: name) }
        return Array(UnsafeBufferPointer(start: address, count: shapes[index].reduce(1, *)))
    }

    /// Lets `body` read the named tensor in place, without a copy.
    public func withOutput<R>(_ name: String, _ body: (UnsafeBufferPointer<Float>) throws -> R) throws -> R {
        let index = try tensorIndex(name)
        guard let address = addresses[index] else { throw RuntimeError.unknownTensor(name: graph.name, tensor: name) }
        return try body(UnsafeBufferPointer(start: address, count: shapes[index].reduce(1, *)))
    }

    private func tensorIndex(_ name: String) throws(RuntimeError) -> Int {
        guard let tensor = graph.tensor(named: name) else { throw .unknownTensor(name: graph.name, tensor: name) }
        return tensor.index
    }

    private func inputIndex(_ name: String) throws(RuntimeError) -> Int {
        let index = try tensorIndex(name)
        guard graph.inputs.contains(index) else {
            throw .unknownTensor(name: graph.name, tensor: "\(name)' is not an input; inputs: '\(inputNames.joined(separator: "', '"))")
        }
        return index
    }
}

extension KernelRegistry {
    /// Every builtin kernel plus MediaPipe's custom operators.
    public static var standard: KernelRegistry {
        var registry = KernelRegistry.builtins
        for code in KernelRegistry.mediaPipeCustomOps.supportedOperators {
            registry.register(code, KernelRegistry.mediaPipeCustomOps.factory(for: code)!)
        }
        return registry
    }
}

extension Interpreter {
    /// Loads a `.tflite` file and prepares it with the standard kernels.
    public convenience init(modelPath: String) throws(RuntimeError) {
        try self.init(graph: try TFLiteLoader.load(path: modelPath))
    }
}
