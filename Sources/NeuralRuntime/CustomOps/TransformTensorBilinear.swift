/// MediaPipe's `TransformTensorBilinear` (version 2): resamples a feature map [1, H, W, C] into
/// an output_height × output_width crop, [1, out_h, out_w, C], through a 4×4 matrix that maps
/// crop pixels to feature-map pixels (from `Landmarks2TransformMatrix`).
///
/// Semantics, from mediapipe/util/tflite/operations/transform_tensor_bilinear.cc (v2; the
/// options parser in tensorflow/lite/delegates/gpu/common/mediapipe/ sets align_corners):
/// - Pixel centres: the matrix M is applied to pixel centres, T = S·M·A with A = +0.5 and
///   S = −0.5 shifts, i.e. crop pixel (x, y) samples the map at M·(x + 0.5, y + 0.5) − 0.5.
///   Only M's first two rows are read; the z input is 0, so M's third column is ignored.
/// - A sample point outside [0, W − 1] × [0, H − 1] gives 0 in every channel; no clamping.
/// - Inside, plain bilinear weights of the four neighbours; a neighbour past the last row or
///   column (its weight is then 0) reads as 0.
/// - MediaPipe mixes double and float arithmetic in the shift and the blend; we keep the same
///   mix so results match to the bit.
/// A sample point that is NaN (a NaN or infinite matrix) gives 0 here; MediaPipe's behaviour
/// there is undefined (it converts NaN to an integer index).
final class TransformTensorBilinearKernel: Kernel {
    static let operatorName = "TransformTensorBilinear"

    let inputHeight: Int
    let inputWidth: Int
    let channels: Int
    let outputHeight: Int
    let outputWidth: Int
    let outputShapes: [[Int]]

    init(_ setup: KernelSetup) throws(RuntimeError) {
        try setup.requireCustomOpArity(inputs: 2, outputs: 1)
        let options = try CustomOptions(setup)
        // Version 1 of this operator is registered under another name (TransformTensor).
        try options.requireOnlyKeys(["output_height", "output_width"])
        outputHeight = try options.int("output_height")
        outputWidth = try options.int("output_width")
        guard outputHeight > 0, outputWidth > 0 else {
            throw setup.invalid("output size must be positive, got \(outputWidth)×\(outputHeight)")
        }
        let shape = try setup.requireShape(0)
        guard shape.count == 4, shape[0] == 1, shape[1] > 0, shape[2] > 0, shape[3] > 0 else {
            throw setup.invalid("input 0 must be a feature map [1, H, W, C], got \(shape)")
        }
        inputHeight = shape[1]
        inputWidth = shape[2]
        channels = shape[3]
        try setup.requireTransformMatrix(1)
        outputShapes = [[1, outputHeight, outputWidth, channels]]
        try setup.requireDeclaredOutputShape(0, toBe: outputShapes[0])
    }

    func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        guard let source = inputs[0], let matrix = inputs[1] else {
            preconditionFailure("\(Self.operatorName): no buffer for an input")
        }
        Self.resample(
            source: source, height: inputHeight, width: inputWidth, channels: channels,
            matrix: matrix, into: outputs[0], outputHeight: outputHeight, outputWidth: outputWidth)
    }

    static func resample(
        source: UnsafePointer<Float>, height: Int, width: Int, channels: Int,
        matrix: UnsafePointer<Float>,
        into output: UnsafeMutablePointer<Float>, outputHeight: Int, outputWidth: Int
    ) {
        // The first two rows of M, with the pixel-centre shifts folded into the translation
        // (M's third column and last rows are those of the identity in these models; MediaPipe
        // folds assuming so, in double precision).
        let xRow = (
            matrix[0], matrix[1], matrix[2],
            Float(Double(matrix[3]) + (Double(matrix[0]) * 0.5 + Double(matrix[1]) * 0.5 - 0.5))
        )
        let yRow = (
            matrix[4], matrix[5], matrix[6],
            Float(Double(matrix[7]) + (Double(matrix[4]) * 0.5 + Double(matrix[5]) * 0.5 - 0.5))
        )
        let lastColumn = Float(width - 1)
        let lastRow = Float(height - 1)
        let rowStride = width * channels

        for outY in 0..<outputHeight {
            for outX in 0..<outputWidth {
                let destination = output + (outY * outputWidth + outX) * channels
                let x = Float(outX), y = Float(outY)
                // Dot products with (x, y, 0, 1), summed in MediaPipe's order.
                let sampleX = xRow.0 * x + xRow.1 * y + xRow.2 * 0 + xRow.3 * 1
                let sampleY = yRow.0 * x + yRow.1 * y + yRow.2 * 0 + yRow.3 * 1
                // Written as "inside" so that NaN counts as outside.
                guard sampleX >= 0, sampleX <= lastColumn, sampleY >= 0, sampleY <= lastRow else {
                    destination.update(repeating: 0, count: channels)
                    continue
                }
                let floorX = sampleX.rounded(.down), floorY = sampleY.rounded(.down)
                let column = Int(floorX), row = Int(floorY)
                let rightWeight = sampleX - floorX
                let lowerWeight = sampleY - floorY
                let hasRight = column + 1 < width
                let hasLower = row + 1 < height
                // Offsets, not pointers: a neighbour past the edge is never formed or read.
                let upperLeft = row * rowStride + column * channels
                let upperRight = upperLeft + channels
                let lowerLeft = upperLeft + rowStride
                let lowerRight = lowerLeft + channels
                for channel in 0..<channels {
                    let q11 = source[upperLeft + channel]
                    let q21 = hasRight ? source[upperRight + channel] : 0
                    let q12 = hasLower ? source[lowerLeft + channel] : 0
                    let q22 = hasRight && hasLower ? source[lowerRight + channel] : 0
                    // `(1.0 - w) * q` is double in MediaPipe's C++, `w * q` float.
                    let upper = Float((1.0 - Double(rightWeight)) * Double(q11) + Double(rightWeight * q21))
                    let lower = Float((1.0 - Double(rightWeight)) * Double(q12) + Double(rightWeight * q22))
                    destination[channel] = Float(Double(lowerWeight * lower) + (1.0 - Double(lowerWeight)) * Double(upper))
                }
            }
        }
    }
}
