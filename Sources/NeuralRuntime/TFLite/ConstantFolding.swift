extension BuiltinOperator {
    /// DENSIFY: expands a sparse constant. Only the loader meets it (it folds every one away), so
    /// it is named here rather than among the operators kernels implement.
    static let densify = BuiltinOperator(code: 124)
}

/// Removes the operators that only convert a constant into another constant, giving their output
/// tensors the result as constant data:
/// - DEQUANTIZE of a float constant: the MediaPipe models store weights as float16 constants, each
///   behind a DEQUANTIZE. The loader has already widened them to float32, so the operator is a
///   copy. (A DEQUANTIZE of an activation stays; its kernel runs it.)
/// - DENSIFY of a constant: the loader has already expanded sparse constants (SparseLayout).
///
/// The output shares the input's array (copy-on-write), so folding costs no memory. Operators are
/// visited in order, so a chain (DENSIFY then DEQUANTIZE) folds completely in one pass.
enum ConstantFolding {
    static func fold(_ graph: inout Graph) {
        let graphOutputs = Set(graph.outputs)
        var kept: [Operation] = []
        kept.reserveCapacity(graph.operations.count)
        for operation in graph.operations {
            if let (output, constant) = foldedResult(of: operation, in: graph, graphOutputs: graphOutputs) {
                graph.tensors[output].constant = constant
            } else {
                kept.append(operation)
            }
        }
        for position in kept.indices { kept[position].index = position }
        graph.operations = kept
    }

    /// The output tensor and its constant value when `operation` can be folded.
    private static func foldedResult(
        of operation: Operation, in graph: Graph, graphOutputs: Set<Int>
    ) -> (Int, ConstantData)? {
        guard operation.code == .builtin(.dequantize) || operation.code == .builtin(.densify),
            operation.inputs.count == 1, operation.outputs.count == 1
        else { return nil }
        let input = operation.inputs[0], output = operation.outputs[0]
        guard input >= 0, output >= 0, let constant = graph.tensors[input].constant else { return nil }
        // DEQUANTIZE yields floats: an int32 constant is not something it converts.
        if operation.code == .builtin(.dequantize), case .int32 = constant { return nil }
        let target = graph.tensors[output]
        // Leave odd cases to the kernels, which explain them: an output that already has data,
        // whose size differs, or that the caller reads (graph outputs are written by operators).
        guard !target.isConstant, target.elementCount == constant.count, !graphOutputs.contains(output) else { return nil }
        return (output, constant)
    }
}
