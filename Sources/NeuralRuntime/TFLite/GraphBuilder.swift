/// Makes the runtime's `Graph` from a decoded TFLite file, checking what the FlatBuffer's structure
/// cannot: that every index is in range, that constants hold exactly what their shapes say, and
/// that types are ones this runtime handles. Problems with the data are `malformedModel`; a valid
/// model using something the runtime does not do (several subgraphs, quantized activations) is
/// `unsupportedFeature`. Operators are not judged here: an unknown one is the interpreter's to
/// report, by name, when it prepares kernels.
struct GraphBuilder {
    /// For error messages, and the graph's name.
    let name: String
    let model: TFLiteFileModel
    /// The file, for constants' bytes and the read budget (decoding spends it).
    let reader: FlatBufferReader
    private var sparseElementsExpanded = 0

    init(name: String, model: TFLiteFileModel, reader: FlatBufferReader) {
        self.name = name
        self.model = model
        self.reader = reader
    }

    /// The most elements sparse constants may expand to, in all (256 MB of floats; the sparse
    /// face detector expands to 0.46 M).
    static let maximumSparseElements = 1 << 26

    /// The most elements one tensor may have (2³¹ - 1); more is a damaged shape, and keeps every
    /// size computed later far from overflow.
    static let maximumElementCount = Int(Int32.max)

    mutating func build() throws(RuntimeError) -> Graph {
        guard model.version == TFLiteSchema.version else {
            throw .unsupportedFeature(
                name: name, detail: "schema version \(model.version) (only version \(TFLiteSchema.version) is supported)")
        }
        guard let subgraph = model.mainSubgraph else { throw malformed("the model has no subgraphs") }
        guard model.subgraphCount == 1 else {
            throw .unsupportedFeature(name: name, detail: "\(model.subgraphCount) subgraphs (only single-subgraph models are supported)")
        }
        let codes = try operatorCodes()
        let tensors = try self.tensors(subgraph.tensors)
        let inputs = try graphEnds(subgraph.inputs, role: "input", tensorCount: tensors.count)
        let outputs = try graphEnds(subgraph.outputs, role: "output", tensorCount: tensors.count)
        var operations: [Operation] = []
        operations.reserveCapacity(subgraph.operators.count)
        for (index, fileOperator) in subgraph.operators.enumerated() {
            operations.append(try operation(index, fileOperator, codes: codes, tensorCount: tensors.count))
        }
        return Graph(name: name, tensors: tensors, operations: operations, inputs: inputs, outputs: outputs)
    }

    // MARK: Operator codes

    private func operatorCodes() throws(RuntimeError) -> [OperatorCode] {
        var codes: [OperatorCode] = []
        for (index, code) in model.operatorCodes.enumerated() {
            // Files carry the code in both fields while it fits a byte; TFLite takes the larger.
            let builtin = BuiltinOperator(code: max(Int32(code.deprecatedBuiltinCode), code.builtinCode))
            if builtin == .custom {
                guard let customName = code.customCode, !customName.isEmpty else {
                    throw malformed("operator code \(index): CUSTOM without a custom_code name")
                }
                codes.append(.custom(customName))
            } else {
                codes.append(.builtin(builtin))
            }
        }
        return codes
    }

    // MARK: Tensors

    private mutating func tensors(_ fileTensors: [FileTensor]) throws(RuntimeError) -> [TensorDescription] {
        // Tensors whose data is the same bytes (one buffer, or buffers pointing at one place) of
        // the same type share one decoded array, decoded once.
        var decoded: [ConstantKey: ConstantData] = [:]
        var tensors: [TensorDescription] = []
        tensors.reserveCapacity(fileTensors.count)
        for (index, file) in fileTensors.enumerated() {
            let label = "tensor \(index) '\(file.name)'"
            let shape = try self.shape(file.shape, of: label)
            let type = ElementType(code: file.type)
            guard Int(file.buffer) < model.buffers.count else {
                throw malformed("\(label): buffer \(file.buffer) does not exist (the model has \(model.buffers.count))")
            }
            var tensor = TensorDescription(index: index, name: file.name, shape: shape, type: type)
            let data = model.buffers[Int(file.buffer)].data
            if data.isEmpty {
                // An activation. Quantized ones need integer kernels this runtime does not have.
                if type == .int8 || type == .uint8 {
                    throw .unsupportedFeature(
                        name: name, detail: "\(label) is a quantized \(type) activation (only float models are supported)")
                }
            } else {
                guard ConstantDecoder.isSupported(type) else {
                    throw .unsupportedFeature(
                        name: name,
                        detail: "\(label) is a constant of type \(type) (only FLOAT32, FLOAT16 and INT32 constants are supported)")
                }
                if let sparsity = file.sparsity {
                    tensor.constant = try sparseConstant(sparsity, data: data, tensor: tensor, label: label)
                } else {
                    try requireDenseSize(data.count, of: tensor, label: label)
                    let key = ConstantKey(bytes: data, type: type)
                    if let values = decoded[key] {
                        tensor.constant = values
                    } else {
                        try spend(data.count, decoding: "the constant \(label)")
                        let values = ConstantDecoder.decode(reader.bytes, byteRange: data, as: type)
                        decoded[key] = values
                        tensor.constant = values
                    }
                }
            }
            tensors.append(tensor)
        }
        return tensors
    }

