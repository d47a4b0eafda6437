// Helpers shared by the builtin kernels: constant look-up, activation bounds, window geometry,
// and unaligned SIMD access. Nothing here allocates at run time.

extension KernelSetup {
    /// The float32 values of input `i` when they are known at preparation: either the input is
    /// a float constant, or it is the output of a DEQUANTIZE whose input is one (the MediaPipe
    /// models store weights as float16 constants behind DEQUANTIZE operators; the loader widens
    /// them to float32 but the graph still routes them through the DEQUANTIZE).
    public func resolvedConstantFloats(_ i: Int) -> [Float]? {
        guard let tensor = inputTensor(i) else { return nil }
        return graph.constantFloats(producing: tensor.index)
    }

    /// Shape of input `i`, which must have exactly `rank` dimensions, all positive.
    func requireShape(_ i: Int, rank: Int, role: String) throws(RuntimeError) -> [Int] {
        let shape = try requireShape(i)
        guard shape.count == rank else {
            throw invalid("\(role) must have rank \(rank), got shape \(shape)")
        }
        guard shape.allSatisfy({ $0 > 0 }) else { throw invalid("\(role) has an empty dimension: \(shape)") }
        return shape
    }

    /// The int32 constant values of input `i`, or an error saying which input must be constant.
    func requireConstantInts(_ i: Int, role: String) throws(RuntimeError) -> [Int] {
        guard let values = constantInts(i) else { throw invalid("\(role) (input \(i)) must be an int32 constant") }
        return values.map { Int($0) }
    }

    /// The per-channel PReLU slopes `OperatorFusion` gave this convolution
    /// (`Operation.fusedPReLUAlpha`), or nil when it has none. They must be `channels` constant
    /// floats, and the convolution's own activation must be NONE (the PReLU replaces it).
    func fusedPReLUSlopes(channels: Int, activation: FusedActivation) throws(RuntimeError) -> [Float]? {
        guard let tensor = operation.fusedPReLUAlpha else { return nil }
        guard activation == .none else { throw invalid("a fused PReLU needs activation NONE, got \(activation)") }
        guard let values = graph.constantFloats(producing: tensor), values.count == channels else {
            throw invalid("fused PReLU slopes must be \(channels) constant floats")
        }
        return values
    }

    /// The bounds a fused activation clamps to; NONE, RELU, RELU6 and RELU_N1_TO_1 are clamps,
    /// anything else (TANH, SIGN_BIT, unknown codes) is rejected here rather than ignored.
    func clampBounds(for activation: FusedActivation) throws(RuntimeError) -> ClampBounds {
        switch activation {
        case .none: return .identity
        case .relu: return ClampBounds(lower: 0, upper: .infinity)
        case .relu6: return ClampBounds(lower: 0, upper: 6)
        case .reluN1To1: return ClampBounds(lower: -1, upper: 1)
        case .tanh: throw invalid("fused activation TANH is not supported")
        case .signBit: throw invalid("fused activation SIGN_BIT is not supported")
        case .other(let code): throw invalid("unknown fused activation code \(code)")
        }
    }
}

extension Graph {
    /// Float32 values of tensor `index` if they are known before running: a float constant, or
    /// the output of a DEQUANTIZE (or a chain of them) fed by one.
    public func constantFloats(producing index: Int) -> [Float]? {
        guard index >= 0, index < tensors.count else { return nil }
        if case .float32(let values)? = tensors[index].constant { return values }
        guard let producer = operations.first(where: { $0.outputs.contains(index) }),
            producer.code == .builtin(.dequantize), let source = producer.inputs.first, source != index
        else { return nil }
        return constantFloats(producing: source)
    }
}

/// Lower and upper bounds of a fused activation. NONE is (-inf, +inf) and skips the clamp
/// (a well-predicted branch is cheaper than two compare-and-selects per vector).
struct ClampBounds: Sendable {
    let lower: Float
    let upper: Float
    let isIdentity: Bool

    init(lower: Float, upper: Float) {
        self.lower = lower
        self.upper = upper
        isIdentity = lower == -.infinity && upper == .infinity
    }

    static let identity = ClampBounds(lower: -.infinity, upper: .infinity)

    @inline(__always) func apply(_ x: Float) -> Float {
        isIdentity ? x : Swift.min(Swift.max(x, lower), upper)
    }

    @inline(__always) func apply<V: FloatVector>(_ x: V) -> V {
        isIdentity ? x : clamp(x)
    }

    /// The clamp without the identity test, for loops that hoist that test themselves.
    @inline(__always) func clamp<V: FloatVector>(_ x: V) -> V {
        V.minimum(V.maximum(x, V(repeating: lower)), V(repeating: upper))
    }
}

/// Which spatial dimension a `WindowGeometry` is for.
enum WindowAxis: Sendable { case rows, columns }

/// Output size and leading padding of one spatial dimension of a windowed operator (convolution,
/// pooling).
struct WindowGeometry: Sendable, Equatable {
    var outputSize: Int
    /// Zero rows/columns virtually added before the input (top or left).
    var padBefore: Int

