/// Rewrites a graph so that fewer operators do the same arithmetic: each rule removes an
/// operator whose work a neighbouring convolution can do as it reads its input or stores its
/// output, and only where the result is the same as before (bit for bit up to the sign of a
/// zero). The `Interpreter` runs it before preparing kernels unless told not to
/// (`Interpreter(graph:registry:fusing: false)`).
///
/// The rules, applied in this order over the whole graph:
/// 1. `foldZeroPads`: a zero PAD of the spatial axes only, read by one VALID convolution and
///    nothing else, becomes that convolution's explicit padding.
/// 2. `foldResiduals`: an ADD (activation NONE, equal shapes) of a CONV_2D's output and another
///    tensor computed before that convolution, where the ADD is the convolution's only reader,
///    becomes the convolution adding that tensor to its result (`Operation.fusedResidual`).
/// 3. `foldActivations`: a RELU, or a PRELU with constant per-channel slopes, that is the only
///    reader of a convolution's output becomes the convolution's activation (after rule 2, the
///    face models' "1x1 CONV_2D -> ADD -> PRELU" block ends become one CONV_2D).
///
/// Tensors that an operator no longer reads or writes stay in `tensors` (indices are the model
/// file's), but they are never computed: `Interpreter.output(_:)` throws for them.
enum OperatorFusion {
    static func fuse(_ graph: Graph) -> Graph {
        var graph = graph
        foldZeroPads(&graph)
        foldResiduals(&graph)
        foldActivations(&graph)
        for position in graph.operations.indices { graph.operations[position].index = position }
        return graph
    }

    /// PAD(x, zeros only on H and W) -> CONV_2D / DEPTHWISE_CONV_2D(padding VALID) becomes the
    /// convolution of x with `.explicit(top:bottom:left:right:)` padding, when:
    /// - the PAD has exactly two inputs (x and an int32 constant [4, 2] of paddings; PAD pads
    ///   with zeros, PADV2's constant value is a different operator and is left alone), the
    ///   batch and channel paddings are 0 and the spatial ones non-negative;
    /// - the padded tensor is not a graph output, and its one and only use in the whole graph is
    ///   as the convolution's input 0 (not its weights or bias);
    /// - the convolution's padding is VALID (a SAME convolution pads again, by amounts that
    ///   depend on the padded size; it is left as it is).
    /// Exact: a VALID window over the zero-padded tensor sums the same products in the same
    /// order as the explicitly padded convolution, whose out-of-bounds taps are either multiplied
    /// by zeros (Conv2DKernel's zero row) or skipped (DepthwiseConv2DKernel); adding 0 * w
    /// leaves a sum unchanged (finite weights).
    static func foldZeroPads(_ graph: inout Graph) {
        var uses = useCounts(graph)
        let graphOutputs = Set(graph.outputs)
        var removed = Set<Int>()
        for (position, pad) in graph.operations.enumerated() where pad.code == .builtin(.pad) {
            guard pad.inputs.count == 2, pad.outputs.count == 1, pad.inputs[0] >= 0, pad.inputs[1] >= 0,
                case .int32(let paddings)? = graph.tensors[pad.inputs[1]].constant, paddings.count == 8,
                paddings[0] == 0, paddings[1] == 0, paddings[6] == 0, paddings[7] == 0,
                paddings[2...5].allSatisfy({ $0 >= 0 })
            else { continue }
            let padded = pad.outputs[0]
            guard !graphOutputs.contains(padded), uses[padded] == 1,
                let reader = graph.operations.indices.first(where: { graph.operations[$0].inputs.first == padded }),
                reader > position
            else { continue }
            let explicit = Padding.explicit(
                top: Int(paddings[2]), bottom: Int(paddings[3]),
                left: Int(paddings[4]), right: Int(paddings[5]))
            var convolution = graph.operations[reader]
            switch convolution.options {
            case .conv2D(var options) where convolution.code == .builtin(.conv2D) && options.padding == .valid:
                options.padding = explicit
                convolution.options = .conv2D(options)
            case .depthwiseConv2D(var options) where convolution.code == .builtin(.depthwiseConv2D) && options.padding == .valid:
                options.padding = explicit
                convolution.options = .depthwiseConv2D(options)
            default:
                continue
            }
            convolution.inputs[0] = pad.inputs[0]
            graph.operations[reader] = convolution
            uses[padded] = 0
            removed.insert(position)
        }
        graph.operations = graph.operations.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    }

