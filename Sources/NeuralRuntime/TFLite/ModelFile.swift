#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a whole model file into memory with POSIX calls (no Foundation in this target), so each
/// failure carries the system's own reason.
enum ModelFile {
    static func contents(ofPath path: String) throws(RuntimeError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw unreadable(path) }
        defer { close(descriptor) }

        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw unreadable(path) }
        // On Linux `open` succeeds on a directory; say what it is rather than fail in `read`.
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .fileUnreadable(path: path, reason: (info.st_mode & S_IFMT) == S_IFDIR ? "it is a directory" : "not a regular file")
        }
        let size = Int(info.st_size)

        var failure: Int32 = 0
        var shortBy = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while initialized < size {
                let got = read(descriptor, buffer.baseAddress! + initialized, size - initialized)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if got == 0 { break }  // the file shrank while we read it
                initialized += got
            }
            shortBy = size - initialized
        }
        if failure != 0 { throw .fileUnreadable(path: path, reason: String(cString: strerror(failure))) }
        if shortBy != 0 { throw .fileUnreadable(path: path, reason: "the file shrank by \(shortBy) bytes while it was read") }
        return bytes
    }

    /// The last path component, which names the model in messages and in `Graph.name`.
    static func displayName(of path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        let name = String(trimmed[trimmed.index(after: slash)...])
        return name.isEmpty ? path : name
    }

    private static func unreadable(_ path: String) -> RuntimeError {
        .fileUnreadable(path: path, reason: String(cString: strerror(errno)))
    }
}
