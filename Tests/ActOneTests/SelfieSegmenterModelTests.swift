import FaceTracking
import Foundation
import Testing

@testable import ActOne

/// Finding the person-matte model: over temp directories with an injected environment, like the
/// locator's own tests, so an installed model cannot change the outcome.
@Suite struct SelfieSegmenterModelTests {
    func locator(_ directory: String) throws -> ModelLocator {
        try ModelLocator(explicitDirectory: directory, environment: [:], executablePath: nil, systemDirectories: [])
    }

    @Test("a missing model is one line naming the file, where actone looked and how to install it")
    func missingModel() throws {
        let root = try TemporaryDirectory()
        let directory = try root.makeDirectory("models")
        let error = #expect(throws: ModelError.self) { try SelfieSegmenter(locator: try locator(directory)) }
        #expect(error == .missing(.selfieSegmentation, searched: [directory]))
        let line = error?.description ?? ""
        #expect(!line.contains("\n"))
        #expect(line.contains("selfie_segmentation.tflite") && line.contains(directory) && line.contains("Scripts/install-models"))
    }

    @Test("a truncated or altered model is refused before it is loaded")
    func corruptModel() throws {
        let root = try TemporaryDirectory()
        let directory = try root.makeDirectory("models")
        let path = try root.write([1, 2, 3], to: "models/selfie_segmentation.tflite")
        let truncated = #expect(throws: ModelError.self) { try SelfieSegmenter(locator: try locator(directory)) }
        #expect(truncated?.model == .selfieSegmentation)
        #expect(truncated?.description.contains("is 3 bytes; the released model is 249505 bytes") == true)

        try root.write(
            [UInt8](repeating: 7, count: Int(FaceModel.selfieSegmentation.expectedSize)), to: "models/selfie_segmentation.tflite")
        let altered = #expect(throws: ModelError.self) { try SelfieSegmenter(locator: try locator(directory)) }
        guard case .checksumMismatch(.selfieSegmentation, path, _, _)? = altered else {
            Issue.record("expected a checksum mismatch for \(path), got \(String(describing: altered))")
            return
        }
    }

    @Test(
        "the installed model loads through the locator",
        .enabled(if: realModelsInstalled, "real models not installed in <checkout>/models"))
    func installedModel() throws {
        let segmenter = try SelfieSegmenter(locator: try locator(installedModelsDirectory.path))
        #expect(segmenter.modelPath == installedModelsDirectory.appendingPathComponent("selfie_segmentation.tflite").path)
    }
}
