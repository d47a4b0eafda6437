/// Where each activation tensor lives in the interpreter's single arena.
///
/// Tensors whose lifetimes overlap (from the operation that writes them to the last one that
/// reads them) get disjoint ranges; others share memory. Placement is greedy by size, largest
/// first, each at the lowest offset that clashes with no placed tensor alive at the same time,
/// which for these chain-like graphs lands within a few percent of the best possible.
struct MemoryPlan {
    /// Offsets in floats into the arena, by tensor index.
    private(set) var offsets: [Int: Int] = [:]
    /// Floats the arena needs.
    private(set) var arenaSize = 0

    /// Offsets are multiples of 16 floats (64 bytes: a cache line, an AVX-512 vector).
    static let alignment = 16

    struct Interval {
        var tensor: Int
        var size: Int
        var firstStep: Int
        var lastStep: Int

        func overlapsInTime(_ other: Interval) -> Bool {
            firstStep <= other.lastStep && other.firstStep <= lastStep
        }
    }

    init(intervals: [Interval]) {
        var placed: [(interval: Interval, offset: Int)] = []
        let bySize = intervals.sorted { $0.size != $1.size ? $0.size > $1.size : $0.tensor < $1.tensor }
        for interval in bySize {
            let size = Self.aligned(interval.size)
            // Ranges taken by tensors alive at the same time, in address order.
            let clashes = placed.filter { $0.interval.overlapsInTime(interval) }
                .map { ($0.offset, $0.offset + Self.aligned($0.interval.size)) }
                .sorted { $0.0 < $1.0 }
            var offset = 0
            for (start, end) in clashes {
                if offset + size <= start { break }
                offset = max(offset, end)
            }
            placed.append((interval, offset))
            offsets[interval.tensor] = offset
            arenaSize = max(arenaSize, offset + size)
        }
    }

    static func aligned(_ count: Int) -> Int { (count + alignment - 1) / alignment * alignment }
}
