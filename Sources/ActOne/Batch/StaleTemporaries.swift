import Foundation
import OutputFiles

/// Removes, when a batch starts, the temporary files that runs which have ended left in the
/// output folder (and their `StartedRender` records that have nothing to adopt): outputs, tracks, manifests and reports are all written under `TemporaryName`s
/// (`.<stem>.partial-<pid>-<token><.ext>`, by `OutputFile`), and a process killed with SIGKILL, or
/// a machine that lost power, cannot remove its own.
///
/// The rule: a file is removed only when both
/// - its writer has ended: no process with the pid in its name exists on this machine
///   (`kill(pid, 0)` fails with ESRCH; a pid reused since by another process keeps the file,
///   which is the safe way to be wrong), and
/// - it has not been written to for `minimumAge`: shards on other machines may share the folder,
///   and their pids mean nothing here, but a live writer keeps its file's modification time fresh
///   (an encoder writes every few frames; a track or manifest is written in one go).
public enum StaleTemporaries {
    /// Long enough that no live writer leaves its file untouched that long.
    public static let minimumAge: TimeInterval = 15 * 60

    /// Removes the stale temporary files under `folder` (subfolders included) and the abandoned
    /// records in its `.actone-batch/started/`, and returns their paths. Files that cannot be removed are left; the sweep never fails a batch.
    @discardableResult
    public static func sweep(folder: String, now: Date = Date()) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var removed: [String] = []
        for case let relative as String in walker {
            let name = (relative as NSString).lastPathComponent
            guard TemporaryName.processID(in: name) != nil else { continue }
            let path = folder + "/" + relative
            guard isStale(path: path, name: name, now: now), unlink(path) == 0 else { continue }
            removed.append(path)
        }
        return (removed + StartedRender.sweepAbandoned(outputFolder: folder, now: now)).sorted()
    }

    /// Whether the regular file at `path`, a temporary name, is a dead writer's leftover.
    static func isStale(path: String, name: String, now: Date) -> Bool {
        isOld(path: path, now: now) && TemporaryName.writerHasEnded(name)
    }

    /// Whether `path` is a regular file not modified for `minimumAge`.
    static func isOld(path: String, now: Date) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        let modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
        return now.timeIntervalSince(modified) >= minimumAge
    }
}
