/// CONV_2D: NHWC float32 input, OHWI weights [outC, kh, kw, inC], optional bias [outC], SAME,
/// VALID or explicit padding, any stride and dilation, fused NONE/RELU/RELU6/RELU_N1_TO_1, or a
/// per-channel PReLU that `OperatorFusion` folded in (`Operation.fusedPReLUAlpha`), and
/// optionally a residual tensor of the output's shape (input 3, `Operation.fusedResidual`) added
/// to each result before the activation: ((bias + products) + residual), as CONV_2D then ADD.
///
/// Every convolution is computed as a matrix product: output pixel p, channel c is
/// bias[c] + sum over taps t and input channels i of row(p, t)[i] * W[t, i, c], where row(p, t)
/// is the input pixel that tap t of output pixel p reads. For a 1x1, stride-1 convolution
/// (most of the work in the face models) row(p, 0) is simply input pixel p. Otherwise an
/// *indirection table* made at preparation holds each row's offset in the input image, with -1
/// for taps that fall in the padding; those read a row of zeros. So padding, stride and
/// dilation cost nothing in the inner loop, which only ever sees contiguous input channels.
/// Better still, with dilation 1 the kw taps of one filter row read kw adjacent input pixels,
/// which are contiguous in NHWC: where a pixel's window is horizontally inside the input, a
/// second table holds one offset per filter row, and the inner loop runs over kw x inC values
/// at once (15 rather than 3 for a 5x5 filter on RGB, which otherwise spends its time on
/// look-ups).
///
/// The inner loop computes a tile of `tilePixels` output pixels by `Lanes.scalarCount` output
/// channels in registers, with weights repacked at preparation as
/// [channel block][tap][input channel][lane] so they stream linearly, and bias and activation
/// applied as the tile is stored. A tile of one pixel (the whole of the models' 1x1-output
/// heads, a matrix-vector product) instead runs four channel blocks side by side.
///
/// The tile's width follows the vector registers the compiler may use (see `VectorWidth`):
/// 4 x 8 channels keeps all 8 accumulators in SSE2's sixteen 128-bit registers; with AVX2 or
/// AVX-512 enabled, 4 x 16 channels is faster.
public final class Conv2DKernel: Kernel {
    public static let factory: KernelFactory = { setup throws(RuntimeError) in try Conv2DKernel(setup: setup) }

    /// The vector of output channels one accumulator holds.
    typealias Lanes = VectorWidth.ConvolutionLanes
    static let laneCount = Lanes.scalarCount
    /// Output pixels per register tile.
    static let tilePixels = 4

    public let outputShapes: [[Int]]

    private let batch: Int
    private let inputImageSize: Int  // H * W * Cin
    private let inputChannels: Int
    private let outputPixels: Int  // OH * OW
    private let outputChannels: Int
    private let taps: Int  // kh * kw
    private let channelBlocks: Int  // ceil(outC / laneCount)
    /// True for 1x1, stride 1, no padding: row(p, 0) is input pixel p, no table needed.
    private let isPointwise: Bool
    /// [pixel][tap] offset of the input row in one image, or -1 for padding.
    private let rowOffsets: [Int]
    /// [pixel][filter row] offset of the filter row's first input pixel, or -1 when the filter
    /// row is in the vertical padding; `Int.min` throughout for a pixel whose window is cut off
    /// at the left or right (those take the per-tap route). Empty when dilation is not 1.
    private let filterRowOffsets: [Int]
    private let filterRows: Int  // kh
    private let filterRowLength: Int  // kw * inC
    private let packedWeights: AlignedFloatBuffer
    private let packedBias: AlignedFloatBuffer
    private let zeroRow: AlignedFloatBuffer
    private let bounds: ClampBounds
    /// Whether a fused PReLU replaces `bounds`, with its slopes packed like the bias.
    private let hasPReLU: Bool
    private let packedAlpha: AlignedFloatBuffer
    /// Whether input 3 is a residual added to every result before the activation.
    private let hasResidual: Bool

