// Resizing a float plane (a model's mask, a matte) to another size.

extension FloatPlane {
    /// Resized to `width`×`height` by bilinear interpolation between the two nearest values on
    /// each axis, the way OpenCV's `cv::resize` with INTER_LINEAR does it (which MediaPipe uses to
    /// bring a segmentation mask back to the image's size): output pixel centre i + 0.5 sits at
    /// input (i + 0.5)·(input size / output size), positions before the first or after the last
    /// centre take the edge value, and rows are interpolated first, then columns. Unlike
    /// `RGBImage.resized`, a large shrink does not average: each output reads two values per axis.
    public func resizedBilinear(width outWidth: Int, height outHeight: Int) -> FloatPlane {
        precondition(outWidth >= 0 && outHeight >= 0, "negative plane size")
        guard outWidth > 0, outHeight > 0, width > 0, height > 0 else {
            return FloatPlane(width: outWidth, height: outHeight)
        }
        if outWidth == width && outHeight == height { return self }
        let columns = LinearTaps(inputCount: width, outputCount: outWidth)
        let rows = LinearTaps(inputCount: height, outputCount: outHeight)
        var out = [Float](repeating: 0, count: outWidth * outHeight)
        values.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { destination in
                // Each input row interpolated along x once, kept while output rows need it.
                var upper = [Float](repeating: 0, count: outWidth), lower = upper
                var upperRow = -1, lowerRow = -1
                func interpolate(row: Int, into buffer: inout [Float]) {
                    let line = source.baseAddress! + row * width
                    for x in 0..<outWidth {
                        let (first, weight) = (columns.first[x], columns.weight[x])
                        buffer[x] = weight == 0 ? line[first] : line[first] * (1 - weight) + line[first + 1] * weight
                    }
                }
                for y in 0..<outHeight {
                    let (first, weight) = (rows.first[y], rows.weight[y])
                    if upperRow != first {
                        if lowerRow == first {
                            swap(&upper, &lower)
                            swap(&upperRow, &lowerRow)
                        } else {
                            interpolate(row: first, into: &upper)
                            upperRow = first
                        }
                    }
                    let line = destination.baseAddress! + y * outWidth
                    if weight == 0 {
                        for x in 0..<outWidth { line[x] = upper[x] }
                    } else {
                        if lowerRow != first + 1 {
                            interpolate(row: first + 1, into: &lower)
                            lowerRow = first + 1
                        }
                        for x in 0..<outWidth { line[x] = upper[x] * (1 - weight) + lower[x] * weight }
                    }
                }
            }
        }
        return FloatPlane(width: outWidth, height: outHeight, values: out)
    }
}

/// For each output index on one axis: the first of the two input indices it reads and the second
/// one's weight (0 where the position is clamped to an edge, so the second is never read there).
private struct LinearTaps {
    var first: [Int] = []
    var weight: [Float] = []

    init(inputCount n: Int, outputCount m: Int) {
        let scale = Double(n) / Double(m)
        for i in 0..<m {
            let position = Float((Double(i) + 0.5) * scale - 0.5)
            let lower = position.rounded(.down)
            var index = Int(lower), fraction = position - lower
            if index < 0 { (index, fraction) = (0, 0) }
            if index >= n - 1 { (index, fraction) = (n - 1, 0) }
            first.append(index)
            weight.append(fraction)
        }
    }
}
