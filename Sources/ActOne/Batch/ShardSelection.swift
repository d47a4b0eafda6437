/// Which part of a batch's work list one process does: shard `index` of `count`, a contiguous run
/// of the list (`index * n / count ..< (index + 1) * n / count`). The runs of all shards cover the
/// list exactly once and differ in length by at most one item; being contiguous, they split the
/// renders of at most one clip with a neighbour, so a clip is seldom tracked by two shards.
public struct ShardSelection: Sendable, Equatable, CustomStringConvertible {
    /// 0-based, as schedulers count; `description` and `--shard` are 1-based.
    public let index: Int
    public let count: Int

    public static let whole = ShardSelection(index: 0, count: 1)

    public init(index: Int, count: Int) {
        precondition(count >= 1 && (0..<count).contains(index), "shard \(index) of \(count)")
        self.index = index
        self.count = count
    }

    /// `--shard i/n`, 1-based: `1/4` is the first of four.
    public static func parse(_ text: String) throws -> ShardSelection {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            throw BatchError.badShard("--shard takes i/n with 1 <= i <= n, e.g. 2/8 (got '\(text)')")
        }
        return ShardSelection(index: i - 1, count: n)
    }

    public var isWhole: Bool { count == 1 }

    /// The positions of this shard's items in a list of `total`.
    public func range(ofTotal total: Int) -> Range<Int> {
        (index * total / count)..<((index + 1) * total / count)
    }

    public var description: String { "\(index + 1)/\(count)" }

    /// How the shard's own files are told apart in a shared folder: `shard-2-of-8`.
    public var fileTag: String { "shard-\(index + 1)-of-\(count)" }
}
