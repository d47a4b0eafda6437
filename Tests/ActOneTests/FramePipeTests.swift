import Foundation
import Testing

@testable import ActOne

@Suite struct FramePipeTests {
    struct Broken: Error {}

    @Test func itemsArriveInOrderThenTheEnd() throws {
        let pipe = FramePipe<Int>(capacity: 2)
        let thread = Thread {
            for i in 0..<50 { _ = pipe.put(i) }
            pipe.finish()
        }
        thread.start()
        var got: [Int] = []
        while let i = try pipe.take() { got.append(i) }
        #expect(got == Array(0..<50))
    }

    @Test func theProducersErrorReachesTheConsumerAfterTheQueuedItems() throws {
        let pipe = FramePipe<Int>(capacity: 4)
        _ = pipe.put(1)
        pipe.finish(throwing: Broken())
        #expect(try pipe.take() == 1)
        #expect(throws: Broken.self) { try pipe.take() }
    }

    @Test func cancellingStopsAProducerWaitingForRoom() {
        let pipe = FramePipe<Int>(capacity: 1)
        let produced = Counter()
        let thread = Thread {
            var i = 0
            while pipe.put(i) { i += 1; produced.add() }
            pipe.finish()
        }
        thread.start()
        Thread.sleep(forTimeInterval: 0.05)
        pipe.cancel()
        pipe.waitUntilFinished()
        // The pipe holds one item, so the producer got at most two ahead before it was stopped.
        #expect(produced.value <= 2)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.lock(); count += 1; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    }
}
