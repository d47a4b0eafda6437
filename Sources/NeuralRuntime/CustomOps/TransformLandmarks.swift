/// MediaPipe's `TransformLandmarks` (version 2): maps landmarks [1, N, D] (D = 2 or 3) through a
/// 4×4 matrix; the attention model uses it to carry a region's refined landmarks from crop
/// coordinates back into the face mesh's.
///
/// Semantics, from mediapipe/util/tflite/operations/transform_landmarks.cc (v2) and its option
/// parser in tensorflow/lite/delegates/gpu/common/mediapipe/transform_landmarks.cc:
/// - each landmark (x, y[, z]) becomes (M₀·v, M₁·v[, z]) with v = (x, y, 0, 1) and M₀, M₁ the
///   matrix's first two rows: z is neither transformed nor used, so M's third column is ignored;
/// - D is the output's last dimension; version 2 has no options (scale is 1);
/// - the output has the input's shape. Float arithmetic in MediaPipe's order.
final class TransformLandmarksKernel: Kernel {
    static let operatorName = "TransformLandmarks"

    let landmarkCount: Int
    /// Floats per landmark: 2 (x, y) or 3 (x, y, z).
    let dimensions: Int
    let outputShapes: [[Int]]

    init(_ setup: KernelSetup) throws(RuntimeError) {
        try setup.requireCustomOpArity(inputs: 2, outputs: 1)
        let options = try CustomOptions(setup)
        let keys = try options.keys()
        if !keys.isEmpty {
            let versionOne = keys.contains("dimensions") || keys.contains("scale")
            throw setup.invalid(
                versionOne
                    ? "options \(keys.sorted()) are those of version 1 of this operator; only version 2 is supported"
                    : "version 2 takes no custom options, found \(keys.sorted())")
        }
        let shape = try setup.requireShape(0)
        if shape.count == 4 {
            throw setup.invalid("landmarks of shape \(shape) are the version 1 layout; only version 2 ([1, N, 2 or 3]) is supported")
        }
        guard shape.count == 3, shape[0] == 1, shape[1] > 0, shape[2] == 2 || shape[2] == 3 else {
            throw setup.invalid("landmarks must have shape [1, N, 2] or [1, N, 3], got \(shape)")
        }
        landmarkCount = shape[1]
        dimensions = shape[2]
        try setup.requireTransformMatrix(1)
        outputShapes = [shape]
        try setup.requireDeclaredOutputShape(0, toBe: shape)
    }

    func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        guard let landmarks = inputs[0], let matrix = inputs[1] else {
            preconditionFailure("\(Self.operatorName): no buffer for an input")
        }
        Self.transform(landmarks: landmarks, count: landmarkCount, dimensions: dimensions, matrix: matrix, into: outputs[0])
    }

    /// Safe when `output` is `landmarks` (each landmark is read before it is written).
    static func transform(
        landmarks: UnsafePointer<Float>, count: Int, dimensions: Int,
        matrix m: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>
    ) {
        let (m0, m1, m2, m3) = (m[0], m[1], m[2], m[3])
        let (m4, m5, m6, m7) = (m[4], m[5], m[6], m[7])
        for i in 0..<count {
            let offset = i * dimensions
            let x = landmarks[offset], y = landmarks[offset + 1]
            // Dot products with (x, y, 0, 1), summed in MediaPipe's order.
            let newX = m0 * x + m1 * y + m2 * 0 + m3 * 1
            let newY = m4 * x + m5 * y + m6 * 0 + m7 * 1
            output[offset] = newX
            output[offset + 1] = newY
            if dimensions == 3 { output[offset + 2] = landmarks[offset + 2] }
        }
    }
}
