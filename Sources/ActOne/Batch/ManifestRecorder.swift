import Foundation

/// Adds finished outputs to this shard's manifest file as they finish, so an interrupted batch
/// keeps what it had done. Each entry is added under the manifests' lock (`ManifestLock`): the
/// file is read as it is on disk now, the entry merged in and the file rewritten whole (temporary
/// file, then rename), so another process writing the same file at the same time (two runs
/// without `--shard` on one folder) loses nothing, and a reader never sees half of it.
final class ManifestRecorder: @unchecked Sendable {
    /// Orders this process's own jobs; the file lock orders processes.
    private let lock = NSLock()
    private let folder: String
    private let path: String
    private let shard: ShardSelection

    init(outputFolder: String, shard: ShardSelection) {
        folder = BatchManifest.folder(outputFolder: outputFolder)
        path = BatchManifest.filePath(outputFolder: outputFolder, shard: shard)
        self.shard = shard
    }

    func record(_ entry: BatchManifest.Entry) throws {
        try lock.withLock {
            try ManifestLock.holding(folder: folder) {
                // A file that cannot be read is replaced (`BatchManifest.load` reported it at the start).
                var entries: [String: BatchManifest.Entry] = [:]
                for known in (try? BatchManifest.read(path: path)) ?? [] { entries[known.output] = known }
                entries[entry.output] = entry
                try BatchManifest.write(Array(entries.values), shard: shard, to: path)
            }
        }
    }
}
