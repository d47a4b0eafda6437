import Foundation

/// What one run of the `actone` binary did.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
    var timedOut: Bool

    /// Non-empty lines of stderr.
    var errorLines: [Substring] { stderr.split(separator: "\n", omittingEmptySubsequences: true) }
}

/// The `actone` binary built beside this test bundle.
let actoneBinary: String = {
    let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    return me.deletingLastPathComponent().appendingPathComponent("actone").path
}()

/// A fixture from MediaIO's tests (made by Scripts/make-test-fixtures).
func mediaFixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("MediaIOTests/Fixtures/\(name)").path
}

/// Runs actone with `arguments`, killing it after `timeout` seconds so a hang fails the test
/// instead of stalling the suite. `whileRunning` gets the process once it has started.
func runActone(
    _ arguments: [String], in folder: String? = nil, environment: [String: String]? = nil,
    binary: String = actoneBinary, timeout: TimeInterval = 120,
    whileRunning: ((Process) -> Void)? = nil
) throws -> CLIResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()

    // Drain both pipes concurrently so a chatty process never blocks on a full pipe.
    final class Box: @unchecked Sendable { var data = Data() }
    let outBox = Box(), errBox = Box()
    let group = DispatchGroup()
    for (pipe, box) in [(out, outBox), (err, errBox)] {
        group.enter()
        DispatchQueue.global().async {
            box.data = pipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
    }
    whileRunning?(process)
    let deadline = Date().addingTimeInterval(timeout)
    var timedOut = false
    while process.isRunning {
        if Date() > deadline { timedOut = true; process.terminate(); break }
        usleep(10_000)
    }
    process.waitUntilExit()
    group.wait()
    return CLIResult(
        status: process.terminationStatus,
        stdout: String(decoding: outBox.data, as: UTF8.self),
        stderr: String(decoding: errBox.data, as: UTF8.self),
        timedOut: timedOut)
}

/// A fresh folder, deleted when the value goes away.
final class ScratchFolder {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "actone-cli-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }
    var contents: [String] { (try? FileManager.default.contentsOfDirectory(atPath: path))?.sorted() ?? [] }
}
