/// RESHAPE: the same values under a new shape. The shape comes from the int32 constant second
/// input when there is one (TFLite gives it precedence), else from the `new_shape` option; one
/// dimension may be -1, inferred from the element count. A shape computed at run time is not
/// supported. The run is a copy (skipped if the interpreter hands the same buffer for both).
public final class ReshapeKernel: Kernel {
    public static let factory: KernelFactory = { setup throws(RuntimeError) in try ReshapeKernel(setup: setup) }

    public let outputShapes: [[Int]]
    private let count: Int

    init(setup: KernelSetup) throws(RuntimeError) {
        guard (1...2).contains(setup.operation.inputs.count), setup.operation.outputs.count == 1 else {
            throw setup.invalid("expects input, optional shape, and one output")
        }
        let inputShape = try setup.requireShape(0)
        count = inputShape.reduce(1, *)
        var requested: [Int]
        if setup.inputTensor(1) != nil {
            requested = try setup.requireConstantInts(1, role: "shape")
        } else if case .reshape(let newShape?) = setup.operation.options {
            requested = newShape
        } else {
            throw setup.invalid("no target shape: neither a shape input nor a new_shape option")
        }
        let unknown = requested.indices.filter { requested[$0] == -1 }
        guard unknown.count <= 1, requested.allSatisfy({ $0 >= 0 || $0 == -1 }) else {
            throw setup.invalid("invalid target shape \(requested)")
        }
        let known = requested.filter { $0 != -1 }.reduce(1, *)
        if let axis = unknown.first {
            guard known > 0, count % known == 0 else {
                throw setup.invalid("cannot reshape \(inputShape) to \(requested)")
            }
            requested[axis] = count / known
        }
        guard requested.reduce(1, *) == count else {
            throw setup.invalid("cannot reshape \(inputShape) (\(count) values) to \(requested)")
        }
        outputShapes = [requested]
    }

    public func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        let input = inputs[0]!, output = outputs[0]
        if UnsafePointer(output) != input { output.update(from: input, count: count) }
    }
}
