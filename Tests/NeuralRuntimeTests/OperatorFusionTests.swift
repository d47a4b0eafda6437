import Foundation
import Testing

@testable import NeuralRuntime

/// `OperatorFusion`: what it rewrites and what it must leave alone, on small hand-built graphs,
/// and on the real models that fused and unfused interpreters compute the same outputs.
@Suite struct OperatorFusionTests {
    /// Builds a graph tensor by tensor, operation by operation.
    struct Builder {
        var tensors: [TensorDescription] = []
        var operations: [NeuralRuntime.Operation] = []
        var seed: UInt32 = 7

        mutating func random(_ count: Int) -> [Float] {
            (0..<count).map { _ in
                seed = seed &* 1_664_525 &+ 1_013_904_223
                return Float(seed >> 8) / Float(1 << 24) * 2 - 1
            }
        }

        @discardableResult
        mutating func tensor(_ name: String, _ shape: [Int], _ constant: ConstantData? = nil) -> Int {
            let type: ElementType = if case .int32? = constant { .int32 } else { .float32 }
            tensors.append(TensorDescription(index: tensors.count, name: name, shape: shape, type: type, constant: constant))
            return tensors.count - 1
        }

        /// A float constant of random values.
        mutating func weights(_ name: String, _ shape: [Int]) -> Int {
            let values = random(shape.reduce(1, *))
            return tensor(name, shape, .float32(values))
        }

        mutating func op(_ code: BuiltinOperator, _ inputs: [Int], _ outputs: [Int], _ options: OperatorOptions = .none) {
            operations.append(Operation(index: operations.count, code: .builtin(code), inputs: inputs, outputs: outputs, options: options))
        }

        func graph(inputs: [Int], outputs: [Int]) -> Graph {
            Graph(name: "fusion.tflite", tensors: tensors, operations: operations, inputs: inputs, outputs: outputs)
        }
    }

    static func conv(_ padding: Padding, stride: Int = 1, activation: FusedActivation = .none) -> OperatorOptions {
        .conv2D(Conv2DOptions(padding: padding, strideWidth: stride, strideHeight: stride, activation: activation))
    }

    static func depthwise(_ padding: Padding, stride: Int = 1, activation: FusedActivation = .none) -> OperatorOptions {
        .depthwiseConv2D(DepthwiseConv2DOptions(padding: padding, strideWidth: stride, strideHeight: stride, activation: activation))
    }

    /// x [1, 9, 8, C] -> PAD(paddings) -> CONV_2D or DEPTHWISE_CONV_2D (3x3, `padding`, `stride`) ->
    /// PRELU(alpha [1, 1, C]) or RELU or nothing -> y.
    enum Tail { case prelu, relu, none }
    static func padConvGraph(
        depthwise isDepthwise: Bool, paddings: [Int32] = [0, 0, 1, 1, 1, 1, 0, 0],
        padding: Padding = .valid, stride: Int = 1, tail: Tail = .prelu,
        activation: FusedActivation = .none
    ) -> Graph {
        var b = Builder()
        let channels = 16
        let outChannels = isDepthwise ? channels : 20
        let x = b.tensor("x", [1, 9, 8, channels])
        let p = b.tensor("paddings", [4, 2], .int32(paddings))
        let padded = b.tensor(
            "padded",
            [1, 9 + Int(paddings[2] + paddings[3]), 8 + Int(paddings[4] + paddings[5]), channels + Int(paddings[6] + paddings[7])])
        b.op(.pad, [x, p], [padded])
        let weights = isDepthwise ? b.weights("w", [1, 3, 3, channels]) : b.weights("w", [outChannels, 3, 3, channels])
        let bias = b.weights("b", [outChannels])
        let c = b.tensor("c", [1, 0, 0, outChannels])  // shapes of activations are inferred
        b.op(
            isDepthwise ? .depthwiseConv2D : .conv2D, [padded, weights, bias], [c],
            isDepthwise ? depthwise(padding, stride: stride, activation: activation) : conv(padding, stride: stride, activation: activation)
        )
        switch tail {
        case .none:
            return b.graph(inputs: [x], outputs: [c])
        case .relu:
            let y = b.tensor("y", [1, 0, 0, outChannels])
            b.op(.relu, [c], [y])
            return b.graph(inputs: [x], outputs: [y])
        case .prelu:
            let alpha = b.weights("alpha", [1, 1, outChannels])
            let y = b.tensor("y", [1, 0, 0, outChannels])
            b.op(.prelu, [c, alpha], [y])
            return b.graph(inputs: [x], outputs: [y])
        }
    }

