/// A vector in a FlatBuffer: where its first element is and how many there are. Its whole element
/// range was checked to lie in the buffer when it was made, so element reads only check their own
/// contents (the offsets of table and string elements). Element reads add no context to their
/// errors: the caller knows what the elements are ("tensor 12").
struct FlatVector {
    let reader: FlatBufferReader
    /// Position of element 0.
    let start: Int
    let count: Int
    let elementSize: Int

    /// The bytes the elements occupy (for a `[ubyte]` vector, its contents).
    var byteRange: Range<Int> { start..<(start + count * elementSize) }

    /// Every element as a scalar of type `T`, which must be the element type (`elementSize` bytes).
    func scalars<T: FixedWidthInteger & BitwiseCopyable>(as type: T.Type) throws(FlatBufferError) -> [T] {
        precondition(MemoryLayout<T>.size == elementSize, "vector of \(elementSize)-byte elements read as \(T.self)")
        try reader.charge(count * elementSize, for: "a vector of \(count) elements")
        // One copy of the bytes, then a byte swap only on big-endian machines: per-element loads
        // would be slow in unspecialized (debug) builds.
        var values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            reader.bytes.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[byteRange]))
            }
            initialized = count
        }
        if T(littleEndian: 1) != 1 {
            for i in values.indices { values[i] = T(littleEndian: values[i]) }
        }
        return values
    }

    /// Element `index` of a vector of tables.
    func table(at index: Int) throws(FlatBufferError) -> FlatTable {
        precondition(elementSize == 4 && index >= 0 && index < count, "table \(index) of a vector of \(count)")
        return try FlatTable(reader: reader, position: try reader.followOffset(at: start + 4 * index))
    }

    /// Element `index` of a vector of strings.
    func string(at index: Int) throws(FlatBufferError) -> String {
        precondition(elementSize == 4 && index >= 0 && index < count, "string \(index) of a vector of \(count)")
        return try reader.string(at: try reader.followOffset(at: start + 4 * index))
    }
}
