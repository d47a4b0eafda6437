import Foundation

/// Where an output's bytes end up, decided once from the path the user gave.
///
/// - A new file, or an existing regular file, is written under a temporary name beside it and
///   renamed into place when complete, so a reader never sees half a file. A symbolic link is
///   followed: the file it points to is replaced, the link stays.
/// - A FIFO or a character device (`/dev/null`, a terminal) cannot be renamed onto; it is opened
///   and written straight through, once the output is complete.
/// - `-` is standard output, for the outputs that offer it.
public enum OutputDestination: Equatable, Sendable {
    /// A regular file, new or replaced atomically. `path` is where the bytes go: the link's
    /// target when the user named a symbolic link.
    case file(path: String)
    /// A FIFO or a character device, written through.
    case stream(path: String)
    /// The process's standard output (`-`).
    case standardOutput

    /// The name standard output goes by on a command line.
    public static let standardOutputName = "-"

    /// Works out where `path` leads and checks it may be written.
    /// - Parameters:
    ///   - overwrite: an existing regular file may be replaced (streams need no permission: they
    ///     hold nothing to lose).
    ///   - inputs: the command's input files; an output that is one of them is refused.
    ///   - standardOutput: what this output is, when `-` is allowed (nil: `-` is refused).
    public static func resolve(
        _ path: String, overwrite: Bool, inputs: [String] = [],
        standardOutput: String? = nil
    ) throws(OutputError) -> OutputDestination {
        if path == standardOutputName {
            guard standardOutput != nil else { throw .standardOutputNotAllowed(what: "this output") }
            return .standardOutput
        }
        for input in inputs where FileIdentity.same(path, input) {
            throw .isAnInput(path: path, input: input)
        }
        let target = followLinks(path)
        var info = stat()
        guard stat(target, &info) == 0 else {
            // Nothing there yet: a new file, provided its folder takes one.
            try checkFolder(of: target, reportedAs: path)
            return .file(path: target)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            guard overwrite else { throw .exists(path: path) }
            try checkFolder(of: target, reportedAs: path)
            return .file(path: target)
        case S_IFDIR: throw .isDirectory(path: path)
        case S_IFIFO, S_IFCHR: return .stream(path: target)
        case S_IFSOCK: throw .unsupportedFileKind(path: path, kind: "socket")
        case S_IFBLK: throw .unsupportedFileKind(path: path, kind: "block device")
        default: throw .unsupportedFileKind(path: path, kind: "special file")
        }
    }

    /// Whether `path` is `-` or an existing FIFO or character device (links followed): an output
    /// whose name says nothing about its format, so a command's file-extension rule does not apply.
    public static func isStream(_ path: String) -> Bool {
        if path == standardOutputName { return true }
        var info = stat()
        guard stat(followLinks(path), &info) == 0 else { return false }
        return [S_IFIFO, S_IFCHR].contains(info.st_mode & S_IFMT)
    }

    /// The path with every symbolic link along the way resolved; a link to a file that does not
    /// exist yet resolves to that file's path (the file is then created there).
    static func followLinks(_ path: String) -> String {
        var current = path
        // A bounded walk: a loop of links ends here and fails later, when the file is opened.
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length > 0 else { return current }
            let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current =
                target.hasPrefix("/")
                ? target
                : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(target).path
        }
        return current
    }

    /// Checks the folder of `path` exists and a file can be created in it.
    static func checkFolder(of path: String, reportedAs shownPath: String) throws(OutputError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var info = stat()
        guard stat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw .folderMissing(path: shownPath)
        }
        // Try it rather than trust permission bits: root ignores them, and read-only or special
        // file systems (a mounted ISO, /proc) refuse even root.
        let probe = "\(folder)/.actone-write-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(probe, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else { throw .folderNotWritable(path: shownPath) }
        close(descriptor)
        unlink(probe)
    }
}

/// Whether two paths name the same file (same device and inode, links followed).
enum FileIdentity {
    static func same(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }
}
