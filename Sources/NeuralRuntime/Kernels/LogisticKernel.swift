/// LOGISTIC: 1 / (1 + e^-x) elementwise, shape unchanged.
///
/// The standard library has no `exp` and this target avoids Foundation and the C library, so
/// e^x is computed here, vectorised: x = n ln2 + r with |r| <= ln2 / 2, e^r from a degree-6
/// polynomial (relative error about 2e-7 over that range), and 2^n made by writing the float's
/// exponent bits directly.
public final class LogisticKernel: Kernel {
    public static let factory: KernelFactory = { setup throws(RuntimeError) in try LogisticKernel(setup: setup) }

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
            output.storeVector(Self.logistic(input.loadVector(at: index) as V), at: index)
            index += V.scalarCount
        }
        while index < count {
            // The tail goes through the same vector code, so every element rounds the same way.
            output[index] = Self.logistic(SIMD16<Float>(repeating: input[index]))[0]
            index += 1
        }
    }

    @inline(__always)
    static func logistic(_ x: SIMD16<Float>) -> SIMD16<Float> {
        typealias V = SIMD16<Float>
        // e^-x overflows to +inf for x < -88.7, where 1 / (1 + inf) = 0 is the right limit.
        let one = V(repeating: 1)
        return one / (one + exponential(-x))
    }

    /// e^x, within a few ulp; +inf above 88.72, e^-87.33 (about 1.2e-38) below -87.33.
    @inline(__always)
    static func exponential(_ x: SIMD16<Float>) -> SIMD16<Float> {
        typealias V = SIMD16<Float>
        let clamped = V.minimum(V.maximum(x, V(repeating: -87.33)), V(repeating: 88.72))
        // n = round(x / ln2), then r = x - n ln2 with ln2 split in two for precision.
        // Rounding by adding and subtracting 1.5 * 2^23 (exact for |x| < 2^22): `rounded()`
        // would call the C library's rintf, which this target does not link.
        let roundingMagic = V(repeating: 12_582_912)
        let n = (clamped * V(repeating: 1.442_695_04) + roundingMagic) - roundingMagic
        let r = clamped - n * V(repeating: 0.693_359_375) + n * V(repeating: 2.121_944_4e-4)
        // Taylor coefficients of e^r (Cephes' expf polynomial).
        var p = V(repeating: 1.987_569_15e-4)
        p = p * r + V(repeating: 1.398_199_95e-3)
        p = p * r + V(repeating: 8.333_451_9e-3)
        p = p * r + V(repeating: 4.166_579_6e-2)
        p = p * r + V(repeating: 1.666_666_55e-1)
        p = p * r + V(repeating: 5.000_000_1e-1)
        let expR = p * r * r + r + V(repeating: 1)
        // 2^n, built in two halves so each stays a normal float over n in [-126, 128].
        var scale = V()
        for lane in 0..<V.scalarCount {
            // A NaN input gives a NaN n; converting that would trap, and r carries the NaN anyway.
            let whole = n[lane].isNaN ? 0 : Int32(n[lane]), half = whole >> 1
            scale[lane] = Float(bitPattern: UInt32(half + 127) << 23) * Float(bitPattern: UInt32(whole - half + 127) << 23)
        }
        let result = expR * scale
        return result.replacing(with: .infinity, where: x .> V(repeating: 88.72))
    }
}
