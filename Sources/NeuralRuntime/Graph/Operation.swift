/// What an operation does: a TFLite builtin operator, or a custom one by name.
public enum OperatorCode: Sendable, Hashable, CustomStringConvertible {
    case builtin(BuiltinOperator)
    case custom(String)

    public var description: String {
        switch self {
        case .builtin(let op): op.description
        case .custom(let name): "CUSTOM:\(name)"
        }
    }
}

/// TFLite's BuiltinOperator codes: named for the operators this runtime implements, numeric for
/// the rest (so an unsupported one can be named in its error).
public struct BuiltinOperator: Sendable, Hashable, CustomStringConvertible {
    public var code: Int32
    public init(code: Int32) { self.code = code }

    public static let add = BuiltinOperator(code: 0)
    public static let averagePool2D = BuiltinOperator(code: 1)
    public static let concatenation = BuiltinOperator(code: 2)
    public static let conv2D = BuiltinOperator(code: 3)
    public static let depthwiseConv2D = BuiltinOperator(code: 4)
    public static let dequantize = BuiltinOperator(code: 6)
    public static let logistic = BuiltinOperator(code: 14)
    public static let maxPool2D = BuiltinOperator(code: 17)
    public static let mul = BuiltinOperator(code: 18)
    public static let relu = BuiltinOperator(code: 19)
    public static let reshape = BuiltinOperator(code: 22)
    public static let pad = BuiltinOperator(code: 34)
    public static let stridedSlice = BuiltinOperator(code: 45)
    public static let prelu = BuiltinOperator(code: 54)
    public static let custom = BuiltinOperator(code: 32)
    public static let depthToSpace = BuiltinOperator(code: 5)
    public static let resizeBilinear = BuiltinOperator(code: 23)
    public static let hardSwish = BuiltinOperator(code: 117)

    private static let names: [Int32: String] = [
        0: "ADD", 1: "AVERAGE_POOL_2D", 2: "CONCATENATION", 3: "CONV_2D", 4: "DEPTHWISE_CONV_2D", 5: "DEPTH_TO_SPACE", 6: "DEQUANTIZE",
        14: "LOGISTIC", 17: "MAX_POOL_2D", 18: "MUL", 19: "RELU", 22: "RESHAPE", 23: "RESIZE_BILINEAR", 32: "CUSTOM",
        34: "PAD", 45: "STRIDED_SLICE", 54: "PRELU", 117: "HARD_SWISH",
    ]

    public var description: String { Self.names[code] ?? "BUILTIN_\(code)" }
}

public enum Padding: Sendable, Hashable {
    /// Output size ceil(input / stride); TensorFlow pads the extra at the end (bottom/right).
    case same
    /// No padding: output size floor((input - filter) / stride) + 1.
    case valid
    /// Fixed zero rows/columns around the input, then VALID: output size
    /// floor((input + before + after - filter) / stride) + 1. No TFLite file has it; the
    /// interpreter's `OperatorFusion` makes it when it folds a zero PAD into a convolution.
    /// Convolutions only (pooling rejects it: its padding is not zeros).
    case explicit(top: Int, bottom: Int, left: Int, right: Int)
}

/// An activation fused into an operator's output.
public enum FusedActivation: Sendable, Hashable {
    case none, relu, reluN1To1, relu6, tanh, signBit
    /// A code this runtime does not know.
    case other(Int8)

    public init(code: Int8) {
        switch code {
        case 0: self = .none
        case 1: self = .relu
        case 2: self = .reluN1To1
        case 3: self = .relu6
        case 4: self = .tanh
        case 5: self = .signBit
        default: self = .other(code)
        }
    }
}

public struct Conv2DOptions: Sendable, Hashable {
    public var padding: Padding
    public var strideWidth: Int
    public var strideHeight: Int
    public var dilationWidth: Int
    public var dilationHeight: Int
    public var activation: FusedActivation

    public init(
        padding: Padding, strideWidth: Int, strideHeight: Int, dilationWidth: Int = 1,
        dilationHeight: Int = 1, activation: FusedActivation = .none
    ) {
        self.padding = padding
        self.strideWidth = strideWidth
        self.strideHeight = strideHeight
        self.dilationWidth = dilationWidth
        self.dilationHeight = dilationHeight
        self.activation = activation
    }
}

public struct DepthwiseConv2DOptions: Sendable, Hashable {
    public var padding: Padding
    public var strideWidth: Int
    public var strideHeight: Int
    public var depthMultiplier: Int
    public var dilationWidth: Int
    public var dilationHeight: Int
    public var activation: FusedActivation

