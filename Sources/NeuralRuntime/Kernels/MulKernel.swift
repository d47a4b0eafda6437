/// MUL: elementwise product with numpy-style broadcasting (see `BroadcastPlan`) and a fused
/// NONE/RELU/RELU6/RELU_N1_TO_1 activation. The attention model scales landmarks [1, 468, 3] by
/// a one-value constant and 4x4 matrices by a [1, 4, 4] constant.
public final class MulKernel: Kernel {
    public static let factory: KernelFactory = { setup throws(RuntimeError) in try MulKernel(setup: setup) }

    public let outputShapes: [[Int]]
    private let plan: BroadcastPlan
    private let bounds: ClampBounds

    init(setup: KernelSetup) throws(RuntimeError) {
        guard case .elementwise(let activation) = setup.operation.options else {
            throw setup.invalid("expected MulOptions")
        }
        bounds = try setup.clampBounds(for: activation)
        plan = try setup.broadcastPlan()
        outputShapes = [plan.outputShape]
    }

    public func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        plan.run(MultiplyOperator.self, lhs: inputs[0]!, rhs: inputs[1]!, output: outputs[0], bounds: bounds)
    }
}
