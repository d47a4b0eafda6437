import FaceGeometry
import Motion

/// How much a track trembles where the performer is stillest.
///
/// Per frame with a face on it and on both neighbours, the *wobble* is the size of the second
/// difference `p(t+1) − 2·p(t) + p(t−1)`: zero for a still face and for one moving at a steady
/// speed, so real, smooth head motion hardly counts while frame-to-frame noise does. Jitter is the
/// median wobble over the one-second stretch (of consecutive frames with a face) where that median
/// is smallest — the noise floor, not the performance. A shorter clip uses its longest stretch.
///
/// - Landmarks: the mean over all landmarks of the 2D (x, y) wobble, in % of the distance between
///   the outer eye corners (33 and 263) on the middle frame.
/// - Head angles: the length of the (yaw, pitch, roll) wobble, in degrees.
struct TrackJitter {
    var frameRate: Double
    /// The stretch jitter is measured on, in seconds.
    var stretchSeconds = 1.0

    static let eyeCorners = (FaceIndex.rightEye.outerCorner, FaceIndex.leftEye.outerCorner)

    func landmarks(_ frames: [FrameMotion]) -> TrackSummary.Jitter? {
        stillest(frames, unit: Self.landmarkUnit, wobble: Self.landmarkWobble)
    }

    /// Landmark jitter from wobbles measured as the frames went by (`landmarkWobble` of each
    /// frame with its neighbours; `wobbles[i]` belongs to `frames[i + 1]`), for frames kept
    /// without their landmarks.
    func landmarks(wobbles: [Double?], frames: [FrameMotion]) -> TrackSummary.Jitter? {
        guard frames.count >= 3, wobbles.count == frames.count - 2 else { return nil }
        return stillest(wobbles, frames: frames, unit: Self.landmarkUnit)
    }

    static let landmarkUnit = "% eye distance"

    /// The landmark wobble of frame `b` between `a` and `c`, all three with a face.
    static func landmarkWobble(_ before: FrameMotion, _ frame: FrameMotion, _ after: FrameMotion) -> Double? {
        guard let a = before.landmarks, let b = frame.landmarks, let c = after.landmarks,
            a.count == b.count, b.count == c.count, b.count > max(eyeCorners.0, eyeCorners.1)
        else { return nil }
        let corner0 = b[eyeCorners.0], corner1 = b[eyeCorners.1]
        let eyeDistance = Double(
            ((corner0.x - corner1.x) * (corner0.x - corner1.x)
                + (corner0.y - corner1.y) * (corner0.y - corner1.y)).squareRoot())
        guard eyeDistance > 0 else { return nil }
        var total = 0.0
        for k in b.indices {
            let dx = Double(a[k].x - 2 * b[k].x + c[k].x), dy = Double(a[k].y - 2 * b[k].y + c[k].y)
            total += (dx * dx + dy * dy).squareRoot()
        }
        return 100 * total / Double(b.count) / eyeDistance
    }

    func headAngles(_ frames: [FrameMotion]) -> TrackSummary.Jitter? {
        stillest(frames, unit: "degrees") { before, frame, after in
            guard let a = before.pose, let b = frame.pose, let c = after.pose else { return nil }
            let yaw = Double(a.yaw - 2 * b.yaw + c.yaw)
            let pitch = Double(a.pitch - 2 * b.pitch + c.pitch)
            let roll = Double(a.roll - 2 * b.roll + c.roll)
            return (yaw * yaw + pitch * pitch + roll * roll).squareRoot()
        }
    }

    /// The smallest median of `wobble` over a stretch of `stretchSeconds` of frames, with where it is.
    private func stillest(
        _ frames: [FrameMotion], unit: String,
        wobble: (FrameMotion, FrameMotion, FrameMotion) -> Double?
    ) -> TrackSummary.Jitter? {
        guard frames.count >= 3 else { return nil }
        // wobbles[i] belongs to frames[i + 1].
        let wobbles: [Double?] = (1..<frames.count - 1).map { i in
            let (a, b, c) = (frames[i - 1], frames[i], frames[i + 1])
            guard a.faceFound, b.faceFound, c.faceFound else { return nil }
            return wobble(a, b, c)
        }
        return stillest(wobbles, frames: frames, unit: unit)
    }

    /// The smallest median of `wobbles` (`wobbles[i]` of `frames[i + 1]`) over a stretch.
    private func stillest(_ wobbles: [Double?], frames: [FrameMotion], unit: String) -> TrackSummary.Jitter? {
        // Runs of consecutive defined wobbles, as index ranges into `wobbles`.
        var runs: [Range<Int>] = []
        var start: Int?
        for (i, w) in wobbles.enumerated() {
            if w != nil { start = start ?? i } else if let s = start { runs.append(s..<i); start = nil }
        }
        if let s = start { runs.append(s..<wobbles.count) }
        guard let longest = runs.map(\.count).max(), longest > 0 else { return nil }

        // A stretch of n frames has n − 2 wobbles.
        let stretchFrames = max(3, Int((frameRate * stretchSeconds).rounded()))
        let length = min(stretchFrames - 2, longest)
        var best: (median: Double, window: Range<Int>)?
        for run in runs where run.count >= length {
            for first in run.lowerBound...(run.upperBound - length) {
                let window = first..<(first + length)
                let median = Statistics.median(window.map { wobbles[$0]! })
                if best == nil || median < best!.median { best = (median, window) }
            }
        }
        guard let best else { return nil }
        // The stretch runs from the frame before the first wobble's frame to the frame after the last's.
        return TrackSummary.Jitter(
            value: best.median, unit: unit,
            from: frames[best.window.lowerBound].time,
            to: frames[best.window.upperBound + 1].time)
    }
}
