import Foundation

/// A file being written under a temporary name beside its target, renamed into place only when
/// complete. If the work fails, is abandoned, or the process is interrupted (see
/// `PartialFile.removeAllOnInterrupt()`), the temporary file is deleted and the target is never
/// left half-written.
public final class PartialFile: @unchecked Sendable {
    /// Where the finished file goes.
    public let targetPath: String
    /// Where it is written meanwhile: `.<name>.partial-<pid>-<random>.<ext>` in the same folder,
    /// so the final rename is atomic (same file system) and the extension still names the format.
    public let temporaryPath: String
    private let overwrite: Bool
    private var settled = false

    /// Checks the target can be written and reserves a temporary name for it.
    /// - Throws: `.outputExists` when the target exists and `overwrite` is false,
    ///   `.outputDirectoryMissing` / `.outputDirectoryNotWritable` for a bad folder.
    public init(targetPath: String, overwrite: Bool) throws(MediaError) {
        try PartialFile.checkWritable(targetPath, overwrite: overwrite)
        let target = URL(fileURLWithPath: targetPath)
        let folder = target.deletingLastPathComponent().path
        let ext = target.pathExtension.isEmpty ? "" : "." + target.pathExtension
        let token = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        self.targetPath = targetPath
        self.temporaryPath = "\(folder)/.\(target.deletingPathExtension().lastPathComponent).partial-\(getpid())-\(token)\(ext)"
        self.overwrite = overwrite
        PartialFile.registry.add(temporaryPath)
    }

    deinit { if !settled { discard() } }

    /// Checks, before any work starts, that `path` may be written: its folder exists and is
    /// writable, and it does not exist already unless `overwrite`.
    public static func checkWritable(_ path: String, overwrite: Bool) throws(MediaError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw .notAFile(path: path) }
            if !overwrite { throw .outputExists(path: path) }
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard manager.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .outputDirectoryMissing(path: folder)
        }
        // Try it rather than trust permission bits: root ignores them, and read-only or special
        // file systems (a mounted ISO, /proc) refuse even root.
        let probe = "\(folder)/.actone-write-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(probe, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else { throw .outputDirectoryNotWritable(path: folder) }
        close(descriptor)
        unlink(probe)
    }

    /// Moves the finished temporary file onto the target.
    public func commit() throws(MediaError) {
        precondition(!settled, "PartialFile settled twice")
        if !overwrite && FileManager.default.fileExists(atPath: targetPath) {
            discard()
            throw .outputExists(path: targetPath)
        }
        guard rename(temporaryPath, targetPath) == 0 else {
            let reason = String(cString: strerror(errno))
            discard()
            throw .writeFailed(path: targetPath, ffmpegMessage: reason)
        }
        settled = true
        PartialFile.registry.remove(temporaryPath)
    }

    /// Deletes the temporary file, if any.
    public func discard() {
        settled = true
        unlink(temporaryPath)
        PartialFile.registry.remove(temporaryPath)
    }

    // MARK: Interruption

    private static let registry = Registry()
    nonisolated(unsafe) private static var signalSources: [DispatchSourceSignal] = []

    /// On SIGINT, SIGTERM or SIGHUP: delete every temporary file still open, then exit with
    /// 128 + the signal number, as a shell expects. Call once, early, from the executable.
    public static func removeAllOnInterrupt() {
        guard signalSources.isEmpty else { return }
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                registry.removeAll()
                exit(128 + signalNumber)
            }
            source.resume()
            signalSources.append(source)
        }
    }

    /// Registers a temporary file written by other code (say, a track writer), so an interrupt
    /// removes it too; call `stopRemovingOnInterrupt` once it is renamed or deleted.
    public static func removeOnInterrupt(_ path: String) { registry.add(path) }
    public static func stopRemovingOnInterrupt(_ path: String) { registry.remove(path) }

    private final class Registry: @unchecked Sendable {
        private let lock = NSLock()
        private var paths: Set<String> = []

        func add(_ path: String) { lock.withLock { _ = paths.insert(path) } }
        func remove(_ path: String) { lock.withLock { _ = paths.remove(path) } }
        func removeAll() {
            lock.withLock {
                for path in paths { unlink(path) }
                paths.removeAll()
            }
        }
    }
}
