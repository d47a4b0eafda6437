/// Which part of a batch's work list one process does: shard `index` of `count`, a contiguous run
/// of the list (`index * n / count ..< (index + 1) * n / count`). The runs of all shards cover the
/// list exactly once and differ in length by at most one item; being contiguous, they split the
/// renders of at most one clip with a neighbour, so a clip is seldom tracked by two shards.
public struct ShardSelection: Sendable, Equatable, CustomStringConvertible {
    /// 0-based, as schedulers count; `description` and `--shard` are 1-based.
    public let index: Int
    public let count: Int

    /// The most shards a batch is split into. Far above any real array job (a shard renders at
    /// least one item, and a batch of more than 10,000 machines is not what this tool is for), and
    /// low enough that every product of shard numbers and item counts stays far inside `Int`, and
    /// that a list of the shards of a batch (`--merge-reports` naming the missing ones) is small.
    public static let maximumCount = 10_000

    public static let whole = ShardSelection(index: 0, count: 1)

    public init(index: Int, count: Int) {
        precondition((1...Self.maximumCount).contains(count) && (0..<count).contains(index), "shard \(index) of \(count)")
        self.index = index
        self.count = count
    }

    /// A shard from numbers read from outside (a report, the environment), checked first.
    /// - Parameter what: names the numbers in the error, e.g. `--shard 3/2`.
    public static func checked(index: Int, count: Int, _ what: String) throws -> ShardSelection {
        guard (1...maximumCount).contains(count) else {
            throw BatchError.badShard("\(what): the number of shards must be 1 to \(maximumCount) (got \(count))")
        }
        guard (0..<count).contains(index) else {
            throw BatchError.badShard("\(what): shard \(index + 1) is not one of 1 to \(count)")
        }
        return ShardSelection(index: index, count: count)
    }

    /// `--shard i/n`, 1-based: `1/4` is the first of four.
    public static func parse(_ text: String, _ what: String = "--shard") throws -> ShardSelection {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        // Digits only (no sign): a number too long for Int is out of range, not a crash.
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else {
            throw BatchError.badShard("\(what) takes i/n with 1 <= i <= n <= \(maximumCount), e.g. 2/8 (got '\(text)')")
        }
        guard let i = Int(parts[0]), let n = Int(parts[1]), (1...maximumCount).contains(n), (1...n).contains(i) else {
            throw BatchError.badShard("\(what) takes i/n with 1 <= i <= n <= \(maximumCount) (got '\(text)')")
        }
        return ShardSelection(index: i - 1, count: n)
    }

    public var isWhole: Bool { count == 1 }

    /// The positions of this shard's items in a list of `total`. The products are taken at double
    /// width, so no list length overflows them, whatever the count.
    public func range(ofTotal total: Int) -> Range<Int> {
        precondition(total >= 0)
        return share(index, of: total)..<share(index + 1, of: total)
    }

    /// `part * total / count`, exactly, without overflow (`part` is at most `count`, so the
    /// quotient is at most `total` and fits).
    private func share(_ part: Int, of total: Int) -> Int {
        count.dividingFullWidth(part.multipliedFullWidth(by: total)).quotient
    }

    public var description: String { "\(index + 1)/\(count)" }

    /// How the shard's own files are told apart in a shared folder: `shard-2-of-8`.
    public var fileTag: String { "shard-\(index + 1)-of-\(count)" }
}
