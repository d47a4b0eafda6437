import Foundation

/// Why an output could not be placed or written. Each case names the path the user gave.
public enum OutputError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The target exists and overwriting was not asked for.
    case exists(path: String)
    /// The target is a folder.
    case isDirectory(path: String)
    /// The folder the target would go in does not exist.
    case folderMissing(path: String)
    /// The folder exists but a file cannot be created in it.
    case folderNotWritable(path: String)
    /// The target is the same file as one of the command's inputs (writing would destroy it).
    case isAnInput(path: String, input: String)
    /// `-` was given where standard output is not a place this output can go.
    case standardOutputNotAllowed(what: String)
    /// The target is a kind of file that cannot be written (a socket, a block device).
    case unsupportedFileKind(path: String, kind: String)
    /// The reader of the pipe (a FIFO, or standard output piped to `head`) closed it.
    case readerClosed(path: String)
    /// Creating, writing, copying or renaming failed; `reason` is the system's message.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .exists(let path): "\(path): already exists (use --force to overwrite)"
        case .isDirectory(let path): "\(path): is a folder, not a file"
        case .folderMissing(let path): "\(path): the output folder does not exist"
        case .folderNotWritable(let path): "\(path): the output folder is not writable"
        case .isAnInput(let path, let input):
            path == input
                ? "\(path): is an input of this command; choose another output name"
                : "\(path): is the same file as the input \(input); choose another output name"
        case .standardOutputNotAllowed(let what): "-: \(what) cannot be written to standard output; give a file name"
        case .unsupportedFileKind(let path, let kind): "\(path): is a \(kind), which actone cannot write to"
        case .readerClosed(let path): "\(path): the reader closed the pipe before the output was complete"
        case .writeFailed(let path, let reason): "\(path): cannot write (\(reason))"
        }
    }

    /// The output path the error is about (`-` for standard output).
    public var path: String {
        switch self {
        case .exists(let path), .isDirectory(let path), .folderMissing(let path), .folderNotWritable(let path),
            .isAnInput(let path, _), .unsupportedFileKind(let path, _), .readerClosed(let path),
            .writeFailed(let path, _):
            path
        case .standardOutputNotAllowed: "-"
        }
    }

    /// The system's message for the current `errno`.
    static func systemMessage(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
}
