import Foundation
import MediaIO

/// What one shard of a batch will do with each of its items, decided before any work: the
/// inputs are hashed and compared with the manifest of finished outputs.
public struct BatchPlan: Sendable {
    public enum Action: Sendable, Equatable {
        case render(overwrite: Bool)
        /// Finished earlier from the same inputs and settings.
        case skip(frames: Int)
        /// Finished earlier from the same inputs and settings by a run that stopped before
        /// recording it: `entry` goes into the manifest, the `StartedRender` file at `record` away.
        case adopt(entry: BatchManifest.Entry, record: String)
        /// Known to fail before any work: an input that cannot be read, an output in the way.
        case fail(reason: String)
    }

    public struct Step: Sendable {
        public var item: BatchItem
        public var action: Action
        /// SHA-256 of the clip and of the character (empty when the file could not be read).
        public var clipSHA256: String
        public var characterSHA256: String
        /// The file at the output when the plan was made; nil when there was none.
        public var planned: FileIdentity? = nil
    }

    public var shard: ShardSelection
    /// The shard's items, in work-list order.
    public var steps: [Step]
    /// `RenderFingerprint` of the settings the batch renders with.
    public var settings: String
    /// Manifest files that could not be read (their outputs are made again).
    public var problems: [String]

    public init(
        workList: BatchWorkList, shard: ShardSelection, outputFolder: String, settings: String, force: Bool,
        concurrency: Int
    ) {
        let items = Array(workList.items[shard.range(ofTotal: workList.items.count)])
        let digests = InputDigests(paths: items.flatMap { [$0.clip.path, $0.character] }, concurrency: concurrency)
        // The records before the manifests, and both before the outputs: a run puts an output in
        // place, writes its entry, then removes its record; read in this order, a finished output
        // of a run still going is found in one or the other, never in neither.
        let started = StartedRender.all(outputFolder: outputFolder)
        let (manifest, problems) = BatchManifest.load(outputFolder: outputFolder)
        steps = items.map { item in
            let clip = digests[item.clip.path], character = digests[item.character]
            let clipSHA256 = (try? clip?.get()) ?? "", characterSHA256 = (try? character?.get()) ?? ""
            let target = outputFolder + "/" + item.output
            let current = FileIdentity.of(target)
            func step(_ action: Action) -> Step {
                Step(item: item, action: action, clipSHA256: clipSHA256, characterSHA256: characterSHA256, planned: current)
            }
            if case .failure(let error)? = clip { return step(.fail(reason: error.description)) }
            if case .failure(let error)? = character { return step(.fail(reason: error.description)) }
            let unrecorded = (started[item.output] ?? []).filter { $0.record.finished(current: current) }
            let decision = ItemDecision.decide(
                entry: manifest.entries[item.output], clipSHA256: clipSHA256,
                characterSHA256: characterSHA256, settings: settings,
                existingBytes: Self.size(of: target), force: force,
                unrecorded: unrecorded.map(\.record))
            switch decision {
            case .skip(let entry): return step(.skip(frames: entry.frames))
            case .adopt(let record):
                let path = unrecorded.first { $0.record == record }!.path
                return step(
                    .adopt(
                        entry: record.entry(frames: Self.frameCount(of: target), bytes: Self.size(of: target) ?? 0),
                        record: path))
            case .render(let overwrite): return step(.render(overwrite: overwrite))
            case .refuse(let reason): return step(.fail(reason: "\(outputFolder)/\(item.output): \(reason)"))
            }
        }
        self.shard = shard
        self.settings = settings
        self.problems = problems
    }

    /// The items to render, in order.
    public var toRender: [Step] { steps.filter { if case .render = $0.action { true } else { false } } }

    /// The frames of a finished output, for its adopted manifest entry; 0 when they cannot be
    /// counted (the entry is still right: a later run compares inputs, settings and size).
    static func frameCount(of path: String) -> Int {
        (try? MediaProbe.inspectVideo(path: path))?.streams.first { $0.kind == .video }?.frameCount ?? 0
    }

    /// A file's size in bytes; nil when there is no file there.
    static func size(of path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }
}
