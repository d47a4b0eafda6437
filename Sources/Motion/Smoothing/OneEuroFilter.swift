import Foundation

/// Parameters of a One-Euro filter (Casiez, Roussel & Vogel, CHI 2012).
public struct OneEuroParameters: Sendable, Hashable {
    /// Cutoff frequency (Hz) when the signal is still: lower removes more jitter, adds more lag.
    public var minCutoff: Double
    /// How fast the cutoff rises with speed (Hz per unit/s): higher lags less on fast motion.
    public var beta: Double
    /// Cutoff frequency (Hz) of the low-pass on the derivative.
    public var derivativeCutoff: Double

    public init(minCutoff: Double = 1.0, beta: Double = 0.0, derivativeCutoff: Double = 1.0) {
        self.minCutoff = minCutoff
        self.beta = beta
        self.derivativeCutoff = derivativeCutoff
    }
}

/// A One-Euro filter for one scalar channel: a first-order low-pass whose cutoff grows with the
/// signal's (low-passed) speed, `cutoff = minCutoff + beta × |dx/dt|`.
///
/// Updates carry their own timestamps, so variable frame rates are handled: each step's smoothing
/// factor is `α = 1 / (1 + τ/Δt)` with `τ = 1/(2π·cutoff)` and `Δt` the real time since the last
/// sample. The first sample after creation or `reset()` passes through unchanged. A sample whose
/// time is not after the previous one returns the previous output and changes nothing.
public struct OneEuroFilter: Sendable {
    public var parameters: OneEuroParameters
    private var lastTime: Double?
    private var lastValue = 0.0
    private var lastDerivative = 0.0

    public init(_ parameters: OneEuroParameters = OneEuroParameters()) {
        self.parameters = parameters
    }

    /// Whether the filter has state (a sample since creation or the last reset).
    public var isPrimed: Bool { lastTime != nil }

    public mutating func reset() {
        lastTime = nil
        lastValue = 0
        lastDerivative = 0
    }

    static func alpha(cutoff: Double, dt: Double) -> Double {
        let tau = 1 / (2 * Double.pi * max(cutoff, 1e-9))
        return 1 / (1 + tau / dt)
    }

    /// Filters `value` sampled at `time` (seconds) and returns the smoothed value.
    public mutating func filter(_ value: Double, at time: Double) -> Double {
        guard let previous = lastTime else {
            lastTime = time
            lastValue = value
            lastDerivative = 0
            return value
        }
        let dt = time - previous
        guard dt > 0, dt.isFinite else { return lastValue }
        let rawDerivative = (value - lastValue) / dt
        let derivative =
            lastDerivative + OneEuroFilter.alpha(cutoff: parameters.derivativeCutoff, dt: dt)
            * (rawDerivative - lastDerivative)
        let cutoff = parameters.minCutoff + parameters.beta * abs(derivative)
        let smoothed = lastValue + OneEuroFilter.alpha(cutoff: cutoff, dt: dt) * (value - lastValue)
        lastTime = time
        lastValue = smoothed
        lastDerivative = derivative
        return smoothed
    }

    public mutating func filter(_ value: Float, at time: Double) -> Float {
        Float(filter(Double(value), at: time))
    }
}
