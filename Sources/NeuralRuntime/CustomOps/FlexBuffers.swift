/// A small, bounds-checked reader for FlexBuffers, the schema-less format TFLite uses for the
/// options of custom operators (`Operator.custom_options`).
///
/// Format, as written by FlatBuffers' `flexbuffers::Builder` (flexbuffers.h is the reference):
/// - The last byte of a buffer is the root's width W; the byte before it is the root's *packed
///   type* (`type << 2 | log2(width)`); the W bytes before that are the root's slot.
/// - A slot holds a scalar inline (int, uint, float, bool, null), read with the width of the
///   slot, or an unsigned offset *backwards* from the slot to the value (strings, keys, vectors,
///   maps, blobs, indirect scalars), whose own width comes from its packed type.
/// - Vectors: a length (one element wide) just before the first element. Untyped vectors keep
///   one packed-type byte per element after the elements. Typed vectors (ints, uints, floats,
///   keys, bools) share one element type; fixed typed vectors (2-4 elements) store no length.
/// - Maps: an untyped vector of values, preceded by three words: the offset to a typed vector of
///   keys (null-terminated strings, sorted), the width of that keys vector, and the length.
///
/// Every read checks its bounds and every width and type code is validated, so damaged bytes
/// throw `RuntimeError.malformedModel` instead of crashing. Offsets only ever point backwards, and
/// nothing here walks a structure on its own (reads follow the caller's lookups), so a damaged
/// buffer cannot make a read loop.
public struct FlexBuffer: Sendable {
    public let bytes: [UInt8]
    /// What these bytes are, for error messages (e.g. "model.tflite custom options").
    public let name: String

    public init(_ bytes: [UInt8], name: String = "FlexBuffers data") {
        self.bytes = bytes
        self.name = name
    }

    /// The root value.
    public func root() throws(RuntimeError) -> FlexBufferReference {
        guard bytes.count >= 3 else { throw damaged("\(bytes.count) bytes is too short for a root") }
        let rootWidth = Int(bytes[bytes.count - 1])
        guard FlexBuffer.isValidWidth(rootWidth) else { throw damaged("root width \(rootWidth) is not 1, 2, 4 or 8") }
        let slot = bytes.count - 2 - rootWidth
        guard slot >= 0 else { throw damaged("root slot of \(rootWidth) bytes does not fit") }
        return try FlexBufferReference(buffer: self, slot: slot, slotWidth: rootWidth, packedType: bytes[bytes.count - 2])
    }

    // MARK: Bounds-checked primitives

    func damaged(_ reason: String) -> RuntimeError {
        .malformedModel(name: name, reason: "damaged FlexBuffers: \(reason)")
    }

    static func isValidWidth(_ width: Int) -> Bool {
        width == 1 || width == 2 || width == 4 || width == 8
    }

    /// Checks that `count` bytes starting at `offset` lie inside the buffer.
    func requireRange(_ offset: Int, _ count: Int, _ what: @autoclosure () -> String) throws(RuntimeError) {
        guard offset >= 0, count >= 0, offset <= bytes.count, count <= bytes.count - offset else {
            throw damaged("\(what()) at byte \(offset) (\(count) bytes) lies outside the \(bytes.count)-byte buffer")
        }
    }

    /// An unsigned little-endian integer of `width` bytes.
    func readUInt(at offset: Int, width: Int) throws(RuntimeError) -> UInt64 {
        try requireRange(offset, width, "a \(width)-byte value")
        var value: UInt64 = 0
        for i in stride(from: width - 1, through: 0, by: -1) {
            value = value << 8 | UInt64(bytes[offset + i])
        }
        return value
    }

    /// A signed little-endian integer of `width` bytes, sign-extended.
    func readInt(at offset: Int, width: Int) throws(RuntimeError) -> Int64 {
        let raw = try readUInt(at: offset, width: width)
        let unusedBits = UInt64(64 - 8 * width)
        return Int64(bitPattern: raw << unusedBits) >> Int64(unusedBits)
    }

    /// An IEEE float of 4 or 8 bytes. The FlexBuffers builder never writes narrower floats
    /// (flexbuffers.h would reinterpret such bytes as an integer), so those are rejected.
    func readFloat(at offset: Int, width: Int) throws(RuntimeError) -> Double {
        switch width {
        case 4: return Double(Float(bitPattern: UInt32(truncatingIfNeeded: try readUInt(at: offset, width: 4))))
        case 8: return Double(bitPattern: try readUInt(at: offset, width: 8))
        default: throw damaged("a float of \(width) bytes (only 4 and 8 are written)")
        }
    }

