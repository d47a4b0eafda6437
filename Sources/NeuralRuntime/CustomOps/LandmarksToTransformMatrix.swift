#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// MediaPipe's `Landmarks2TransformMatrix` (version 2): from face-mesh landmarks, the matrix that
/// maps pixels of a small rotated crop around a region (lips, an eye) back into landmark space.
/// The attention model feeds it to `TransformTensorBilinear` to cut that region out of a feature
/// map, and (with its translation rescaled) to `TransformLandmarks` to put the region's refined
/// landmarks back.
///
/// Semantics, from mediapipe/util/tflite/operations/landmarks_to_transform_matrix.cc (v2) and
/// the option parser in tensorflow/lite/delegates/gpu/common/mediapipe/:
/// 1. rotation = target_rotation_radians − atan2(right.y − left.y, right.x − left.x), using the
///    landmarks at left_rotation_idx and right_rotation_idx;
/// 2. rotate every landmark of `subset_idxs` by `rotation`, take their bounding box (width,
///    height, centre), and rotate the centre back;
/// 3. matrix = Shift(centre) · Rotate(−rotation) · Scale(scale_x·width/output_width,
///    scale_y·height/output_height) · Shift(−output_width/2, −output_height/2).
/// So output pixel (x, y, 0, 1) of an output_width × output_height crop maps to landmark
/// coordinates; z passes through. Arithmetic is float32 in MediaPipe's order.
final class LandmarksToTransformMatrixKernel: Kernel {
    static let operatorName = "Landmarks2TransformMatrix"

    struct Options: Equatable, Sendable {
        /// Landmarks whose rotated bounding box is the crop. MediaPipe reads them as pairs and
        /// repeats the last one when the count is odd, which changes no bounding box.
        var subsetIndices: [Int]
        /// The two landmarks whose direction (left to right) fixes the crop's rotation.
        var leftRotationIndex: Int
        var rightRotationIndex: Int
        /// The angle that direction should have in the crop (0: horizontal).
        var targetRotationRadians: Float
        /// The crop's size in pixels.
        var outputWidth: Int
        var outputHeight: Int
        /// Margin: the crop spans scale × the subset's extent.
        var scaleX: Float
        var scaleY: Float
    }

    let options: Options
    let outputShapes: [[Int]] = [[1, 4, 4]]
    /// Float stride of one landmark in the input; MediaPipe reads x, y, z triples.
    private static let landmarkStride = 3

    init(_ setup: KernelSetup) throws(RuntimeError) {
        try setup.requireCustomOpArity(inputs: 1, outputs: 1)
        options = try Self.parseOptions(CustomOptions(setup))
        let shape = try setup.requireShape(0)
        if shape.count == 4 {
            throw setup.invalid("landmarks of shape \(shape) are the version 1 layout; only version 2 ([1, N, 3]) is supported")
        }
        guard shape.count == 3, shape[0] == 1, shape[2] == Self.landmarkStride, shape[1] > 0 else {
            throw setup.invalid("landmarks must have shape [1, N, 3], got \(shape)")
        }
        let landmarkCount = shape[1]
        let named =
            [("left_rotation_idx", options.leftRotationIndex), ("right_rotation_idx", options.rightRotationIndex)]
            + options.subsetIndices.map { ("subset_idxs", $0) }
        for (option, index) in named where index >= landmarkCount {
            throw setup.invalid("\(option) refers to landmark \(index), but the input has \(landmarkCount)")
        }
        try setup.requireDeclaredOutputShape(0, toBe: outputShapes[0])
    }

    static func parseOptions(_ options: CustomOptions) throws(RuntimeError) -> Options {
        let setup = options.setup
        try options.requireOnlyKeys(
            [
                "subset_idxs", "left_rotation_idx", "right_rotation_idx", "target_rotation_radians",
                "output_height", "output_width", "scale_x", "scale_y",
            ],
            versionOneKeys: ["subset", "input_hw", "output_hw", "landmarks_range", "bbox_size_multiplier", "dimensions"])
        let parsed = Options(
            subsetIndices: try options.ints("subset_idxs"),
            leftRotationIndex: try options.int("left_rotation_idx"),
            rightRotationIndex: try options.int("right_rotation_idx"),
            // A missing angle reads as 0 in MediaPipe's parser (a FlexBuffers null is 0).
            targetRotationRadians: try options.float("target_rotation_radians") ?? 0,
            outputWidth: try options.int("output_width"),
            outputHeight: try options.int("output_height"),
            scaleX: try options.requiredFloat("scale_x"),
            scaleY: try options.requiredFloat("scale_y"))
        // The checks MediaPipe's Eval makes, plus an empty subset (which it would read past).
        guard !parsed.subsetIndices.isEmpty else { throw setup.invalid("custom option 'subset_idxs' is empty") }
        if let negative = parsed.subsetIndices.first(where: { $0 < 0 }) {
            throw setup.invalid("custom option 'subset_idxs' holds a negative index \(negative)")
        }
        guard parsed.leftRotationIndex >= 0, parsed.rightRotationIndex >= 0 else {
            throw setup.invalid(
                "rotation landmark indices must not be negative (left \(parsed.leftRotationIndex), right \(parsed.rightRotationIndex))")
        }
        guard parsed.outputWidth > 0, parsed.outputHeight > 0 else {
            throw setup.invalid("output size must be positive, got \(parsed.outputWidth)×\(parsed.outputHeight)")
        }
        guard parsed.scaleX > 0, parsed.scaleY > 0, parsed.scaleX.isFinite, parsed.scaleY.isFinite else {
            throw setup.invalid("scale_x and scale_y must be positive and finite, got \(parsed.scaleX) and \(parsed.scaleY)")
        }
        guard parsed.targetRotationRadians.isFinite else { throw setup.invalid("target_rotation_radians is not finite") }
        return parsed
    }

