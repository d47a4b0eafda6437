import Testing

@testable import NeuralRuntime

// MARK: - A test-only FlatBuffer writer

/// Something a FlatBuffer holds out of line: a table, a string, or a vector.
fileprivate indirect enum TestFlatObject {
    /// Fields by id; ids not listed are absent.
    case table([(id: Int, value: TestFlatValue)])
    case string(String)
    /// A vector of scalars: `count` elements whose little-endian bytes are `bytes`.
    case scalars(count: Int, bytes: [UInt8])
    /// A vector of offsets to tables or strings.
    case objects([TestFlatObject])
    /// A vector of `count` offsets that all point at one copy of `object`.
    case shared(TestFlatObject, count: Int)

    static func int32s(_ values: [Int32]) -> TestFlatObject {
        .scalars(count: values.count, bytes: values.flatMap(littleEndianBytes))
    }
}

/// A field's value: inline bytes (a scalar or a struct), or an offset to an object.
fileprivate enum TestFlatValue {
    case inline([UInt8])
    case reference(TestFlatObject)

    static func int8(_ value: Int8) -> TestFlatValue { .inline(littleEndianBytes(value)) }
    static func uint8(_ value: UInt8) -> TestFlatValue { .inline([value]) }
    static func int32(_ value: Int32) -> TestFlatValue { .inline(littleEndianBytes(value)) }
    static func uint64(_ value: UInt64) -> TestFlatValue { .inline(littleEndianBytes(value)) }
    static func float(_ value: Float) -> TestFlatValue { .inline(littleEndianBytes(value.bitPattern)) }
}

fileprivate func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
}

/// Lays a FlatBuffer out front to back: each object before the objects it refers to (offsets are
/// unsigned, so they must point forward), vtables just before their tables, and no alignment
/// padding at all, since the reader under test must not depend on alignment.
fileprivate enum TestFlatBufferWriter {
    static func build(root: TestFlatObject, identifier: String? = nil) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 4)
        if let identifier { bytes += Array(identifier.utf8) }
        let rootPosition = write(root, into: &bytes)
        patch(&bytes, at: 0, pointingTo: rootPosition)
        return bytes
    }

    /// Appends `object` (and everything it refers to) and returns its position.
    private static func write(_ object: TestFlatObject, into bytes: inout [UInt8]) -> Int {
        switch object {
        case .table(let fields):
            let slotCount = (fields.map(\.id).max() ?? -1) + 1
            var inlineSize = 4
            var offsets = [UInt16](repeating: 0, count: slotCount)
            for field in fields {
                offsets[field.id] = UInt16(inlineSize)
                switch field.value {
                case .inline(let value): inlineSize += value.count
                case .reference: inlineSize += 4
                }
            }
            let vtable = bytes.count
            bytes += littleEndianBytes(UInt16(4 + 2 * slotCount)) + littleEndianBytes(UInt16(inlineSize))
            bytes += offsets.flatMap(littleEndianBytes)
            let table = bytes.count
            bytes += littleEndianBytes(Int32(table - vtable))
            var pending: [(at: Int, object: TestFlatObject)] = []
            for field in fields {
                switch field.value {
                case .inline(let value): bytes += value
                case .reference(let object):
                    pending.append((bytes.count, object))
                    bytes += [0, 0, 0, 0]
                }
            }
            for (at, object) in pending { patch(&bytes, at: at, pointingTo: write(object, into: &bytes)) }
            return table

        case .string(let text):
            let position = bytes.count
            bytes += littleEndianBytes(UInt32(text.utf8.count)) + Array(text.utf8) + [0]
            return position

        case .scalars(let count, let elementBytes):
            let position = bytes.count
            bytes += littleEndianBytes(UInt32(count)) + elementBytes
            return position

        case .objects(let objects):
            let position = bytes.count
            bytes += littleEndianBytes(UInt32(objects.count))
            let first = bytes.count
            bytes += [UInt8](repeating: 0, count: 4 * objects.count)
            for (index, object) in objects.enumerated() {
                patch(&bytes, at: first + 4 * index, pointingTo: write(object, into: &bytes))
            }
            return position

        case .shared(let object, let count):
            let position = bytes.count
            bytes += littleEndianBytes(UInt32(count))
            let first = bytes.count
            bytes += [UInt8](repeating: 0, count: 4 * count)
            let target = write(object, into: &bytes)
            for index in 0..<count { patch(&bytes, at: first + 4 * index, pointingTo: target) }
            return position
        }
    }

    private static func patch(_ bytes: inout [UInt8], at position: Int, pointingTo target: Int) {
        bytes.replaceSubrange(position..<(position + 4), with: littleEndianBytes(UInt32(target - position)))
    }
}

