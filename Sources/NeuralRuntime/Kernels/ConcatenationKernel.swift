/// CONCATENATION along any axis (negative counts from the end), with a fused
/// NONE/RELU/RELU6/RELU_N1_TO_1 activation. All inputs have the same rank and agree on every
/// other axis. Seen as [outer, axis * inner] blocks, the output interleaves one contiguous block
/// from each input per outer index, so the run is a sequence of copies.
public final class ConcatenationKernel: Kernel {
    public static let factory: KernelFactory = { setup throws(RuntimeError) in try ConcatenationKernel(setup: setup) }

    public let outputShapes: [[Int]]
    /// Product of the axes before the concatenation axis.
    private let outerCount: Int
    /// Elements each input contributes per outer index (its axis length x inner size).
    private let blockLengths: [Int]
    private let bounds: ClampBounds
    private let clamps: Bool

    init(setup: KernelSetup) throws(RuntimeError) {
        guard case .concatenation(let requestedAxis, let activation) = setup.operation.options else {
            throw setup.invalid("expected ConcatenationOptions")
        }
        guard !setup.operation.inputs.isEmpty, setup.operation.outputs.count == 1 else {
            throw setup.invalid("expects at least one input and one output")
        }
        let shapes = try (0..<setup.operation.inputs.count).map { i throws(RuntimeError) in try setup.requireShape(i) }
        let rank = shapes[0].count
        let axis = requestedAxis < 0 ? requestedAxis + rank : requestedAxis
        guard axis >= 0, axis < rank else { throw setup.invalid("axis \(requestedAxis) is out of range for rank \(rank)") }
        var output = shapes[0]
        for shape in shapes.dropFirst() {
            guard shape.count == rank, shape.indices.allSatisfy({ $0 == axis || shape[$0] == shapes[0][$0] }) else {
                throw setup.invalid("cannot concatenate \(shape) with \(shapes[0]) along axis \(axis)")
            }
            output[axis] += shape[axis]
        }
        outputShapes = [output]
        outerCount = output[..<axis].reduce(1, *)
        let inner = output[(axis + 1)...].reduce(1, *)
        blockLengths = shapes.map { $0[axis] * inner }
        bounds = try setup.clampBounds(for: activation)
        clamps = activation != .none
    }

    public func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        var output = outputs[0]
        for outer in 0..<outerCount {
            for (index, length) in blockLengths.enumerated() {
                let source = inputs[index]! + outer * length
                if clamps {
                    for i in 0..<length { output[i] = bounds.apply(source[i]) }
                } else {
                    copyFloats(from: source, to: output, count: length)
                }
                output += length
            }
        }
    }
}
