import Foundation
import Testing

@testable import ActOne

@Suite("Model catalogue")
struct ModelCatalogTests {
    static let checksumFile = packageRoot.appendingPathComponent("Scripts/models.sha256")

    @Test("six models with distinct .tflite file names inside mediapipe/modules/")
    func names() {
        #expect(FaceModel.allCases.count == 6)
        let fileNames = FaceModel.allCases.map(\.fileName)
        #expect(Set(fileNames).count == fileNames.count)
        for model in FaceModel.allCases {
            #expect(model.fileName.hasSuffix(".tflite"))
            #expect(model.wheelPath.hasPrefix("mediapipe/modules/"))
            #expect(model.wheelPath.hasSuffix("/" + model.fileName))
            #expect(!model.purpose.isEmpty && !model.purpose.contains("\n"))
        }
        #expect(FaceModel.faceLandmark.wheelPath == "mediapipe/modules/face_landmark/face_landmark.tflite")
        #expect(FaceModel.irisLandmark.wheelPath == "mediapipe/modules/iris_landmark/iris_landmark.tflite")
        #expect(FaceModel.selfieSegmentation.wheelPath == "mediapipe/modules/selfie_segmentation/selfie_segmentation.tflite")
    }

    @Test("expected sums are 64 lowercase hex digits and all different")
    func sumShape() {
        let sums = FaceModel.allCases.map(\.expectedSHA256)
        #expect(Set(sums).count == sums.count)
        for sum in sums {
            #expect(sum.count == 64)
            #expect(sum.allSatisfy { "0123456789abcdef".contains($0) }, "\(sum)")
        }
        #expect(FaceModel.catalogSHA256.count == FaceModel.allCases.count)
    }

    /// The set-up script verifies downloads with Scripts/models.sha256; the binary verifies with
    /// the Swift constants. They must be the same list, or one of them would reject good files.
    @Test("Scripts/models.sha256 lists exactly the catalogue's files and sums, sorted, in sha256sum format")
    func checksumFileMatchesCatalogue() throws {
        let text = try String(contentsOf: Self.checksumFile, encoding: .utf8)
        #expect(text.hasSuffix("\n"), "sha256sum -c wants a final newline")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()

        var listed: [String: String] = [:]
        var order: [String] = []
        for line in lines {
            // sha256sum text mode: 64 hex digits, two spaces, the file name.
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            try #require(parts.count == 2, "malformed line: \(line)")
            let hex = String(parts[0])
            let rest = String(parts[1])
            #expect(rest.hasPrefix(" ") && !rest.dropFirst().hasPrefix(" "), "want exactly two spaces: \(line)")
            let name = String(rest.dropFirst())
            #expect(hex.count == 64 && hex.allSatisfy { "0123456789abcdef".contains($0) }, "\(line)")
            #expect(listed[name] == nil, "\(name) listed twice")
            listed[name] = hex
            order.append(name)
        }

        #expect(order == order.sorted(), "Scripts/models.sha256 should be sorted by file name")
        let catalogue = Dictionary(uniqueKeysWithValues: FaceModel.allCases.map { ($0.fileName, $0.expectedSHA256) })
        #expect(listed == catalogue)
    }

    @Test(
        "installed model files hash to the catalogue sums, by our SHA-256 and by sha256sum",
        .enabled(if: realModelsInstalled, "real models not installed in <checkout>/models"))
    func realFiles() throws {
        var paths: [String: FaceModel] = [:]
        for model in FaceModel.allCases {
            let path = installedModelsDirectory.appendingPathComponent(model.fileName).path
            paths[path] = model
            #expect(SHA256.hexString(try SHA256.hashFile(atPath: path)) == model.expectedSHA256, "\(model.fileName)")
        }
        if sha256sumPath != nil {
            let theirs = try runSHA256Sum(Array(paths.keys))
            for (path, model) in paths {
                #expect(theirs[path] == model.expectedSHA256, "sha256sum \(model.fileName)")
            }
        }
    }
}
