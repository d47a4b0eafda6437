/// A TFLite file's contents as the schema states them, before any of it is checked for meaning:
/// indices may be out of range and sizes may disagree. `TFLiteFileDecoder` makes these from the
/// FlatBuffer (structural errors stop it); `GraphBuilder` checks them and makes the `Graph`
/// (semantic errors stop it). Only the fields this runtime uses are kept.
struct TFLiteFileModel {
    var version: UInt32
    var operatorCodes: [FileOperatorCode]
    var subgraphCount: Int
    /// Subgraph 0, the model's main graph; nil when there are no subgraphs.
    var mainSubgraph: FileSubGraph?
    var buffers: [FileBuffer]
}

struct FileOperatorCode {
    var deprecatedBuiltinCode: Int8
    var builtinCode: Int32
    var customCode: String?
}

struct FileSubGraph {
    var tensors: [FileTensor]
    var inputs: [Int32]
    var outputs: [Int32]
    var operators: [FileOperator]
}

struct FileTensor {
    var shape: [Int32]
    var type: Int8
    var buffer: UInt32
    var name: String
    var sparsity: FileSparsity?
}

/// A buffer's bytes, as a range of the file: inside the FlatBuffer (`data`), or after it (`offset`
/// and `size`, for large models). Empty for the sentinel buffer 0 and for activations.
struct FileBuffer {
    var data: Range<Int>
}

struct FileOperator {
    var opcodeIndex: UInt32
    var inputs: [Int32]
    var outputs: [Int32]
    /// The BuiltinOptions union's type code, 0 when absent.
    var builtinOptionsType: UInt8
    /// The options table decoded as the type code says, when it is one this runtime reads.
    var builtinOptions: OperatorOptions?
    /// Bytes of `custom_options` (or of the large-model `large_custom_options_*`), as a file range.
    var customOptions: Range<Int>?
}

/// SparsityParameters: how a constant's non-zero values are laid out (TACO format). Index arrays
/// of every width are widened to Int32 here.
struct FileSparsity {
    var traversalOrder: [Int32]
    var blockMap: [Int32]
    var dimensions: [FileSparseDimension]
}

struct FileSparseDimension {
    /// false: DENSE, every index 0..<denseSize is stored; true: SPARSE_CSR, `segments` and `indices`
    /// list the stored ones.
    var isSparse: Bool
    var denseSize: Int32
    var segments: [Int32]
    var indices: [Int32]
}