// MARK: - Helpers

private func reader(_ bytes: [UInt8]) -> FlatBufferReader { FlatBufferReader(bytes: bytes) }

private func root(_ bytes: [UInt8]) throws -> FlatTable { try reader(bytes).rootTable() }

/// The error `body` throws, or nil when it does not. Anything but a FlatBufferError is a failure.
private func flatBufferError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> FlatBufferError? {
    do {
        try body()
        return nil
    } catch let error as FlatBufferError {
        return error
    } catch {
        Issue.record("expected a FlatBufferError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Fields of the sample tables below.
private enum Sample {
    static let small = FlatField(0, "small")
    static let name = FlatField(1, "name")
    static let count = FlatField(2, "count")
    static let missing = FlatField(3, "missing")
    static let ratio = FlatField(4, "ratio")
    static let flag = FlatField(5, "flag")
    static let big = FlatField(6, "big")
    static let shape = FlatField(7, "shape")
    static let child = FlatField(8, "child")
    static let children = FlatField(9, "children")
    static let labels = FlatField(10, "labels")
    static let options = FlatUnionField(11, "options")  // ids 11 and 12
    static let point = FlatField(13, "point")
    static let data = FlatField(14, "data")
    static let beyondVtable = FlatField(40, "beyond_vtable")
}

/// A root table using every kind of field.
private let sampleBuffer = TestFlatBufferWriter.build(
    root: .table([
        (0, .int8(-7)),
        (1, .reference(.string("conv2d/Kernel"))),
        (2, .int32(123_456)),
        (4, .float(1.5)),
        (5, .uint8(1)),
        (6, .uint64(0x0123_4567_89AB_CDEF)),
        (7, .reference(.int32s([1, 128, 128, 3]))),
        (8, .reference(.table([(0, .int32(42)), (1, .reference(.table([(0, .reference(.string("grandchild")))])))]))),
        (9, .reference(.objects([.table([(0, .int32(10))]), .table([]), .table([(0, .int32(30))])]))),
        (10, .reference(.objects([.string("a"), .string(""), .string("ünïcode")]))),
        (11, .uint8(2)),
        (12, .reference(.table([(0, .int32(-1)), (1, .int32(2))]))),
        (13, .inline(littleEndianBytes(Int32(5)) + littleEndianBytes(Int32(-6)))),  // struct { x, y: int32 }
        (14, .reference(.scalars(count: 5, bytes: [9, 8, 7, 6, 5]))),
    ]), identifier: "TEST")

// MARK: - Tests

@Suite("FlatBuffer reader")
struct FlatBufferReaderTests {
    @Test func scalarsAndDefaults() throws {
        let table = try root(sampleBuffer)
        #expect(try table.scalar(Sample.small, default: Int8(0)) == -7)
        #expect(try table.scalar(Sample.count, default: Int32(0)) == 123_456)
        #expect(try table.scalar(Sample.missing, default: Int32(42)) == 42)
        #expect(try table.float(Sample.ratio, default: 0) == 1.5)
        #expect(try table.bool(Sample.flag) == true)
        #expect(try table.scalar(Sample.big, default: UInt64(0)) == 0x0123_4567_89AB_CDEF)
        // An id past the end of the vtable (a field newer than the writer) is absent too.
        #expect(try table.scalar(Sample.beyondVtable, default: UInt16(9)) == 9)
        #expect(try table.string(Sample.beyondVtable) == nil)
        #expect(try table.fieldPosition(Sample.missing, byteCount: 4) == nil)
    }

    @Test func fileIdentifier() {
        #expect(reader(sampleBuffer).hasFileIdentifier("TEST"))
        #expect(!reader(sampleBuffer).hasFileIdentifier("TFL3"))
        #expect(!reader([8, 0, 0, 0]).hasFileIdentifier("TEST"))
    }

    @Test func stringsAndVectors() throws {
        let table = try root(sampleBuffer)
        #expect(try table.string(Sample.name) == "conv2d/Kernel")
        #expect(try table.scalarVector(Sample.shape, as: Int32.self) == [1, 128, 128, 3])
        #expect(try table.scalarVector(Sample.missing, as: Int32.self) == nil)
        let data = try #require(try table.vector(Sample.data, elementSize: 1))
        #expect(data.count == 5 && Array(sampleBuffer[data.byteRange]) == [9, 8, 7, 6, 5])
        #expect(try data.scalars(as: UInt8.self) == [9, 8, 7, 6, 5])
        let labels = try #require(try table.vector(Sample.labels, elementSize: 4))
        #expect(try (0..<labels.count).map { (i) throws(FlatBufferError) in try labels.string(at: i) } == ["a", "", "ünïcode"])
    }

    @Test func nestedTablesAndVectorsOfTables() throws {
        let table = try root(sampleBuffer)
        let child = try #require(try table.table(Sample.child))
        #expect(try child.scalar(FlatField(0, "value"), default: Int32(0)) == 42)
        let grandchild = try #require(try child.table(FlatField(1, "next")))
        #expect(try grandchild.string(FlatField(0, "name")) == "grandchild")
        #expect(try table.table(Sample.missing) == nil)

        let children = try #require(try table.vector(Sample.children, elementSize: 4))
        let values = try (0..<children.count).map { (i) throws(FlatBufferError) in
            try children.table(at: i).scalar(FlatField(0, "value"), default: Int32(-99))
        }
        #expect(values == [10, -99, 30])  // the empty table gives the default
    }

    @Test func unions() throws {
        let table = try root(sampleBuffer)
        let union = try #require(try table.union(Sample.options))
        #expect(union.type == 2)
        #expect(try union.table.scalar(FlatField(0, "a"), default: Int32(0)) == -1)
        #expect(try union.table.scalar(FlatField(1, "b"), default: Int32(0)) == 2)
        // Type NONE, or a type without a value: no union.
        let none = TestFlatBufferWriter.build(root: .table([(0, .uint8(0)), (1, .reference(.table([])))]))
        #expect(try root(none).union(FlatUnionField(0, "u")) == nil)
        let typeOnly = TestFlatBufferWriter.build(root: .table([(0, .uint8(3))]))
        #expect(try root(typeOnly).union(FlatUnionField(0, "u")) == nil)
    }

    @Test func inlineStructs() throws {
        let table = try root(sampleBuffer)
        let point = try #require(try table.structPosition(Sample.point, byteCount: 8))
        let r = table.reader
        #expect(try r.load(Int32.self, at: point) == 5 && r.load(Int32.self, at: point + 4) == -6)
        // A struct larger than the table's inline data is refused.
        #expect(throws: FlatBufferError.self) { try table.structPosition(Sample.point, byteCount: 200) }
    }

    // MARK: Damaged buffers

    @Test func tooShortOrEmptyBuffersThrow() {
        for bytes in [[], [1], [1, 0, 0]] as [[UInt8]] {
            #expect(flatBufferError { _ = try reader(bytes).rootTable() } != nil, "\(bytes)")
        }
        // A root offset past the end.
        let error = flatBufferError { _ = try reader([0xF0, 0, 0, 0, 0, 0, 0, 0]).rootTable() }
        #expect(error?.reason.contains("root table") == true && error?.reason.contains("past the end") == true)
    }

    @Test func selfAndBackwardOffsetsCannotLoop() throws {
        // Offset 0 would make the table start at its own reference.
        let zero = flatBufferError { _ = try reader([0, 0, 0, 0, 0, 0, 0, 0]).rootTable() }
        #expect(zero?.reason.contains("points at itself") == true)
        // 0xFFFFFFFC is -4 read as signed: a reference back to the start. Offsets are unsigned, so
        // it points 4 GB forward, past the end, instead of forming a loop.
        var bytes = sampleBuffer
        let table = try root(bytes)
        let at = try #require(try table.fieldPosition(Sample.child, byteCount: 4))
        bytes.replaceSubrange(at..<(at + 4), with: littleEndianBytes(UInt32(0xFFFF_FFFC)))
        let backwards = flatBufferError { _ = try root(bytes).table(Sample.child) }
        #expect(backwards?.reason.hasPrefix("child: offset") == true)
        #expect(backwards?.reason.contains("past the end") == true)
    }

    @Test func vtableProblemsThrow() {
        // Table at 4 whose soffset puts the vtable before the buffer.
        var outside: [UInt8] = littleEndianBytes(UInt32(4)) + littleEndianBytes(Int32(1000))
        #expect(flatBufferError { _ = try reader(outside).rootTable() }?.reason.contains("vtable") == true)
        // soffset 0: the table is its own vtable, whose size (the soffset's low half) is 0.
        outside = littleEndianBytes(UInt32(4)) + littleEndianBytes(Int32(0))
        #expect(flatBufferError { _ = try reader(outside).rootTable() }?.reason.contains("impossible size") == true)
        // An odd vtable size.
        let odd: [UInt8] = littleEndianBytes(UInt32(8)) + [5, 0, 8, 0] + littleEndianBytes(Int32(4)) + [0, 0, 0, 0]
        #expect(flatBufferError { _ = try reader(odd).rootTable() }?.reason.contains("impossible size") == true)
        // A table claiming more inline bytes than the buffer has.
        let long: [UInt8] = littleEndianBytes(UInt32(8)) + [4, 0, 200, 0] + littleEndianBytes(Int32(4))
        #expect(flatBufferError { _ = try reader(long).rootTable() }?.reason.contains("table at byte 8") == true)
    }

    @Test func fieldOutsideItsTableThrows() throws {
        // Root offset, 2 bytes of padding, a vtable at 6 (6 bytes: field 0 at offset 6 of an
        // 8-byte table), the table at 12. A 4-byte field at offset 6 would end at 10 > 8.
        let bytes: [UInt8] = littleEndianBytes(UInt32(12)) + [0, 0] + [6, 0, 8, 0, 6, 0] + littleEndianBytes(Int32(6)) + [0, 0, 0, 0]
        let table = try root(bytes)
        let error = flatBufferError { _ = try table.scalar(FlatField(0, "stride_w"), default: Int32(0)) }
        #expect(error?.reason.hasPrefix("stride_w: field at offset 6") == true)
        #expect(try table.scalar(FlatField(0, "padding"), default: Int8(0)) == 0)  // 1 byte fits
    }

    @Test func oversizedVectorsAndStringsThrowWithoutAllocating() throws {
        var bytes = sampleBuffer
        let table = try root(bytes)
        let shape = try #require(try table.vector(Sample.shape, elementSize: 4))
        bytes.replaceSubrange((shape.start - 4)..<shape.start, with: littleEndianBytes(UInt32.max))
        let vectorError = flatBufferError { _ = try root(bytes).scalarVector(Sample.shape, as: Int32.self) }
        #expect(vectorError?.reason.hasPrefix("shape: vector of 4294967295 4-byte elements") == true)

        let namePosition = try #require(try table.fieldPosition(Sample.name, byteCount: 4))
        let nameStart = namePosition + Int(try table.reader.load(UInt32.self, at: namePosition))
        bytes = sampleBuffer
        bytes.replaceSubrange(nameStart..<(nameStart + 4), with: littleEndianBytes(UInt32(0x7FFF_FFFF)))
        #expect(flatBufferError { _ = try root(bytes).string(Sample.name) }?.reason.hasPrefix("name: string of") == true)
        // A string must end with its zero byte.
        bytes = sampleBuffer
        bytes[nameStart + 4 + "conv2d/Kernel".utf8.count] = UInt8(ascii: "!")
        #expect(flatBufferError { _ = try root(bytes).string(Sample.name) }?.reason.contains("zero byte") == true)
    }

    @Test func sharedDataExhaustsTheReadBudget() throws {
        // 100 000 references to one 4 KB string: 400 KB of offsets asking for 400 MB of copies.
        let text = String(repeating: "x", count: 4096)
        let bytes = TestFlatBufferWriter.build(root: .table([(0, .reference(.shared(.string(text), count: 100_000)))]))
        let table = try root(bytes)
        let names = try #require(try table.vector(FlatField(0, "names"), elementSize: 4))
        let clock = ContinuousClock()
        let start = clock.now
        var decoded = 0
        let error = flatBufferError {
            for index in 0..<names.count {
                _ = try names.string(at: index)
                decoded += 1
            }
        }
        #expect(error?.reason.contains("read budget") == true)
        #expect(decoded < 2000)  // stopped after about 8 × the file's size
        #expect(clock.now - start < .seconds(2))
    }

    @Test func everyTruncationThrows() throws {
        // Reads every field of the sample; each strict prefix lacks something it needs.
        func readAll(_ bytes: [UInt8]) throws {
            let table = try FlatBufferReader(bytes: bytes).rootTable()
            _ = try table.scalar(Sample.small, default: Int8(0))
            _ = try table.string(Sample.name)
            _ = try table.scalar(Sample.big, default: UInt64(0))
            _ = try table.scalarVector(Sample.shape, as: Int32.self)
            let child = try table.table(Sample.child)
            _ = try child?.table(FlatField(1, "next"))?.string(FlatField(0, "name"))
            if let children = try table.vector(Sample.children, elementSize: 4) {
                for i in 0..<children.count { _ = try children.table(at: i).scalar(FlatField(0, "value"), default: Int32(0)) }
            }
            if let labels = try table.vector(Sample.labels, elementSize: 4) {
                for i in 0..<labels.count { _ = try labels.string(at: i) }
            }
            _ = try table.union(Sample.options)?.table.scalar(FlatField(1, "b"), default: Int32(0))
            _ = try table.structPosition(Sample.point, byteCount: 8)
            _ = try table.vector(Sample.data, elementSize: 1)
        }
        #expect(flatBufferError { try readAll(sampleBuffer) } == nil)
        let survivors = (0..<sampleBuffer.count).filter { length in
            flatBufferError { try readAll(Array(sampleBuffer.prefix(length))) } == nil
        }
        #expect(survivors.isEmpty)
    }
}
