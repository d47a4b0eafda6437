/// One render of a batch: a driving clip on a character.
public struct BatchItem: Sendable, Hashable {
    /// The item's place in the whole work list (before sharding), 0-based.
    public var number: Int
    public var clip: ClipListing.Clip
    public var character: String
    /// The output's path inside the output folder: `<clip>_<character>.mp4`, in the clip's subfolder.
    public var output: String
}

/// Every (clip, character) pair of a batch, clip by clip, each clip's characters in the given
/// order. The order is fixed by the inputs' names alone, so shards that list the same folders
/// agree on it, and a clip's renders sit next to each other (a shard, a contiguous run of the
/// list, then needs the tracks of few clips).
public struct BatchWorkList: Sendable {
    public var items: [BatchItem]

    /// - Throws: `BatchError.outputNameClash` when two pairs would write the same file
    ///   (`a.mp4` and `a.mov`, or `a_b` on `c` and `a` on `b_c`).
    public init(clips: [ClipListing.Clip], characters: [String]) throws {
        var items: [BatchItem] = []
        var owners: [String: BatchItem] = [:]
        for clip in clips {
            let folder = clip.relativePath.split(separator: "/", omittingEmptySubsequences: false).dropLast()
                .joined(separator: "/")
            for character in characters {
                let name = RenderOutputName.fileName(driving: clip.relativePath, character: character)
                let item = BatchItem(
                    number: items.count, clip: clip, character: character,
                    output: folder.isEmpty ? name : folder + "/" + name)
                if let earlier = owners[item.output] {
                    throw BatchError.outputNameClash(
                        output: item.output, first: "\(earlier.clip.path) on \(earlier.character)",
                        second: "\(clip.path) on \(character)")
                }
                owners[item.output] = item
                items.append(item)
            }
        }
        self.items = items
    }
}
