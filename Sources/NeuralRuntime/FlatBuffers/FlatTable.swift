/// A table in a FlatBuffer, with one accessor per kind of field. Each accessor returns the field's
/// default (or nil, for references) when the field is absent, and throws a `FlatBufferError`
/// prefixed with the field's name when what the buffer says does not fit.
///
/// Layout (all little-endian): the table starts with an int32 `soffset`; its vtable is at
/// `position - soffset`. The vtable holds two uint16 sizes, its own and the table's inline data's,
/// then one uint16 per field id: the field's offset from the table's start, 0 when absent.
struct FlatTable {
    let reader: FlatBufferReader
    /// Position of the table's first byte (its `soffset`).
    let position: Int
    private let vtable: Int
    /// Size of the vtable in bytes, including its two size fields.
    private let vtableByteCount: Int
    /// Size of the table's inline data in bytes, including its `soffset`.
    private let inlineByteCount: Int

    /// Reads and checks the table's header and vtable.
    init(reader: FlatBufferReader, position: Int) throws(FlatBufferError) {
        let vtableOffset = Int(try reader.load(Int32.self, at: position))
        let vtable = position - vtableOffset
        try reader.requireRange(at: vtable, byteCount: 4, "vtable")
        let vtableByteCount = Int(reader.uncheckedLoad(UInt16.self, at: vtable))
        let inlineByteCount = Int(reader.uncheckedLoad(UInt16.self, at: vtable + 2))
        guard vtableByteCount >= 4, vtableByteCount % 2 == 0 else {
            throw FlatBufferError("vtable at byte \(vtable) declares an impossible size of \(vtableByteCount) bytes")
        }
        try reader.requireRange(at: vtable, byteCount: vtableByteCount, "vtable")
        guard inlineByteCount >= 4 else {
            throw FlatBufferError("table at byte \(position) declares an impossible size of \(inlineByteCount) bytes")
        }
        try reader.requireRange(at: position, byteCount: inlineByteCount, "table")
        // A table's header is the unit of work that many shared references could repeat.
        try reader.charge(8, for: "a table")
        self.reader = reader
        self.position = position
        self.vtable = vtable
        self.vtableByteCount = vtableByteCount
        self.inlineByteCount = inlineByteCount
    }

    /// Position of the field's `byteCount` bytes of inline data, or nil when the field is absent.
    func fieldPosition(_ field: FlatField, byteCount: Int) throws(FlatBufferError) -> Int? {
        let slot = 4 + 2 * field.id
        guard slot + 2 <= vtableByteCount else { return nil }  // written by an older schema
        let offset = Int(reader.uncheckedLoad(UInt16.self, at: vtable + slot))
        guard offset != 0 else { return nil }
        guard offset >= 4, offset + byteCount <= inlineByteCount else {
            throw FlatBufferError(
                "\(field.name): field at offset \(offset) (\(byteCount) bytes) lies outside its \(inlineByteCount)-byte table at byte \(position)"
            )
        }
        return position + offset
    }

    // MARK: Inline fields

    /// An integer or enum field.
    func scalar<T: FixedWidthInteger & BitwiseCopyable>(_ field: FlatField, default value: T) throws(FlatBufferError) -> T {
        guard let at = try fieldPosition(field, byteCount: MemoryLayout<T>.size) else { return value }
        return reader.uncheckedLoad(T.self, at: at)
    }

    func bool(_ field: FlatField, default value: Bool = false) throws(FlatBufferError) -> Bool {
        try scalar(field, default: UInt8(value ? 1 : 0)) != 0
    }

    func float(_ field: FlatField, default value: Float) throws(FlatBufferError) -> Float {
        Float(bitPattern: try scalar(field, default: value.bitPattern))
    }

    /// Position of a struct stored inline in the table (`byteCount` bytes, checked to lie in the
    /// table), or nil when absent. Read its members with the reader's loads.
    func structPosition(_ field: FlatField, byteCount: Int) throws(FlatBufferError) -> Int? {
        try fieldPosition(field, byteCount: byteCount)
    }

    // MARK: Referenced fields

    /// Where the field's offset points, or nil when the field is absent.
    private func referencePosition(_ field: FlatField) throws(FlatBufferError) -> Int? {
        guard let at = try fieldPosition(field, byteCount: 4) else { return nil }
        return try inContext(field.name) { () throws(FlatBufferError) in try reader.followOffset(at: at) }
    }

    func table(_ field: FlatField) throws(FlatBufferError) -> FlatTable? {
        guard let target = try referencePosition(field) else { return nil }
        return try inContext(field.name) { () throws(FlatBufferError) in try FlatTable(reader: reader, position: target) }
    }

    func string(_ field: FlatField) throws(FlatBufferError) -> String? {
        guard let target = try referencePosition(field) else { return nil }
        return try inContext(field.name) { () throws(FlatBufferError) in try reader.string(at: target) }
    }

    /// A vector of `elementSize`-byte elements (4 for tables and strings, which are stored as
    /// offsets), its whole element range checked to lie in the buffer.
    func vector(_ field: FlatField, elementSize: Int) throws(FlatBufferError) -> FlatVector? {
        guard let target = try referencePosition(field) else { return nil }
        return try inContext(field.name) { () throws(FlatBufferError) in
            try reader.vector(at: target, elementSize: elementSize)
        }
    }

    /// A vector of scalars, decoded.
    func scalarVector<T: FixedWidthInteger & BitwiseCopyable>(_ field: FlatField, as type: T.Type) throws(FlatBufferError) -> [T]? {
        guard let vector = try vector(field, elementSize: MemoryLayout<T>.size) else { return nil }
        return try inContext(field.name) { () throws(FlatBufferError) in try vector.scalars(as: T.self) }
    }

    /// A union's type and value table, or nil when its type is NONE or its value is absent (as
    /// FlatBuffers' generated accessors treat it).
    func union(_ field: FlatUnionField) throws(FlatBufferError) -> FlatUnion? {
        let type = try scalar(field.type, default: UInt8(0))
        guard type != 0, let table = try table(field.value) else { return nil }
        return FlatUnion(type: type, table: table)
    }
}
