// Times each face model in actone's own runtime: median milliseconds of one invoke on one
// thread, after warm-up. Prints one line per model, `name ours_ms`, for Scripts/bench-models,
// which puts LiteRT/XNNPACK's times for the same models beside them.
//
//   swift run -c release models-bench [--models DIR] [--runs 200] [--warmup 20]
import Foundation
import NeuralRuntime

var modelsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("models").path
var runs = 200, warmup = 20
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--models": modelsDirectory = arguments.next() ?? modelsDirectory
    case "--runs": runs = Int(arguments.next() ?? "") ?? runs
    case "--warmup": warmup = Int(arguments.next() ?? "") ?? warmup
    default:
        FileHandle.standardError.write(Data("models-bench: unknown argument \(argument)\n".utf8))
        exit(64)
    }
}

let models = ["face_detection_short_range", "face_detection_full_range_sparse", "face_landmark",
              "iris_landmark", "face_landmark_with_attention"]
var failed = false
for model in models {
    let path = "\(modelsDirectory)/\(model).tflite"
    do {
        let interpreter = try Interpreter(graph: try TFLiteLoader.load(path: path))
        // Deterministic inputs in [0, 1): the time does not depend on the values.
        var seed: UInt32 = 1
        for name in interpreter.inputNames {
            let count = try interpreter.shape(of: name).reduce(1, *)
            try interpreter.setInput(name, (0..<count).map { _ in
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
    } catch {
        FileHandle.standardError.write(Data("models-bench: \(model): \(error)\n".utf8))
        failed = true
    }
}
exit(failed ? 1 : 0)