    /// Runs `graph` fused and unfused on the same random inputs; returns the largest difference
    /// over all outputs relative to the largest |output|, and the fused interpreter.
    @discardableResult
    static func compare(_ graph: Graph, seed: UInt32 = 1) throws -> (relative: Float, fused: Interpreter) {
        let fused = try Interpreter(graph: graph, fusing: true)
        let plain = try Interpreter(graph: graph, fusing: false)
        var state = seed
        for name in plain.inputNames {
            let values = (0..<(try plain.shape(of: name).reduce(1, *))).map { _ in
                state = state &* 1_664_525 &+ 1_013_904_223
                return Float(state >> 8) / Float(1 << 24)
            }
            try plain.setInput(name, values)
            try fused.setInput(name, values)
        }
        plain.invoke()
        fused.invoke()
        var worst: Float = 0
        for name in plain.outputNames {
            let expected = try plain.output(name), ours = try fused.output(name)
            #expect(expected.count == ours.count, "\(name)")
            let range = max(expected.map(abs).max() ?? 0, .leastNormalMagnitude)
            worst = max(worst, (zip(expected, ours).map { abs($0 - $1) }.max() ?? 0) / range)
            #expect(!ours.contains { $0.isNaN } || expected.contains { $0.isNaN }, "\(name) has NaNs")
        }
        return (worst, fused)
    }

    static func codes(_ graph: Graph) -> [String] { graph.operations.map(\.code.description) }

    // MARK: - What is fused

    /// (paddings, stride): symmetric, one-sided, uneven, each at stride 1 and 2.
    static let padCases: [(paddings: [Int32], stride: Int)] = [
        ([0, 0, 1, 1, 1, 1, 0, 0], 1), ([0, 0, 0, 2, 1, 0, 0, 0], 1), ([0, 0, 2, 1, 0, 3, 0, 0], 1),
        ([0, 0, 1, 1, 1, 1, 0, 0], 2), ([0, 0, 0, 1, 0, 1, 0, 0], 2), ([0, 0, 2, 1, 0, 3, 0, 0], 2),
    ]

    @Test(arguments: [false, true], padCases.indices)
    func zeroPadAndPReLUFoldIntoConvolution(depthwise: Bool, padCase: Int) throws {
        let (paddings, stride) = Self.padCases[padCase]
        let graph = Self.padConvGraph(depthwise: depthwise, paddings: paddings, stride: stride)
        let fused = OperatorFusion.fuse(graph)
        #expect(Self.codes(fused) == [depthwise ? "DEPTHWISE_CONV_2D" : "CONV_2D"])
        let operation = try #require(fused.operations.first)
        #expect(operation.index == 0)
        #expect(operation.inputs[0] == graph.tensor(named: "x")!.index)
        #expect(operation.outputs == [graph.tensor(named: "y")!.index])
        #expect(operation.fusedPReLUAlpha == graph.tensor(named: "alpha")!.index)
        let explicit = Padding.explicit(top: Int(paddings[2]), bottom: Int(paddings[3]), left: Int(paddings[4]), right: Int(paddings[5]))
        #expect(operation.options == (depthwise ? Self.depthwise(explicit, stride: stride) : Self.conv(explicit, stride: stride)))
        let (relative, interpreter) = try Self.compare(graph)
        #expect(relative <= 1e-6)
        #expect(try interpreter.shape(of: "y") == Interpreter(graph: graph, fusing: false).shape(of: "y"))
    }

