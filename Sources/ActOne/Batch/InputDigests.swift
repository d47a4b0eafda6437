import Foundation

/// SHA-256 of every input file of a batch, each file read once, several at a time. A batch knows
/// an input changed by its content, not its date: a clip copied back from an archive, or
/// re-exported unchanged, keeps its finished outputs.
public struct InputDigests: Sendable {
    /// Path -> lowercase hex digest, or why the file could not be read.
    public private(set) var results: [String: Result<String, FileReadError>] = [:]

    public init(paths: some Sequence<String>, concurrency: Int) {
        let unique = Array(Set(paths)).sorted()
        let collected = Collected()
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = max(1, concurrency)
        for path in unique {
            queue.addOperation {
                let result = Result { () throws(FileReadError) in SHA256.hexString(try SHA256.hashFile(atPath: path)) }
                collected.set(path, result)
            }
        }
        queue.waitUntilAllOperationsAreFinished()
        results = collected.results
    }

    public subscript(path: String) -> Result<String, FileReadError>? { results[path] }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String: Result<String, FileReadError>] = [:]
        var results: [String: Result<String, FileReadError>] { lock.withLock { stored } }
        func set(_ path: String, _ result: Result<String, FileReadError>) { lock.withLock { stored[path] = result } }
    }
}
