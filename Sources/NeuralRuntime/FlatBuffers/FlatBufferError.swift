/// Why a FlatBuffer could not be read: one sentence a person can act on, prefixed with the path of
/// tables and fields that led to it, e.g. "subgraph 0: tensor 12: shape: vector of 4 4-byte
/// elements at byte 1040 ends past the end of the data (1000 bytes)".
struct FlatBufferError: Error, Sendable, Equatable, CustomStringConvertible {
    var reason: String

    init(_ reason: String) {
        self.reason = reason
    }

    /// The same error with `context` in front ("tensor 12" + "shape: ..." -> "tensor 12: shape: ...").
    func within(_ context: String) -> FlatBufferError {
        FlatBufferError("\(context): \(reason)")
    }

    var description: String { reason }
}

/// Runs `body`; an error it throws gets `context` in front of its reason. The context is built only
/// when something fails, so naming every table visited costs nothing on the happy path.
@inline(__always)
func inContext<Result>(
    _ context: @autoclosure () -> String,
    _ body: () throws(FlatBufferError) -> Result
) throws(FlatBufferError) -> Result {
    do throws(FlatBufferError) {
        return try body()
    } catch {
        throw error.within(context())
    }
}