    @Test(arguments: [false, true])
    func reluBecomesTheFusedActivation(depthwise: Bool) throws {
        let graph = Self.padConvGraph(depthwise: depthwise, tail: .relu)
        let fused = OperatorFusion.fuse(graph)
        #expect(Self.codes(fused) == [depthwise ? "DEPTHWISE_CONV_2D" : "CONV_2D"])
        let explicit = Padding.explicit(top: 1, bottom: 1, left: 1, right: 1)
        #expect(
            fused.operations[0].options
                == (depthwise ? Self.depthwise(explicit, activation: .relu) : Self.conv(explicit, activation: .relu)))
        #expect(fused.operations[0].fusedPReLUAlpha == nil)
        #expect(try Self.compare(graph).relative <= 1e-6)
    }

    @Test func preluFoldsIntoASameConvolutionToo() throws {
        // The activation rule does not care about the padding; only the PAD rule does.
        let graph = Self.padConvGraph(depthwise: false, paddings: [0, 0, 0, 0, 0, 0, 0, 0], padding: .same)
        #expect(Self.codes(OperatorFusion.fuse(graph)) == ["PAD", "CONV_2D"])
        #expect(try Self.compare(graph).relative <= 1e-6)
    }

    // MARK: - What is not fused

    @Test func padsThatAreNotSpatialZerosBeforeAValidConvolutionStay() throws {
        // A SAME convolution, then channel padding (the face models' 24 -> 32).
        let channelPad = Self.padConvGraph(depthwise: false, paddings: [0, 0, 1, 1, 1, 1, 0, 0], padding: .same)
        #expect(Self.codes(OperatorFusion.fuse(channelPad)) == ["PAD", "CONV_2D"])
        #expect(try Self.compare(channelPad).relative <= 1e-6)

        var b = Builder()
        let x = b.tensor("x", [1, 6, 6, 4])
        let p = b.tensor("paddings", [4, 2], .int32([0, 0, 1, 1, 1, 1, 0, 4]))
        let padded = b.tensor("padded", [1, 8, 8, 8])
        b.op(.pad, [x, p], [padded])
        let w = b.weights("w", [8, 3, 3, 8])
        let c = b.tensor("c", [1, 6, 6, 8])
        b.op(.conv2D, [padded, w], [c], Self.conv(.valid))
        let graph = b.graph(inputs: [x], outputs: [c])
        #expect(Self.codes(OperatorFusion.fuse(graph)) == ["PAD", "CONV_2D"])
        #expect(try Self.compare(graph).relative <= 1e-6)
    }

    @Test func aPadWithSeveralReadersOrThatIsAnOutputStays() throws {
        var b = Builder()
        let x = b.tensor("x", [1, 6, 6, 4])
        let p = b.tensor("paddings", [4, 2], .int32([0, 0, 1, 1, 1, 1, 0, 0]))
        let padded = b.tensor("padded", [1, 8, 8, 4])
        b.op(.pad, [x, p], [padded])
        let w = b.weights("w", [4, 3, 3, 4])
        let c = b.tensor("c", [1, 6, 6, 4])
        b.op(.conv2D, [padded, w], [c], Self.conv(.valid))
        let d = b.tensor("d", [1, 6, 6, 4])
        let dw = b.weights("dw", [1, 3, 3, 4])
        b.op(.depthwiseConv2D, [padded, dw], [d], Self.depthwise(.valid))
        let twoReaders = b.graph(inputs: [x], outputs: [c, d])
        #expect(Self.codes(OperatorFusion.fuse(twoReaders)) == ["PAD", "CONV_2D", "DEPTHWISE_CONV_2D"])
        #expect(try Self.compare(twoReaders).relative <= 1e-6)

        b.operations.removeLast()
        let padIsOutput = b.graph(inputs: [x], outputs: [c, padded])
        #expect(Self.codes(OperatorFusion.fuse(padIsOutput)) == ["PAD", "CONV_2D"])
        #expect(try Self.compare(padIsOutput).relative <= 1e-6)

        // The same padded tensor as both input and (nonsensically) weights is two uses.
        var c2 = b
        c2.operations[1].inputs = [padded, padded]
        #expect(Self.codes(OperatorFusion.fuse(c2.graph(inputs: [x], outputs: [c]))) == ["PAD", "CONV_2D"])
    }

    @Test(arguments: [false, true])
    func activationsStayWhenTheConvolutionOutputIsSharedOrAnOutput(depthwise: Bool) throws {
        // The convolution's output is a graph output.
        var graph = Self.padConvGraph(depthwise: depthwise, tail: .prelu)
        graph.outputs.append(graph.tensor(named: "c")!.index)
        #expect(Self.codes(OperatorFusion.fuse(graph)).count == 2)
        #expect(OperatorFusion.fuse(graph).operations.allSatisfy { $0.fusedPReLUAlpha == nil })
        #expect(try Self.compare(graph).relative <= 1e-6)

        // Read by the PRELU and by a RELU.
        var shared = Self.padConvGraph(depthwise: depthwise, tail: .prelu)
        let c = shared.tensor(named: "c")!.index
        shared.tensors.append(TensorDescription(index: shared.tensors.count, name: "r", shape: [1, 0, 0, 0], type: .float32))
        shared.operations.append(
            NeuralRuntime.Operation(index: shared.operations.count, code: .builtin(.relu), inputs: [c], outputs: [shared.tensors.count - 1])
        )
        shared.outputs.append(shared.tensors.count - 1)
        #expect(Self.codes(OperatorFusion.fuse(shared)).count == 3)
        #expect(try Self.compare(shared).relative <= 1e-6)
    }

    @Test func aConvolutionWithItsOwnActivationKeepsItsPReLUOrRelu() throws {
        for tail in [Tail.prelu, .relu] {
            let graph = Self.padConvGraph(depthwise: false, tail: tail, activation: .relu6)
            #expect(Self.codes(OperatorFusion.fuse(graph)) == ["CONV_2D", tail == .prelu ? "PRELU" : "RELU"])
            #expect(try Self.compare(graph).relative <= 1e-6)
        }
    }

    @Test func preluWithVariableOrNonChannelSlopesStays() throws {
        // Slopes that are a graph input.
        var b = Builder()
        let x = b.tensor("x", [1, 5, 5, 8])
        let w = b.weights("w", [8, 1, 1, 8])
        let c = b.tensor("c", [1, 5, 5, 8])
        b.op(.conv2D, [x, w], [c], Self.conv(.valid))
        let alpha = b.tensor("alpha", [1, 1, 8])
        let y = b.tensor("y", [1, 5, 5, 8])
        b.op(.prelu, [c, alpha], [y])
        let variable = b.graph(inputs: [x, alpha], outputs: [y])
        #expect(Self.codes(OperatorFusion.fuse(variable)) == ["CONV_2D", "PRELU"])
        #expect(try Self.compare(variable).relative <= 1e-6)

        // Constant slopes per pixel and channel, and a scalar slope.
        for shape in [[1, 5, 5, 8], [1]] {
            var constant = b
            constant.tensors[alpha].constant = .float32(constant.random(shape.reduce(1, *)))
            constant.tensors[alpha].shape = shape
            let graph = constant.graph(inputs: [x], outputs: [y])
            #expect(Self.codes(OperatorFusion.fuse(graph)) == ["CONV_2D", "PRELU"])
            #expect(try Self.compare(graph).relative <= 1e-6)
        }
        // [C] slopes do fold.
        var perChannel = b
        perChannel.tensors[alpha].constant = .float32(perChannel.random(8))
        perChannel.tensors[alpha].shape = [8]
        let graph = perChannel.graph(inputs: [x], outputs: [y])
        #expect(Self.codes(OperatorFusion.fuse(graph)) == ["CONV_2D"])
        #expect(try Self.compare(graph).relative <= 1e-6)
    }

    @Test func explicitPaddingIsRejectedByPooling() {
        var b = Builder()
        let x = b.tensor("x", [1, 4, 4, 2])
        let y = b.tensor("y", [1, 2, 2, 2])
        b.op(
            .maxPool2D, [x], [y],
            .pool2D(
                Pool2DOptions(
                    padding: .explicit(top: 1, bottom: 1, left: 1, right: 1),
                    strideWidth: 2, strideHeight: 2, filterWidth: 2, filterHeight: 2)))
        #expect(throws: RuntimeError.self) { try Interpreter(graph: b.graph(inputs: [x], outputs: [y])) }
    }

    @Test func pointwiseConvolutionWithExplicitPaddingGrowsItsOutput() throws {
        // 1x1, stride 1, padded only after: not the no-table pointwise route.
        var b = Builder()
        let x = b.tensor("x", [1, 3, 4, 5])
        let p = b.tensor("paddings", [4, 2], .int32([0, 0, 0, 2, 0, 1, 0, 0]))
        let padded = b.tensor("padded", [1, 5, 5, 5])
        b.op(.pad, [x, p], [padded])
        let w = b.weights("w", [7, 1, 1, 5])
        let bias = b.weights("bias", [7])
        let c = b.tensor("c", [1, 5, 5, 7])
        b.op(.conv2D, [padded, w, bias], [c], Self.conv(.valid))
        let graph = b.graph(inputs: [x], outputs: [c])
        #expect(Self.codes(OperatorFusion.fuse(graph)) == ["CONV_2D"])
        let (relative, fused) = try Self.compare(graph)
        #expect(relative <= 1e-6)
        #expect(try fused.shape(of: "c") == [1, 5, 5, 7])
    }

    // MARK: - Residual ADDs

    enum ResidualSource { case graphInput, earlierOperation }

    /// x [1, H, W, C] -> DEPTHWISE_CONV_2D 3x3 SAME -> t -> CONV_2D (k x k, SAME) -> c;
    /// ADD(c, residual) (or ADD(residual, c)) -> s, residual being x or t; then `tail` -> y.
    static func residualGraph(
        kernel: Int = 1, height: Int = 6, width: Int = 5, channels: Int = 20,
        convolutionFirst: Bool = true, bias: Bool = true, source: ResidualSource = .graphInput,
        tail: Tail = .prelu, addActivation: FusedActivation = .none
    ) -> Graph {
        var b = Builder()
        let shape = [1, height, width, channels]
        let x = b.tensor("x", shape)
        let dw = b.weights("dw", [1, 3, 3, channels])
        let t = b.tensor("t", shape)
        b.op(.depthwiseConv2D, [x, dw], [t], Self.depthwise(.same))
        let w = b.weights("w", [channels, kernel, kernel, channels])
        let c = b.tensor("c", shape)
        b.op(.conv2D, bias ? [t, w, b.weights("b", [channels])] : [t, w], [c], Self.conv(.same))
        let residual = source == .graphInput ? x : t
        let sum = b.tensor("s", shape)
        b.op(.add, convolutionFirst ? [c, residual] : [residual, c], [sum], .elementwise(activation: addActivation))
        switch tail {
        case .none:
            return b.graph(inputs: [x], outputs: [sum])
        case .relu:
            let y = b.tensor("y", shape)
            b.op(.relu, [sum], [y])
            return b.graph(inputs: [x], outputs: [y])
        case .prelu:
            let alpha = b.weights("alpha", [1, 1, channels])
            let y = b.tensor("y", shape)
            b.op(.prelu, [sum, alpha], [y])
            return b.graph(inputs: [x], outputs: [y])
        }
    }

    /// (kernel, height, width, channels): the 1x1 route with a short last tile and a part
    /// channel block, one pixel (the matrix-vector route), whole blocks, and a 3x3 convolution
    /// (filter-row and per-tap routes).
    static let residualShapes: [(kernel: Int, height: Int, width: Int, channels: Int)] = [
        (1, 6, 5, 20), (1, 1, 1, 72), (1, 4, 4, 32), (3, 6, 5, 20), (3, 1, 1, 8),
    ]

    @Test(arguments: residualShapes.indices, [Tail.prelu, .relu, .none])
    func residualAddAndActivationFoldIntoTheConvolution(shapeCase: Int, tail: Tail) throws {
        let (kernel, height, width, channels) = Self.residualShapes[shapeCase]
        for (convolutionFirst, bias, source) in [
            (true, true, ResidualSource.graphInput), (false, false, .graphInput),
            (true, false, .earlierOperation), (false, true, .earlierOperation),
        ] {
            let graph = Self.residualGraph(
                kernel: kernel, height: height, width: width, channels: channels,
                convolutionFirst: convolutionFirst, bias: bias, source: source, tail: tail)
            let fused = OperatorFusion.fuse(graph)
            #expect(Self.codes(fused) == ["DEPTHWISE_CONV_2D", "CONV_2D"])
            let convolution = fused.operations[1]
            let residual = graph.tensor(named: source == .graphInput ? "x" : "t")!.index
            #expect(convolution.index == 1)
            #expect(convolution.fusedResidual == residual)
            #expect(convolution.inputs.count == 4 && convolution.inputs[3] == residual)
            #expect(convolution.inputs[2] == (bias ? graph.tensor(named: "b")!.index : -1))
            #expect(convolution.outputs == [graph.tensor(named: tail == .none ? "s" : "y")!.index])
            #expect(convolution.fusedPReLUAlpha == (tail == .prelu ? graph.tensor(named: "alpha")!.index : nil))
            #expect(convolution.options == Self.conv(.same, activation: tail == .relu ? .relu : .none))
            let (relative, interpreter) = try Self.compare(graph)
            #expect(relative <= 1e-6)
            #expect(throws: RuntimeError.self) { try interpreter.output("c") }
        }
    }

    @Test func residualAddsThatCannotFoldStay() throws {
        // The ADD has its own activation: it stays, and so does the PRELU after it.
        let withActivation = Self.residualGraph(addActivation: .relu)
        #expect(Self.codes(OperatorFusion.fuse(withActivation)) == ["DEPTHWISE_CONV_2D", "CONV_2D", "ADD", "PRELU"])
        #expect(try Self.compare(withActivation).relative <= 1e-6)

        // The convolution's output is a graph output.
        var isOutput = Self.residualGraph()
        isOutput.outputs.append(isOutput.tensor(named: "c")!.index)
        #expect(Self.codes(OperatorFusion.fuse(isOutput)) == ["DEPTHWISE_CONV_2D", "CONV_2D", "ADD", "PRELU"])
        #expect(try Self.compare(isOutput).relative <= 1e-6)

        // The convolution's output is read twice (by the ADD and a RELU).
        var readTwice = Self.residualGraph()
        let c = readTwice.tensor(named: "c")!.index
        readTwice.tensors.append(TensorDescription(index: readTwice.tensors.count, name: "r", shape: [1, 6, 5, 20], type: .float32))
        readTwice.operations.append(
            NeuralRuntime.Operation(
                index: readTwice.operations.count, code: .builtin(.relu), inputs: [c], outputs: [readTwice.tensors.count - 1]))
        readTwice.outputs.append(readTwice.tensors.count - 1)
        #expect(Self.codes(OperatorFusion.fuse(readTwice)) == ["DEPTHWISE_CONV_2D", "CONV_2D", "ADD", "PRELU", "RELU"])
        #expect(try Self.compare(readTwice).relative <= 1e-6)

        // A broadcast ADD: the residual is [1, 1, C] (a graph input).
        var b = Builder()
        let x = b.tensor("x", [1, 4, 4, 8])
        let w = b.weights("w", [8, 1, 1, 8])
        let conv = b.tensor("c", [1, 4, 4, 8])
        b.op(.conv2D, [x, w], [conv], Self.conv(.valid))
        let row = b.tensor("row", [1, 1, 8])
        let broadcastSum = b.tensor("s", [1, 4, 4, 8])
        b.op(.add, [conv, row], [broadcastSum], .elementwise(activation: .none))
        let broadcast = b.graph(inputs: [x, row], outputs: [broadcastSum])
        #expect(Self.codes(OperatorFusion.fuse(broadcast)) == ["CONV_2D", "ADD"])
        #expect(try Self.compare(broadcast).relative <= 1e-6)

        // A constant residual is not an activation to add.
        var constant = b
        constant.tensors[row].constant = .float32(constant.random(4 * 4 * 8))
        constant.tensors[row].shape = [1, 4, 4, 8]
        let constantGraph = constant.graph(inputs: [x], outputs: [broadcastSum])
        #expect(Self.codes(OperatorFusion.fuse(constantGraph)) == ["CONV_2D", "ADD"])
        #expect(try Self.compare(constantGraph).relative <= 1e-6)

        // The residual is computed after the convolution.
        var late = Builder()
        let lx = late.tensor("x", [1, 4, 4, 8])
        let lw = late.weights("w", [8, 1, 1, 8])
        let lc = late.tensor("c", [1, 4, 4, 8])
        late.op(.conv2D, [lx, lw], [lc], Self.conv(.valid))
        let ldw = late.weights("dw", [1, 3, 3, 8])
        let lt = late.tensor("t", [1, 4, 4, 8])
        late.op(.depthwiseConv2D, [lx, ldw], [lt], Self.depthwise(.same))
        let ls = late.tensor("s", [1, 4, 4, 8])
        late.op(.add, [lc, lt], [ls], .elementwise(activation: .none))
        let lateGraph = late.graph(inputs: [lx], outputs: [ls])
        #expect(Self.codes(OperatorFusion.fuse(lateGraph)) == ["CONV_2D", "DEPTHWISE_CONV_2D", "ADD"])
        #expect(try Self.compare(lateGraph).relative <= 1e-6)

        // A depthwise convolution's output: its kernel takes no residual. (Here the ADD's other
        // input is the 1x1 convolution's output, computed after the depthwise one.)
        var depthwise = Builder()
        let dx = depthwise.tensor("x", [1, 4, 4, 8])
        let ddw = depthwise.weights("dw", [1, 3, 3, 8])
        let dt = depthwise.tensor("t", [1, 4, 4, 8])
        depthwise.op(.depthwiseConv2D, [dx, ddw], [dt], Self.depthwise(.same))
        let ds = depthwise.tensor("s", [1, 4, 4, 8])
        depthwise.op(.add, [dt, dx], [ds], .elementwise(activation: .none))
        let depthwiseGraph = depthwise.graph(inputs: [dx], outputs: [ds])
        #expect(Self.codes(OperatorFusion.fuse(depthwiseGraph)) == ["DEPTHWISE_CONV_2D", "ADD"])
        #expect(try Self.compare(depthwiseGraph).relative <= 1e-6)
    }

    @Test func theResidualStaysAliveUntilTheFusedConvolutionReadsIt() throws {
        // x -> conv1 -> a; a -> conv2 -> c; ADD(c, x): x's last reader moves from the ADD to conv2,
        // which the memory plan must see (else conv2's output could take x's memory).
        var b = Builder()
        let x = b.tensor("x", [1, 8, 8, 16])
        let a = b.tensor("a", [1, 8, 8, 16])
        b.op(.conv2D, [x, b.weights("w1", [16, 1, 1, 16])], [a], Self.conv(.valid))
        let c = b.tensor("c", [1, 8, 8, 16])
        b.op(.conv2D, [a, b.weights("w2", [16, 1, 1, 16])], [c], Self.conv(.valid))
        let s = b.tensor("s", [1, 8, 8, 16])
        b.op(.add, [c, x], [s], .elementwise(activation: .none))
        let graph = b.graph(inputs: [x], outputs: [s])
        #expect(Self.codes(OperatorFusion.fuse(graph)) == ["CONV_2D", "CONV_2D"])
        #expect(try Self.compare(graph).relative <= 1e-6)
    }

    // MARK: - Real models

    static let modelsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("models")
    static let models = [
        "face_detection_short_range", "face_detection_full_range_sparse", "face_landmark",
        "iris_landmark", "face_landmark_with_attention",
    ]
    static func path(_ model: String) -> String { modelsFolder.appendingPathComponent("\(model).tflite").path }
    static let anyModelPresent = models.contains { FileManager.default.isReadableFile(atPath: path($0)) }

    @Test(.enabled(if: anyModelPresent, "needs the models in models/"), arguments: models)
    func modelsComputeTheSameFusedAndUnfused(model: String) throws {
        guard FileManager.default.isReadableFile(atPath: Self.path(model)) else { return }
        let graph = try TFLiteLoader.load(path: Self.path(model))
        // Residual ADDs folded into 1x1 convolutions, and then how many of those took the PRELU too.
        let fused = OperatorFusion.fuse(graph)
        let residuals = fused.operations.filter { $0.fusedResidual != nil }
        let adds = graph.operations.filter { $0.code == .builtin(.add) }.count
        #expect(fused.operations.filter { $0.code == .builtin(.add) }.count == adds - residuals.count)
        // (ADDs folded, of those with the following PRELU folded too), as of the models in models/.
        let expected: [String: (residuals: Int, withPReLU: Int)] = [
            "face_detection_short_range": (5, 0), "face_detection_full_range_sparse": (0, 0),
            "face_landmark": (14, 14), "iris_landmark": (20, 20), "face_landmark_with_attention": (50, 50),
        ]
        let withPReLU = residuals.filter { $0.fusedPReLUAlpha != nil }.count
        #expect(residuals.count == expected[model]?.residuals, "\(model): \(residuals.count) of \(adds) ADDs folded")
        #expect(withPReLU == expected[model]?.withPReLU, "\(model): \(withPReLU) folded ADDs took their PRELU")
        for seed: UInt32 in [1, 2] {
            let (relative, fused) = try Self.compare(graph, seed: seed)
            #expect(relative <= 1e-6, "\(model): max |fused - unfused| is \(relative) of max |output|")
            #expect(fused.graph.operations.count <= graph.operations.count)
        }
    }
}
