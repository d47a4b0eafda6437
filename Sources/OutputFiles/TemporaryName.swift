import Foundation

/// Names of the temporary files outputs are written under: `.<stem>.partial-<pid>-<token><.ext>`.
///
/// Hidden (a leading dot), marked `partial`, carrying the writer's process id so that a later run
/// can tell a dead process's leftovers from a live one's, and keeping the extension so the name
/// still says what the file is.
public enum TemporaryName {
    /// The longest file name most file systems take, in bytes (NAME_MAX).
    static let maximumLength = 255

    /// A fresh temporary name for `fileName` (a name, not a path), at most 255 bytes: a long stem
    /// is shortened (whole characters) so that a target name near the limit still gets one.
    public static func make(for fileName: String, processID: Int32 = getpid()) -> String {
        let url = URL(fileURLWithPath: fileName)
        let ext = url.pathExtension.isEmpty ? "" : "." + url.pathExtension
        var stem = url.deletingPathExtension().lastPathComponent
        let token = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let tail = ".partial-\(processID)-\(token)\(ext)"
        let room = maximumLength - 1 - tail.utf8.count
        if stem.utf8.count > room {
            while stem.utf8.count > room { stem.removeLast() }
        }
        return "." + stem + tail
    }

    /// The process id in a temporary name made by `make`, or nil for any other name.
    public static func processID(in fileName: String) -> Int32? {
        guard fileName.hasPrefix("."), let marker = fileName.range(of: ".partial-", options: .backwards) else {
            return nil
        }
        let digits = fileName[marker.upperBound...].prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, fileName[marker.upperBound...].dropFirst(digits.count).first == "-" else { return nil }
        return Int32(digits)
    }

    /// Whether the process that made a temporary name has ended (so its file is a leftover).
    public static func writerHasEnded(_ fileName: String) -> Bool {
        guard let pid = processID(in: fileName), pid > 0 else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}