    /// TensorFlow's rule. SAME gives ceil(input / stride) outputs and pads just enough to cover
    /// them: total = max((out - 1) * stride + effectiveFilter - input, 0). The total is split
    /// with the smaller half *before* (total / 2, rounded down) and the rest after, so an odd
    /// total puts the extra row at the bottom/right. A model trained in TensorFlow depends on
    /// that asymmetry: a symmetric split would shift a stride-2 output by one input pixel.
    /// VALID pads nothing and gives floor((input - effectiveFilter) / stride) + 1 outputs.
    /// EXPLICIT pads `before` and `after` (of the axis: top/bottom for rows, left/right for
    /// columns) and is then VALID.
    /// Returns nil when the window does not fit (VALID with input smaller than the filter).
    init?(input: Int, filter: Int, stride: Int, dilation: Int, padding: Padding, axis: WindowAxis) {
        let effectiveFilter = (filter - 1) * dilation + 1
        switch padding {
        case .explicit(let top, let bottom, let left, let right):
            let (before, after) = axis == .rows ? (top, bottom) : (left, right)
            guard before >= 0, after >= 0, input + before + after >= effectiveFilter else { return nil }
            outputSize = (input + before + after - effectiveFilter) / stride + 1
            padBefore = before
        case .same:
            outputSize = (input + stride - 1) / stride
            let total = Swift.max((outputSize - 1) * stride + effectiveFilter - input, 0)
            padBefore = total / 2
        case .valid:
            guard input >= effectiveFilter else { return nil }
            outputSize = (input - effectiveFilter) / stride + 1
            padBefore = 0
        }
    }
}

/// Vector sizes chosen for the instruction set the package is compiled for. Swift cannot test
/// target features in `#if`, so a build that enables AVX2 or AVX-512 (e.g. `-target-cpu
/// haswell` or `znver4`) should also define NEURAL_RUNTIME_WIDE_VECTORS; without it the sizes
/// suit the x86-64 baseline (SSE2: sixteen 128-bit registers), which is what a plain
/// `swift build -c release` targets. Either way the results are identical; only speed differs.
enum VectorWidth {
    #if NEURAL_RUNTIME_WIDE_VECTORS
        /// Output channels per convolution accumulator: 4 pixels x 16 channels = 8 AVX2 registers
        /// (4 AVX-512 ones).
        typealias ConvolutionLanes = SIMD16<Float>
    #else
        /// 4 pixels x 8 channels = 8 SSE registers, leaving room for weights and broadcasts.
        typealias ConvolutionLanes = SIMD8<Float>
    #endif
}

/// The float vectors kernels compute with (SIMD4/8/16 of Float), with the operations they need
/// implemented on each concrete type.
///
/// Why not just use the SIMD operators in generic code: inside a function generic over `V: SIMD`,
/// Swift resolves `.<`, `pointwiseMax` and friends to the protocol's generic versions, which
/// build masks one lane at a time; even after specialisation they stay scalar loops, ten times
/// slower than the single compare-and-select the concrete types compile to. Requirements
/// implemented in the concrete extensions below keep generic kernels vector-fast.
protocol FloatVector: SIMD where Scalar == Float {
    static func sum(_ a: Self, _ b: Self) -> Self
    static func product(_ a: Self, _ b: Self) -> Self
    /// acc + a * b, rounded twice (a fused multiply-add would call the C library per lane when the
    /// target has no FMA instructions).
    static func multiplyAdd(_ acc: Self, _ a: Self, _ b: Self) -> Self
    /// Lane-wise C++ std::max(a, b), i.e. a < b ? b : a (TFLite's semantics, NaNs included).
    static func maximum(_ a: Self, _ b: Self) -> Self
    /// Lane-wise C++ std::min(a, b), i.e. b < a ? b : a.
    static func minimum(_ a: Self, _ b: Self) -> Self
    /// x where x >= 0 (or NaN), else alpha * x: PReLU.
    static func negativeScaled(_ x: Self, by alpha: Self) -> Self
}

extension SIMD4: FloatVector where Scalar == Float {
    @inline(__always) static func sum(_ a: Self, _ b: Self) -> Self { a + b }
    @inline(__always) static func product(_ a: Self, _ b: Self) -> Self { a * b }
    @inline(__always) static func multiplyAdd(_ acc: Self, _ a: Self, _ b: Self) -> Self { acc + a * b }
    @inline(__always) static func maximum(_ a: Self, _ b: Self) -> Self { a.replacing(with: b, where: a .< b) }
    @inline(__always) static func minimum(_ a: Self, _ b: Self) -> Self { a.replacing(with: b, where: b .< a) }
    @inline(__always) static func negativeScaled(_ x: Self, by alpha: Self) -> Self { x.replacing(with: x * alpha, where: x .< 0) }
}

extension SIMD8: FloatVector where Scalar == Float {
    @inline(__always) static func sum(_ a: Self, _ b: Self) -> Self { a + b }
    @inline(__always) static func product(_ a: Self, _ b: Self) -> Self { a * b }
    @inline(__always) static func multiplyAdd(_ acc: Self, _ a: Self, _ b: Self) -> Self { acc + a * b }
    @inline(__always) static func maximum(_ a: Self, _ b: Self) -> Self { a.replacing(with: b, where: a .< b) }
    @inline(__always) static func minimum(_ a: Self, _ b: Self) -> Self { a.replacing(with: b, where: b .< a) }
    @inline(__always) static func negativeScaled(_ x: Self, by alpha: Self) -> Self { x.replacing(with: x * alpha, where: x .< 0) }
}

