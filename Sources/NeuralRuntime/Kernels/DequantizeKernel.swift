/// DEQUANTIZE of float16 data. The loader widens float16 constants to float32 once, at load
/// (see `ConstantData`), and folds away each DEQUANTIZE of a constant, which is how the MediaPipe
/// models store their weights. What reaches this kernel is a DEQUANTIZE the loader left, whose
/// input already holds float32 values at run time (a float16 activation, which the runtime
/// stores as float32): so the kernel is a copy. Kernels that need constant values at
/// preparation (convolution weights) also look through an unfolded DEQUANTIZE, with
/// `KernelSetup.resolvedConstantFloats`. Integer (scale/zero-point) dequantisation is not
/// supported: the graph carries no quantisation parameters.
public final class DequantizeKernel: Kernel {
    public static let factory: KernelFactory = { setup throws(RuntimeError) in try DequantizeKernel(setup: setup) }

    public let outputShapes: [[Int]]
    private let count: Int

    init(setup: KernelSetup) throws(RuntimeError) {
        guard setup.operation.inputs.count == 1, setup.operation.outputs.count == 1 else {
            throw setup.invalid("expects one input and one output")
        }
        guard let tensor = setup.inputTensor(0) else { throw setup.invalid("input 0 is missing") }
        switch tensor.type {
        case .float16, .float32: break
        default: throw setup.invalid("dequantizing \(tensor.type) is not supported (only float16)")
        }
        let shape = try setup.requireShape(0)
        outputShapes = [shape]
        count = shape.reduce(1, *)
    }

    public func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        let input = inputs[0]!, output = outputs[0]
        if UnsafePointer(output) != input { output.update(from: input, count: count) }
    }
}