    /// Follows the backward offset stored in the slot at `slot` (`width` bytes wide).
    func followOffset(at slot: Int, width: Int) throws(RuntimeError) -> Int {
        let distance = try readUInt(at: slot, width: width)
        guard distance <= UInt64(slot) else {
            throw damaged("offset \(distance) at byte \(slot) points before the start of the buffer")
        }
        return slot - Int(distance)
    }
}

/// The FlexBuffers value types (flexbuffers.h `Type`).
public enum FlexBufferType: UInt8, Sendable, CustomStringConvertible {
    case null = 0, int, uint, float, key, string, indirectInt, indirectUInt, indirectFloat, map, vector
    case vectorInt, vectorUInt, vectorFloat, vectorKey, vectorStringDeprecated
    case vectorInt2, vectorUInt2, vectorFloat2, vectorInt3, vectorUInt3, vectorFloat3
    case vectorInt4, vectorUInt4, vectorFloat4, blob, bool
    case vectorBool = 36

    /// Scalars stored in the slot itself rather than behind an offset.
    var isInline: Bool { self == .null || self == .int || self == .uint || self == .float || self == .bool }

    /// For a typed vector (with a length), the type of its elements.
    var typedVectorElement: FlexBufferType? {
        switch self {
        case .vectorInt: .int
        case .vectorUInt: .uint
        case .vectorFloat: .float
        case .vectorKey: .key
        case .vectorBool: .bool
        default: nil
        }
    }

    /// For a fixed-length typed vector, the type of its elements and its length.
    var fixedVectorElement: (type: FlexBufferType, count: Int)? {
        guard rawValue >= FlexBufferType.vectorInt2.rawValue, rawValue <= FlexBufferType.vectorFloat4.rawValue else { return nil }
        let step = Int(rawValue - FlexBufferType.vectorInt2.rawValue)
        let element: FlexBufferType = [.int, .uint, .float][step % 3]
        return (element, step / 3 + 2)
    }

    public var description: String {
        switch self {
        case .null: "null"
        case .int: "int"
        case .uint: "uint"
        case .float: "float"
        case .key: "key"
        case .string: "string"
        case .indirectInt: "indirect int"
        case .indirectUInt: "indirect uint"
        case .indirectFloat: "indirect float"
        case .map: "map"
        case .vector: "vector"
        case .vectorInt: "vector of int"
        case .vectorUInt: "vector of uint"
        case .vectorFloat: "vector of float"
        case .vectorKey: "vector of key"
        case .vectorStringDeprecated: "vector of string (deprecated)"
        case .vectorInt2, .vectorInt3, .vectorInt4: "fixed vector of int"
        case .vectorUInt2, .vectorUInt3, .vectorUInt4: "fixed vector of uint"
        case .vectorFloat2, .vectorFloat3, .vectorFloat4: "fixed vector of float"
        case .blob: "blob"
        case .bool: "bool"
        case .vectorBool: "vector of bool"
        }
    }
}

/// One value in a FlexBuffer: where its slot is, how wide the slot is, and its type. Reading it
/// checks everything; making one is cheap.
public struct FlexBufferReference: Sendable {
    let buffer: FlexBuffer
    /// Byte offset of the slot: the value itself for inline scalars, else an offset to it.
    let slot: Int
    /// Width of the slot (its parent's element width).
    let slotWidth: Int
    /// Width of the value behind the offset (vector elements, indirect scalars, string lengths).
    let valueWidth: Int
    public let type: FlexBufferType

    init(buffer: FlexBuffer, slot: Int, slotWidth: Int, packedType: UInt8) throws(RuntimeError) {
        guard let type = FlexBufferType(rawValue: packedType >> 2) else {
            throw buffer.damaged("unknown value type \(packedType >> 2) at byte \(slot)")
        }
        self.init(buffer: buffer, slot: slot, slotWidth: slotWidth, valueWidth: 1 << Int(packedType & 3), type: type)
    }

    init(buffer: FlexBuffer, slot: Int, slotWidth: Int, valueWidth: Int, type: FlexBufferType) {
        self.buffer = buffer
        self.slot = slot
        self.slotWidth = slotWidth
        self.valueWidth = valueWidth
        self.type = type
    }

    public var isNull: Bool { type == .null }

    /// Where the value lives: the slot for inline scalars, else the target of its offset.
    private func target() throws(RuntimeError) -> Int {
        try buffer.followOffset(at: slot, width: slotWidth)
    }

    private func mismatch(_ wanted: String) -> RuntimeError {
        .malformedModel(name: buffer.name, reason: "FlexBuffers value at byte \(slot) is a \(type), expected \(wanted)")
    }