    func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        guard let landmarks = inputs[0] else { preconditionFailure("\(Self.operatorName): no buffer for the landmarks") }
        Self.transformMatrix(landmarks: landmarks, options: options).store(into: outputs[0])
    }

    /// The crop-to-landmarks matrix for these landmarks ([N, 3] floats, indices already checked).
    static func transformMatrix(landmarks: UnsafePointer<Float>, options: Options) -> TransformMatrix4x4 {
        func point(_ index: Int) -> (x: Float, y: Float) {
            (landmarks[index * landmarkStride], landmarks[index * landmarkStride + 1])
        }

        // 1. Rotation that brings the left→right direction to the target angle.
        let left = point(options.leftRotationIndex)
        let right = point(options.rightRotationIndex)
        let rotation = options.targetRotationRadians - atan2(right.y - left.y, right.x - left.x)

        // 2. Bounding box of the subset in the rotated frame; its centre rotated back.
        let cosine = cos(rotation), sine = sin(rotation)
        func rotated(_ p: (x: Float, y: Float)) -> (x: Float, y: Float) {
            (cosine * p.x - sine * p.y, sine * p.x + cosine * p.y)
        }
        var low = rotated(point(options.subsetIndices[0]))
        var high = low
        for index in options.subsetIndices.dropFirst() {
            let p = rotated(point(index))
            // Same comparisons as MediaPipe (a NaN never replaces a bound).
            if high.x < p.x { high.x = p.x }
            if high.y < p.y { high.y = p.y }
            if low.x > p.x { low.x = p.x }
            if low.y > p.y { low.y = p.y }
        }
        let cropWidth = high.x - low.x
        let cropHeight = high.y - low.y
        let middle = ((low.x + high.x) / 2, (low.y + high.y) / 2)
        let backCosine = cos(-rotation), backSine = sin(-rotation)
        let centreX = backCosine * middle.0 - backSine * middle.1
        let centreY = backSine * middle.0 + backCosine * middle.1

        // 3. Compose, left to right, as MediaPipe does.
        var matrix = TransformMatrix4x4.identity
        matrix = matrix * TransformMatrix4x4.translation(x: centreX, y: centreY)
        let r = -rotation
        matrix = matrix * TransformMatrix4x4(rows: (cos(r), -sin(r), 0, 0), (sin(r), cos(r), 0, 0), (0, 0, 1, 0), (0, 0, 0, 1))
        let scaleX = options.scaleX * cropWidth / Float(options.outputWidth)
        let scaleY = options.scaleY * cropHeight / Float(options.outputHeight)
        matrix = matrix * TransformMatrix4x4(rows: (scaleX, 0, 0, 0), (0, scaleY, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1))
        // MediaPipe computes the half size in double, then stores it as float.
        matrix =
            matrix
            * TransformMatrix4x4.translation(
                x: Float(-(Double(options.outputWidth) / 2)),
                y: Float(-(Double(options.outputHeight) / 2)))
        return matrix
    }
}

/// A row-major 4×4 float matrix, multiplied in the same order as MediaPipe's `Mat4` so results
/// match to the bit. Lives on the stack: `run` must not allocate.
struct TransformMatrix4x4: Equatable, Sendable {
    var elements: SIMD16<Float>

    init(elements: SIMD16<Float>) { self.elements = elements }

    init(
        rows r0: (Float, Float, Float, Float), _ r1: (Float, Float, Float, Float),
        _ r2: (Float, Float, Float, Float), _ r3: (Float, Float, Float, Float)
    ) {
        // Scalar arguments rather than an array literal, which could allocate.
        elements = SIMD16(r0.0, r0.1, r0.2, r0.3, r1.0, r1.1, r1.2, r1.3, r2.0, r2.1, r2.2, r2.3, r3.0, r3.1, r3.2, r3.3)
    }

    static let identity = TransformMatrix4x4(rows: (1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1))

    static func translation(x: Float, y: Float) -> TransformMatrix4x4 {
        TransformMatrix4x4(rows: (1, 0, 0, x), (0, 1, 0, y), (0, 0, 1, 0), (0, 0, 0, 1))
    }

    subscript(row: Int, column: Int) -> Float {
        get { elements[row * 4 + column] }
        set { elements[row * 4 + column] = newValue }
    }

    static func * (a: TransformMatrix4x4, b: TransformMatrix4x4) -> TransformMatrix4x4 {
        var product = TransformMatrix4x4(elements: .zero)
        for row in 0..<4 {
            for column in 0..<4 {
                var sum: Float = 0
                for k in 0..<4 { sum += a[row, k] * b[k, column] }
                product[row, column] = sum
            }
        }
        return product
    }

    func store(into destination: UnsafeMutablePointer<Float>) {
        for i in 0..<16 { destination[i] = elements[i] }
    }
}
