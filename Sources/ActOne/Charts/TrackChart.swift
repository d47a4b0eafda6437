import Imaging
import MediaIO
import Motion

/// `actone inspect --plot chart.png`: a performance over time, as a 1200×800 PNG with two panels
/// sharing the time axis: head yaw, pitch and roll in degrees, and the expression weights that
/// show a performance at a glance (jawOpen, the blinks, the smiles, browInnerUp) in 0…1. Frames
/// without a face are shaded grey and break the lines.
public enum TrackChart {
    public static let width = 1200
    public static let height = 800

    struct Signal: Sendable {
        var name: String
        var color: RGB
        var value: @Sendable (FrameMotion) -> Double?
    }

    // A categorical palette whose colours stay apart for colour-blind readers and in print.
    static let headSignals = [
        Signal(name: "yaw", color: RGB(214, 39, 40)) { $0.pose.map { Double($0.yaw) } },
        Signal(name: "pitch", color: RGB(44, 160, 44)) { $0.pose.map { Double($0.pitch) } },
        Signal(name: "roll", color: RGB(31, 119, 180)) { $0.pose.map { Double($0.roll) } },
    ]
    static let expressionSignals: [Signal] = [
        (Blendshape.jawOpen, RGB(255, 127, 14)),
        (.eyeBlinkLeft, RGB(148, 103, 189)),
        (.eyeBlinkRight, RGB(227, 119, 194)),
        (.mouthSmileLeft, RGB(23, 190, 207)),
        (.mouthSmileRight, RGB(188, 189, 34)),
        (.browInnerUp, RGB(140, 86, 75)),
    ].map { shape, color in Signal(name: shape.rawValue, color: color) { Double($0.value(shape)) } }

    /// The chart of `frames` (a track whose metadata is `metadata`).
    public static func render(metadata: TrackMetadata, frames: [FrameMotion]) -> RGBImage {
        var image = RGBImage(width: width, height: height)
        image.fillRect(IntRect(x: 0, y: 0, width: width, height: height), color: RGB(246, 246, 246))
        image.drawText(
            "\(metadata.sourceName): head rotation and expressions over time", x: 20, y: 14,
            color: ChartPanel.ink, scale: 3)
        let (head, expressions) = panels(metadata: metadata, frames: frames)
        let shaded = faceless(frames, frameDuration: metadata.frameRate > 0 ? 1 / metadata.frameRate : 0)
        head.draw(on: &image, series: series(headSignals, frames), shaded: shaded, shadeLabel: "no face")
        expressions.draw(on: &image, series: series(expressionSignals, frames), shaded: shaded, shadeLabel: "no face")
        return image
    }

    /// Renders the chart and writes it as a PNG (under a temporary name, renamed when complete).
    public static func write(_ track: PerformanceTrack, to path: String, overwrite: Bool) throws {
        try ImageWriter.writePNG(render(metadata: track.metadata, frames: track.frames), to: path, overwrite: overwrite)
    }

    /// The two panels' layout and axes: time over the whole clip; angles over their range (at least
    /// ±5°, so a still head is not magnified into noise); weights 0…1.
    static func panels(metadata: TrackMetadata, frames: [FrameMotion]) -> (head: ChartPanel, expressions: ChartPanel) {
        let end = max(metadata.duration, frames.last.map { $0.time + (metadata.frameRate > 0 ? 1 / metadata.frameRate : 0) } ?? 0)
        let time = AxisTicks(covering: 0...(end > 0 ? end : 1), target: 10)
        let angles = frames.compactMap(\.pose).flatMap { [Double($0.yaw), Double($0.pitch), Double($0.roll)] }
        let angleTicks = AxisTicks(covering: min(-5, angles.min() ?? 0)...max(5, angles.max() ?? 0), target: 6)
        let left = 100, plotWidth = width - left - ChartPanel.legendWidth - 30
        let head = ChartPanel(
            plotArea: IntRect(x: left, y: 100, width: plotWidth, height: 250),
            time: time, value: angleTicks, valueTitle: "head rotation (degrees)")
        let expressions = ChartPanel(
            plotArea: IntRect(x: left, y: 470, width: plotWidth, height: 250),
            time: time, value: AxisTicks(covering: 0...1, target: 5),
            valueTitle: "expression weight (0 to 1)")
        return (head, expressions)
    }

    static func series(_ signals: [Signal], _ frames: [FrameMotion]) -> [ChartSeries] {
        signals.map { signal in
            ChartSeries(
                name: signal.name, color: signal.color,
                samples: frames.map { ($0.time, $0.faceFound ? signal.value($0) : nil) })
        }
    }

    /// The stretches of time without a face, each frame lasting until the next frame (or one frame
    /// duration for the last).
    static func faceless(_ frames: [FrameMotion], frameDuration: Double) -> [ClosedRange<Double>] {
        var spans: [ClosedRange<Double>] = []
        for (k, frame) in frames.enumerated() where !frame.faceFound {
            let end = k + 1 < frames.count ? frames[k + 1].time : frame.time + frameDuration
            if let last = spans.last, abs(last.upperBound - frame.time) < 1e-9 {
                spans[spans.count - 1] = last.lowerBound...max(end, last.upperBound)
            } else {
                spans.append(frame.time...max(end, frame.time))
            }
        }
        return spans
    }
}