    init(setup: KernelSetup) throws(RuntimeError) {
        guard case .conv2D(let options) = setup.operation.options else {
            throw setup.invalid("expected Conv2DOptions")
        }
        let residualTensor = setup.operation.fusedResidual
        let inputCount = residualTensor == nil ? [2, 3] : [4]
        guard inputCount.contains(setup.operation.inputs.count), setup.operation.outputs.count == 1 else {
            throw setup.invalid(
                residualTensor == nil
                    ? "expects input, weights and optional bias, and one output"
                    : "expects input, weights, bias or -1, the fused residual, and one output")
        }
        if let residualTensor, setup.operation.inputs[3] != residualTensor {
            throw setup.invalid("the fused residual must be input 3")
        }
        hasResidual = residualTensor != nil
        let inputShape = try setup.requireShape(0, rank: 4, role: "input")
        let weightShape = try setup.requireShape(1, rank: 4, role: "weights")
        let (batch, height, width, inChannels) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let (outChannels, kernelHeight, kernelWidth, weightInChannels) =
            (weightShape[0], weightShape[1], weightShape[2], weightShape[3])
        guard weightInChannels == inChannels else {
            throw setup.invalid(
                "weights have \(weightInChannels) input channels, input has \(inChannels) (grouped convolution is not supported)")
        }
        guard let weights = setup.resolvedConstantFloats(1) else {
            throw setup.invalid("weights must be constant")
        }
        guard weights.count == weightShape.reduce(1, *) else {
            throw setup.invalid("weights hold \(weights.count) values for shape \(weightShape)")
        }
        var bias = [Float](repeating: 0, count: outChannels)
        if setup.inputTensor(2) != nil {
            guard let values = setup.resolvedConstantFloats(2) else { throw setup.invalid("bias must be constant") }
            guard values.count == outChannels else {
                throw setup.invalid("bias has \(values.count) values for \(outChannels) output channels")
            }
            bias = values
        }
        guard options.strideHeight >= 1, options.strideWidth >= 1 else {
            throw setup.invalid("strides must be positive, got \(options.strideHeight)x\(options.strideWidth)")
        }
        guard options.dilationHeight >= 1, options.dilationWidth >= 1 else {
            throw setup.invalid("dilations must be positive, got \(options.dilationHeight)x\(options.dilationWidth)")
        }
        bounds = try setup.clampBounds(for: options.activation)
        let alpha = try setup.fusedPReLUSlopes(channels: outChannels, activation: options.activation)
        hasPReLU = alpha != nil
        guard
            let rows = WindowGeometry(
                input: height, filter: kernelHeight, stride: options.strideHeight,
                dilation: options.dilationHeight, padding: options.padding, axis: .rows),
            let columns = WindowGeometry(
                input: width, filter: kernelWidth, stride: options.strideWidth,
                dilation: options.dilationWidth, padding: options.padding, axis: .columns)
        else {
            throw setup.invalid(
                "a \(kernelHeight)x\(kernelWidth) filter does not fit a \(height)x\(width) input with \(options.padding) padding")
        }

        outputShapes = [[batch, rows.outputSize, columns.outputSize, outChannels]]
        if hasResidual {
            let residualShape = try setup.requireShape(3)
            guard residualShape == outputShapes[0] else {
                throw setup.invalid("the fused residual has shape \(residualShape), the output \(outputShapes[0])")
            }
        }
        self.batch = batch
        inputImageSize = height * width * inChannels
        inputChannels = inChannels
        outputPixels = rows.outputSize * columns.outputSize
        outputChannels = outChannels
        taps = kernelHeight * kernelWidth
        let lanes = Self.laneCount
        channelBlocks = (outChannels + lanes - 1) / lanes

        isPointwise =
            kernelHeight == 1 && kernelWidth == 1 && options.strideHeight == 1 && options.strideWidth == 1
            && rows.padBefore == 0 && columns.padBefore == 0 && rows.outputSize == height && columns.outputSize == width
        if isPointwise {
            rowOffsets = []
        } else {
            var offsets = [Int]()
            offsets.reserveCapacity(outputPixels * taps)
            for outY in 0..<rows.outputSize {
                for outX in 0..<columns.outputSize {
                    for tapY in 0..<kernelHeight {
                        let inY = outY * options.strideHeight - rows.padBefore + tapY * options.dilationHeight
                        for tapX in 0..<kernelWidth {
                            let inX = outX * options.strideWidth - columns.padBefore + tapX * options.dilationWidth
                            let inside = inY >= 0 && inY < height && inX >= 0 && inX < width
                            offsets.append(inside ? (inY * width + inX) * inChannels : -1)
                        }
                    }
                }
            }
            rowOffsets = offsets
        }
        filterRows = kernelHeight
        filterRowLength = kernelWidth * inChannels
        if !isPointwise && kernelWidth > 1 && options.dilationWidth == 1 {
            var offsets = [Int]()
            offsets.reserveCapacity(outputPixels * kernelHeight)
            for outY in 0..<rows.outputSize {
                for outX in 0..<columns.outputSize {
                    let firstX = outX * options.strideWidth - columns.padBefore
                    let inside = firstX >= 0 && firstX + kernelWidth <= width
                    for tapY in 0..<kernelHeight {
                        let inY = outY * options.strideHeight - rows.padBefore + tapY * options.dilationHeight
                        if !inside {
                            offsets.append(Int.min)
                        } else {
                            offsets.append(inY >= 0 && inY < height ? (inY * width + firstX) * inChannels : -1)
                        }
                    }
                }
            }
            filterRowOffsets = offsets
        } else {
            filterRowOffsets = []
        }

        // [block][tap][input channel][lane]; lanes past outChannels stay zero.
        packedWeights = AlignedFloatBuffer(count: channelBlocks * taps * inChannels * lanes)
        packedBias = AlignedFloatBuffer(count: channelBlocks * lanes)
        packedAlpha = AlignedFloatBuffer(count: channelBlocks * lanes)
        for outChannel in 0..<outChannels {
            let (block, lane) = outChannel.quotientAndRemainder(dividingBy: lanes)
            packedBias.pointer[outChannel] = bias[outChannel]
            packedAlpha.pointer[outChannel] = alpha?[outChannel] ?? 0
            for tap in 0..<taps {
                for inChannel in 0..<inChannels {
                    let source = (outChannel * taps + tap) * inChannels + inChannel
                    let destination = ((block * taps + tap) * inChannels + inChannel) * lanes + lane
                    packedWeights.pointer[destination] = weights[source]
                }
            }
        }
        zeroRow = AlignedFloatBuffer(count: kernelWidth * inChannels)
    }

