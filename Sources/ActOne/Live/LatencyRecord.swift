/// Each frame's latency, from its arrival at the capture thread to its outputs written (its
/// packet handed to the muxer, its track line written, its datagrams sent), for the last line.
/// 8 bytes a frame: an hour at 60 frames/s is under 2 MB.
struct LatencyRecord {
    private(set) var seconds: [Double] = []

    mutating func add(_ latency: Double) { seconds.append(latency) }

    var medianMilliseconds: Double { Statistics.median(seconds) * 1000 }
    var p95Milliseconds: Double { Statistics.percentile(seconds, 0.95) * 1000 }
}
