import Foundation

@testable import ActOne

/// The package root, found from this file's location (Tests/ActOneTests/<file>), so tests read the
/// checkout's files no matter what the working directory is.
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // ActOneTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // package root

/// `<checkout>/models`, where the set-up step installs the real model files (gitignored).
let installedModelsDirectory = packageRoot.appendingPathComponent("models")

/// True when every real model file is installed, so tests that need them can run.
let realModelsInstalled: Bool = FaceModel.allCases.allSatisfy {
    FileManager.default.fileExists(atPath: installedModelsDirectory.appendingPathComponent($0.fileName).path)
}

/// Path of the `sha256sum` tool, if this machine has one.
let sha256sumPath: String? = ["/usr/bin/sha256sum", "/bin/sha256sum", "/usr/local/bin/sha256sum"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// A fresh directory under the system temp dir, deleted when the value goes away.
final class TemporaryDirectory {
    let url: URL
    var path: String { url.path }

    init() throws {
        // Resolve symlinks (macOS /var -> /private/var) so paths compare equal to what the locator reports.
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("actone-tests-\(UUID().uuidString)")
            .resolvingSymlinksInPath()
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Creates `relative` (and its parents) as a directory; returns its absolute path.
    @discardableResult
    func makeDirectory(_ relative: String) throws -> String {
        let directory = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.path
    }

    /// Writes `bytes` to `relative`, creating parent directories; returns its absolute path.
    @discardableResult
    func write(_ bytes: [UInt8], to relative: String) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file.path
    }
}

/// Stand-ins for the real models: small distinct contents with known sums, so locator tests run
/// without the real files and can tell which directory a file came from.
enum FakeModels {
    static func contents(_ model: FaceModel) -> [UInt8] {
        // A few blocks long, so hashing crosses block boundaries.
        Array(String(repeating: "fake \(model.rawValue) weights\n", count: 20).utf8)
    }

    static let expectedSHA256: [FaceModel: String] = Dictionary(
        uniqueKeysWithValues: FaceModel.allCases.map { ($0, SHA256.hexString(SHA256.hash(contents($0)))) })

    /// Writes the fake file for each of `models` into `directory` (relative to `root`).
    static func install(_ models: [FaceModel], in directory: String, of root: TemporaryDirectory) throws {
        for model in models {
            try root.write(contents(model), to: directory + "/" + model.fileName)
        }
    }
}

/// Runs `sha256sum` on `paths` and returns `[path: hex]`.
func runSHA256Sum(_ paths: [String]) throws -> [String: String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: sha256sumPath!)
    process.arguments = paths
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    var result: [String: String] = [:]
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        // "<hex>  <path>"
        let hex = String(line.prefix(64))
        let path = String(line.dropFirst(66))
        result[path] = hex
    }
    return result
}
