/// An operator ready to run: made once per operation when an `Interpreter` is built (shapes
/// checked, output shapes computed, constant weights copied and repacked as the kernel likes),
/// then run once per invoke on float32 buffers the interpreter owns.
///
/// `run` must not allocate: the interpreter passes the same pointer arrays every invoke.
public protocol Kernel: AnyObject {
    /// The shapes of the operation's outputs, in order.
    var outputShapes: [[Int]] { get }

    /// Computes the outputs.
    /// - Parameters:
    ///   - inputs: the data of each of the operation's inputs, in order; nil for an absent
    ///     optional input and for int32 constants (shapes, paddings: read them from the
    ///     `KernelSetup` at preparation). Float constants are passed too, though kernels usually
    ///     use what they packed at preparation.
    ///   - outputs: a buffer of `outputShapes[i]` elements for each output.
    func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>])
}

/// Everything a kernel factory may look at while preparing an operation.
public struct KernelSetup: Sendable {
    public let graph: Graph
    public let operation: Operation
    /// Shapes of the operation's inputs (nil for an absent optional input). Activation shapes
    /// are those the interpreter inferred, which may differ from the file's for reshaped inputs.
    public let inputShapes: [[Int]?]

    public init(graph: Graph, operation: Operation, inputShapes: [[Int]?]) {
        self.graph = graph
        self.operation = operation
        self.inputShapes = inputShapes
    }

    /// The operation's `i`th input tensor, or nil when absent.
    public func inputTensor(_ i: Int) -> TensorDescription? {
        guard i < operation.inputs.count, operation.inputs[i] >= 0 else { return nil }
        return graph.tensors[operation.inputs[i]]
    }

    /// Float32 constant data of input `i`, if that input is a float constant.
    public func constantFloats(_ i: Int) -> [Float]? {
        if case .float32(let values)? = inputTensor(i)?.constant { return values }
        return nil
    }

    /// Int32 constant data of input `i`, if that input is an int32 constant.
    public func constantInts(_ i: Int) -> [Int32]? {
        if case .int32(let values)? = inputTensor(i)?.constant { return values }
        return nil
    }

    /// The shape of input `i`, or an `invalidOperation` error when it is absent.
    public func requireShape(_ i: Int) throws(RuntimeError) -> [Int] {
        guard i < inputShapes.count, let shape = inputShapes[i] else { throw invalid("input \(i) is missing") }
        return shape
    }

    /// An error naming this operation.
    public func invalid(_ reason: String) -> RuntimeError {
        .invalidOperation(name: graph.name, operation: operation.index, code: operation.code.description, reason: reason)
    }
}

/// Prepares a kernel for one operation.
public typealias KernelFactory = @Sendable (KernelSetup) throws(RuntimeError) -> any Kernel
