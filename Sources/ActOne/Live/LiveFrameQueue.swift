import Foundation

/// The small queue between the capture thread and the work: a live source does not wait, so when
/// the work falls behind and the queue is full, the oldest waiting frame is dropped (and counted)
/// to make room: what is shown stays as recent as possible, and memory stays bounded. A file read
/// as fast as it can be processed (no `--realtime`) waits for room instead and drops nothing.
final class LiveFrameQueue<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Item] = []
    private var finished = false
    private var cancelled = false
    private var failure: Error?
    private var droppedCount = 0
    let capacity: Int
    let dropsOldest: Bool

    init(capacity: Int, dropsOldest: Bool) {
        self.capacity = max(1, capacity)
        self.dropsOldest = dropsOldest
    }

    /// Frames dropped so far because the work was behind.
    var dropped: Int { condition.withLock { droppedCount } }

    /// Adds a frame (dropping the oldest, or waiting, when full); false once the consumer has
    /// cancelled.
    func put(_ frame: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if dropsOldest {
            if items.count >= capacity {
                items.removeFirst()
                droppedCount += 1
            }
        } else {
            while items.count >= capacity && !cancelled { condition.wait() }
        }
        guard !cancelled else { return false }
        items.append(frame)
        condition.broadcast()
        return true
    }

    /// The source has ended (or failed with `error`, rethrown after the queued frames).
    func finish(throwing error: Error? = nil) {
        condition.withLock {
            finished = true
            failure = error
            condition.broadcast()
        }
    }

    /// The next frame, oldest first; nil once the source has ended and the queue is empty.
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

    /// The consumer stops: waiting frames are let go and the capture's next `put` returns false.
    func cancel() {
        condition.withLock {
            cancelled = true
            items.removeAll()
            condition.broadcast()
        }
    }

    /// Waits until the capture thread has said it finished.
    func waitUntilFinished() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