    private struct ConstantKey: Hashable {
        var bytes: Range<Int>
        var type: ElementType
    }

    private func shape(_ dimensions: [Int32], of label: String) throws(RuntimeError) -> [Int] {
        var elementCount = 1
        for dimension in dimensions {
            guard dimension >= 0 else { throw malformed("\(label): shape \(dimensions) has a negative dimension") }
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: Int(dimension))
            guard !overflow, product <= Self.maximumElementCount else {
                throw malformed("\(label): shape \(dimensions) has more than \(Self.maximumElementCount) elements")
            }
            elementCount = product
        }
        return dimensions.map { Int($0) }
    }

    private func requireDenseSize(_ byteCount: Int, of tensor: TensorDescription, label: String) throws(RuntimeError) {
        let expected = tensor.elementCount * (tensor.type.byteCount ?? 0)
        guard byteCount == expected else {
            throw malformed("\(label): constant data is \(byteCount) bytes, but shape \(tensor.shape) of \(tensor.type) needs \(expected)")
        }
    }

    /// A sparse constant, expanded to its dense shape.
    private mutating func sparseConstant(
        _ sparsity: FileSparsity, data: Range<Int>, tensor: TensorDescription, label: String
    ) throws(RuntimeError) -> ConstantData {
        let elementSize = tensor.type.byteCount ?? 1
        guard data.count % elementSize == 0 else {
            throw malformed("\(label): sparse data is \(data.count) bytes, not a whole number of \(tensor.type) values")
        }
        // Expansion allocates (and walks) the dense tensor, whose size the file's bytes do not
        // bound: a few damaged bytes could ask for gigabytes.
        sparseElementsExpanded += tensor.elementCount
        guard sparseElementsExpanded <= Self.maximumSparseElements else {
            throw .unsupportedFeature(
                name: name, detail: "\(label): sparse constants expanding to more than \(Self.maximumSparseElements) elements in all")
        }
        let layout: SparseLayout
        do {
            layout = try SparseLayout(sparsity, shape: tensor.shape, storedCount: data.count / elementSize)
        } catch {
            throw malformed("\(label): sparsity: \(error.reason)")
        }
        let stored = ConstantDecoder.decode(reader.bytes, byteRange: data, as: tensor.type)
        return layout.expand(stored, count: tensor.elementCount)
    }

    // MARK: Graph inputs, outputs and operators

    private func graphEnds(_ indices: [Int32], role: String, tensorCount: Int) throws(RuntimeError) -> [Int] {
        try indices.enumerated().map { (position, index) throws(RuntimeError) -> Int in
            guard index >= 0, Int(index) < tensorCount else {
                throw malformed("graph \(role) \(position) is tensor \(index), but the model has \(tensorCount) tensors")
            }
            return Int(index)
        }
    }

    private func operation(
        _ index: Int, _ file: FileOperator, codes: [OperatorCode], tensorCount: Int
    ) throws(RuntimeError) -> Operation {
        guard Int(file.opcodeIndex) < codes.count else {
            throw malformed(
                "operator \(index): opcode_index \(file.opcodeIndex) does not exist (the model has \(codes.count) operator codes)")
        }
        let code = codes[Int(file.opcodeIndex)]
        func tensorIndices(_ indices: [Int32], role: String) throws(RuntimeError) -> [Int] {
            try indices.map { (tensor) throws(RuntimeError) -> Int in
                // -1 marks an absent optional tensor.
                guard tensor >= -1, Int(tensor) < tensorCount else {
                    throw malformed(
                        "operator \(index) (\(code)): \(role) tensor \(tensor) does not exist (the model has \(tensorCount) tensors)")
                }
                return Int(tensor)
            }
        }
        return Operation(
            index: index, code: code,
            inputs: try tensorIndices(file.inputs, role: "input"),
            outputs: try tensorIndices(file.outputs, role: "output"),
            options: try options(of: file, code: code, index: index))
    }

    private func options(of file: FileOperator, code: OperatorCode, index: Int) throws(RuntimeError) -> OperatorOptions {
        switch code {
        case .custom:
            guard let range = file.customOptions else { return .custom([]) }
            try spend(range.count, decoding: "the custom options of operator \(index)")
            return .custom(Array(reader.bytes[range]))
        case .builtin(let builtin):
            if let decoded = file.builtinOptions, BuiltinOptionsDecoder.optionsType(for: builtin) == file.builtinOptionsType {
                return decoded
            }
            return BuiltinOptionsDecoder.defaults(for: builtin)
        }
    }

    /// Charges decoding work to the reader's budget (see FlatBufferReader): data that many tables
    /// share, or ranges that overlap, must not make a small file decode gigabytes.
    private func spend(_ byteCount: Int, decoding what: @autoclosure () -> String) throws(RuntimeError) {
        do {
            try reader.charge(byteCount, for: what())
        } catch {
            throw malformed(error.reason)
        }
    }

    private func malformed(_ reason: String) -> RuntimeError {
        .malformedModel(name: name, reason: reason)
    }
}
