/// One FlatBuffer's bytes, and the bounds-checked little-endian loads that every table, vector and
/// string read goes through. Nothing here traps on bad data: each position and length is checked
/// against the byte count before it is used, and a failure is a `FlatBufferError` saying what did
/// not fit where.
///
/// Two properties of the format keep a damaged buffer from hanging a reader:
/// - References (`uoffset`s) are unsigned and added to their own position, so they always point
///   forward and following them cannot loop. (A table's signed offset to its vtable may point
///   backwards, but a vtable refers to nothing further.)
/// - What a damaged or hostile buffer *can* do is point many references at one large vector or
///   string, so that a reader decodes it over and over (a few megabytes of offsets can ask for
///   terabytes of copies). Every decoded byte is charged to a budget proportional to the buffer's
///   size; a well-formed file decodes each byte about once, so running out means shared data.
///
/// A class so that the tables and vectors read from it share one budget.
final class FlatBufferReader {
    let bytes: [UInt8]
    /// Bytes that may still be decoded (strings, scalar vectors, table headers, and what the
    /// loader charges for constants) before reading fails.
    private(set) var budgetLeft: Int

    /// Reading may decode `budgetMultiple` times the buffer's size, plus a megabyte so that tiny
    /// buffers are not starved.
    init(bytes: [UInt8], budgetMultiple: Int = 8) {
        self.bytes = bytes
        self.budgetLeft = bytes.count * budgetMultiple + (1 << 20)
    }

    var count: Int { bytes.count }

    // MARK: Ranges and scalars

    /// Checks that `byteCount` bytes starting at `position` lie inside the buffer.
    func requireRange(
        at position: Int, byteCount: Int, _ what: @autoclosure () -> String
    ) throws(FlatBufferError) {
        guard position >= 0, byteCount >= 0, position <= count, byteCount <= count - position else {
            throw FlatBufferError(
                "\(what()) at byte \(position) (\(byteCount) bytes) ends past the end of the data (\(count) bytes)")
        }
    }

    /// The little-endian integer at `position`.
    func load<T: FixedWidthInteger & BitwiseCopyable>(_ type: T.Type, at position: Int) throws(FlatBufferError) -> T {
        try requireRange(at: position, byteCount: MemoryLayout<T>.size, "a \(MemoryLayout<T>.size)-byte value")
        return uncheckedLoad(type, at: position)
    }

    /// A load whose range the caller has already checked.
    @inline(__always)
    func uncheckedLoad<T: FixedWidthInteger & BitwiseCopyable>(_ type: T.Type, at position: Int) -> T {
        bytes.withUnsafeBytes { raw in T(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: T.self)) }
    }

    // MARK: References

    /// Where the `uoffset` stored at `position` points. An offset of 0 would make the referenced
    /// object overlap the reference itself, which no writer produces, so it is an error too.
    func followOffset(at position: Int) throws(FlatBufferError) -> Int {
        let offset = try load(UInt32.self, at: position)
        guard offset != 0 else { throw FlatBufferError("offset at byte \(position) is 0 (points at itself)") }
        let target = position + Int(offset)
        guard target < count else {
            throw FlatBufferError("offset at byte \(position) points to byte \(target), past the end of the data (\(count) bytes)")
        }
        return target
    }

    /// The table the buffer's first four bytes point to.
    func rootTable() throws(FlatBufferError) -> FlatTable {
        try inContext("root table") { () throws(FlatBufferError) in
            try FlatTable(reader: self, position: try followOffset(at: 0))
        }
    }

    /// Whether bytes 4..<8 hold `identifier` (a schema's `file_identifier`, e.g. "TFL3").
    func hasFileIdentifier(_ identifier: String) -> Bool {
        let expected = Array(identifier.utf8)
        guard expected.count == 4, count >= 8 else { return false }
        return bytes[4..<8].elementsEqual(expected)
    }

    // MARK: Strings and vectors

    /// The string whose length prefix is at `position`; like FlatBuffers' verifier, it requires the
    /// terminating zero byte the format stores after the characters. Invalid UTF-8 is repaired
    /// (U+FFFD), not an error: names are for people, and a mangled name should not stop a model
    /// from loading.
    func string(at position: Int) throws(FlatBufferError) -> String {
        let length = Int(try load(UInt32.self, at: position))
        try requireRange(at: position + 4, byteCount: length + 1, "string of \(length) bytes and its terminator")
        guard bytes[position + 4 + length] == 0 else {
            throw FlatBufferError("string of \(length) bytes at byte \(position) is not followed by a zero byte")
        }
        try charge(length, for: "a string of \(length) bytes")
        return String(decoding: bytes[(position + 4)..<(position + 4 + length)], as: UTF8.self)
    }

    /// The vector whose length prefix is at `position`, its elements checked to lie in the buffer.
    func vector(at position: Int, elementSize: Int) throws(FlatBufferError) -> FlatVector {
        let elementCount = Int(try load(UInt32.self, at: position))
        try requireRange(
            at: position + 4, byteCount: elementCount * elementSize,
            "vector of \(elementCount) \(elementSize)-byte elements")
        return FlatVector(reader: self, start: position + 4, count: elementCount, elementSize: elementSize)
    }

    // MARK: Budget

    /// Spends `byteCount` of the read budget, or fails when it is exhausted.
    func charge(_ byteCount: Int, for what: @autoclosure () -> String) throws(FlatBufferError) {
        budgetLeft -= byteCount
        guard budgetLeft >= 0 else {
            throw FlatBufferError(
                "decoding \(what()) goes past the read budget for a \(count)-byte file: its offsets make "
                    + "the same data be read again and again (damaged or hostile file)")
        }
    }
}
