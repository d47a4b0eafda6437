// Streams real clips through VideoReader -> VideoWriter (RGB in between, audio carried) and
// times it against the ffmpeg CLI doing the same decode and H.264 encode with the same x264
// settings, in the same run, alternating the two so drift in machine speed hits both alike.
//
//   swift run -c release mediaio-bench [--runs N] [--crf 18] [--preset medium] [CLIP ...]
//
// With no clips, uses ../shared/eval/driving/*.mp4 beside the checkout. Prints one row per clip
// (medians over the runs) and ends with `max ratio R`, ours over ffmpeg's; 1.0 is parity.
import Foundation
import MediaIO

struct Options {
    var runs = 3
    var crf = 18.0
    var preset = "medium"
    var clips: [String] = []

    init(_ arguments: [String]) {
        var rest = arguments.makeIterator()
        while let argument = rest.next() {
            switch argument {
            case "--runs": runs = Int(rest.next() ?? "") ?? runs
            case "--crf": crf = Double(rest.next() ?? "") ?? crf
            case "--preset": preset = rest.next() ?? preset
            default: clips.append(argument)
            }
        }
    }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Ours: decode to RGB, encode from RGB, audio carried from the source.
func transcodeWithMediaIO(_ clip: String, to output: String, options: Options) throws -> Int {
    let reader = try VideoReader(path: clip)
    let audio = reader.audioStreams.isEmpty ? nil : AudioSource(path: clip, startTime: reader.startTime)
    let writer = try VideoWriter(
        path: output, width: reader.width, height: reader.height, frameRate: reader.frameRate,
        settings: VideoEncoderSettings(crf: options.crf, preset: options.preset),
        audio: audio, overwrite: true)
    while let frame = try reader.nextFrame() { try writer.write(frame.image) }
    try writer.finish()
    return writer.framesWritten
}

/// The reference: the ffmpeg CLI, same x264 settings, audio stream-copied, index at the front.
func transcodeWithFFmpegCLI(_ clip: String, to output: String, options: Options) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
        "ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", clip,
        "-map", "0:v:0", "-map", "0:a:0?", "-c:v", "libx264", "-crf", String(options.crf),
        "-preset", options.preset, "-pix_fmt", "yuv420p", "-c:a", "copy",
        "-movflags", "+faststart", output,
    ]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw NSError(
            domain: "mediaio-bench", code: Int(process.terminationStatus),
            userInfo: [NSLocalizedDescriptionKey: "ffmpeg failed on \(clip)"])
    }
}

/// Peak resident memory of this process so far, in MiB (VmHWM).
func peakMemoryMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kb / 1024
}

var options = Options(Array(CommandLine.arguments.dropFirst()))
if options.clips.isEmpty {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let eval = root.deletingLastPathComponent().appendingPathComponent("shared/eval/driving")
    let found = (try? FileManager.default.contentsOfDirectory(atPath: eval.path))?.filter { $0.hasSuffix(".mp4") }.sorted() ?? []
    options.clips = found.map { eval.appendingPathComponent($0).path }
}
guard !options.clips.isEmpty else {
    FileHandle.standardError.write(Data("mediaio-bench: no clips given and none in ../shared/eval/driving\n".utf8))
    exit(2)
}
FFmpegLog.setLevel(.errors)

let scratch = NSTemporaryDirectory() + "mediaio-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: scratch) }

print("x264 crf \(options.crf) preset \(options.preset), \(options.runs) runs each, medians; ratio = ours / ffmpeg CLI")
print("clip        frames   ours_s  ffmpeg_s  ratio  ours_fps")
var worst = 0.0
for clip in options.clips {
    var ours: [Double] = [], reference: [Double] = []
    var frames = 0
    // One untimed warm-up of each, so file caches and the dynamic loader favour neither.
    frames = try transcodeWithMediaIO(clip, to: scratch + "/ours.mp4", options: options)
    try transcodeWithFFmpegCLI(clip, to: scratch + "/ffmpeg.mp4", options: options)
    for _ in 0..<options.runs {
        ours.append(try seconds { frames = try transcodeWithMediaIO(clip, to: scratch + "/ours.mp4", options: options) })
        reference.append(try seconds { try transcodeWithFFmpegCLI(clip, to: scratch + "/ffmpeg.mp4", options: options) })
    }
    let ratio = median(zip(ours, reference).map { $0 / $1 })
    worst = max(worst, ratio)
    let name = URL(fileURLWithPath: clip).lastPathComponent
    print(
        name.padding(toLength: 10, withPad: " ", startingAt: 0)
            + String(
                format: " %7d  %7.3f  %8.3f  %5.3f  %8.1f", frames, median(ours), median(reference),
                ratio, Double(frames) / median(ours)))
}
print(String(format: "peak memory of the Swift process: %.0f MiB", peakMemoryMiB()))
print(String(format: "max ratio %.3f", worst))
