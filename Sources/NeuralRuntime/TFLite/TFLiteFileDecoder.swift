/// Reads a TFLite FlatBuffer into a `TFLiteFileModel`: the only code that walks the file's tables.
/// It checks structure (every offset, vector and string lies in the file); what the values mean is
/// `GraphBuilder`'s business. Errors name the path to what was bad, e.g.
/// "subgraph 0: tensor 12: shape: vector of 4 4-byte elements at byte 1040 ends past the end of the
/// data (1000 bytes)".
enum TFLiteFileDecoder {
    typealias Schema = TFLiteSchema

    static func decode(_ reader: FlatBufferReader) throws(FlatBufferError) -> TFLiteFileModel {
        guard reader.count > 0 else { throw FlatBufferError("the file is empty") }
        guard reader.count >= 8 else {
            throw FlatBufferError("the file is \(reader.count) bytes, too short for a FlatBuffer header")
        }
        guard reader.hasFileIdentifier(Schema.fileIdentifier) else {
            throw FlatBufferError(
                "bytes 4-7 are \(describeIdentifier(reader.bytes[4..<8])), not the TFLite file identifier \"\(Schema.fileIdentifier)\"")
        }
        let model = try reader.rootTable()
        let version = try model.scalar(Schema.Model.version, default: UInt32(0))
        let operatorCodes = try decodeTables(Schema.Model.operatorCodes, of: model, naming: "operator code", decodeOperatorCode)
        let buffers = try decodeTables(Schema.Model.buffers, of: model, naming: "buffer", decodeBuffer)

        // Only the main subgraph is decoded: a model with more is refused anyway, and counting
        // them needs no more than the vector's length.
        let subgraphs = try model.vector(Schema.Model.subgraphs, elementSize: 4)
        let mainSubgraph = try subgraphs.flatMap { (subgraphs) throws(FlatBufferError) -> FileSubGraph? in
            guard subgraphs.count > 0 else { return nil }
            return try inContext("subgraph 0") { () throws(FlatBufferError) in
                try decodeSubGraph(try subgraphs.table(at: 0))
            }
        }
        return TFLiteFileModel(
            version: version, operatorCodes: operatorCodes, subgraphCount: subgraphs?.count ?? 0,
            mainSubgraph: mainSubgraph, buffers: buffers)
    }

    // MARK: Tables

    private static func decodeOperatorCode(_ table: FlatTable) throws(FlatBufferError) -> FileOperatorCode {
        FileOperatorCode(
            deprecatedBuiltinCode: try table.scalar(Schema.OperatorCode.deprecatedBuiltinCode, default: Int8(0)),
            builtinCode: try table.scalar(Schema.OperatorCode.builtinCode, default: Int32(0)),
            customCode: try table.string(Schema.OperatorCode.customCode))
    }

    private static func decodeBuffer(_ table: FlatTable) throws(FlatBufferError) -> FileBuffer {
        let offset = try table.scalar(Schema.Buffer.offset, default: UInt64(0))
        if offset > 1 {
            let size = try table.scalar(Schema.Buffer.size, default: UInt64(0))
            return FileBuffer(data: try externalRange(offset: offset, size: size, in: table.reader, what: "external data"))
        }
        guard let data = try table.vector(Schema.Buffer.data, elementSize: 1) else { return FileBuffer(data: 0..<0) }
        return FileBuffer(data: data.byteRange)
    }

    private static func decodeSubGraph(_ table: FlatTable) throws(FlatBufferError) -> FileSubGraph {
        FileSubGraph(
            tensors: try decodeTables(Schema.SubGraph.tensors, of: table, naming: "tensor", decodeTensor),
            inputs: try table.scalarVector(Schema.SubGraph.inputs, as: Int32.self) ?? [],
            outputs: try table.scalarVector(Schema.SubGraph.outputs, as: Int32.self) ?? [],
            operators: try decodeTables(Schema.SubGraph.operators, of: table, naming: "operator", decodeOperator))
    }

    private static func decodeTensor(_ table: FlatTable) throws(FlatBufferError) -> FileTensor {
        FileTensor(
            shape: try table.scalarVector(Schema.Tensor.shape, as: Int32.self) ?? [],
            type: try table.scalar(Schema.Tensor.type, default: Int8(0)),
            buffer: try table.scalar(Schema.Tensor.buffer, default: UInt32(0)),
            name: try table.string(Schema.Tensor.name) ?? "",
            sparsity: try table.table(Schema.Tensor.sparsity).map { (sparsity) throws(FlatBufferError) in
                try inContext(Schema.Tensor.sparsity.name) { () throws(FlatBufferError) in try decodeSparsity(sparsity) }
            })
        // `quantization` is not read: activations of the types it applies to are refused by type.
    }