    /// CONV_2D -> ADD(convolution output, residual) becomes the convolution with
    /// `fusedResidual = residual`, appended as its input 3 (after a -1 bias if it had none), and
    /// writing the ADD's output, when:
    /// - the ADD has two inputs, one output and activation NONE, and its two inputs and its
    ///   output have the same declared shape, fully known (no broadcasting);
    /// - one input is the output of a CONV_2D (not DEPTHWISE_CONV_2D: its kernel does not take a
    ///   residual) with one output, activation NONE and no fused PReLU, that tensor is not a
    ///   graph output and the ADD is its one and only use;
    /// - the other input (the residual) is not constant and is a graph input or is written by an
    ///   operation *before* the convolution, so it is ready when the convolution runs (it used
    ///   to be needed only at the ADD's later position).
    /// Exact: the unfused convolution stores acc = bias + sum of products (Conv2DKernel starts
    /// its accumulators at the bias, and NONE stores them unchanged), then AddKernel computes
    /// acc + residual (lhs + rhs; when the convolution is the ADD's input 1 it is residual + acc,
    /// the same value: IEEE addition is commutative). The fused kernel computes that same sum,
    /// acc + residual, before storing, then applies its activation, as a following RELU or
    /// PRELU (folded by `foldActivations`) did.
    static func foldResiduals(_ graph: inout Graph) {
        let uses = useCounts(graph)
        let graphOutputs = Set(graph.outputs)
        let graphInputs = Set(graph.inputs)
        var producer = [Int: Int]()
        for (position, operation) in graph.operations.enumerated() {
            for tensor in operation.outputs where producer[tensor] == nil { producer[tensor] = position }
        }
        var removed = Set<Int>()
        for (position, add) in graph.operations.enumerated() where add.code == .builtin(.add) {
            guard add.inputs.count == 2, add.outputs.count == 1, add.options == .elementwise(activation: .none),
                add.inputs.allSatisfy({ $0 >= 0 && $0 < graph.tensors.count })
            else { continue }
            let shape = graph.tensors[add.outputs[0]].shape
            guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }),
                add.inputs.allSatisfy({ graph.tensors[$0].shape == shape })
            else { continue }
            for side in 0..<2 {
                let result = add.inputs[side], residual = add.inputs[1 - side]
                guard result != residual, !graphOutputs.contains(result), uses[result] == 1,
                    let convolutionPosition = producer[result], convolutionPosition < position,
                    !removed.contains(convolutionPosition)
                else { continue }
                var convolution = graph.operations[convolutionPosition]
                guard convolution.code == .builtin(.conv2D), case .conv2D(let options) = convolution.options,
                    options.activation == .none, convolution.fusedPReLUAlpha == nil, convolution.fusedResidual == nil,
                    convolution.outputs == [result], convolution.inputs.count == 2 || convolution.inputs.count == 3
                else { continue }
                // Ready before the convolution runs: a graph input or an earlier operation's output.
                guard !graph.tensors[residual].isConstant,
                    graphInputs.contains(residual) || (producer[residual].map { $0 < convolutionPosition } ?? false)
                else { continue }
                if convolution.inputs.count == 2 { convolution.inputs.append(-1) }
                convolution.inputs.append(residual)
                convolution.fusedResidual = residual
                convolution.outputs = add.outputs
                graph.operations[convolutionPosition] = convolution
                removed.insert(position)
                break
            }
        }
        graph.operations = graph.operations.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    }

    /// CONV_2D / DEPTHWISE_CONV_2D followed by RELU or PRELU becomes the convolution alone, when
    /// the convolution's output is not a graph output and its one and only use is as input 0 of
    /// that RELU or PRELU, and the convolution's activation is NONE (so nothing else stands
    /// between the sum and the activation):
    /// - RELU: the convolution's activation becomes `.relu`, the same max(x, 0).
    /// - PRELU: only when the slopes (input 1) are constant floats with one value per output
    ///   channel, shaped [C], [1, C], [1, 1, C] or [1, 1, 1, C] (so they broadcast along the
    ///   channel axis and the output shape is the convolution's); the tensor's index goes in
    ///   `Operation.fusedPReLUAlpha` and the kernels compute x >= 0 ? x : x * alpha[c] as
    ///   PRELU does.
    /// The convolution then writes the activation's output tensor.
    static func foldActivations(_ graph: inout Graph) {
        let uses = useCounts(graph)
        let graphOutputs = Set(graph.outputs)
        var removed = Set<Int>()
        for (position, convolution) in graph.operations.enumerated() {
            guard convolution.outputs.count == 1, convolution.fusedPReLUAlpha == nil, convolution.inputs.count >= 2,
                let channels = outputChannels(of: convolution, in: graph), activation(of: convolution) == FusedActivation.none
            else { continue }
            let result = convolution.outputs[0]
            guard !graphOutputs.contains(result), uses[result] == 1,
                let reader = graph.operations.indices.first(where: { graph.operations[$0].inputs.first == result }),
                reader > position, graph.operations[reader].outputs.count == 1
            else { continue }
            let activation = graph.operations[reader]
            var fused = convolution
            if activation.code == .builtin(.relu), activation.inputs.count == 1, activation.options == .none {
                fused.options = withActivation(.relu, convolution.options)
            } else if activation.code == .builtin(.prelu), activation.inputs.count == 2, activation.options == .none,
                isPerChannel(activation.inputs[1], channels: channels, in: graph)
            {
                fused.fusedPReLUAlpha = activation.inputs[1]
            } else {
                continue
            }
            fused.outputs = activation.outputs
            graph.operations[position] = fused
            removed.insert(reader)
        }
        graph.operations = graph.operations.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    }

    /// How many times each tensor is read, counting every input slot of every operation.
    private static func useCounts(_ graph: Graph) -> [Int] {
        var uses = [Int](repeating: 0, count: graph.tensors.count)
        for operation in graph.operations {
            for tensor in operation.inputs where tensor >= 0 && tensor < uses.count { uses[tensor] += 1 }
        }
        return uses
    }

    /// The output channels of a CONV_2D or DEPTHWISE_CONV_2D, from its weights' declared shape.
    private static func outputChannels(of operation: Operation, in graph: Graph) -> Int? {
        let weights = operation.inputs[1]
        guard weights >= 0, weights < graph.tensors.count else { return nil }
        let shape = graph.tensors[weights].shape
        guard shape.count == 4 else { return nil }
        switch (operation.code, operation.options) {
        case (.builtin(.conv2D), .conv2D): return shape[0]
        case (.builtin(.depthwiseConv2D), .depthwiseConv2D): return shape[3]
        default: return nil
        }
    }

    private static func activation(of operation: Operation) -> FusedActivation? {
        switch operation.options {
        case .conv2D(let options): options.activation
        case .depthwiseConv2D(let options): options.activation
        default: nil
        }
    }

    private static func withActivation(_ activation: FusedActivation, _ options: OperatorOptions) -> OperatorOptions {
        switch options {
        case .conv2D(var conv):
            conv.activation = activation
            return .conv2D(conv)
        case .depthwiseConv2D(var depthwise):
            depthwise.activation = activation
            return .depthwiseConv2D(depthwise)
        default:
            return options
        }
    }

    /// Whether tensor `index` holds `channels` constant floats shaped to broadcast per channel.
    private static func isPerChannel(_ index: Int, channels: Int, in graph: Graph) -> Bool {
        guard index >= 0, index < graph.tensors.count else { return false }
        let shape = graph.tensors[index].shape
        guard (1...4).contains(shape.count), shape.last == channels, shape.dropLast().allSatisfy({ $0 == 1 }),
            let values = graph.constantFloats(producing: index)
        else { return false }
        return values.count == channels
    }
}
