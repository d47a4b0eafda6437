// Times each model (the face models and the person-matte model) in actone's own runtime: median
// milliseconds of one invoke on one thread, after warm-up. Prints one line per model, `name ours_ms`,
// for Scripts/bench-models, which puts LiteRT/XNNPACK's times for the same models beside them.
//
//   swift run -c release models-bench [--models DIR] [--runs 200] [--warmup 20] [--profile]
// With --profile, also prints on stderr where each model's time goes, operator by operator.
import Foundation
import NeuralRuntime

var modelsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("models").path
var runs = 200, warmup = 20
var profile = false
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--models": modelsDirectory = arguments.next() ?? modelsDirectory
    case "--runs": runs = Int(arguments.next() ?? "") ?? runs
    case "--warmup": warmup = Int(arguments.next() ?? "") ?? warmup
    case "--profile": profile = true
    default:
        FileHandle.standardError.write(Data("models-bench: unknown argument \(argument)\n".utf8))
        exit(64)
    }
}

let models = [
    "face_detection_short_range", "face_detection_full_range_sparse", "face_landmark",
    "iris_landmark", "face_landmark_with_attention", "selfie_segmentation",
]
var failed = false
for model in models {
    let path = "\(modelsDirectory)/\(model).tflite"
    do {
        let interpreter = try Interpreter(graph: try TFLiteLoader.load(path: path))
        // Deterministic inputs in [0, 1): the time does not depend on the values.
        var seed: UInt32 = 1
        for name in interpreter.inputNames {
            let count = try interpreter.shape(of: name).reduce(1, *)
            try interpreter.setInput(
                name,
                (0..<count).map { _ in
                    seed = seed &* 1_664_525 &+ 1_013_904_223
                    return Float(seed >> 8) / Float(1 << 24)
                })
        }
        for _ in 0..<warmup { interpreter.invoke() }
        var times: [Double] = []
        times.reserveCapacity(runs)
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            interpreter.invoke()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        print(model + " " + String(format: "%.3f", times[times.count / 2]))
        if profile {
            // Per operator kind, then the ten slowest operations: on stderr, so the table parses.
            let report = interpreter.profile(runs: 50)
            var lines = ["  \(model): \(String(format: "%.3f", report.totalSeconds * 1e3)) ms in \(report.entries.count) operations"]
            for (code, seconds, count) in report.byOperator {
                lines.append(
                    "    " + code.padding(toLength: 36, withPad: " ", startingAt: 0)
                        + String(format: "%7.3f ms  %3d ops", seconds * 1e3, count))
            }
            for entry in report.entries.sorted(by: { $0.seconds > $1.seconds }).prefix(10) {
                lines.append(
                    "    #\(entry.operation) \(entry.code) -> \(entry.outputShape): " + String(format: "%.3f ms", entry.seconds * 1e3))
            }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
    } catch {
        FileHandle.standardError.write(Data("models-bench: \(model): \(error)\n".utf8))
        failed = true
    }
}
exit(failed ? 1 : 0)
