import Foundation

/// A bounded hand-over between two threads: a producer `put`s items, a consumer `take`s them
/// in order. When the pipe is full, `put` waits (so the producer cannot run ahead and fill
/// memory) or, for a live source that cannot wait (`dropsOldest`), drops the oldest waiting item
/// and counts it, so what the consumer sees stays as recent as possible. `take` waits while it is
/// empty. Either side can stop the other: the producer by `finish(throwing:)` (the consumer sees
/// the end, or the error, after the queued items), the consumer by `cancel()` (the producer's
/// next `put` returns false).
final class FramePipe<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Item] = []
    private var finished = false
    private var cancelled = false
    private var failure: Error?
    private var droppedCount = 0
    let capacity: Int
    let dropsOldest: Bool

    init(capacity: Int, dropsOldest: Bool = false) {
        self.capacity = max(1, capacity)
        self.dropsOldest = dropsOldest
    }

    /// Items dropped so far because the pipe was full (`dropsOldest` only).
    var dropped: Int { condition.withLock { droppedCount } }

    /// Waits for room (or drops the oldest item); false when the consumer has cancelled (stop producing).
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if dropsOldest {
            if items.count >= capacity && !cancelled {
                items.removeFirst()
                droppedCount += 1
            }
        } else {
            while items.count >= capacity && !cancelled { condition.wait() }
        }
        guard !cancelled else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The producer is done; `error` is rethrown to the consumer after the queued items.
    func finish(throwing error: Error? = nil) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, nil at the end; throws the producer's error.
    func take() throws -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        if !items.isEmpty {
            let item = items.removeFirst()
            condition.broadcast()
            return item
        }
        if let failure { throw failure }
        return nil
    }

    /// The consumer gives up: the producer stops at its next `put`.
    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the producer has finished (after `cancel`, so its thread is gone before returning).
    func waitUntilFinished() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
