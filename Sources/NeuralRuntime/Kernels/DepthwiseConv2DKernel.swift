/// DEPTHWISE_CONV_2D: NHWC float32 input [N, H, W, C], weights [1, kh, kw, C * multiplier],
/// optional bias, SAME (TensorFlow's asymmetric rule, see `WindowGeometry`), VALID or explicit
/// padding, any stride and dilation, fused NONE/RELU/RELU6/RELU_N1_TO_1, or a per-channel PReLU
/// that `OperatorFusion` folded in (`Operation.fusedPReLUAlpha`).
///
/// Output channel o reads input channel o / multiplier. The multiplier is taken from the
/// shapes (output channels / input channels), as TFLite does, rather than from the option,
/// which some converters leave at a stale value.
///
/// With multiplier 1 (every depthwise layer in the face models) the weights' last axis lines up
/// with the input's channels, so the kernel vectorises over channels: for each output pixel it
/// sums the in-bounds taps for 16 channels at a time, then 4, then one. Taps outside the input
/// are skipped rather than multiplied by zero. Depthwise layers do few operations per byte, so
/// the work is in streaming the input once, with bias and activation applied on the way out.
public final class DepthwiseConv2DKernel: Kernel {
    public static let factory: KernelFactory = { setup throws(RuntimeError) in try DepthwiseConv2DKernel(setup: setup) }

    public let outputShapes: [[Int]]

    private let batch: Int
    private let inputHeight: Int
    private let inputWidth: Int
    private let inputChannels: Int
    private let multiplier: Int
    private let outputChannels: Int
    private let kernelHeight: Int
    private let kernelWidth: Int
    private let strideHeight: Int
    private let strideWidth: Int
    private let dilationHeight: Int
    private let dilationWidth: Int
    private let rows: WindowGeometry
    private let columns: WindowGeometry
    /// Per output row / column, the filter taps that land inside the input.
    private let rowTaps: [Range<Int>]
    private let columnTaps: [Range<Int>]
    /// Output columns whose whole window is inside the input horizontally.
    private let interiorColumns: Range<Int>
    private let isUnrolled3x3: Bool
    /// [tap][output channel], as in the file minus its leading 1.
    private let weights: AlignedFloatBuffer
    private let bias: AlignedFloatBuffer
    private let bounds: ClampBounds
    /// Whether a fused PReLU replaces `bounds`, and its slope per output channel.
    private let hasPReLU: Bool
    private let alpha: AlignedFloatBuffer

    init(setup: KernelSetup) throws(RuntimeError) {
        guard case .depthwiseConv2D(let options) = setup.operation.options else {
            throw setup.invalid("expected DepthwiseConv2DOptions")
        }
        guard setup.operation.inputs.count == 2 || setup.operation.inputs.count == 3,
            setup.operation.outputs.count == 1
        else {
            throw setup.invalid("expects input, weights and optional bias, and one output")
        }
        let inputShape = try setup.requireShape(0, rank: 4, role: "input")
        let weightShape = try setup.requireShape(1, rank: 4, role: "weights")
        guard weightShape[0] == 1 else { throw setup.invalid("weights must have shape [1, kh, kw, channels], got \(weightShape)") }
        batch = inputShape[0]
        inputHeight = inputShape[1]
        inputWidth = inputShape[2]
        inputChannels = inputShape[3]
        kernelHeight = weightShape[1]
        kernelWidth = weightShape[2]
        outputChannels = weightShape[3]
        guard outputChannels % inputChannels == 0 else {
            throw setup.invalid("weights have \(outputChannels) channels, not a multiple of the input's \(inputChannels)")
        }
        multiplier = outputChannels / inputChannels
        guard let weightValues = setup.resolvedConstantFloats(1), weightValues.count == weightShape.reduce(1, *) else {
            throw setup.invalid("weights must be a float constant of shape \(weightShape)")
        }
        bias = AlignedFloatBuffer(count: outputChannels)
        if setup.inputTensor(2) != nil {
            guard let values = setup.resolvedConstantFloats(2) else { throw setup.invalid("bias must be constant") }
            guard values.count == outputChannels else {
                throw setup.invalid("bias has \(values.count) values for \(outputChannels) output channels")
            }
            for channel in 0..<outputChannels { bias.pointer[channel] = values[channel] }
        }
        weights = AlignedFloatBuffer(count: weightValues.count)
        for index in weightValues.indices { weights.pointer[index] = weightValues[index] }

        guard options.strideHeight >= 1, options.strideWidth >= 1 else {
            throw setup.invalid("strides must be positive, got \(options.strideHeight)x\(options.strideWidth)")
        }
        guard options.dilationHeight >= 1, options.dilationWidth >= 1 else {
            throw setup.invalid("dilations must be positive, got \(options.dilationHeight)x\(options.dilationWidth)")
        }
        strideHeight = options.strideHeight
        strideWidth = options.strideWidth
        dilationHeight = options.dilationHeight
        dilationWidth = options.dilationWidth
        bounds = try setup.clampBounds(for: options.activation)
        let slopes = try setup.fusedPReLUSlopes(channels: outputChannels, activation: options.activation)
        hasPReLU = slopes != nil
        alpha = AlignedFloatBuffer(count: outputChannels)
        for channel in 0..<outputChannels { alpha.pointer[channel] = slopes?[channel] ?? 0 }
        guard
            let rows = WindowGeometry(
                input: inputHeight, filter: kernelHeight, stride: strideHeight,
                dilation: dilationHeight, padding: options.padding, axis: .rows),
            let columns = WindowGeometry(
                input: inputWidth, filter: kernelWidth, stride: strideWidth,
                dilation: dilationWidth, padding: options.padding, axis: .columns)
        else {
            throw setup.invalid(
                "a \(kernelHeight)x\(kernelWidth) filter does not fit a \(inputHeight)x\(inputWidth) input with \(options.padding) padding")
        }
        self.rows = rows
        self.columns = columns
        let (filterHeight, filterWidth) = (kernelHeight, kernelWidth)
        let (strideY, strideX, dilationY, dilationX) = (strideHeight, strideWidth, dilationHeight, dilationWidth)
        let (height, width) = (inputHeight, inputWidth)
        rowTaps = (0..<rows.outputSize).map { outY in
            Self.tapRange(origin: outY * strideY - rows.padBefore, dilation: dilationY, filter: filterHeight, input: height)
        }
        let columnTaps = (0..<columns.outputSize).map { outX in
            Self.tapRange(origin: outX * strideX - columns.padBefore, dilation: dilationX, filter: filterWidth, input: width)
        }
        self.columnTaps = columnTaps
        let full = columnTaps.indices.filter { columnTaps[$0].count == filterWidth }
        interiorColumns = full.isEmpty ? 0..<0 : full.first!..<(full.last! + 1)
        isUnrolled3x3 = kernelHeight == 3 && kernelWidth == 3 && dilationHeight == 1 && dilationWidth == 1
        outputShapes = [[batch, rows.outputSize, columns.outputSize, outputChannels]]
    }

