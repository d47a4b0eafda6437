import Foundation
import OutputFiles

/// What a batch has finished, kept in the output folder so a re-run skips it: one entry per
/// output with the SHA-256 of the clip and the character it was made from and the render
/// settings. Each shard writes its own file (`.actone-batch/manifest.json`, or
/// `manifest-shard-2-of-8.json`), so shards sharing a folder never write the same file; a run
/// reads all of them, so a re-run with other shards (or none) still finds everything.
public struct BatchManifest: Sendable {
    public static let folderName = ".actone-batch"
    static let formatName = "actone.batch-manifest"

    public struct Entry: Codable, Sendable, Equatable {
        /// The output's path inside the output folder.
        public var output: String
        public var clip: String
        public var clipSHA256: String
        public var character: String
        public var characterSHA256: String
        /// `RenderFingerprint` of the settings it was rendered with.
        public var settings: String
        public var frames: Int
        /// The output's size when it was finished: a file replaced since is not taken as done.
        public var bytes: Int64
        /// ISO 8601, UTC; where two manifests name the same output, the later entry holds.
        public var finished: String

        /// Whether this entry records the output made from these inputs and settings, still the
        /// size it was finished at (a file replaced since is not the one recorded).
        public func matches(clipSHA256: String, characterSHA256: String, settings: String, bytes: Int64) -> Bool {
            self.clipSHA256 == clipSHA256 && self.characterSHA256 == characterSHA256 && self.settings == settings
                && self.bytes == bytes
        }
    }

    struct File: Codable {
        var format: String
        var version: Int
        var shard: String
        var entries: [Entry]
    }

    /// The latest entry for each output, from every manifest file in the folder.
    public private(set) var entries: [String: Entry] = [:]

    public init(entries: [Entry] = []) {
        for entry in entries { add(entry) }
    }

    mutating func add(_ entry: Entry) {
        if let known = entries[entry.output], known.finished > entry.finished { return }
        entries[entry.output] = entry
    }

    public static func folder(outputFolder: String) -> String { outputFolder + "/" + folderName }

    public static func filePath(outputFolder: String, shard: ShardSelection) -> String {
        folder(outputFolder: outputFolder) + "/" + (shard.isWhole ? "manifest.json" : "manifest-\(shard.fileTag).json")
    }

    /// Reads every manifest in `OUT/.actone-batch/`. One that cannot be read is reported and
    /// left out: its outputs are then made again (or refused as not the batch's own), never lost.
    public static func load(outputFolder: String) -> (manifest: BatchManifest, problems: [String]) {
        let folder = folder(outputFolder: outputFolder)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix("manifest") && $0.hasSuffix(".json") }.sorted()
        var manifest = BatchManifest()
        var problems: [String] = []
        for name in names {
            do {
                for entry in try read(path: folder + "/" + name) { manifest.add(entry) }
            } catch {
                problems.append("\(folder)/\(name): \(error); its outputs will be made again")
            }
        }
        return (manifest, problems)
    }

    static func read(path: String) throws -> [Entry] {
        let file = try JSONDecoder().decode(File.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
        guard file.format == formatName, file.version == 1 else {
            throw BatchError.badReport(path: path, reason: "not a version 1 batch manifest")
        }
        return file.entries
    }

    /// Writes `entries` as a shard's manifest: to a temporary file, then renamed over the old one.
    static func write(_ entries: [Entry], shard: ShardSelection, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let file = File(
            format: formatName, version: 1, shard: shard.description,
            entries: entries.sorted { $0.output < $1.output })
        try OutputFileWriter.write(try encoder.encode(file), to: path, overwrite: true)
    }

    static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