extension SIMD16: FloatVector where Scalar == Float {
    @inline(__always) static func sum(_ a: Self, _ b: Self) -> Self { a + b }
    @inline(__always) static func product(_ a: Self, _ b: Self) -> Self { a * b }
    @inline(__always) static func multiplyAdd(_ acc: Self, _ a: Self, _ b: Self) -> Self { acc + a * b }
    @inline(__always) static func maximum(_ a: Self, _ b: Self) -> Self { a.replacing(with: b, where: a .< b) }
    @inline(__always) static func minimum(_ a: Self, _ b: Self) -> Self { a.replacing(with: b, where: b .< a) }
    @inline(__always) static func negativeScaled(_ x: Self, by alpha: Self) -> Self { x.replacing(with: x * alpha, where: x .< 0) }
}

extension SIMD32: FloatVector where Scalar == Float {
    @inline(__always) static func sum(_ a: Self, _ b: Self) -> Self { a + b }
    @inline(__always) static func product(_ a: Self, _ b: Self) -> Self { a * b }
    @inline(__always) static func multiplyAdd(_ acc: Self, _ a: Self, _ b: Self) -> Self { acc + a * b }
    @inline(__always) static func maximum(_ a: Self, _ b: Self) -> Self { a.replacing(with: b, where: a .< b) }
    @inline(__always) static func minimum(_ a: Self, _ b: Self) -> Self { a.replacing(with: b, where: b .< a) }
    @inline(__always) static func negativeScaled(_ x: Self, by alpha: Self) -> Self { x.replacing(with: x * alpha, where: x .< 0) }
}

/// Row-major strides of a shape, in elements.
func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var running = 1
    for axis in shape.indices.reversed() {
        strides[axis] = running
        running *= shape[axis]
    }
    return strides
}

// Unaligned SIMD loads and stores: activation buffers are float-aligned only, and channel
// offsets need not be multiples of the vector width.
extension UnsafePointer where Pointee == Float {
    @inline(__always) func loadVector<V: SIMD>(at offset: Int = 0, as type: V.Type = V.self) -> V where V.Scalar == Float {
        UnsafeRawPointer(self + offset).loadUnaligned(as: V.self)
    }
}

extension UnsafeMutablePointer where Pointee == Float {
    @inline(__always) func loadVector<V: SIMD>(at offset: Int = 0, as type: V.Type = V.self) -> V where V.Scalar == Float {
        UnsafeRawPointer(self + offset).loadUnaligned(as: V.self)
    }

    @inline(__always) func storeVector<V: SIMD>(_ value: V, at offset: Int = 0) where V.Scalar == Float {
        UnsafeMutableRawPointer(self + offset).storeBytes(of: value, as: V.self)
    }
}

/// Copies `count` floats between buffers that do not overlap. Short runs (a pixel's channels)
/// are copied inline with vectors: a call to memmove per pixel costs more than the copy.
@inline(__always) func copyFloats(from source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, count: Int) {
    guard count <= 256 else {
        destination.update(from: source, count: count)
        return
    }
    var index = 0
    while index + 16 <= count {
        destination.storeVector(source.loadVector(at: index) as SIMD16<Float>, at: index)
        index += 16
    }
    while index + 4 <= count {
        destination.storeVector(source.loadVector(at: index) as SIMD4<Float>, at: index)
        index += 4
    }
    while index < count {
        destination[index] = source[index]
        index += 1
    }
}

/// Sets `count` floats to zero; short runs inline, as `copyFloats`.
@inline(__always) func zeroFloats(_ destination: UnsafeMutablePointer<Float>, count: Int) {
    guard count <= 256 else {
        destination.update(repeating: 0, count: count)
        return
    }
    var index = 0
    while index + 16 <= count {
        destination.storeVector(SIMD16<Float>(), at: index)
        index += 16
    }
    while index < count {
        destination[index] = 0
        index += 1
    }
}

/// Float storage a kernel fills at preparation (packed weights, padded biases, a zero row) and
/// reads at run time: 64-byte aligned so vector loads never straddle a cache line, and freed
/// with the kernel.
final class AlignedFloatBuffer {
    let count: Int
    let pointer: UnsafeMutablePointer<Float>

    init(count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        pointer = raw.initializeMemory(as: Float.self, repeating: 0, count: Swift.max(count, 1))
    }

    deinit { pointer.deallocate() }
}

extension KernelSetup {
    /// For an operation that maps one tensor to one of the same shape (RELU, LOGISTIC): checks
    /// it has exactly one input and one output and returns that shape.
    func elementwiseUnaryShape() throws(RuntimeError) -> [Int] {
        guard operation.inputs.count == 1, operation.outputs.count == 1 else {
            throw invalid("expects one input and one output")
        }
        return try requireShape(0)
    }
}