    public init(
        padding: Padding, strideWidth: Int, strideHeight: Int, depthMultiplier: Int = 1,
        dilationWidth: Int = 1, dilationHeight: Int = 1, activation: FusedActivation = .none
    ) {
        self.padding = padding
        self.strideWidth = strideWidth
        self.strideHeight = strideHeight
        self.depthMultiplier = depthMultiplier
        self.dilationWidth = dilationWidth
        self.dilationHeight = dilationHeight
        self.activation = activation
    }
}

public struct Pool2DOptions: Sendable, Hashable {
    public var padding: Padding
    public var strideWidth: Int
    public var strideHeight: Int
    public var filterWidth: Int
    public var filterHeight: Int
    public var activation: FusedActivation

    public init(
        padding: Padding, strideWidth: Int, strideHeight: Int, filterWidth: Int, filterHeight: Int,
        activation: FusedActivation = .none
    ) {
        self.padding = padding
        self.strideWidth = strideWidth
        self.strideHeight = strideHeight
        self.filterWidth = filterWidth
        self.filterHeight = filterHeight
        self.activation = activation
    }
}

public struct StridedSliceOptions: Sendable, Hashable {
    public var beginMask: Int32
    public var endMask: Int32
    public var ellipsisMask: Int32
    public var newAxisMask: Int32
    public var shrinkAxisMask: Int32
    public var offset: Bool

    public init(
        beginMask: Int32 = 0, endMask: Int32 = 0, ellipsisMask: Int32 = 0, newAxisMask: Int32 = 0,
        shrinkAxisMask: Int32 = 0, offset: Bool = false
    ) {
        self.beginMask = beginMask
        self.endMask = endMask
        self.ellipsisMask = ellipsisMask
        self.newAxisMask = newAxisMask
        self.shrinkAxisMask = shrinkAxisMask
        self.offset = offset
    }
}

/// The options table of an operator, decoded from the file.
public enum OperatorOptions: Sendable, Hashable {
    case none
    case conv2D(Conv2DOptions)
    case depthwiseConv2D(DepthwiseConv2DOptions)
    case pool2D(Pool2DOptions)
    /// ADD and MUL.
    case elementwise(activation: FusedActivation)
    case concatenation(axis: Int, activation: FusedActivation)
    /// RESHAPE's `new_shape` option; nil when the shape comes from the second input.
    case reshape(newShape: [Int]?)
    case stridedSlice(StridedSliceOptions)
    /// RESIZE_BILINEAR's sampling convention.
    case resizeBilinear(alignCorners: Bool, halfPixelCenters: Bool)
    case depthToSpace(blockSize: Int)
    /// A custom operator's options, as raw FlexBuffers bytes.
    case custom([UInt8])
}

/// One operator of a graph, in execution order.
public struct Operation: Sendable, Hashable {
    /// Position in the graph's `operations`.
    public var index: Int
    public var code: OperatorCode
    /// Tensor indices; -1 marks an absent optional input (e.g. no bias).
    public var inputs: [Int]
    public var outputs: [Int]
    public var options: OperatorOptions
    /// Set only by `OperatorFusion` on a CONV_2D or DEPTHWISE_CONV_2D whose activation is NONE:
    /// the index of a constant float tensor of per-channel PReLU slopes (one per output channel)
    /// that the kernel applies to its result, x >= 0 ? x : x * alpha[channel], replacing a
    /// PRELU operator that read only this convolution's output. nil for every loaded operator.
    public var fusedPReLUAlpha: Int?
    /// Set only by `OperatorFusion` on a CONV_2D whose output was read only by an ADD (activation
    /// NONE, equal shapes) of a residual tensor: that residual's tensor index. It is also the
    /// convolution's input 3 (input 2, the bias, is -1 when absent), so the interpreter passes
    /// its pointer and plans its lifetime like any input; the kernel computes
    /// ((bias + sum of products) + residual) and then its activation, as the ADD did.
    /// nil for every loaded operator.
    public var fusedResidual: Int?

    public init(
        index: Int, code: OperatorCode, inputs: [Int], outputs: [Int], options: OperatorOptions = .none,
        fusedPReLUAlpha: Int? = nil, fusedResidual: Int? = nil
    ) {
        self.index = index
        self.code = code
        self.inputs = inputs
        self.outputs = outputs
        self.options = options
        self.fusedPReLUAlpha = fusedPReLUAlpha
        self.fusedResidual = fusedResidual
    }
}
