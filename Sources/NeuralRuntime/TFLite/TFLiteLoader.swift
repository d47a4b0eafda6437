/// Loads a `.tflite` model into the runtime's `Graph`.
///
///     let graph = try TFLiteLoader.load(path: "models/face_landmark.tflite")
///
/// What loading does, in order:
/// 1. reads the FlatBuffer (`TFLiteFileDecoder`), checking every offset, vector and string lies in
///    the file;
/// 2. builds the graph (`GraphBuilder`): indices checked, constants decoded (float16 widened to
///    float32, sparse ones expanded), and exactly one subgraph;
/// 3. folds the operators that only convert constants (`ConstantFolding`: DEQUANTIZE and DENSIFY
///    of constants), so `operations` holds what actually runs on each invoke.
///
/// A damaged, truncated or non-TFLite file is `malformedModel` naming the file and what was wrong
/// ("tensor 12 'conv2d/Kernel': constant data is 100 bytes, but shape [24, 5, 5, 3] of FLOAT16
/// needs 3600"); it never traps or reads outside the file. Operators this runtime does not
/// implement load fine: the interpreter reports them when it prepares.
public enum TFLiteLoader {
    /// Loads the model file at `path`; errors and the graph are named after the file's name.
    public static func load(path: String) throws(RuntimeError) -> Graph {
        let bytes = try ModelFile.contents(ofPath: path)
        return try load(bytes: bytes, name: ModelFile.displayName(of: path))
    }

    /// Loads a model from its bytes; `name` names it in errors and becomes `Graph.name`.
    public static func load(bytes: [UInt8], name: String) throws(RuntimeError) -> Graph {
        try load(bytes: bytes, name: name, foldingConstants: true)
    }

    /// `foldingConstants: false` keeps the file's operator list as it is (tests compare it with
    /// the file's own counts).
    static func load(bytes: [UInt8], name: String, foldingConstants: Bool) throws(RuntimeError) -> Graph {
        let reader = FlatBufferReader(bytes: bytes)
        let model: TFLiteFileModel
        do {
            model = try TFLiteFileDecoder.decode(reader)
        } catch {
            throw .malformedModel(name: name, reason: error.reason)
        }
        var builder = GraphBuilder(name: name, model: model, reader: reader)
        var graph = try builder.build()
        if foldingConstants { ConstantFolding.fold(&graph) }
        return graph
    }
}
