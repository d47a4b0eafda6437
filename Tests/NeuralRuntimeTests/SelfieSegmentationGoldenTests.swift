import Foundation
import Testing

@testable import NeuralRuntime

/// selfie_segmentation.tflite in our runtime against MediaPipe itself (goldens/selfie/, made by
/// Scripts/make-model-goldens): the model's 256x256 mask on a portrait, compared on every 4th pixel
/// each way and on every pixel of the 32x32 window where the mask is most undecided.
@Suite struct SelfieSegmentationGoldenTests {
    static let folder = ModelGoldenTests.goldens.appendingPathComponent("selfie")
    static let modelPath = ModelGoldenTests.modelsFolder.appendingPathComponent("selfie_segmentation.tflite").path
    static var modelInstalled: Bool { FileManager.default.fileExists(atPath: modelPath) }

    static func manifest() throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The 256x256x3 model input: each stored 128x128 pixel is a 2x2 block, and bytes become
    /// Float(byte) * Float(1 / 255) as MediaPipe's converter computes them.
    static func modelInput(_ stored: Data) -> [Float] {
        let bytes = [UInt8](stored)
        let scale: Float = 1.0 / 255
        var input = [Float](repeating: 0, count: 256 * 256 * 3)
        for y in 0..<256 {
            for x in 0..<256 {
                for channel in 0..<3 {
                    input[(y * 256 + x) * 3 + channel] = Float(bytes[((y / 2) * 128 + x / 2) * 3 + channel]) * scale
                }
            }
        }
        return input
    }

    @Test(.enabled(if: modelInstalled, "models/selfie_segmentation.tflite not installed: run Scripts/install-models"))
    func maskMatchesMediaPipe() throws {
        let manifest = try Self.manifest()
        let input = try #require(manifest["input"] as? [String: Any])
        let output = try #require(manifest["output"] as? [String: Any])
        let samples = try #require(output["samples"] as? [String: Any])
        let crop = try #require(output["crop"] as? [String: Any])
        let cropX = try #require(crop["x"] as? Int), cropY = try #require(crop["y"] as? Int)
        let referenceMean = try #require(output["mean"] as? Double)

        let interpreter = try Interpreter(graph: try TFLiteLoader.load(path: Self.modelPath))
        let inputName = try #require(input["name"] as? String), outputName = try #require(output["name"] as? String)
        let stored = try Data(contentsOf: Self.folder.appendingPathComponent(try #require(input["file"] as? String)))
        #expect(stored.count == 128 * 128 * 3)
        try interpreter.setInput(inputName, Self.modelInput(stored))
        interpreter.invoke()
        #expect(try interpreter.shape(of: outputName) == [1, 256, 256, 1])
        let mask = try interpreter.output(outputName)

        let sampled = try ModelGoldenTests.floats("selfie/" + (try #require(samples["file"] as? String)))
        let window = try ModelGoldenTests.floats("selfie/" + (try #require(crop["file"] as? String)))
        #expect(sampled.count == 64 * 64 && window.count == 32 * 32)
        var worst = 0.0
        for (k, reference) in sampled.enumerated() {
            worst = max(worst, abs(Double(mask[(k / 64) * 4 * 256 + (k % 64) * 4]) - Double(reference)))
        }
        for (k, reference) in window.enumerated() {
            worst = max(worst, abs(Double(mask[(cropY + k / 32) * 256 + cropX + k % 32]) - Double(reference)))
        }
        let mean = mask.reduce(0.0) { $0 + Double($1) } / Double(mask.count)
        #expect(worst <= 1e-3, "max |ours - MediaPipe| = \(worst)")
        #expect(abs(mean - referenceMean) <= 1e-4, "mean \(mean), MediaPipe's \(referenceMean)")
        // The figures the task asks for, in the test log.
        print("golden selfie_segmentation: max |ours - MediaPipe| = \(worst), mean \(mean) vs \(referenceMean)")
    }
}
