/// Shared machinery of the two-operand elementwise kernels (ADD, MUL, PRELU): numpy-style
/// broadcasting planned once at preparation, then a tight loop at run time.

/// An elementwise operation on two operands, in scalar and vector form.
protocol ElementwiseOperator {
    static func apply(_ lhs: Float, _ rhs: Float) -> Float
    static func apply<V: FloatVector>(_ lhs: V, _ rhs: V) -> V
}

enum AddOperator: ElementwiseOperator {
    @inline(__always) static func apply(_ lhs: Float, _ rhs: Float) -> Float { lhs + rhs }
    @inline(__always) static func apply<V: FloatVector>(_ lhs: V, _ rhs: V) -> V { V.sum(lhs, rhs) }
}

enum MultiplyOperator: ElementwiseOperator {
    @inline(__always) static func apply(_ lhs: Float, _ rhs: Float) -> Float { lhs * rhs }
    @inline(__always) static func apply<V: FloatVector>(_ lhs: V, _ rhs: V) -> V { V.product(lhs, rhs) }
}

/// PReLU: x where x >= 0, alpha * x elsewhere (TFLite's comparison, so -0 and NaN pass through
/// as x and alpha * x respectively, as in the reference kernel).
enum PReLUOperator: ElementwiseOperator {
    @inline(__always) static func apply(_ x: Float, _ alpha: Float) -> Float { x >= 0 ? x : x * alpha }
    @inline(__always) static func apply<V: FloatVector>(_ x: V, _ alpha: V) -> V { V.negativeScaled(x, by: alpha) }
}

/// How to walk two broadcast operands and their output. Axes of size 1 are dropped and runs of
/// axes that both operands walk contiguously (or both repeat) are merged, so a same-shape ADD is
/// one flat loop, a per-channel PReLU is pixels x channels, and a scalar MUL is one loop with a
/// repeated right operand. What is left must fit in three outer loops and one inner loop.
struct BroadcastPlan: Sendable, Equatable {
    /// The broadcast shape of the two operands.
    let outputShape: [Int]
    /// Outer loop counts, outermost first.
    let outerCounts: [Int]
    let lhsOuterStrides: [Int]
    let rhsOuterStrides: [Int]
    /// The innermost loop: its length, and each operand's step along it (0 or 1).
    let innerCount: Int
    let lhsInnerStride: Int
    let rhsInnerStride: Int

    static let outerRank = 3

    enum Failure: Error { case incompatible, tooManyAxes }

    init(lhs: [Int], rhs: [Int]) throws(Failure) {
        let rank = max(lhs.count, rhs.count)
        let lhsShape = [Int](repeating: 1, count: rank - lhs.count) + lhs
        let rhsShape = [Int](repeating: 1, count: rank - rhs.count) + rhs
        var output = [Int]()
        for axis in 0..<rank {
            let (l, r) = (lhsShape[axis], rhsShape[axis])
            if l == r || r == 1 { output.append(l) } else if l == 1 { output.append(r) } else { throw .incompatible }
        }
        outputShape = output
        let lhsContiguous = contiguousStrides(lhsShape)
        let rhsContiguous = contiguousStrides(rhsShape)

        // Axes that matter, innermost first, with each operand's stride (0 where it repeats).
        var counts = [Int](), lhsStrides = [Int](), rhsStrides = [Int]()
        for axis in (0..<rank).reversed() where output[axis] != 1 {
            let l = lhsShape[axis] == 1 ? 0 : lhsContiguous[axis]
            let r = rhsShape[axis] == 1 ? 0 : rhsContiguous[axis]
            if let last = counts.indices.last,
                l == lhsStrides[last] * counts[last], r == rhsStrides[last] * counts[last]
            {
                counts[last] *= output[axis]  // continues the inner run for both operands
            } else {
                counts.append(output[axis]); lhsStrides.append(l); rhsStrides.append(r)
            }
        }
        if counts.isEmpty { counts = [1]; lhsStrides = [0]; rhsStrides = [0] }
        guard counts.count <= Self.outerRank + 1 else { throw .tooManyAxes }
        innerCount = counts[0]
        lhsInnerStride = lhsStrides[0]
        rhsInnerStride = rhsStrides[0]
        let padding = Self.outerRank + 1 - counts.count
        outerCounts = [Int](repeating: 1, count: padding) + counts.dropFirst().reversed()
        lhsOuterStrides = [Int](repeating: 0, count: padding) + lhsStrides.dropFirst().reversed()
        rhsOuterStrides = [Int](repeating: 0, count: padding) + rhsStrides.dropFirst().reversed()
    }

