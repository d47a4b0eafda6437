import Foundation
import Motion

/// The live figures `/stats` sends the preview page, as JSON.
struct PreviewStats: Codable, Equatable {
    /// Frames processed so far.
    var frames: Int
    /// Frames dropped because the work was behind.
    var dropped: Int
    /// Frames processed per second, over the last second or so.
    var fps: Double
    /// Latency from a frame's arrival to its outputs written, over the session so far.
    var latencyMedianMs: Double
    var latencyP95Ms: Double
    /// Whether the last frame had a face.
    var face: Bool
    /// Whether the performer's rest is being measured: at the start (nothing moves or is sent
    /// yet), or a new one asked for (the one in use stays meanwhile).
    var calibrating: Bool
    /// The last measured frame's 52 ARKit blendshapes by name, 0...1 (empty until calibrated).
    var blendshapes: [String: Double]

    var json: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? Array(encoder.encode(self))) ?? Array("{}".utf8)
    }
}

/// Collects the figures as the session processes frames (its thread) and makes `PreviewStats`
/// for `/stats` (the server's threads).
final class PreviewFigures: @unchecked Sendable {
    private let lock = NSLock()
    private var latency: [Double] = []
    /// When the last frames were done (`LiveClock`), for the rate.
    private var recentTimes: [Double] = []
    private var face = false
    private var calibrating = true
    private var blendshapes: [Float] = []
    /// The queue's drop count, read when asked.
    private let dropped: @Sendable () -> Int

    init(dropped: @escaping @Sendable () -> Int) { self.dropped = dropped }

    /// One frame done: its latency, whether it had a face, its measures when a rest is known,
    /// and whether a rest (the first, or a new one asked for) is being measured.
    func record(latency seconds: Double, faceFound: Bool, measured: FrameMotion?, calibrating: Bool) {
        let now = LiveClock.now()
        lock.withLock {
            latency.append(seconds)
            recentTimes.append(now)
            if recentTimes.count > 64 { recentTimes.removeFirst(recentTimes.count - 32) }
            face = faceFound
            self.calibrating = calibrating
            if let measured { blendshapes = measured.faceFound ? measured.blendshapes : [] }
        }
    }

    var stats: PreviewStats {
        let now = LiveClock.now()
        // The latencies are copied here, under the lock, and sorted outside it: the session never
        // waits on a sort, nor copies its array because this thread still shares it.
        lock.lock()
        let seconds: [Double] = latency.withUnsafeBufferPointer { Array($0) }
        let (times, face, calibrating, shapes) = (recentTimes, face, calibrating, blendshapes)
        lock.unlock()
        let names = Blendshape.allCases.map(\.rawValue)
        let values = shapes.map { Statistics.rounded(Double($0), 3) }
        return PreviewStats(
            frames: seconds.count, dropped: dropped(), fps: Self.rate(times, now: now),
            latencyMedianMs: Statistics.median(seconds) * 1000, latencyP95Ms: Statistics.percentile(seconds, 0.95) * 1000,
            face: face, calibrating: calibrating, blendshapes: Dictionary(uniqueKeysWithValues: zip(names, values)))
    }

    /// Frames a second over the last second (0 when nothing came for that long).
    static func rate(_ times: [Double], now: Double) -> Double {
        let recent = times.filter { now - $0 <= 1 }
        guard recent.count >= 2, let first = recent.first, let last = recent.last, last > first else { return 0 }
        return Double(recent.count - 1) / (last - first)
    }
}