    private static func decodeOperator(_ table: FlatTable) throws(FlatBufferError) -> FileOperator {
        let options = try table.union(Schema.Operator.builtinOptions)
        let decodedOptions = try options.flatMap { (options) throws(FlatBufferError) in
            try inContext(Schema.Operator.builtinOptions.value.name) { () throws(FlatBufferError) in
                try BuiltinOptionsDecoder.decode(options)
            }
        }
        return FileOperator(
            opcodeIndex: try table.scalar(Schema.Operator.opcodeIndex, default: UInt32(0)),
            inputs: try table.scalarVector(Schema.Operator.inputs, as: Int32.self) ?? [],
            outputs: try table.scalarVector(Schema.Operator.outputs, as: Int32.self) ?? [],
            builtinOptionsType: options?.type ?? 0,
            builtinOptions: decodedOptions,
            customOptions: try customOptionsRange(table))
    }

    private static func customOptionsRange(_ table: FlatTable) throws(FlatBufferError) -> Range<Int>? {
        let offset = try table.scalar(Schema.Operator.largeCustomOptionsOffset, default: UInt64(0))
        if offset > 1 {
            let size = try table.scalar(Schema.Operator.largeCustomOptionsSize, default: UInt64(0))
            return try externalRange(offset: offset, size: size, in: table.reader, what: "large custom options")
        }
        return try table.vector(Schema.Operator.customOptions, elementSize: 1)?.byteRange
    }

    private static func decodeSparsity(_ table: FlatTable) throws(FlatBufferError) -> FileSparsity {
        FileSparsity(
            traversalOrder: try table.scalarVector(Schema.Sparsity.traversalOrder, as: Int32.self) ?? [],
            blockMap: try table.scalarVector(Schema.Sparsity.blockMap, as: Int32.self) ?? [],
            dimensions: try decodeTables(
                Schema.Sparsity.dimensionMetadata, of: table, naming: "dimension",
                decodeSparseDimension))
    }

    private static func decodeSparseDimension(_ table: FlatTable) throws(FlatBufferError) -> FileSparseDimension {
        let format = try table.scalar(Schema.DimensionMetadata.format, default: Int8(0))
        guard format == 0 || format == 1 else {
            throw FlatBufferError("\(Schema.DimensionMetadata.format.name): unknown dimension type \(format)")
        }
        return FileSparseDimension(
            isSparse: format == 1,
            denseSize: try table.scalar(Schema.DimensionMetadata.denseSize, default: Int32(0)),
            segments: try indexVector(Schema.DimensionMetadata.arraySegments, of: table),
            indices: try indexVector(Schema.DimensionMetadata.arrayIndices, of: table))
    }

    /// A SparseIndexVector union (int32, uint16 or uint8 values), widened to Int32; empty when absent.
    private static func indexVector(_ field: FlatUnionField, of table: FlatTable) throws(FlatBufferError) -> [Int32] {
        guard let union = try table.union(field) else { return [] }
        return try inContext(field.value.name) { () throws(FlatBufferError) -> [Int32] in
            let values = Schema.IndexVector.values
            switch union.type {
            case Schema.IndexVectorType.int32:
                return try union.table.scalarVector(values, as: Int32.self) ?? []
            case Schema.IndexVectorType.uint16:
                return try union.table.scalarVector(values, as: UInt16.self)?.map { Int32($0) } ?? []
            case Schema.IndexVectorType.uint8:
                return try union.table.scalarVector(values, as: UInt8.self)?.map { Int32($0) } ?? []
            default:
                throw FlatBufferError("unknown index vector type \(union.type)")
            }
        }
    }

    // MARK: Helpers

    /// Every table of a vector-of-tables field, decoded; each element's errors are prefixed with
    /// "`element` `i`". An absent field is an empty list.
    private static func decodeTables<Element>(
        _ field: FlatField, of table: FlatTable, naming element: String,
        _ decode: (FlatTable) throws(FlatBufferError) -> Element
    ) throws(FlatBufferError) -> [Element] {
        guard let vector = try table.vector(field, elementSize: 4) else { return [] }
        var result: [Element] = []
        result.reserveCapacity(vector.count)  // at most a quarter of the file's size: checked above
        for index in 0..<vector.count {
            result.append(
                try inContext("\(element) \(index)") { () throws(FlatBufferError) in
                    try decode(try vector.table(at: index))
                })
        }
        return result
    }

    /// A range of the file given by a 64-bit offset and size (data stored after the FlatBuffer).
    private static func externalRange(
        offset: UInt64, size: UInt64, in reader: FlatBufferReader, what: String
    ) throws(FlatBufferError) -> Range<Int> {
        let fileSize = UInt64(reader.count)
        guard offset <= fileSize, size <= fileSize - offset else {
            throw FlatBufferError("\(what) at byte \(offset) (\(size) bytes) lies outside the \(fileSize)-byte file")
        }
        return Int(offset)..<Int(offset + size)
    }

    /// Four bytes as text when they are printable ASCII ("\"IHDR\""), else in hexadecimal.
    private static func describeIdentifier(_ bytes: ArraySlice<UInt8>) -> String {
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return "\"\(String(decoding: bytes, as: UTF8.self))\""
        }
        return bytes.map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0\(digits)" : digits
        }.joined(separator: " ")
    }
}