    var outputCount: Int { outputShape.reduce(1, *) }

    /// output = clamp(Op(lhs, rhs)) over the broadcast shape.
    @inline(__always)
    func run<Op: ElementwiseOperator>(
        _: Op.Type, lhs: UnsafePointer<Float>, rhs: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, bounds: ClampBounds
    ) {
        // Decided once, so each loop nest below is compiled for its own stepping pattern.
        switch (lhsInnerStride, rhsInnerStride) {
        case (1, 1): loops(Op.self, lhs, rhs, output, bounds, lhsSteps: true, rhsSteps: true)
        case (1, _): loops(Op.self, lhs, rhs, output, bounds, lhsSteps: true, rhsSteps: false)
        case (_, 1): loops(Op.self, lhs, rhs, output, bounds, lhsSteps: false, rhsSteps: true)
        default: loops(Op.self, lhs, rhs, output, bounds, lhsSteps: false, rhsSteps: false)
        }
    }

    @inline(__always)
    private func loops<Op: ElementwiseOperator>(
        _: Op.Type, _ lhs: UnsafePointer<Float>, _ rhs: UnsafePointer<Float>,
        _ output: UnsafeMutablePointer<Float>, _ bounds: ClampBounds,
        lhsSteps: Bool, rhsSteps: Bool
    ) {
        var out = output
        let (count0, count1, count2) = (outerCounts[0], outerCounts[1], outerCounts[2])
        let (lhsStride0, lhsStride1, lhsStride2) = (lhsOuterStrides[0], lhsOuterStrides[1], lhsOuterStrides[2])
        let (rhsStride0, rhsStride1, rhsStride2) = (rhsOuterStrides[0], rhsOuterStrides[1], rhsOuterStrides[2])
        for i0 in 0..<count0 {
            for i1 in 0..<count1 {
                var l = lhs + i0 * lhsStride0 + i1 * lhsStride1
                var r = rhs + i0 * rhsStride0 + i1 * rhsStride1
                for _ in 0..<count2 {
                    Self.inner(Op.self, l, r, out, innerCount, bounds, lhsSteps: lhsSteps, rhsSteps: rhsSteps)
                    l += lhsStride2
                    r += rhsStride2
                    out += innerCount
                }
            }
        }
    }

    /// One inner run; an operand that does not step is one repeated value.
    @inline(__always)
    private static func inner<Op: ElementwiseOperator>(
        _: Op.Type, _ lhs: UnsafePointer<Float>, _ rhs: UnsafePointer<Float>,
        _ output: UnsafeMutablePointer<Float>, _ count: Int, _ bounds: ClampBounds,
        lhsSteps: Bool, rhsSteps: Bool
    ) {
        typealias V = SIMD16<Float>
        let lhsRepeated = lhsSteps ? V() : V(repeating: lhs[0])
        let rhsRepeated = rhsSteps ? V() : V(repeating: rhs[0])
        var index = 0
        while index + V.scalarCount <= count {
            let l: V = lhsSteps ? lhs.loadVector(at: index) : lhsRepeated
            let r: V = rhsSteps ? rhs.loadVector(at: index) : rhsRepeated
            output.storeVector(bounds.apply(Op.apply(l, r)), at: index)
            index += V.scalarCount
        }
        while index < count {
            let l = lhsSteps ? lhs[index] : lhs[0]
            let r = rhsSteps ? rhs[index] : rhs[0]
            output[index] = bounds.apply(Op.apply(l, r))
            index += 1
        }
    }
}

extension KernelSetup {
    /// The broadcast plan of inputs 0 and 1, or an error naming both shapes.
    func broadcastPlan() throws(RuntimeError) -> BroadcastPlan {
        guard operation.inputs.count == 2, operation.outputs.count == 1 else {
            throw invalid("expects two inputs and one output")
        }
        let lhs = try requireShape(0), rhs = try requireShape(1)
        guard lhs.count <= 6, rhs.count <= 6 else { throw invalid("operands of rank above 6 are not supported: \(lhs), \(rhs)") }
        do {
            return try BroadcastPlan(lhs: lhs, rhs: rhs)
        } catch .incompatible {
            throw invalid("shapes \(lhs) and \(rhs) do not broadcast")
        } catch {
            throw invalid("broadcasting \(lhs) with \(rhs) needs more than 4 loop levels")
        }
    }
}
