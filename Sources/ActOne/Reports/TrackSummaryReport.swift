import Foundation

/// `actone inspect`'s track summary as a person reads it: one line per measure, then the
/// strongest expressions as a small table.
public enum TrackSummaryReport {
    public static func text(_ s: TrackSummary) -> String {
        var table = TextTable()
        table.add(["source", TerminalText.escaped(s.sourceName)])
        table.add(["frames", "\(s.frames)"])
        table.add(["frame rate", "\(fixed(s.frameRate, 3)) fps"])
        table.add(["duration", MediaInfoReport.seconds(s.duration)])
        table.add(["face found", "\(fixed(s.faceFoundPercent, 1)) % (\(s.framesWithFace) of \(s.frames) frames)"])
        for (name, extent) in [("head yaw", s.yaw), ("head pitch", s.pitch), ("head roll", s.roll)] {
            table.add([name, extent.map(range) ?? "no face"])
        }
        var blinks = "\(s.blinks)"
        if let rate = s.blinksPerMinute { blinks += " (\(fixed(rate, 1)) per minute of face)" }
        if !s.blinkFrames.isEmpty { blinks += ", deepest at frame\(s.blinkFrames.count == 1 ? "" : "s") " + list(s.blinkFrames) }
        table.add(["blinks", blinks])
        table.add([
            "mouth open",
            s.mouthOpenPercent.map {
                "\(fixed($0, 1)) % of frames with a face (jawOpen > \(fixed(Double(TrackSummary.mouthOpenThreshold), 1)))"
            } ?? "no face",
        ])
        table.add(["jitter", jitter(s)])
        if let neutral = s.neutral {
            table.add(["neutral", "\(TerminalText.escaped(neutral)) (blendshapes and gaze are measured from it)"])
        }
        // A track without landmarks has no reference: render needs landmarks.
        if let frame = s.referenceFrame { table.add(["reference", "frame \(frame) (the calmest face: what render takes as rest)"]) }
        var out = table.render()

        out += "\n\nstrongest expressions"
        if s.strongestExpressions.isEmpty {
            out += ": none"
        } else {
            var expressions = TextTable(header: ["blendshape", "95th pct", "peak", "at frame"])
            for e in s.strongestExpressions {
                expressions.add([e.name, fixed(e.percentile95, 2), fixed(e.peak, 2), "\(e.peakFrame)"])
            }
            out += "\n" + expressions.render(indent: "  ")
        }
        return out
    }

    static func range(_ e: TrackSummary.Extent) -> String {
        "\(fixed(e.min, 1))° to \(fixed(e.max, 1))° (frames \(e.minFrame) and \(e.maxFrame))"
    }

    static func jitter(_ s: TrackSummary) -> String {
        var parts: [String] = []
        if let j = s.landmarkJitter { parts.append("landmarks \(fixed(j.value, 3)) % of eye distance (\(stretch(j)))") }
        if let j = s.headJitter { parts.append("head \(fixed(j.value, 3))° (\(stretch(j)))") }
        return parts.isEmpty ? "not measurable (no three consecutive frames with a face)" : parts.joined(separator: ", ")
    }

    static func stretch(_ j: TrackSummary.Jitter) -> String { "stillest second \(fixed(j.from, 2))–\(fixed(j.to, 2)) s" }

    /// At most eight frame numbers, then how many more.
    static func list(_ frames: [Int]) -> String {
        let shown = frames.prefix(8).map(String.init).joined(separator: ", ")
        return frames.count > 8 ? shown + " and \(frames.count - 8) more" : shown
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
}
