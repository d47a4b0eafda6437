/// HARD_SWISH: x * min(max(x + 3, 0), 6) / 6 elementwise, shape unchanged (MobileNetV3's cheap
/// swish, used after the selfie segmentation model's convolutions). The operations are TFLite's
/// reference ones in its order (add, clamp, multiply, then divide by 6 rather than multiply by a
/// rounded 1/6), so every value rounds as TFLite's does.
public final class HardSwishKernel: Kernel {
    public static let factory: KernelFactory = { setup throws(RuntimeError) in try HardSwishKernel(setup: setup) }

    public let outputShapes: [[Int]]
    private let count: Int

    init(setup: KernelSetup) throws(RuntimeError) {
        switch setup.operation.options {
        case .none: break
        default: throw setup.invalid("HARD_SWISH takes no options")
        }
        let shape = try setup.elementwiseUnaryShape()
        outputShapes = [shape]
        count = shape.reduce(1, *)
    }

    public func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        let input = inputs[0]!, output = outputs[0]
        typealias V = SIMD16<Float>
        var index = 0
        while index + V.scalarCount <= count {
            output.storeVector(Self.hardSwish(input.loadVector(at: index) as V), at: index)
            index += V.scalarCount
        }
        while index < count {
            output[index] = Self.hardSwish(input[index])
            index += 1
        }
    }

    /// TFLite's std::min(6, std::max(0, x + 3)): `maximum(a, b)` is `a < b ? b : a`, so the
    /// operand order below is std::max's and std::min's (it decides what a NaN becomes).
    @inline(__always)
    static func hardSwish(_ x: SIMD16<Float>) -> SIMD16<Float> {
        typealias V = SIMD16<Float>
        let gate = V.minimum(V(repeating: 6), V.maximum(V(), x + V(repeating: 3)))
        return x * gate / V(repeating: 6)
    }

    @inline(__always)
    static func hardSwish(_ x: Float) -> Float {
        let shifted = x + 3
        let lower = 0 < shifted ? shifted : 0
        let gate = lower < 6 ? lower : 6
        return x * gate / 6
    }
}
