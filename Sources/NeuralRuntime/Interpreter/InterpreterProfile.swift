/// Where an invoke spends its time, operation by operation: for finding the kernel to optimise.
public struct InvokeProfile: Sendable {
    public struct Entry: Sendable {
        public var operation: Int
        public var code: String
        /// Output shape of the operation (its first output).
        public var outputShape: [Int]
        /// Median seconds over the profiled invokes.
        public var seconds: Double
    }

    public var entries: [Entry]

    public var totalSeconds: Double { entries.reduce(0) { $0 + $1.seconds } }

    /// Seconds per operator kind, largest first.
    public var byOperator: [(code: String, seconds: Double, count: Int)] {
        var totals: [String: (Double, Int)] = [:]
        for entry in entries { totals[entry.code, default: (0, 0)].0 += entry.seconds; totals[entry.code, default: (0, 0)].1 += 1 }
        return totals.map { ($0.key, $0.value.0, $0.value.1) }.sorted { $0.seconds > $1.seconds }
    }
}

extension Interpreter {
    /// Runs `runs` invokes timing each operation, and reports each one's median.
    public func profile(runs: Int = 50) -> InvokeProfile {
        let clock = ContinuousClock()
        var samples = [[Double]](repeating: [], count: kernelCount)
        for _ in 0..<max(runs, 1) {
            for step in 0..<kernelCount {
                let elapsed = clock.measure { runKernel(step) }
                let (seconds, attoseconds) = elapsed.components
                samples[step].append(Double(seconds) + Double(attoseconds) * 1e-18)
            }
        }
        let entries = samples.enumerated().map { step, times in
            let sorted = times.sorted()
            let operation = graph.operations[step]
            return InvokeProfile.Entry(
                operation: step, code: operation.code.description,
                outputShape: operation.outputs.first.map { shapes[$0] } ?? [],
                seconds: sorted[sorted.count / 2])
        }
        return InvokeProfile(entries: entries)
    }
}
