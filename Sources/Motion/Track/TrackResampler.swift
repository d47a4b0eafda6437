/// Resamples a track in time to another frame rate, streaming: frames go in at the clip's times
/// and come out at `k / rate` seconds for k = 0, 1, … up to the clip's duration.
///
/// Each output frame interpolates linearly between the two input frames around its time (pose,
/// gaze, blendshapes, confidence). Where either of them has no face the nearer one is taken as
/// it is: a face is not faded in from nothing. Before the first input frame the first is held,
/// after the last the last. Landmarks are dropped (the formats this serves, Live Link Face CSV
/// and BVH, hold none). Output indices count output frames.
public struct TrackResampler {
    public let rateNumerator: Int
    public let rateDenominator: Int
    /// Output frames to make: the clip's duration × rate, rounded.
    public let outputCount: Int
    private var previous: FrameMotion?
    private var next = 0

    public init(rateNumerator: Int, rateDenominator: Int = 1, duration: Double) {
        precondition(rateNumerator > 0 && rateDenominator > 0)
        self.rateNumerator = rateNumerator
        self.rateDenominator = rateDenominator
        let count = (max(0, duration) * Double(rateNumerator) / Double(rateDenominator)).rounded()
        outputCount = count.isFinite && count < 1e9 ? Int(count) : 0
    }

    private func time(_ k: Int) -> Double { Double(k) * Double(rateDenominator) / Double(rateNumerator) }

    /// The output frames whose time has been reached by `frame` (frames must come in time order).
    public mutating func add(_ frame: FrameMotion) -> [FrameMotion] {
        var out: [FrameMotion] = []
        while next < outputCount, time(next) <= frame.time + 1e-9 {
            let t = time(next)
            out.append(Self.interpolate(previous ?? frame, frame, at: t, index: next))
            next += 1
        }
        previous = frame
        return out
    }

    /// The output frames after the last input frame, holding it.
    public mutating func finish() -> [FrameMotion] {
        guard let last = previous else { return [] }
        var out: [FrameMotion] = []
        while next < outputCount {
            var f = Self.interpolate(last, last, at: time(next), index: next)
            f.time = time(next)
            out.append(f)
            next += 1
        }
        return out
    }

    static func interpolate(_ a: FrameMotion, _ b: FrameMotion, at t: Double, index: Int) -> FrameMotion {
        let span = b.time - a.time
        let w = span > 0 ? Float(min(max((t - a.time) / span, 0), 1)) : 1
        var f: FrameMotion
        if a.faceFound && b.faceFound {
            func mix(_ x: Float, _ y: Float) -> Float { x + (y - x) * w }
            f = b
            f.confidence = mix(a.confidence, b.confidence)
            if let p = a.pose, let q = b.pose {
                f.pose = HeadPose(
                    yaw: mix(p.yaw, q.yaw), pitch: mix(p.pitch, q.pitch), roll: mix(p.roll, q.roll),
                    x: mix(p.x, q.x), y: mix(p.y, q.y), scale: mix(p.scale, q.scale))
            }
            if let g = a.gaze, let h = b.gaze {
                f.gaze = Gaze(
                    leftYaw: mix(g.leftYaw, h.leftYaw), leftPitch: mix(g.leftPitch, h.leftPitch),
                    rightYaw: mix(g.rightYaw, h.rightYaw), rightPitch: mix(g.rightPitch, h.rightPitch))
            }
            f.blendshapes = zip(a.blendshapes, b.blendshapes).map { mix($0, $1) }
        } else {
            f = w < 0.5 ? a : b
        }
        f.index = index
        f.time = t
        f.landmarks = nil
        return f
    }
}
