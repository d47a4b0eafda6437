/// A model as this runtime sees it: tensors, constant data and an ordered list of operations,
/// independent of the file format it came from. Kernels and the interpreter only ever see this.
public struct Graph: Sendable {
    /// Where it came from, for error messages (a file name).
    public var name: String
    public var tensors: [TensorDescription]
    public var operations: [Operation]
    /// Tensor indices of the graph's inputs and outputs, in the file's order.
    public var inputs: [Int]
    public var outputs: [Int]

    public init(name: String, tensors: [TensorDescription], operations: [Operation], inputs: [Int], outputs: [Int]) {
        self.name = name
        self.tensors = tensors
        self.operations = operations
        self.inputs = inputs
        self.outputs = outputs
    }

    /// The tensor with this name, if any.
    public func tensor(named name: String) -> TensorDescription? {
        tensors.first { $0.name == name }
    }
}
