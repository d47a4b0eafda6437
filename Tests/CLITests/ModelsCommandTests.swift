import Foundation
import Testing

@Suite struct ModelsCommandTests {
    @Test func missingModelsFailVerifyWithInstructions() throws {
        // A copy of the binary outside the checkout, with HOME and XDG_DATA_HOME in an empty folder,
        // finds no models in any fixed location (unless a system-wide install exists).
        let folder = ScratchFolder()
        let binary = folder.file("actone")
        try FileManager.default.copyItem(atPath: actoneBinary, toPath: binary)
        let environment = ["HOME": folder.path, "XDG_DATA_HOME": folder.path, "PATH": "/usr/bin:/bin"]
        let systemWide = ["/usr/local/share/actone/models", "/usr/share/actone/models"]
            .contains { FileManager.default.fileExists(atPath: $0) }
        let result = try runActone(["models", "--models", folder.path, "--verify"], environment: environment, binary: binary)
        #expect(result.stdout.contains("face_landmark.tflite") && result.stdout.contains("missing"))
        if !systemWide {
            #expect(result.status == 1)
            #expect(result.errorLines.count == 1)
            #expect(result.stderr.contains("Scripts/setup"))
        }
    }

    @Test func missingModelFolderIsAnError() throws {
        let result = try runActone(["models", "--models", "/nonexistent/models"])
        #expect(result.status == 1)
        #expect(result.errorLines.count == 1 && result.stderr.contains("/nonexistent/models"))
    }

    @Test func jsonListsEveryModel() throws {
        let result = try runActone(["models", "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let models = try #require(json["models"] as? [[String: Any]])
        #expect(models.count == 6)
        let names = Set(models.compactMap { $0["fileName"] as? String })
        #expect(names.contains("iris_landmark.tflite") && names.contains("selfie_segmentation.tflite"))
    }
}
