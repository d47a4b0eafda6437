import FaceGeometry

/// One-Euro filters on every coordinate of a face's landmarks, driven by the frames' times: jitter
/// at rest is smoothed away while quick motion passes with little lag.
public struct LandmarkSmoother: Sendable {
    public let parameters: OneEuroParameters
    private var filters: [OneEuroFilter] = []

    public init(_ parameters: OneEuroParameters) {
        self.parameters = parameters
    }

    /// Forgets the past: the next face starts fresh (after a lost face or a cut).
    public mutating func reset() { filters.removeAll() }

    /// `points` smoothed; `time` in seconds, increasing from call to call.
    public mutating func smooth(_ points: [LandmarkPoint], at time: Double) -> [LandmarkPoint] {
        if filters.count != points.count * 3 { filters = Array(repeating: OneEuroFilter(parameters), count: points.count * 3) }
        return points.indices.map { i in
            LandmarkPoint(
                x: filters[3 * i].filter(points[i].x, at: time),
                y: filters[3 * i + 1].filter(points[i].y, at: time),
                z: filters[3 * i + 2].filter(points[i].z, at: time))
        }
    }
}
