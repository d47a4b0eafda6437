import Foundation

/// An exclusive `flock(2)` on `OUT/.actone-batch/manifest.lock`, held while a process reads a
/// manifest file, adds its entries and writes the file back.
///
/// Why a lock around read-merge-write, and not an append-only log or a file per output: two runs
/// without `--shard` write the same `manifest.json`, and each used to write it from its own memory,
/// so the last writer dropped the other's entries. Under the lock each writer reads what is on
/// disk at that moment, so nothing another process recorded is lost; the file stays one small
/// JSON document written under a temporary name and renamed, so readers (the plan, at start) need
/// no lock and never see half a file. The kernel drops the lock when its process ends, however it
/// ends (SIGKILL included), so there is no stale lock to clean up. On a network file system flock
/// is as good as that system's locking (NFSv4 and Lustre honour it; shards on different machines
/// write different manifest files anyway).
final class ManifestLock {
    static let fileName = "manifest.lock"

    private let descriptor: Int32

    /// Waits for the lock. The lock file is created when missing and never deleted (deleting it
    /// would let two processes lock two different files of the same name).
    init(folder: String) throws {
        let path = folder + "/" + Self.fileName
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw BatchError.cannotLockManifest(path: path, reason: String(cString: strerror(errno)))
        }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw BatchError.cannotLockManifest(path: path, reason: reason)
            }
        }
    }

    deinit {
        // Closing the descriptor releases the lock.
        close(descriptor)
    }

    /// Runs `body` holding the lock of the manifests in `folder`.
    static func holding<T>(folder: String, _ body: () throws -> T) throws -> T {
        let lock = try ManifestLock(folder: folder)
        return try withExtendedLifetime(lock) { try body() }
    }
}
