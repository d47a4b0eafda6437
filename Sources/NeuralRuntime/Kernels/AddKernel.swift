/// ADD: elementwise sum with numpy-style broadcasting (see `BroadcastPlan`) and a fused
/// NONE/RELU/RELU6/RELU_N1_TO_1 activation. In the face models it joins residual branches of
/// equal shapes, which the plan turns into one flat vector loop.
public final class AddKernel: Kernel {
    public static let factory: KernelFactory = { setup throws(RuntimeError) in try AddKernel(setup: setup) }

    public let outputShapes: [[Int]]
    private let plan: BroadcastPlan
    private let bounds: ClampBounds

    init(setup: KernelSetup) throws(RuntimeError) {
        guard case .elementwise(let activation) = setup.operation.options else {
            throw setup.invalid("expected AddOptions")
        }
        bounds = try setup.clampBounds(for: activation)
        plan = try setup.broadcastPlan()
        outputShapes = [plan.outputShape]
    }

    public func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        plan.run(AddOperator.self, lhs: inputs[0]!, rhs: inputs[1]!, output: outputs[0], bounds: bounds)
    }
}
