import Foundation

/// One output of a command, written under a temporary name and put in place only when complete.
///
/// The writer writes to `workingPath`; `commit()` then renames it onto the target (a regular
/// file, atomically) or copies it into the FIFO, character device or standard output named. If
/// the work fails, the output is abandoned (`discard()`, or deinit without a commit) or the process
/// is stopped by a signal (see `SignalCleanup`), the temporary file is deleted and the target is
/// left as it was: never half-written.
public final class OutputFile: @unchecked Sendable {
    /// The path as the user gave it, for messages.
    public let path: String
    public let destination: OutputDestination
    /// Where the bytes are written until `commit()`: beside the target for a regular file (so the
    /// rename stays on one file system), in the temporary folder for streams.
    public let workingPath: String
    private let overwrite: Bool
    private var settled = false

    /// Works out the destination (see `OutputDestination.resolve`) and reserves a temporary name.
    /// Nothing is created yet: the writer creates `workingPath`.
    /// - Parameters:
    ///   - standardOutput: what this output is ("a pose track"), when `-` may mean standard output.
    public init(path: String, overwrite: Bool, inputs: [String] = [], standardOutput: String? = nil) throws(OutputError) {
        self.path = path
        self.overwrite = overwrite
        destination = try OutputDestination.resolve(
            path, overwrite: overwrite, inputs: inputs,
            standardOutput: standardOutput)
        switch destination {
        case .file(let target):
            let url = URL(fileURLWithPath: target)
            workingPath =
                url.deletingLastPathComponent().appendingPathComponent(
                    TemporaryName.make(for: url.lastPathComponent)
                ).path
        case .stream(let target):
            workingPath = Self.temporaryFolder + "/" + TemporaryName.make(for: URL(fileURLWithPath: target).lastPathComponent)
        case .standardOutput:
            workingPath = Self.temporaryFolder + "/" + TemporaryName.make(for: "stdout")
        }
        SignalCleanup.removeOnSignal(workingPath)
    }

    deinit { if !settled { discard() } }

    /// Checks, before any work starts, that `path` may be written (see `OutputDestination.resolve`).
    public static func check(
        _ path: String, overwrite: Bool, inputs: [String] = [],
        standardOutput: String? = nil
    ) throws(OutputError) {
        _ = try OutputDestination.resolve(path, overwrite: overwrite, inputs: inputs, standardOutput: standardOutput)
    }

    /// Puts the finished file in place: renamed onto a regular file, or copied into a stream.
    public func commit() throws(OutputError) {
        precondition(!settled, "OutputFile settled twice")
        switch destination {
        case .file(let target):
            var existing = stat()
            if stat(target, &existing) == 0 {
                // Someone created it while we worked: still not ours to replace.
                guard overwrite else {
                    discard()
                    throw .exists(path: path)
                }
                // A replaced file keeps its permissions.
                chmod(workingPath, existing.st_mode & 0o7777)
            }
            guard rename(workingPath, target) == 0 else {
                let reason = OutputError.systemMessage()
                discard()
                throw .writeFailed(path: path, reason: reason)
            }
        case .stream(let target):
            let descriptor = open(target, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                let reason = OutputError.systemMessage()
                discard()
                throw .writeFailed(path: path, reason: reason)
            }
            defer { close(descriptor) }
            try copyWorkingFile(to: descriptor)
        case .standardOutput:
            // Text printed earlier through stdio goes first.
            fflush(nil)
            try copyWorkingFile(to: STDOUT_FILENO)
        }
        settled = true
        SignalCleanup.forget(workingPath)
    }

    /// Deletes the temporary file, if any; the target is untouched.
    public func discard() {
        settled = true
        unlink(workingPath)
        SignalCleanup.forget(workingPath)
    }

    /// Copies the finished working file into an open stream in blocks, then deletes it.
    private func copyWorkingFile(to output: Int32) throws(OutputError) {
        let input = open(workingPath, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            let reason = OutputError.systemMessage()
            discard()
            throw .writeFailed(path: path, reason: reason)
        }
        defer { close(input) }
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = block.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = OutputError.systemMessage()
                discard()
                throw .writeFailed(path: path, reason: reason)
            }
            if let failure = block.withUnsafeBytes({ RawWrite.all(UnsafeRawBufferPointer(rebasing: $0[0..<count]), to: output, path: path) }
            ) {
                discard()
                throw failure
            }
        }
        unlink(workingPath)
    }

    static var temporaryFolder: String {
        let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return folder.hasSuffix("/") && folder.count > 1 ? String(folder.dropLast()) : folder
    }
}

/// `write(2)` until every byte is out, retrying interrupted and partial writes.
enum RawWrite {
    /// - Returns: the failure, or nil when every byte was written. (Returned rather than thrown:
    ///   it is called inside `withUnsafeBytes`, whose rethrows loses the error type.)
    static func all(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String) -> OutputError? {
        var done = 0
        while done < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { return .readerClosed(path: path) }
                return .writeFailed(path: path, reason: OutputError.systemMessage())
            }
            done += written
        }
        return nil
    }
}
