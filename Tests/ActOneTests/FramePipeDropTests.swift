import Foundation
import Testing

@testable import ActOne

/// The capture queue: a live source drops the oldest waiting frame when the work is behind; a
/// plain file waits instead.
@Suite struct FramePipeDropTests {
    @Test func liveQueueDropsTheOldestAndCountsIt() throws {
        let queue = FramePipe<Int>(capacity: 2, dropsOldest: true)
        for i in 0..<5 { #expect(queue.put(i)) }
        queue.finish()
        #expect(queue.dropped == 3)
        #expect(try queue.take() == 3)
        #expect(try queue.take() == 4)
        #expect(try queue.take() == nil)
    }

    @Test func fileQueueWaitsForRoomAndDropsNothing() throws {
        let queue = FramePipe<Int>(capacity: 1, dropsOldest: false)
        let producer = Thread {
            for i in 0..<20 { _ = queue.put(i) }
            queue.finish()
        }
        producer.start()
        var seen: [Int] = []
        while let captured = try queue.take() { seen.append(captured) }
        #expect(seen == Array(0..<20))
        #expect(queue.dropped == 0)
    }

    @Test func failureComesAfterTheQueuedFramesAndCancelReleasesTheProducer() throws {
        struct Broken: Error {}
        let queue = FramePipe<Int>(capacity: 2, dropsOldest: false)
        _ = queue.put(0)
        queue.finish(throwing: Broken())
        #expect(try queue.take() == 0)
        #expect(throws: Broken.self) { try queue.take() }

        let full = FramePipe<Int>(capacity: 1, dropsOldest: false)
        _ = full.put(0)
        let done = DispatchSemaphore(value: 0)
        Thread {
            // Waits for room until the consumer cancels, then gives up.
            #expect(!full.put(1))
            done.signal()
        }.start()
        usleep(50_000)
        full.cancel()
        #expect(done.wait(timeout: .now() + 10) == .success)
    }
}
