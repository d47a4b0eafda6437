import Foundation

/// An output written a piece at a time (text or bytes) through an `OutputFile`, buffered and
/// flushed in blocks so a writer never holds the whole file. Bytes already written can be
/// overwritten in place (`patch`), for fixed-width fields filled in at the end.
public final class OutputFileWriter {
    public let file: OutputFile
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let flushThreshold = 1 << 16
    /// Bytes written so far, buffered ones included: the offset of the next byte.
    public private(set) var offset: UInt64 = 0
    public private(set) var isClosed = false

    /// The path as the user gave it, for messages.
    public var path: String { file.path }

    /// Creates the temporary file; see `OutputFile.init` for the parameters.
    public init(path: String, overwrite: Bool, inputs: [String] = [], standardOutput: String? = nil) throws(OutputError) {
        file = try OutputFile(path: path, overwrite: overwrite, inputs: inputs, standardOutput: standardOutput)
        descriptor = SignalCleanup.createFile(file.workingPath)
        guard descriptor >= 0 else {
            let reason = OutputError.systemMessage()
            file.discard()
            throw .writeFailed(path: path, reason: reason)
        }
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    deinit { if !isClosed { abandon() } }

    /// Writes `bytes` as the whole output at `path` and puts it in place (a manifest, a report, a
    /// small record): the same temporary file and commit as a writer fed piece by piece.
    public static func write(
        _ bytes: some Collection<UInt8>, to path: String, overwrite: Bool,
        inputs: [String] = []
    ) throws(OutputError) {
        let writer = try OutputFileWriter(path: path, overwrite: overwrite, inputs: inputs)
        try writer.write(bytes)
        try writer.commit()
    }

    public func write(_ text: String) throws(OutputError) {
        precondition(!isClosed, "write after commit/abandon")
        let before = buffer.count
        buffer.append(contentsOf: text.utf8)
        offset += UInt64(buffer.count - before)
        if buffer.count >= flushThreshold { try flush() }
    }

    public func write(_ bytes: some Collection<UInt8>) throws(OutputError) {
        precondition(!isClosed, "write after commit/abandon")
        buffer.append(contentsOf: bytes)
        offset += UInt64(bytes.count)
        if buffer.count >= flushThreshold { try flush() }
    }

    public func flush() throws(OutputError) {
        guard !buffer.isEmpty else { return }
        let descriptor = descriptor, path = path
        if let failure = buffer.withUnsafeBytes({ RawWrite.all($0, to: descriptor, path: path) }) { throw failure }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Overwrites bytes already written at `position` (the file itself is always seekable: it is
    /// the temporary file, whatever the destination).
    public func patch(at position: UInt64, with text: String) throws(OutputError) {
        try flush()
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(position)) }
        guard written == bytes.count else { throw .writeFailed(path: path, reason: OutputError.systemMessage()) }
    }

    /// Flushes, syncs and closes the file, then puts it in place.
    public func commit() throws(OutputError) {
        precondition(!isClosed, "commit after commit/abandon")
        do throws(OutputError) {
            try flush()
            // On disk before the rename, so a crash cannot leave an empty file under the real name.
            if case .file = file.destination, fsync(descriptor) != 0 {
                throw OutputError.writeFailed(path: path, reason: OutputError.systemMessage())
            }
        } catch {
            abandon()
            throw error
        }
        close(descriptor)
        descriptor = -1
        isClosed = true
        try file.commit()
    }

    /// Closes and deletes the temporary file; the target is left as it was.
    public func abandon() {
        guard !isClosed else { return }
        isClosed = true
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        file.discard()
    }
}