    /// A signed integer: int, uint (if it fits), bool, or their indirect forms. Floats are refused
    /// rather than truncated, so an option of the wrong kind is reported, not guessed at.
    public func asInt() throws(RuntimeError) -> Int64 {
        switch type {
        case .int: return try buffer.readInt(at: slot, width: slotWidth)
        case .indirectInt: return try buffer.readInt(at: target(), width: valueWidth)
        case .uint, .indirectUInt, .bool:
            let value = try asUInt()
            guard value <= UInt64(Int64.max) else {
                throw buffer.damaged("unsigned value \(value) at byte \(slot) does not fit a signed integer")
            }
            return Int64(value)
        default: throw mismatch("an integer")
        }
    }

    /// An unsigned integer: uint, int (if not negative), bool, or their indirect forms.
    public func asUInt() throws(RuntimeError) -> UInt64 {
        switch type {
        case .uint, .bool: return try buffer.readUInt(at: slot, width: slotWidth)
        case .indirectUInt: return try buffer.readUInt(at: target(), width: valueWidth)
        case .int, .indirectInt:
            let value = try asInt()
            guard value >= 0 else { throw buffer.damaged("negative value \(value) at byte \(slot) where an unsigned one is expected") }
            return UInt64(value)
        default: throw mismatch("an unsigned integer")
        }
    }

    /// An `Int32`, as TFLite option parsers read them; values out of range are an error.
    public func asInt32() throws(RuntimeError) -> Int32 {
        let value = try asInt()
        guard let narrow = Int32(exactly: value) else { throw buffer.damaged("value \(value) at byte \(slot) does not fit 32 bits") }
        return narrow
    }

    /// A number as a double: floats, and ints and uints converted (as flexbuffers' `AsDouble`).
    public func asDouble() throws(RuntimeError) -> Double {
        switch type {
        case .float: return try buffer.readFloat(at: slot, width: slotWidth)
        case .indirectFloat: return try buffer.readFloat(at: target(), width: valueWidth)
        case .int, .indirectInt: return Double(try asInt())
        case .uint, .indirectUInt: return Double(try asUInt())
        default: throw mismatch("a number")
        }
    }

    /// A number as a float (narrowed from double as flexbuffers' `AsFloat` does).
    public func asFloat() throws(RuntimeError) -> Float { Float(try asDouble()) }

    public func asBool() throws(RuntimeError) -> Bool {
        switch type {
        case .bool, .int, .uint, .indirectInt, .indirectUInt: return try asUInt() != 0
        default: throw mismatch("a bool")
        }
    }

    /// A string's or a key's text (invalid UTF-8 is repaired, not trusted).
    public func asString() throws(RuntimeError) -> String {
        String(decoding: try stringBytes(), as: UTF8.self)
    }

    /// The raw bytes of a string, key or blob (without a key's terminating zero).
    public func stringBytes() throws(RuntimeError) -> ArraySlice<UInt8> {
        switch type {
        case .key:
            let start = try target()
            let bytes = buffer.bytes
            guard start < bytes.count, let end = bytes[start...].firstIndex(of: 0) else {
                throw buffer.damaged("key at byte \(start) has no terminating zero")
            }
            return bytes[start..<end]
        case .string, .blob:
            let start = try target()
            let length = try buffer.readUInt(at: start - valueWidth, width: valueWidth)
            guard length <= UInt64(buffer.bytes.count) else { throw buffer.damaged("\(type) length \(length) at byte \(start)") }
            try buffer.requireRange(start, Int(length), "\(type) of \(length) bytes")
            return buffer.bytes[start..<(start + Int(length))]
        default: throw mismatch("a string")
        }
    }

    /// Any kind of vector: untyped, typed, fixed-length typed, or a map's values.
    public func asVector() throws(RuntimeError) -> FlexBufferVector {
        guard FlexBuffer.isValidWidth(valueWidth) else { throw buffer.damaged("element width \(valueWidth)") }
        if let fixed = type.fixedVectorElement {
            return try FlexBufferVector(
                buffer: buffer, start: target(), count: fixed.count, elementWidth: valueWidth,
                layout: .typed(fixed.type))
        }
        let layout: FlexBufferVector.Layout
        if type == .vector || type == .map {
            layout = .untyped
        } else if let element = type.typedVectorElement {
            layout = .typed(element)
        } else {
            throw mismatch("a vector")
        }
        let start = try target()
        let length = try buffer.readUInt(at: start - valueWidth, width: valueWidth)
        guard length <= UInt64(buffer.bytes.count) else { throw buffer.damaged("vector length \(length) at byte \(start)") }
        return try FlexBufferVector(buffer: buffer, start: start, count: Int(length), elementWidth: valueWidth, layout: layout)
    }

