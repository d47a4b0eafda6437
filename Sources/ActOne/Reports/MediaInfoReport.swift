import Foundation
import MediaIO

/// `actone inspect VIDEO` as a person reads it: the container, then one block per stream.
public enum MediaInfoReport {
    public static func text(_ info: MediaInfo) -> String {
        var table = TextTable()
        table.add(["file", info.path])
        table.add(["container", "\(info.containerLongName) (\(info.container))"])
        table.add(["duration", info.duration.map(seconds) ?? "unknown"])
        table.add(["size", bytes(info.fileSize) + (info.bitRate.map { ", \(bitRate($0))" } ?? "")])
        table.add(["streams", "\(info.streams.count)"])
        var out = table.render()
        for stream in info.streams {
            out += "\n\n" + streamBlock(stream, primary: stream.index == info.primaryVideoStream)
        }
        let audio = info.streams.filter { $0.kind == .audio }
        out += "\n\naudio: " + (audio.isEmpty ? "none" : audio.map { "\($0.codec) \($0.channelLayout ?? "")" }.joined(separator: ", "))
        return out
    }

    private static func streamBlock(_ s: StreamInfo, primary: Bool) -> String {
        var title = "stream #\(s.index): \(s.kind.rawValue)"
        if primary { title += " (the one actone reads)" }
        if s.isAttachedPicture { title += " (cover art)" }
        var table = TextTable()
        table.add(["codec", "\(s.codecLongName) (\(s.codec))" + (s.profile.map { ", \($0)" } ?? "")])
        if s.kind == .video {
            if let w = s.width, let h = s.height {
                var size = "\(w)x\(h)"
                if let rotation = s.rotation, rotation != 0 {
                    let upright = rotation % 180 == 0 ? "\(w)x\(h)" : "\(h)x\(w)"
                    size += ", shown \(upright) upright"
                }
                table.add(["size", size])
            }
            if let format = s.pixelFormat { table.add(["pixel format", format]) }
            if let rate = s.frameRate {
                var text = "\(rate)" + (rate.denominator != 1 ? " (\(fixed(rate.doubleValue, 3)) fps)" : " fps")
                if let range = s.frameIntervalRange, range.upperBound - range.lowerBound > 0.0015 {
                    text += ", variable: \(fixed(1 / range.upperBound, 2))–\(fixed(1 / range.lowerBound, 2)) fps"
                }
                table.add(["frame rate", text])
            }
            if let count = s.frameCount {
                table.add(["frames", "\(count)" + (s.frameCountIsExact == true ? "" : " (estimated)")])
            }
            table.add(["rotation", s.rotation.map { $0 == 0 ? "none" : "\($0)° clockwise" } ?? "none"])
        }
        if s.kind == .audio {
            if let rate = s.sampleRate { table.add(["sample rate", "\(rate) Hz"]) }
            if let channels = s.channels { table.add(["channels", "\(channels)" + (s.channelLayout.map { " (\($0))" } ?? "")]) }
            if let format = s.sampleFormat { table.add(["sample format", format]) }
        }
        if let duration = s.duration { table.add(["duration", seconds(duration)]) }
        if let rate = s.bitRate { table.add(["bit rate", bitRate(rate)]) }
        if let language = s.language { table.add(["language", language]) }
        return title + "\n" + table.render(indent: "  ")
    }

    static func seconds(_ value: Double) -> String { "\(fixed(value, 3)) s (\(Timecode.format(seconds: value)))" }

    static func fixed(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

    static func bytes(_ count: Int) -> String {
        if count >= 1 << 20 { return "\(fixed(Double(count) / Double(1 << 20), 1)) MiB" }
        if count >= 1 << 10 { return "\(fixed(Double(count) / Double(1 << 10), 1)) KiB" }
        return "\(count) bytes"
    }

    static func bitRate(_ bps: Int) -> String {
        bps >= 1_000_000 ? "\(fixed(Double(bps) / 1e6, 2)) Mb/s" : "\(bps / 1000) kb/s"
    }
}
