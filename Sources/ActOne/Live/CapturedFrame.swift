import MediaIO

/// A source frame as the capture thread took it, with when it arrived: the start of its latency.
struct CapturedFrame {
    var frame: VideoFrame
    /// `LiveClock` seconds when the capture thread had the decoded frame (after `--realtime`'s wait).
    var arrival: Double
}
