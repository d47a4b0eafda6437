import Foundation
import Testing

@testable import ActOne

/// Locator tests run over temp directories with an injected environment, executable path and
/// system directories, so nothing on the machine (a real ~/.local/share/actone, /usr/share/actone,
/// $ACTONE_MODELS) can change their outcome.
@Suite("Model locator")
struct ModelLocatorTests {
    private func makeLocator(
        explicit: String? = nil,
        environment: [String: String] = [:],
        executable: String? = nil,
        system: [String] = [],
        sums: [FaceModel: String] = FakeModels.expectedSHA256
    ) throws -> ModelLocator {
        try ModelLocator(
            explicitDirectory: explicit, environment: environment, executablePath: executable,
            systemDirectories: system, expectedSHA256: sums)
    }

    @Test("search order: --models, then ACTONE_MODELS, then the checkout, then XDG data, then system")
    func searchOrder() throws {
        let root = try TemporaryDirectory()
        let models = FaceModel.allCases  // the first five: each directory lacks one more than the next
        try FakeModels.install(Array(models[0...0]), in: "explicit", of: root)
        try FakeModels.install(Array(models[0...1]), in: "env", of: root)
        try FakeModels.install(Array(models[0...2]), in: "checkout/models", of: root)
        try FakeModels.install(Array(models[0...3]), in: "xdg/actone/models", of: root)
        try FakeModels.install(Array(models[0...4]), in: "system", of: root)
        let executable = try root.write([0x7f], to: "checkout/.build/x86_64-unknown-linux-gnu/release/actone")

        let locator = try makeLocator(
            explicit: root.path + "/explicit",
            environment: ["ACTONE_MODELS": root.path + "/env", "XDG_DATA_HOME": root.path + "/xdg", "HOME": root.path + "/home"],
            executable: executable,
            system: [root.path + "/system"])

        let expectedDirectories = ["explicit", "env", "checkout/models", "xdg/actone/models", "system"]
        for (model, directory) in zip(models, expectedDirectories) {
            let found = locator.locate(model)
            #expect(found.status == .verified, "\(model)")
            #expect(found.path == root.path + "/" + directory + "/" + model.fileName)
            #expect(found.sizeBytes == Int64(FakeModels.contents(model).count))
        }

        let origins = locator.searchLocations.map(\.origin)
        #expect(
            origins == [.explicitOption, .environmentVariable]
                + Array(repeating: .executableAncestor, count: 5) + [.userData, .system])
        // Only XDG_DATA_HOME is used when set; HOME's default is not searched as well.
        #expect(!locator.searchLocations.contains { $0.path.hasPrefix(root.path + "/home") })
    }

    @Test("without XDG_DATA_HOME the user directory is ~/.local/share/actone/models")
    func homeDefault() throws {
        let root = try TemporaryDirectory()
        try FakeModels.install([.faceLandmark], in: "home/.local/share/actone/models", of: root)
        let locator = try makeLocator(environment: ["HOME": root.path + "/home"])
        #expect(locator.locate(.faceLandmark).path == root.path + "/home/.local/share/actone/models/face_landmark.tflite")
        #expect(locator.locate(.faceLandmark).status == .verified)
        #expect(
            locator.searchLocations == [
                ModelSearchLocation(path: root.path + "/home/.local/share/actone/models", origin: .userData)
            ])
    }

    @Test("a symlinked .build/release/actone and a symlink on PATH both find <checkout>/models")
    func symlinkedExecutable() throws {
        let root = try TemporaryDirectory()
        try FakeModels.install([.irisLandmark], in: "checkout/models", of: root)
        try root.write([0x7f], to: "checkout/.build/x86_64-unknown-linux-gnu/release/actone")
        let fileManager = FileManager.default
        // SwiftPM's layout: .build/release -> x86_64-unknown-linux-gnu/release.
        try fileManager.createSymbolicLink(
            atPath: root.path + "/checkout/.build/release",
            withDestinationPath: "x86_64-unknown-linux-gnu/release")
        try root.makeDirectory("bin")
        try fileManager.createSymbolicLink(
            atPath: root.path + "/bin/actone",
            withDestinationPath: root.path + "/checkout/.build/release/actone")

        for executable in [root.path + "/checkout/.build/release/actone", root.path + "/bin/actone"] {
            let found = try makeLocator(executable: executable).locate(.irisLandmark)
            #expect(found.path == root.path + "/checkout/models/iris_landmark.tflite", "\(executable)")
            #expect(found.status == .verified)
        }
    }

    @Test("only the executable's first five ancestors are searched")
    func ancestorLimit() throws {
        let root = try TemporaryDirectory()
        try FakeModels.install([.faceLandmark], in: "top/models", of: root)
        let fifth = try root.write([0x7f], to: "top/1/2/3/4/actone")  // ancestors: 4, 3, 2, 1, top
        let sixth = try root.write([0x7f], to: "top/1/2/3/4/5/actone")  // ancestors: 5, 4, 3, 2, 1

        let near = try makeLocator(executable: fifth)
        #expect(near.locate(.faceLandmark).status == .verified)
        #expect(near.searchLocations.count == 5)

        let far = try makeLocator(executable: sixth)
        #expect(far.locate(.faceLandmark).status == .missing)
        #expect(far.searchLocations.last?.path == root.path + "/top/1/models")
    }

    @Test("--models naming no directory is an error naming the path, not a skipped candidate")
    func explicitDirectoryMustExist() throws {
        let root = try TemporaryDirectory()
        try FakeModels.install(FaceModel.allCases, in: "env", of: root)
        let typo = root.path + "/modles"
        let error = #expect(throws: ModelError.self) {
            try makeLocator(explicit: typo, environment: ["ACTONE_MODELS": root.path + "/env"])
        }
        #expect(
            error
                == .badSearchDirectory(
                    ModelSearchLocation(path: typo, origin: .explicitOption),
                    reason: "does not exist"))
        let message = try #require(error).description
        #expect(message.contains(typo) && message.contains("--models") && !message.contains("\n"))
    }

    @Test("ACTONE_MODELS naming a missing directory or a file is an error; empty means unset")
    func environmentDirectoryMustExist() throws {
        let root = try TemporaryDirectory()
        let missing = root.path + "/nowhere"
        let missingError = #expect(throws: ModelError.self) { try makeLocator(environment: ["ACTONE_MODELS": missing]) }
        #expect(missingError?.description.contains("\(missing) (from ACTONE_MODELS) does not exist") == true)

        let file = try root.write([1], to: "a-file")
        let fileError = #expect(throws: ModelError.self) { try makeLocator(environment: ["ACTONE_MODELS": file]) }
        #expect(
            fileError
                == .badSearchDirectory(
                    ModelSearchLocation(path: file, origin: .environmentVariable),
                    reason: "is not a directory"))

        let unset = try makeLocator(environment: ["ACTONE_MODELS": ""])
        #expect(unset.searchLocations.isEmpty)
    }

    @Test("the same directory from --models and ACTONE_MODELS is searched once")
    func duplicatesRemoved() throws {
        let root = try TemporaryDirectory()
        let directory = try root.makeDirectory("models")
        let locator = try makeLocator(explicit: directory + "/", environment: ["ACTONE_MODELS": directory])
        #expect(locator.searchLocations == [ModelSearchLocation(path: directory, origin: .explicitOption)])
    }

    @Test("a missing file is .missing, and resolve's one-line error names it, the search path and the install command")
    func missingFile() throws {
        let root = try TemporaryDirectory()
        let first = try root.makeDirectory("first")
        let second = try root.makeDirectory("second")
        try FakeModels.install([.faceLandmark], in: "second", of: root)
        let locator = try makeLocator(explicit: first, system: [second])

        let found = locator.locate(.irisLandmark)
        #expect(found.status == .missing)
        #expect(found.path == nil && found.sizeBytes == nil)

        let error = #expect(throws: ModelError.self) { try locator.resolve(.irisLandmark) }
        #expect(error == .missing(.irisLandmark, searched: [first, second]))
        let message = try #require(error).description
        #expect(!message.contains("\n"))
        #expect(message.contains("iris_landmark.tflite"))
        #expect(message.contains(first) && message.contains(second))
        #expect(message.contains("Scripts/setup"))
        #expect(message.contains("Scripts/install-models"))
        #expect(message.contains("--models DIR"))
        #expect(message.contains("ACTONE_MODELS"))

        // The file that is there still resolves.
        #expect(try locator.resolve(.faceLandmark).path == second + "/face_landmark.tflite")
    }

    @Test("a copy with one byte changed is .checksumMismatch with the actual sum")
    func corruptedCopy() throws {
        let root = try TemporaryDirectory()
        let directory = try root.makeDirectory("models")
        try FakeModels.install([.faceLandmark], in: "models", of: root)
        let locator = try makeLocator(explicit: directory)
        #expect(locator.locate(.faceLandmark).status == .verified)

        var corrupted = FakeModels.contents(.faceLandmark)
        corrupted[corrupted.count / 2] ^= 0x01
        let path = try root.write(corrupted, to: "models/face_landmark.tflite")
        let actual = SHA256.hexString(SHA256.hash(corrupted))

        let found = locator.locate(.faceLandmark)
        #expect(found.status == .checksumMismatch(actual: actual))
        #expect(found.path == path)
        #expect(found.sizeBytes == Int64(corrupted.count))

        let error = #expect(throws: ModelError.self) { try locator.resolve(.faceLandmark) }
        #expect(
            error
                == .checksumMismatch(
                    .faceLandmark, path: path,
                    expected: FakeModels.expectedSHA256[.faceLandmark]!, actual: actual))
        let message = try #require(error).description
        #expect(message.contains(path) && message.contains(ModelError.installHint) && !message.contains("\n"))
    }

    @Test("with the real catalogue sums, a file that is not the released model is a mismatch, or refused for its size unread")
    func wrongFileAgainstCatalogue() throws {
        let root = try TemporaryDirectory()
        let directory = try root.makeDirectory("models")
        // The released size, other bytes: hashed, and a mismatch.
        let bytes = [UInt8](repeating: 7, count: Int(FaceModel.faceDetectionShortRange.expectedSize))
        try root.write(bytes, to: "models/face_detection_short_range.tflite")
        let locator = try makeLocator(explicit: directory, sums: FaceModel.catalogSHA256)
        #expect(
            locator.locate(.faceDetectionShortRange).status
                == .checksumMismatch(actual: SHA256.hexString(SHA256.hash(bytes))))
        // Another size: refused before hashing.
        try root.write(Array("not a tflite model".utf8), to: "models/face_landmark.tflite")
        #expect(locator.locate(.faceLandmark).status == .unreadable("is 18 bytes; the released model is 1242398 bytes"))
    }

    @Test("a FIFO or a link to /dev/zero named like the model is .unreadable at once, never read")
    func specialFilesAreNotRead() throws {
        let root = try TemporaryDirectory()
        let directory = try root.makeDirectory("models")
        #expect(mkfifo(directory + "/face_landmark.tflite", 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: directory + "/iris_landmark.tflite", withDestinationPath: "/dev/zero")
        let locator = try makeLocator(explicit: directory, sums: FaceModel.catalogSHA256)
        for model in [FaceModel.faceLandmark, .irisLandmark] {
            #expect(locator.locate(model).status == .unreadable("is not a regular file (a FIFO, a device or a socket)"))
        }
    }

    @Test("a directory named like the model is .unreadable and does not fall through to a later copy")
    func directoryInPlaceOfFile() throws {
        let root = try TemporaryDirectory()
        let first = try root.makeDirectory("first")
        try root.makeDirectory("first/face_landmark.tflite")
        try FakeModels.install([.faceLandmark], in: "second", of: root)
        let locator = try makeLocator(explicit: first, environment: ["ACTONE_MODELS": root.path + "/second"])

        let found = locator.locate(.faceLandmark)
        #expect(found.path == first + "/face_landmark.tflite")
        #expect(found.sizeBytes == nil)
        guard case .unreadable(let reason) = found.status else {
            Issue.record("expected .unreadable, got \(found.status)")
            return
        }
        #expect(reason.contains("directory"))

        let error = #expect(throws: ModelError.self) { try locator.resolve(.faceLandmark) }
        let message = try #require(error).description
        #expect(message.contains("face_landmark.tflite") && message.contains(first) && message.contains("Scripts/setup"))
    }

    @Test("a broken symlink named like the model is .unreadable")
    func brokenSymlink() throws {
        let root = try TemporaryDirectory()
        let directory = try root.makeDirectory("models")
        try FileManager.default.createSymbolicLink(
            atPath: directory + "/iris_landmark.tflite",
            withDestinationPath: root.path + "/gone.tflite")
        let found = try makeLocator(explicit: directory).locate(.irisLandmark)
        #expect(found.status == .unreadable("broken symbolic link"))
    }

    @Test("report: every model in catalogue order, a table, and JSON that round-trips")
    func report() throws {
        let root = try TemporaryDirectory()
        let directory = try root.makeDirectory("models")
        try FakeModels.install([.faceDetectionShortRange, .faceLandmark], in: "models", of: root)
        try root.write([1, 2, 3], to: "models/face_detection_full_range_sparse.tflite")
        try root.makeDirectory("models/face_landmark_with_attention.tflite")
        let locator = try makeLocator(explicit: directory)

        let report = locator.report()
        #expect(report.models.map(\.model) == FaceModel.allCases)
        #expect(report.models.map(\.status.code) == ["verified", "checksumMismatch", "verified", "unreadable", "missing", "missing"])
        #expect(report.searched == locator.searchLocations)
        #expect(!report.allVerified)

        let table = report.table().split(separator: "\n")
        #expect(table.count == 1 + FaceModel.allCases.count)
        #expect(table[0].hasPrefix("MODEL"))
        #expect(table[5].hasPrefix("iris_landmark.tflite") && table[5].contains("missing"))
        #expect(table[1].contains(directory + "/face_detection_short_range.tflite"))

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(report)
        #expect(try JSONDecoder().decode(ModelReport.self, from: json) == report)

        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let entries = try #require(object["models"] as? [[String: Any]])
        #expect(entries[1]["status"] as? String == "checksumMismatch")
        #expect(entries[1]["actualSHA256"] as? String == SHA256.hexString(SHA256.hash([1, 2, 3])))
        #expect(entries[1]["sizeBytes"] as? Int == 3)
        #expect(entries[3]["reason"] as? String == "is a directory, not a file")
        #expect(entries[4]["fileName"] as? String == "iris_landmark.tflite")
        #expect(entries[4]["path"] is NSNull)
    }

    @Test("a complete directory reports allVerified")
    func complete() throws {
        let root = try TemporaryDirectory()
        try FakeModels.install(FaceModel.allCases, in: "models", of: root)
        let report = try makeLocator(explicit: root.path + "/models").report()
        #expect(report.allVerified)
    }

    @Test("size formatting")
    func sizes() {
        #expect(ModelReport.formatSize(0) == "0 B")
        #expect(ModelReport.formatSize(999) == "999 B")
        #expect(ModelReport.formatSize(229_714) == "229.7 kB")
        #expect(ModelReport.formatSize(999_999) == "1.0 MB")
        #expect(ModelReport.formatSize(2_640_568) == "2.6 MB")
    }

    @Test("the real executable path is found")
    func currentExecutable() throws {
        let path = try #require(ModelLocator.currentExecutablePath())
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test(
        "the installed real models all verify against the catalogue",
        .enabled(if: realModelsInstalled, "real models not installed in <checkout>/models"))
    func realModels() throws {
        let locator = try ModelLocator(
            explicitDirectory: installedModelsDirectory.path, environment: [:],
            executablePath: nil, systemDirectories: [])
        #expect(locator.report().allVerified)
        for model in FaceModel.allCases {
            #expect(try locator.resolve(model).lastPathComponent == model.fileName)
        }
    }
}
