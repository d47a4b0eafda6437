import Foundation

/// Compact decimal formatting: a fixed number of decimals, trailing zeros dropped ("0.5", "-12.25", "0").
enum CompactNumber {
    /// 10^0 … 10^12, exact in Double.
    static let powers: [Double] = (0...12).map { pow(10.0, Double($0)) }

    static func format(_ value: Double, decimals: Int) -> String {
        precondition(decimals >= 0 && decimals <= 12)
        guard value.isFinite else { return "0" }
        let scaled = (value * powers[decimals]).rounded()
        guard abs(scaled) < 9.0e15 else { return "\(value)" }
        let units = Int64(scaled)
        if units == 0 { return "0" }
        let magnitude = units.magnitude
        let divisor = UInt64(powers[decimals])
        let whole = magnitude / divisor
        var text = units < 0 ? "-\(whole)" : "\(whole)"
        if decimals > 0 {
            var fraction = String(magnitude % divisor)
            if fraction != "0" {
                fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
                while fraction.hasSuffix("0") { fraction.removeLast() }
                text += "." + fraction
            }
        }
        return text
    }

    static func format(_ value: Float, decimals: Int) -> String { format(Double(value), decimals: decimals) }
}
