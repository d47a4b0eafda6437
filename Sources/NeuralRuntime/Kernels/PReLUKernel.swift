/// PRELU: x where x >= 0, else alpha * x, with alpha broadcast against x numpy-style (the face
/// models use alpha [1, 1, C] against [1, H, W, C], which `BroadcastPlan` walks as pixels x
/// channels with alpha's channel vector repeated). Alpha is read from the run-time input, so
/// it works whether the loader passes it as a constant or through a DEQUANTIZE.
public final class PReLUKernel: Kernel {
    public static let factory: KernelFactory = { setup throws(RuntimeError) in try PReLUKernel(setup: setup) }

    public let outputShapes: [[Int]]
    private let plan: BroadcastPlan

    init(setup: KernelSetup) throws(RuntimeError) {
        switch setup.operation.options {
        case .none: break
        default: throw setup.invalid("PRELU takes no options")
        }
        plan = try setup.broadcastPlan()
        let inputShape = try setup.requireShape(0)
        // TFLite's output is the broadcast shape; alpha larger than the input would be a model bug.
        guard plan.outputShape.reduce(1, *) == inputShape.reduce(1, *) else {
            throw setup.invalid("alpha \(try setup.requireShape(1)) is larger than input \(inputShape)")
        }
        outputShapes = [plan.outputShape]
    }

    public func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        plan.run(
            PReLUOperator.self, lhs: inputs[0]!, rhs: inputs[1]!, output: outputs[0],
            bounds: .identity)
    }
}
