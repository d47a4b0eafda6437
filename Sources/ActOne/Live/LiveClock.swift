import Foundation

/// Seconds on the monotonic clock: what latencies and `--realtime` pacing are measured on (the
/// wall clock may jump; this one only moves forward).
enum LiveClock {
    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
