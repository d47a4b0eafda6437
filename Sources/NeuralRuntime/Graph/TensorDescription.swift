/// Data a tensor holds from load time on: weights, biases, shapes, paddings. Float16 constants
/// are widened to float32 once, at load, so kernels only ever see these two kinds.
public enum ConstantData: Sendable, Equatable {
    case float32([Float])
    case int32([Int32])

    public var count: Int {
        switch self {
        case .float32(let values): values.count
        case .int32(let values): values.count
        }
    }
}

/// One tensor of a graph: its name, shape and type, and its data when it is a constant.
public struct TensorDescription: Sendable, Equatable {
    /// Index in the graph's `tensors` (the model file's tensor index).
    public var index: Int
    public var name: String
    /// Dimensions, NHWC for images. Every dimension is known in the models actone runs.
    public var shape: [Int]
    /// The type declared in the file. For a float16 constant, `constant` holds float32 values.
    public var type: ElementType
    public var constant: ConstantData?

    public init(index: Int, name: String, shape: [Int], type: ElementType, constant: ConstantData? = nil) {
        self.index = index
        self.name = name
        self.shape = shape
        self.type = type
        self.constant = constant
    }

    /// Number of elements (1 for a scalar of shape []).
    public var elementCount: Int { shape.reduce(1, *) }
    public var isConstant: Bool { constant != nil }
}
