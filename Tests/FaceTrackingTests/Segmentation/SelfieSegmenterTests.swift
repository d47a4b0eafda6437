import Foundation
import Imaging
import MediaIO
import NeuralRuntime
import Testing

@testable import FaceTracking

enum SelfieSegmentationFiles {
    static let packageRoot = DetectionModelFiles.packageRoot
    static let model = packageRoot.appendingPathComponent("models/selfie_segmentation.tflite").path
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/selfie")
    static var available: Bool { FileManager.default.fileExists(atPath: model) }

    static func floats(_ file: String) throws -> [Float] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(file))
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
    }

    /// The cases of Fixtures/selfie/manifest.json (Scripts/make-model-goldens), by name.
    static func cases() throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent("manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let list = try #require(manifest["cases"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as? String ?? "?", $0) })
    }
}

@Suite(.enabled(if: SelfieSegmentationFiles.available, "models/selfie_segmentation.tflite not installed: run Scripts/install-models"))
struct SelfieSegmenterTests {
    let segmenter: SelfieSegmenter

    init() throws {
        segmenter = try SelfieSegmenter(modelPath: SelfieSegmentationFiles.model)
    }

    /// Largest and mean |ours - MediaPipe's| over pairs of values.
    static func differences(_ ours: [Float], _ theirs: [Float]) -> (max: Double, mean: Double) {
        let errors = zip(ours, theirs).map { abs(Double($0) - Double($1)) }
        return (errors.max() ?? .infinity, errors.reduce(0, +) / Double(max(errors.count, 1)))
    }

    @Test("the portrait's matte is high on the person and low on the background, at the image's size")
    func portraitMatte() throws {
        let image = try ImageLoader.load(path: DetectionModelFiles.sample).rgb
        let matte = try segmenter.personMatte(of: image)
        #expect(matte.width == 512 && matte.height == 600)
        #expect(matte.values.allSatisfy { $0 >= 0 && $0 <= 1 })
        for (x, y) in [(256, 240), (256, 300), (256, 590), (120, 560), (400, 560)] {
            #expect(matte[x, y] > 0.95, "person at (\(x), \(y)): \(matte[x, y])")
        }
        for (x, y) in [(10, 10), (502, 10), (492, 200), (20, 200), (60, 100)] {
            #expect(matte[x, y] < 0.05, "background at (\(x), \(y)): \(matte[x, y])")
        }
    }

    @Test("the second portrait too, and the same image gives the same matte again")
    func astronautMatte() throws {
        let image = try ImageLoader.load(path: SelfieSegmentationFiles.packageRoot.appendingPathComponent("Samples/astronaut.png").path).rgb
        let matte = try segmenter.personMatte(of: image)
        for (x, y) in [(256, 204), (256, 256), (256, 502)] { #expect(matte[x, y] > 0.95, "person at (\(x), \(y))") }
        for (x, y) in [(10, 10), (502, 10), (492, 170), (20, 170)] { #expect(matte[x, y] < 0.05, "background at (\(x), \(y))") }
        #expect(try segmenter.personMatte(of: image) == matte)
    }

    /// MediaPipe's matte of Samples/astronaut.png without its first and last 40 columns
    /// (432x512; a PNG, so both sides read the same pixels), every 8th pixel: the stretch shrinks
    /// each axis by its own factor and the resize back enlarges.
    @Test func croppedAstronautMatchesMediaPipe() throws {
        let entry = try #require(try SelfieSegmentationFiles.cases()["astronaut"])
        let samples = try #require(entry["samples"] as? [String: Any])
        let reference = try SelfieSegmentationFiles.floats(try #require(samples["file"] as? String))
        let whole = try ImageLoader.load(path: SelfieSegmentationFiles.packageRoot.appendingPathComponent("Samples/astronaut.png").path).rgb
        #expect(whole.width == 512 && whole.height == 512)
        var pixels: [UInt8] = []
        for y in 0..<512 { pixels += whole.pixels[((y * 512 + 40) * 3)..<((y * 512 + 472) * 3)] }
        let matte = try segmenter.personMatte(of: RGBImage(width: 432, height: 512, pixels: pixels))
        let ours = stride(from: 4, to: 512, by: 8).flatMap { y in stride(from: 4, to: 432, by: 8).map { x in matte[x, y] } }
        #expect(ours.count == reference.count)
        let (worst, mean) = Self.differences(ours, reference)
        #expect(worst <= 1e-3 && mean <= 1e-4, "max \(worst), mean \(mean)")
        print("selfie matte, astronaut 432x512 vs MediaPipe: max |ours - MediaPipe| = \(worst), mean \(mean)")
    }

    /// A small image (80x94) and MediaPipe's whole matte of it: the stretch enlarges, and the
    /// tensor's last column and row sample past the image into MediaPipe's zero border.
    @Test func smallImageMatchesMediaPipe() throws {
        let entry = try #require(try SelfieSegmentationFiles.cases()["small"])
        let (width, height) = (try #require(entry["width"] as? Int), try #require(entry["height"] as? Int))
        let pixels = try Data(contentsOf: SelfieSegmentationFiles.fixtures.appendingPathComponent(try #require(entry["input"] as? String)))
        let reference = try SelfieSegmentationFiles.floats(try #require(entry["matte"] as? String))
        let matte = try segmenter.personMatte(of: RGBImage(width: width, height: height, pixels: [UInt8](pixels)))
        #expect(matte.width == width && matte.height == height)
        let (worst, mean) = Self.differences(matte.values, reference)
        #expect(worst <= 1e-3 && mean <= 1e-4, "max \(worst), mean \(mean)")
        print("selfie matte, small 80x94 vs MediaPipe: max |ours - MediaPipe| = \(worst), mean \(mean)")
    }

    @Test("another model is refused with a message naming it")
    func refusesOtherModels() throws {
        let face = DetectionModelFiles.packageRoot.appendingPathComponent("models/face_landmark.tflite").path
        try #require(FileManager.default.fileExists(atPath: face))
        let error = #expect(throws: SegmentationError.self) { try SelfieSegmenter(modelPath: face) }
        #expect(error?.description.contains("face_landmark.tflite") == true)
        #expect(throws: RuntimeError.self) { try SelfieSegmenter(modelPath: "/nonexistent/selfie_segmentation.tflite") }
    }
}
