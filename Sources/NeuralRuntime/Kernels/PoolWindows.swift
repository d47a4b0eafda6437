/// What MAX_POOL_2D and AVERAGE_POOL_2D share: the NHWC input's sizes, the window's size and
/// stride, where each output's window lies (`WindowGeometry`), the fused activation's bounds,
/// and which of a window's taps fall inside the input. Only the reduction over the taps differs.
struct PoolWindows {
    let batch: Int
    let inputHeight: Int
    let inputWidth: Int
    let channels: Int
    let filterHeight: Int
    let filterWidth: Int
    let strideHeight: Int
    let strideWidth: Int
    let rows: WindowGeometry
    let columns: WindowGeometry
    let bounds: ClampBounds

    /// [batch, output height, output width, channels].
    var outputShape: [Int] { [batch, rows.outputSize, columns.outputSize, channels] }

    init(setup: KernelSetup) throws(RuntimeError) {
        guard case .pool2D(let options) = setup.operation.options else {
            throw setup.invalid("expected Pool2DOptions")
        }
        guard setup.operation.inputs.count == 1, setup.operation.outputs.count == 1 else {
            throw setup.invalid("expects one input and one output")
        }
        let shape = try setup.requireShape(0, rank: 4, role: "input")
        (batch, inputHeight, inputWidth, channels) = (shape[0], shape[1], shape[2], shape[3])
        guard options.filterHeight >= 1, options.filterWidth >= 1, options.strideHeight >= 1, options.strideWidth >= 1 else {
            throw setup.invalid(
                "filter \(options.filterHeight)x\(options.filterWidth) and stride \(options.strideHeight)x\(options.strideWidth) must be positive"
            )
        }
        filterHeight = options.filterHeight
        filterWidth = options.filterWidth
        strideHeight = options.strideHeight
        strideWidth = options.strideWidth
        bounds = try setup.clampBounds(for: options.activation)
        if case .explicit = options.padding {
            throw setup.invalid("explicit padding is not supported for pooling")
        }
        guard
            let rows = WindowGeometry(
                input: inputHeight, filter: filterHeight, stride: strideHeight, dilation: 1, padding: options.padding, axis: .rows),
            let columns = WindowGeometry(
                input: inputWidth, filter: filterWidth, stride: strideWidth, dilation: 1, padding: options.padding, axis: .columns)
        else {
            throw setup.invalid(
                "a \(filterHeight)x\(filterWidth) window does not fit a \(inputHeight)x\(inputWidth) input with \(options.padding) padding")
        }
        self.rows = rows
        self.columns = columns
    }

    /// Window positions that fall inside an input axis, for a window starting at `origin`.
    @inline(__always)
    static func inBounds(origin: Int, filter: Int, input: Int) -> Range<Int> {
        let first = max(0, -origin)
        return first..<max(first, min(filter, input - origin))
    }
}
