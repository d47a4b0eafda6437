import Foundation

/// A slot holding only the newest of a series of values, numbered as they come, that readers
/// wait on. Writers never wait for readers: a value nobody took in time is replaced, so a slow
/// reader (an encoder behind, a browser on a slow network) skips values instead of holding up
/// the one who writes them.
final class NewestValue<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?
    private var number = 0
    private var closed = false

    /// Replaces the value and wakes the readers.
    func put(_ newValue: Value) {
        condition.withLock {
            value = newValue
            number += 1
            condition.broadcast()
        }
    }

    /// Waits for a value numbered after `seen` and returns it with its number; nil once closed.
    func next(after seen: Int) -> (number: Int, value: Value)? {
        condition.withLock {
            while !closed && (number <= seen || value == nil) { condition.wait() }
            guard !closed, let value else { return nil }
            return (number, value)
        }
    }

    /// Ends every wait, now and later.
    func close() {
        condition.withLock {
            closed = true
            condition.broadcast()
        }
    }
}