    public func asMap() throws(RuntimeError) -> FlexBufferMap {
        guard type == .map else { throw mismatch("a map") }
        let values = try asVector()
        // The three words before the values: offset to the keys, width of the keys, length.
        let keysSlot = values.start - 3 * values.elementWidth
        let keysStart = try buffer.followOffset(at: keysSlot, width: values.elementWidth)
        let keysWidth = try buffer.readUInt(at: keysSlot + values.elementWidth, width: values.elementWidth)
        guard keysWidth <= 8, FlexBuffer.isValidWidth(Int(keysWidth)) else {
            throw buffer.damaged("map keys width \(keysWidth) at byte \(keysSlot)")
        }
        let keysLength = try buffer.readUInt(at: keysStart - Int(keysWidth), width: Int(keysWidth))
        guard keysLength == UInt64(values.count) else {
            throw buffer.damaged("map at byte \(values.start) has \(values.count) values but \(keysLength) keys")
        }
        let keys = try FlexBufferVector(
            buffer: buffer, start: keysStart, count: values.count,
            elementWidth: Int(keysWidth), layout: .typed(.key))
        return FlexBufferMap(keys: keys, values: values)
    }
}

/// A vector's elements. Construction checks that all of them (and an untyped vector's type
/// bytes) lie inside the buffer.
public struct FlexBufferVector: Sendable {
    enum Layout: Sendable {
        /// Each element has its own packed type, stored after the elements.
        case untyped
        /// All elements share this type, and are as wide as the vector's elements.
        case typed(FlexBufferType)
    }

    let buffer: FlexBuffer
    let start: Int
    public let count: Int
    let elementWidth: Int
    let layout: Layout

    init(buffer: FlexBuffer, start: Int, count: Int, elementWidth: Int, layout: Layout) throws(RuntimeError) {
        guard FlexBuffer.isValidWidth(elementWidth) else { throw buffer.damaged("element width \(elementWidth)") }
        guard count >= 0, count <= buffer.bytes.count / elementWidth else {
            throw buffer.damaged("vector of \(count) elements at byte \(start) cannot fit")
        }
        let typeBytes = if case .untyped = layout { count } else { 0 }
        try buffer.requireRange(start, count * elementWidth + typeBytes, "vector of \(count) elements")
        self.buffer = buffer
        self.start = start
        self.count = count
        self.elementWidth = elementWidth
        self.layout = layout
    }

    public subscript(index: Int) -> FlexBufferReference {
        get throws(RuntimeError) {
            guard index >= 0, index < count else { throw buffer.damaged("element \(index) of a \(count)-element vector") }
            let slot = start + index * elementWidth
            switch layout {
            case .untyped:
                return try FlexBufferReference(
                    buffer: buffer, slot: slot, slotWidth: elementWidth,
                    packedType: buffer.bytes[start + count * elementWidth + index])
            case .typed(let type):
                // Typed elements carry no width of their own; flexbuffers.h uses 1 for values
                // behind an offset (keys are the only such kind here).
                return FlexBufferReference(buffer: buffer, slot: slot, slotWidth: elementWidth, valueWidth: 1, type: type)
            }
        }
    }

    /// Every element as a signed integer.
    public func ints() throws(RuntimeError) -> [Int64] {
        var values: [Int64] = []
        values.reserveCapacity(count)
        for i in 0..<count { values.append(try self[i].asInt()) }
        return values
    }

    /// Every element as a double.
    public func doubles() throws(RuntimeError) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(count)
        for i in 0..<count { values.append(try self[i].asDouble()) }
        return values
    }
}

/// A map from string keys to values.
public struct FlexBufferMap: Sendable {
    public let keys: FlexBufferVector
    public let values: FlexBufferVector

    public var count: Int { values.count }

    /// The keys, in stored order (sorted, in a well-formed buffer).
    public func keyStrings() throws(RuntimeError) -> [String] {
        var names: [String] = []
        names.reserveCapacity(count)
        for i in 0..<count { names.append(try keys[i].asString()) }
        return names
    }

    /// The value for `key`, or nil when the map has no such key. Scans linearly rather than
    /// bisecting: option maps have a handful of keys, and a scan cannot be misled by damaged
    /// (unsorted) keys.
    public subscript(key: String) -> FlexBufferReference? {
        get throws(RuntimeError) {
            let wanted = Array(key.utf8)
            for i in 0..<count {
                if try keys[i].stringBytes().elementsEqual(wanted) { return try values[i] }
            }
            return nil
        }
    }
}