    /// Taps first ..< end of one axis land inside the input, for a window starting at `origin`.
    private static func tapRange(origin: Int, dilation: Int, filter: Int, input: Int) -> Range<Int> {
        // first: smallest t with origin + t * dilation >= 0; end: smallest t with origin + t * dilation >= input.
        let first = origin >= 0 ? 0 : (-origin + dilation - 1) / dilation
        let end = min(filter, max(0, (input - origin + dilation - 1) / dilation))
        return first..<max(first, end)
    }

    public func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        let input = inputs[0]!
        let output = outputs[0]
        let outputRowLength = columns.outputSize * outputChannels
        for image in 0..<batch {
            let imageInput = input + image * inputHeight * inputWidth * inputChannels
            let imageOutput = output + image * rows.outputSize * outputRowLength
            for outY in 0..<rows.outputSize {
                let row = imageOutput + outY * outputRowLength
                guard multiplier == 1 else {
                    computeRowAnyMultiplier(outY: outY, input: imageInput, output: row)
                    continue
                }
                // Channel blocks outermost within the row, so one block's weights stay in
                // registers (or at least in L1) across the row's pixels.
                var channel = 0
                while channel + 16 <= outputChannels {
                    computeRow(SIMD16<Float>.self, outY: outY, channel: channel, input: imageInput, output: row)
                    channel += 16
                }
                while channel + 8 <= outputChannels {
                    computeRow(SIMD8<Float>.self, outY: outY, channel: channel, input: imageInput, output: row)
                    channel += 8
                }
                while channel + 4 <= outputChannels {
                    computeRow(SIMD4<Float>.self, outY: outY, channel: channel, input: imageInput, output: row)
                    channel += 4
                }
                if channel < outputChannels {
                    computeRowAnyMultiplier(outY: outY, input: imageInput, output: row, channels: channel..<outputChannels)
                }
            }
        }
    }

    /// One output row, channels channel ..< channel + V.scalarCount (multiplier 1). Pixels whose
    /// window lies wholly inside the input take an unrolled 3x3 path when the filter is 3x3 with
    /// dilation 1 (every depthwise layer of the face models); border pixels and other filters
    /// loop over their in-bounds taps.
    @inline(__always)
    private func computeRow<V: FloatVector>(
        _: V.Type, outY: Int, channel: Int, input: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>
    ) {
        let weights = UnsafePointer(self.weights.pointer) + channel
        let bias: V = UnsafePointer(self.bias.pointer).loadVector(at: channel)
        let alpha: V = UnsafePointer(self.alpha.pointer).loadVector(at: channel)
        let originY = outY * strideHeight - rows.padBefore
        let tapsY = rowTaps[outY]
        let pixelStride = inputChannels
        let inputRowStride = inputWidth * inputChannels
        let channelInput = input + channel

        var outX = 0
        if tapsY.count == kernelHeight && isUnrolled3x3 {
            let w0: V = weights.loadVector(at: 0), w1: V = weights.loadVector(at: outputChannels)
            let w2: V = weights.loadVector(at: 2 * outputChannels), w3: V = weights.loadVector(at: 3 * outputChannels)
            let w4: V = weights.loadVector(at: 4 * outputChannels), w5: V = weights.loadVector(at: 5 * outputChannels)
            let w6: V = weights.loadVector(at: 6 * outputChannels), w7: V = weights.loadVector(at: 7 * outputChannels)
            let w8: V = weights.loadVector(at: 8 * outputChannels)
            // Left border, then the interior with no bounds to check, then the right border.
            while outX < interiorColumns.lowerBound {
                computePixel(V.self, outX: outX, originY: originY, tapsY: tapsY, channel: channel, bias: bias, input: input, output: output)
                outX += 1
            }
            while outX < interiorColumns.upperBound {
                let originX = outX * strideWidth - columns.padBefore
                let top = channelInput + originY * inputRowStride + originX * pixelStride
                let middle = top + inputRowStride, bottom = middle + inputRowStride
                var sum = V.multiplyAdd(bias, top.loadVector(), w0)
                sum = V.multiplyAdd(sum, top.loadVector(at: pixelStride), w1)
                sum = V.multiplyAdd(sum, top.loadVector(at: 2 * pixelStride), w2)
                sum = V.multiplyAdd(sum, middle.loadVector(), w3)
                sum = V.multiplyAdd(sum, middle.loadVector(at: pixelStride), w4)
                sum = V.multiplyAdd(sum, middle.loadVector(at: 2 * pixelStride), w5)
                sum = V.multiplyAdd(sum, bottom.loadVector(), w6)
                sum = V.multiplyAdd(sum, bottom.loadVector(at: pixelStride), w7)
                sum = V.multiplyAdd(sum, bottom.loadVector(at: 2 * pixelStride), w8)
                // Always clamped, even for NONE (to +-infinity): Swift's float vector arithmetic
                // is a per-lane loop that LLVM re-vectorises, and with the clamp's whole-vector
                // compare-and-select after it, it reliably does; without it, it split this
                // loop into 8 + 4 + 2 + 1 + 1 lane pieces (2x slower, -target-cpu znver4).
                output.storeVector(
                    hasPReLU ? V.negativeScaled(sum, by: alpha) : bounds.clamp(sum),
                    at: outX * outputChannels + channel)
                outX += 1
            }
        }
        while outX < columns.outputSize {
            computePixel(V.self, outX: outX, originY: originY, tapsY: tapsY, channel: channel, bias: bias, input: input, output: output)
            outX += 1
        }
    }

    /// One output pixel's channel block, summing only its in-bounds taps (multiplier 1).
    @inline(__always)
    private func computePixel<V: FloatVector>(
        _: V.Type, outX: Int, originY: Int, tapsY: Range<Int>, channel: Int, bias: V,
        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
    ) {
        let weights = UnsafePointer(self.weights.pointer) + channel
        let originX = outX * strideWidth - columns.padBefore
        var sum = bias
        for tapY in tapsY {
            let inputRow = input + (originY + tapY * dilationHeight) * inputWidth * inputChannels + channel
            let weightRow = weights + tapY * kernelWidth * outputChannels
            for tapX in columnTaps[outX] {
                let x: V = inputRow.loadVector(at: (originX + tapX * dilationWidth) * inputChannels)
                sum = V.multiplyAdd(sum, x, weightRow.loadVector(at: tapX * outputChannels))
            }
        }
        if hasPReLU {
            output.storeVector(
                V.negativeScaled(sum, by: UnsafePointer(alpha.pointer).loadVector(at: channel)),
                at: outX * outputChannels + channel)
        } else {
            output.storeVector(bounds.apply(sum), at: outX * outputChannels + channel)
        }
    }

    /// One output row, one channel at a time: any multiplier, and the last channels when the
    /// count is not a multiple of 4. Output channel o reads input channel o / multiplier.
    private func computeRowAnyMultiplier(
        outY: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        channels: Range<Int>? = nil
    ) {
        let weights = UnsafePointer(self.weights.pointer)
        let originY = outY * strideHeight - rows.padBefore
        for outX in 0..<columns.outputSize {
            let originX = outX * strideWidth - columns.padBefore
            for channel in channels ?? 0..<outputChannels {
                let inputChannel = channel / multiplier
                var sum = bias.pointer[channel]
                for tapY in rowTaps[outY] {
                    let inY = originY + tapY * dilationHeight
                    for tapX in columnTaps[outX] {
                        let inX = originX + tapX * dilationWidth
                        sum +=
                            input[(inY * inputWidth + inX) * inputChannels + inputChannel]
                            * weights[(tapY * kernelWidth + tapX) * outputChannels + channel]
                    }
                }
                output[outX * outputChannels + channel] = hasPReLU ? PReLUOperator.apply(sum, alpha.pointer[channel]) : bounds.apply(sum)
            }
        }
    }
}
