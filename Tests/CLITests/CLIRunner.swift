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
    try runActone(arguments, in: folder, environment: environment, binary: binary, timeout: timeout) { process, _ in
        whileRunning?(process)
    }
}

/// Stderr as it comes from a running actone, for a test that acts on what the command says.
final class StandardErrorSoFar: @unchecked Sendable {
    private let condition = NSCondition()
    private var data = Data()
    private var ended = false

    fileprivate func append(_ chunk: Data) {
        condition.withLock {
            if chunk.isEmpty { ended = true } else { data += chunk }
            condition.broadcast()
        }
    }

    var text: String { condition.withLock { String(decoding: data, as: UTF8.self) } }

    /// Waits until stderr holds `expected`; false when it ends or `timeout` passes first.
    func waitFor(_ expected: String, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        return condition.withLock {
            while !String(decoding: data, as: UTF8.self).contains(expected) {
                guard !ended, condition.wait(until: deadline) else { return false }
            }
            return true
        }
    }
}

/// `runActone` for a test that watches stderr as it comes (`whileRunning` gets it with the
/// process) or plays the user at standard input: `input` (a pipe's or a terminal's end the test
/// writes to), or /dev/null.
func runActone(
    _ arguments: [String], in folder: String? = nil, environment: [String: String]? = nil,
    binary: String = actoneBinary, timeout: TimeInterval = 120, input: FileHandle? = nil,
    whileRunning: (Process, StandardErrorSoFar) -> Void
) throws -> CLIResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input ?? FileHandle.nullDevice
    try process.run()

    // Drain both pipes concurrently so a chatty process never blocks on a full pipe.
    final class Box: @unchecked Sendable { var data = Data() }
    let outBox = Box(), errSoFar = StandardErrorSoFar()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        outBox.data = out.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
        while true {
            let chunk = err.fileHandleForReading.availableData
            errSoFar.append(chunk)
            if chunk.isEmpty { break }
        }
        group.leave()
    }
    whileRunning(process, errSoFar)
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
        stderr: errSoFar.text,
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
