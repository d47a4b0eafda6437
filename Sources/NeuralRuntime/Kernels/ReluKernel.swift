/// RELU: max(x, 0) elementwise, shape unchanged.
public final class ReluKernel: Kernel {
    public static let factory: KernelFactory = { setup throws(RuntimeError) in try ReluKernel(setup: setup) }

    public let outputShapes: [[Int]]
    private let count: Int

    init(setup: KernelSetup) throws(RuntimeError) {
        let shape = try setup.elementwiseUnaryShape()
        outputShapes = [shape]
        count = shape.reduce(1, *)
    }

    public func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        let input = inputs[0]!, output = outputs[0]
        typealias V = SIMD16<Float>
        var index = 0
        while index + V.scalarCount <= count {
            let x: V = input.loadVector(at: index)
            output.storeVector(V.maximum(x, V()), at: index)
            index += V.scalarCount
        }
        while index < count {
            output[index] = max(input[index], 0)
            index += 1
        }
    }
}
