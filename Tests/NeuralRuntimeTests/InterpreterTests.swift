import Testing

@testable import NeuralRuntime

/// The interpreter on tiny graphs whose kernels are defined here, so its own logic (order,
/// shapes, memory plan, errors) is tested apart from the real kernels.
@Suite struct InterpreterTests {
    /// y = x + c, elementwise, for a constant c given in the options of a custom op.
    final class AddScalarKernel: Kernel {
        let outputShapes: [[Int]]
        let constant: Float
        let count: Int

        init(shape: [Int], constant: Float) {
            outputShapes = [shape]
            self.constant = constant
            count = shape.reduce(1, *)
        }

        func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
            for i in 0..<count { outputs[0][i] = inputs[0]![i] + constant }
        }
    }

    /// z = x * y, elementwise (two activation inputs).
    final class MultiplyKernel: Kernel {
        let outputShapes: [[Int]]
        let count: Int
        init(shape: [Int]) { outputShapes = [shape]; count = shape.reduce(1, *) }
        func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
            for i in 0..<count { outputs[0][i] = inputs[0]![i] * inputs[1]![i] }
        }
    }

    static let registry = KernelRegistry([
        .custom("AddScalar"): { setup throws(RuntimeError) in
            guard case .custom(let bytes) = setup.operation.options, let first = bytes.first else {
                throw setup.invalid("needs its constant")
            }
            return AddScalarKernel(shape: try setup.requireShape(0), constant: Float(first))
        },
        .custom("Multiply"): { setup throws(RuntimeError) in
            let a = try setup.requireShape(0), b = try setup.requireShape(1)
            guard a == b else { throw setup.invalid("shapes \(a) and \(b) differ") }
            return MultiplyKernel(shape: a)
        },
    ])

    /// x -> a = x+1 -> b = a+2 -> c = b+3 -> out = c * a, on `count` floats.
    static func chain(count: Int) -> Graph {
        let shape = [1, count]
        let tensors = ["x", "a", "b", "c", "out"].enumerated().map { TensorDescription(index: $0, name: $1, shape: shape, type: .float32) }
        let operations = [
            Operation(index: 0, code: .custom("AddScalar"), inputs: [0], outputs: [1], options: .custom([1])),
            Operation(index: 1, code: .custom("AddScalar"), inputs: [1], outputs: [2], options: .custom([2])),
            Operation(index: 2, code: .custom("AddScalar"), inputs: [2], outputs: [3], options: .custom([3])),
            Operation(index: 3, code: .custom("Multiply"), inputs: [3, 1], outputs: [4]),
        ]
        return Graph(name: "chain.tflite", tensors: tensors, operations: operations, inputs: [0], outputs: [4])
    }

    @Test func runsOperationsInOrderAndReusesMemory() throws {
        let interpreter = try Interpreter(graph: Self.chain(count: 100), registry: Self.registry)
        try interpreter.setInput("x", (0..<100).map(Float.init))
        interpreter.invoke()
        let out = try interpreter.output("out")
        for i in 0..<100 {
            let a = Float(i) + 1
            #expect(out[i] == (a + 5) * a)
        }
        // Five tensors of 112 aligned floats; x, b and out can share with others: the plan needs
        // at most four at once (a is alive throughout), never all five.
        #expect(interpreter.arenaFloatCount <= 4 * 112)
        // Invoking again with new input gives new results (no stale state).
        try interpreter.setInput("x", [Float](repeating: 1, count: 100))
        interpreter.invoke()
        #expect(try interpreter.output("out").allSatisfy { $0 == 7 * 2 })
    }

    @Test func unsupportedOperatorIsAnErrorNamingIt() {
        var graph = Self.chain(count: 4)
        graph.operations[2].code = .builtin(BuiltinOperator(code: 99))
        #expect(throws: RuntimeError.unsupportedOperator(name: "chain.tflite", operation: 2, code: "BUILTIN_99")) {
            try Interpreter(graph: graph, registry: Self.registry)
        }
    }

    @Test func wrongInputSizeIsAnError() throws {
        let interpreter = try Interpreter(graph: Self.chain(count: 4), registry: Self.registry)
        #expect(throws: RuntimeError.inputShapeMismatch(tensor: "x", expected: [1, 4], got: [3])) {
            try interpreter.setInput("x", [1, 2, 3])
        }
        #expect(throws: RuntimeError.self) { try interpreter.setInput("out", [1, 2, 3, 4]) }
        #expect(throws: RuntimeError.self) { try interpreter.output("nope") }
    }

    @Test func readBeforeWriteIsAnError() {
        var graph = Self.chain(count: 4)
        graph.operations.swapAt(0, 1)
        #expect(throws: RuntimeError.self) { try Interpreter(graph: graph, registry: Self.registry) }
    }

    @Test func kernelErrorsSurfaceWithTheOperation() {
        var graph = Self.chain(count: 4)
        graph.operations[0].options = .custom([])
        #expect(
            throws: RuntimeError.invalidOperation(
                name: "chain.tflite", operation: 0, code: "CUSTOM:AddScalar", reason: "needs its constant")
        ) {
            try Interpreter(graph: graph, registry: Self.registry)
        }
    }

    @Test func memoryPlanKeepsLiveTensorsApart() {
        // Random lifetimes: no two tensors alive at the same step may overlap in the arena.
        var state: UInt64 = 12345
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        let intervals = (0..<60).map { i -> MemoryPlan.Interval in
            let first = next() % 40
            return MemoryPlan.Interval(tensor: i, size: 1 + next() % 500, firstStep: first, lastStep: first + next() % 10)
        }
        let plan = MemoryPlan(intervals: intervals)
        for a in intervals {
            for b in intervals where a.tensor < b.tensor && a.overlapsInTime(b) {
                let (oa, ob) = (plan.offsets[a.tensor]!, plan.offsets[b.tensor]!)
                #expect(oa + a.size <= ob || ob + b.size <= oa, "tensors \(a.tensor) and \(b.tensor) overlap")
            }
        }
        let total = intervals.map { MemoryPlan.aligned($0.size) }.reduce(0, +)
        #expect(plan.arenaSize < total)
        #expect(intervals.allSatisfy { plan.offsets[$0.tensor]! % MemoryPlan.alignment == 0 })
    }
}
