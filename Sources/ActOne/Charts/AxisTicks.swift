import Foundation

/// Round-numbered tick marks for a chart axis: steps of 1, 2 or 5 times a power of ten, so labels
/// read 0, 0.2, 0.4 … or -10, -5, 0, 5 rather than 0.1667, 0.3333 ….
struct AxisTicks: Equatable {
    /// The axis after widening `range` to whole steps.
    var range: ClosedRange<Double>
    var step: Double
    /// Tick positions from `range.lowerBound` to `range.upperBound`, every `step`.
    var values: [Double]

    /// Ticks for `range` with about `target` intervals (never fewer than 1). A range of zero width
    /// is widened by one unit either side first, so a constant signal still gets an axis.
    init(covering range: ClosedRange<Double>, target: Int = 5) {
        var low = range.lowerBound, high = range.upperBound
        if !(high > low) { (low, high) = (low - 1, high + 1) }
        let rough = (high - low) / Double(max(target, 1))
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough * (1 - 1e-9) } ?? 10 * magnitude
        // The slack keeps a bound that is already a whole step (1.0000000002 steps) from growing by one.
        let first = (low / step + 1e-9).rounded(.down), last = (high / step - 1e-9).rounded(.up)
        self.step = step
        self.range = (first * step)...(last * step)
        // Multiplying from integers keeps 0.6 from printing as 0.6000000000000001.
        values = stride(from: first, through: last, by: 1).map { $0 * step }
    }

    /// Decimals that show every tick exactly: none for whole steps, one for 0.5 or 0.2, and so on.
    var decimals: Int { max(0, Int((-log10(step) - 1e-9).rounded(.up))) }

    func label(_ value: Double) -> String {
        let text = String(format: "%.\(decimals)f", value)
        // "-0" and "-0.0" are zero.
        return Double(text) == 0 ? String(format: "%.\(decimals)f", 0.0) : text
    }
}
