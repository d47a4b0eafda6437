import Foundation

/// Order statistics for the summary's measures.
enum Statistics {
    /// The `q` quantile (0...1) of `values` by the nearest rank on the sorted values, so the answer
    /// is always one of the values (a 95th percentile of weights 0 and 1 is 0 or 1, never between).
    /// 0 for no values.
    static func percentile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((Double(sorted.count - 1) * min(max(q, 0), 1)).rounded())
        return sorted[rank]
    }

    /// `value` to `decimals` places, so reports do not show a Float's binary noise
    /// (0.41100001335144043 for an angle stored as 0.411).
    static func rounded(_ value: Double, _ decimals: Int) -> Double {
        let scale = pow(10, Double(decimals))
        return (value * scale).rounded() / scale
    }

    /// The middle value (the mean of the two middle ones for an even count); 0 for no values.
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