    public func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        let input = inputs[0]!
        let output = outputs[0]
        let residual = hasResidual ? inputs[3]! : nil
        rowOffsets.withUnsafeBufferPointer { offsets in
            filterRowOffsets.withUnsafeBufferPointer { filterRowOffsets in
                for image in 0..<batch {
                    let imageInput = input + image * inputImageSize
                    let imageOutput = output + image * outputPixels * outputChannels
                    let imageResidual = residual.map { $0 + image * outputPixels * outputChannels }
                    var firstPixel = 0
                    while firstPixel < outputPixels {
                        let pixelCount = min(Self.tilePixels, outputPixels - firstPixel)
                        computePixels(
                            firstPixel, count: pixelCount, input: imageInput, offsets: offsets,
                            filterRowOffsets: filterRowOffsets, output: imageOutput, residual: imageResidual)
                        firstPixel += Self.tilePixels
                    }
                }
            }
        }
    }

    /// One tile of output pixels, all channels, by whichever route suits it.
    @inline(__always)
    private func computePixels(
        _ firstPixel: Int, count pixelCount: Int, input: UnsafePointer<Float>, offsets: UnsafeBufferPointer<Int>,
        filterRowOffsets: UnsafeBufferPointer<Int>, output: UnsafeMutablePointer<Float>,
        residual: UnsafePointer<Float>?
    ) {
        if pixelCount == 1 {
            computeSinglePixel(input: input, offsets: offsets, output: output, residual: residual, pixel: firstPixel)
            return
        }
        let pixel1 = firstPixel + 1
        let pixel2 = firstPixel + min(2, pixelCount - 1)
        let pixel3 = firstPixel + min(3, pixelCount - 1)
        let zeros = UnsafePointer(zeroRow.pointer)
        if isPointwise {
            let rows = (
                input + firstPixel * inputChannels, input + pixel1 * inputChannels,
                input + pixel2 * inputChannels, input + pixel3 * inputChannels
            )
            for block in 0..<channelBlocks {
                computeTile(
                    segments: 1, depth: inputChannels, output: output, residual: residual, firstPixel: firstPixel, pixelCount: pixelCount,
                    block: block
                ) { _ in rows }
            }
            return
        }
        if !filterRowOffsets.isEmpty {
            let rows = filterRows
            let base0 = firstPixel * rows, base1 = pixel1 * rows, base2 = pixel2 * rows, base3 = pixel3 * rows
            if filterRowOffsets[base0] != Int.min, filterRowOffsets[base1] != Int.min,
                filterRowOffsets[base2] != Int.min, filterRowOffsets[base3] != Int.min
            {
                @inline(__always) func rowStart(_ offset: Int) -> UnsafePointer<Float> { offset >= 0 ? input + offset : zeros }
                for block in 0..<channelBlocks {
                    computeTile(
                        segments: rows, depth: filterRowLength, output: output, residual: residual, firstPixel: firstPixel,
                        pixelCount: pixelCount, block: block
                    ) { row in
                        (
                            rowStart(filterRowOffsets[base0 + row]), rowStart(filterRowOffsets[base1 + row]),
                            rowStart(filterRowOffsets[base2 + row]), rowStart(filterRowOffsets[base3 + row])
                        )
                    }
                }
                return
            }
        }
        for block in 0..<channelBlocks {
            computeTile(
                segments: taps, depth: inputChannels, output: output, residual: residual, firstPixel: firstPixel, pixelCount: pixelCount,
                block: block
            ) { tap in
                (
                    row(firstPixel, tap, input: input, offsets: offsets), row(pixel1, tap, input: input, offsets: offsets),
                    row(pixel2, tap, input: input, offsets: offsets), row(pixel3, tap, input: input, offsets: offsets)
                )
            }
        }
    }

    /// The input row tap `tap` of output pixel `pixel` reads.
    @inline(__always)
    private func row(_ pixel: Int, _ tap: Int, input: UnsafePointer<Float>, offsets: UnsafeBufferPointer<Int>) -> UnsafePointer<Float> {
        if isPointwise { return input + pixel * inputChannels }
        let offset = offsets[pixel * taps + tap]
        return offset >= 0 ? input + offset : UnsafePointer(zeroRow.pointer)
    }

    /// Output pixels firstPixel ..< firstPixel + pixelCount (2 to `tilePixels`), channels of
    /// `block`. The receptive field comes in `segments` runs of `depth` contiguous values, in
    /// the packed weights' order; `rows(segment)` gives the four pixels' runs. A short tile's
    /// unused slots repeat its last pixel and are not stored, so the loop body has one shape.
    @inline(__always)
    private func computeTile(
        segments: Int, depth: Int, output: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>?, firstPixel: Int, pixelCount: Int,
        block: Int,
        rows: (Int) -> (UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>)
    ) {
        typealias V = Lanes
        let lanes = Self.laneCount
        let bias: V = packedBias.pointer.loadVector(at: block * lanes)
        var acc0 = bias, acc1 = bias, acc2 = bias, acc3 = bias
        var weights = UnsafePointer(packedWeights.pointer + block * taps * inputChannels * lanes)
        for segment in 0..<segments {
            let (row0, row1, row2, row3) = rows(segment)
            for index in 0..<depth {
                let w: V = weights.loadVector()
                acc0 = V.multiplyAdd(acc0, w, V(repeating: row0[index]))
                acc1 = V.multiplyAdd(acc1, w, V(repeating: row1[index]))
                acc2 = V.multiplyAdd(acc2, w, V(repeating: row2[index]))
                acc3 = V.multiplyAdd(acc3, w, V(repeating: row3[index]))
                weights += lanes
            }
        }
        let firstChannel = block * lanes
        let tileOutput = output + firstPixel * outputChannels
        if let residual {
            let tileResidual = residual + firstPixel * outputChannels
            acc0 = V.sum(acc0, load(tileResidual, firstChannel: firstChannel))
            acc1 = V.sum(acc1, load(tileResidual + outputChannels, firstChannel: firstChannel))
            if pixelCount > 2 { acc2 = V.sum(acc2, load(tileResidual + 2 * outputChannels, firstChannel: firstChannel)) }
            if pixelCount > 3 { acc3 = V.sum(acc3, load(tileResidual + 3 * outputChannels, firstChannel: firstChannel)) }
        }
        store(activate(acc0, block: block), to: tileOutput, firstChannel: firstChannel)
        store(activate(acc1, block: block), to: tileOutput + outputChannels, firstChannel: firstChannel)
        if pixelCount > 2 { store(activate(acc2, block: block), to: tileOutput + 2 * outputChannels, firstChannel: firstChannel) }
        if pixelCount > 3 { store(activate(acc3, block: block), to: tileOutput + 3 * outputChannels, firstChannel: firstChannel) }
    }

    /// One output pixel, every channel: four channel blocks at a time so four independent sums
    /// are in flight, then any remaining blocks one by one.
    private func computeSinglePixel(
        input: UnsafePointer<Float>, offsets: UnsafeBufferPointer<Int>,
        output: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>?, pixel: Int
    ) {
        typealias V = Lanes
        let lanes = Self.laneCount
        let blockLength = taps * inputChannels * lanes
        let pixelOutput = output + pixel * outputChannels
        let pixelResidual = residual.map { $0 + pixel * outputChannels }
        var block = 0
        while block + 4 <= channelBlocks {
            var acc0: V = packedBias.pointer.loadVector(at: block * lanes)
            var acc1: V = packedBias.pointer.loadVector(at: (block + 1) * lanes)
            var acc2: V = packedBias.pointer.loadVector(at: (block + 2) * lanes)
            var acc3: V = packedBias.pointer.loadVector(at: (block + 3) * lanes)
            var weights = UnsafePointer(packedWeights.pointer + block * blockLength)
            for tap in 0..<taps {
                let inputRow = row(pixel, tap, input: input, offsets: offsets)
                for channel in 0..<inputChannels {
                    let x = V(repeating: inputRow[channel])
                    acc0 = V.multiplyAdd(acc0, weights.loadVector(), x)
                    acc1 = V.multiplyAdd(acc1, weights.loadVector(at: blockLength), x)
                    acc2 = V.multiplyAdd(acc2, weights.loadVector(at: 2 * blockLength), x)
                    acc3 = V.multiplyAdd(acc3, weights.loadVector(at: 3 * blockLength), x)
                    weights += lanes
                }
            }
            if let pixelResidual {
                acc0 = V.sum(acc0, load(pixelResidual, firstChannel: block * lanes))
                acc1 = V.sum(acc1, load(pixelResidual, firstChannel: (block + 1) * lanes))
                acc2 = V.sum(acc2, load(pixelResidual, firstChannel: (block + 2) * lanes))
                acc3 = V.sum(acc3, load(pixelResidual, firstChannel: (block + 3) * lanes))
            }
            store(activate(acc0, block: block), to: pixelOutput, firstChannel: block * lanes)
            store(activate(acc1, block: block + 1), to: pixelOutput, firstChannel: (block + 1) * lanes)
            store(activate(acc2, block: block + 2), to: pixelOutput, firstChannel: (block + 2) * lanes)
            store(activate(acc3, block: block + 3), to: pixelOutput, firstChannel: (block + 3) * lanes)
            block += 4
        }
        while block < channelBlocks {
            var acc: V = packedBias.pointer.loadVector(at: block * lanes)
            var weights = UnsafePointer(packedWeights.pointer + block * blockLength)
            for tap in 0..<taps {
                let inputRow = row(pixel, tap, input: input, offsets: offsets)
                for channel in 0..<inputChannels {
                    acc = V.multiplyAdd(acc, weights.loadVector(), V(repeating: inputRow[channel]))
                    weights += lanes
                }
            }
            if let pixelResidual { acc = V.sum(acc, load(pixelResidual, firstChannel: block * lanes)) }
            store(activate(acc, block: block), to: pixelOutput, firstChannel: block * lanes)
            block += 1
        }
    }

    /// The activation applied to a finished accumulator of channel block `block`: the fused
    /// PReLU (exactly PRELU's x >= 0 ? x : x * alpha) or the clamp.
    @inline(__always)
    private func activate(_ values: Lanes, block: Int) -> Lanes {
        hasPReLU ? Lanes.negativeScaled(values, by: packedAlpha.pointer.loadVector(at: block * Self.laneCount)) : bounds.apply(values)
    }

    /// The residual's channels firstChannel ..< firstChannel + lanes of one pixel; lanes past the
    /// last channel (never stored) are zero rather than read past the tensor.
    @inline(__always)
    private func load(_ pixel: UnsafePointer<Float>, firstChannel: Int) -> Lanes {
        let lanes = Self.laneCount
        if firstChannel + lanes <= outputChannels { return pixel.loadVector(at: firstChannel) }
        var values = Lanes()
        for lane in 0..<(outputChannels - firstChannel) { values[lane] = pixel[firstChannel + lane] }
        return values
    }

    @inline(__always)
    private func store(_ values: Lanes, to pixel: UnsafeMutablePointer<Float>, firstChannel: Int) {
        let lanes = Self.laneCount
        if firstChannel + lanes <= outputChannels {
            pixel.storeVector(values, at: firstChannel)
        } else {
            for lane in 0..<(outputChannels - firstChannel) { pixel[firstChannel + lane] = values[lane] }
        }
    }
}
