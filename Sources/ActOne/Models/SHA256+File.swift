import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file that could not be read to the end, with the operating system's reason.
public struct FileReadError: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    /// Short and human: "Is a directory", "Permission denied", "No such file or directory".
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot read \(path): \(reason)" }
}

extension SHA256 {
    /// Default read size for `hashFile`: large enough that system-call overhead vanishes, small
    /// enough that hashing a big file keeps memory flat.
    public static let fileChunkByteCount = 1 << 20

    /// Digest of a file's contents, read in `chunkByteCount`-sized pieces through one reused buffer.
    ///
    /// Uses POSIX `open`/`read` rather than `FileHandle` so every failure carries `errno`'s text,
    /// and refuses directories up front (on Linux `open` succeeds on them).
    public static func hashFile(
        atPath path: String,
        chunkByteCount: Int = SHA256.fileChunkByteCount
    ) throws(FileReadError) -> [UInt8] {
        precondition(chunkByteCount > 0, "chunk size must be positive")
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileReadError(path: path, reason: Self.lastErrorText()) }
        defer { close(descriptor) }

        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw FileReadError(path: path, reason: Self.lastErrorText()) }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw FileReadError(path: path, reason: "is a directory, not a file")
        }

        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkByteCount, alignment: 16)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        while true {
            let got = read(descriptor, buffer.baseAddress, chunkByteCount)
            if got == 0 { break }
            if got < 0 {
                if errno == EINTR { continue }
                throw FileReadError(path: path, reason: Self.lastErrorText())
            }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
        }
        return hasher.finalize()
    }

    private static func lastErrorText() -> String {
        String(cString: strerror(errno))
    }
}
