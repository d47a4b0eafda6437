import Foundation

/// Adds finished outputs to this shard's manifest file as they finish, so an interrupted batch
/// keeps what it had done. The file is rewritten whole each time (temporary file, then rename):
/// it is small, and a reader never sees half of it.
final class ManifestRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private let path: String
    private let shard: ShardSelection
    private var entries: [String: BatchManifest.Entry] = [:]

    init(outputFolder: String, shard: ShardSelection) {
        path = BatchManifest.filePath(outputFolder: outputFolder, shard: shard)
        self.shard = shard
        // Keep what this shard recorded before; a file that cannot be read is replaced.
        for entry in (try? BatchManifest.read(path: path)) ?? [] { entries[entry.output] = entry }
    }

    func record(_ entry: BatchManifest.Entry) throws {
        try lock.withLock {
            var updated = entries
            updated[entry.output] = entry
            try BatchManifest.write(Array(updated.values), shard: shard, to: path)
            entries = updated
        }
    }
}
