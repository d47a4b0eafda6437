import Testing

@testable import NeuralRuntime

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct LandmarksToTransformMatrixCustomOpTests {
    static func options(
        subset: [Int32], left: Int32 = 0, right: Int32 = 1, target: Float = 0,
        width: Int32 = 16, height: Int32 = 16, scale: Float = 1.5
    ) -> OperatorOptions {
        .custom(
            customOpOptionBytes([
                ("subset_idxs", .ints(subset)), ("left_rotation_idx", .int(left)), ("right_rotation_idx", .int(right)),
                ("target_rotation_radians", .float(target)), ("output_width", .int(width)), ("output_height", .int(height)),
                ("scale_x", .float(scale)), ("scale_y", .float(scale)),
            ]))
    }

    /// Landmarks 0 and 1 fix the rotation; 2-5 are the corners of the box x 10...30, y 20...60.
    static func boxLandmarks(left: (Float, Float), right: (Float, Float)) -> [Float] {
        [left.0, left.1, 9, right.0, right.1, 9, 10, 20, 1, 30, 20, 2, 10, 60, 3, 30, 60, 4]
    }

    func run(_ options: OperatorOptions, _ landmarks: [Float]) throws -> [Float] {
        try CustomOpHarness(
            "Landmarks2TransformMatrix", options: options, inputShapes: [[1, landmarks.count / 3, 3]],
            declaredOutputShape: [1, 4, 4]
        ).run([landmarks])
    }

    @Test func levelRegionGivesScaleAndShift() throws {
        // Rotation 0 (left→right is +x). Box 20 × 40 centred at (20, 40); a 16 × 16 crop at
        // 1.5× the box: scale 1.5·20/16 = 1.875 and 1.5·40/16 = 3.75; crop pixel (0, 0) lands
        // at the centre minus half the crop, (20 − 8·1.875, 40 − 8·3.75) = (5, 10).
        let matrix = try run(Self.options(subset: [2, 3, 4, 5]), Self.boxLandmarks(left: (0, 0), right: (10, 0)))
        #expect(matrix == customOpMatrix([1.875, 0, 0, 5], [0, 3.75, 0, 10]))
    }

    @Test func tiltedRegionIsRotatedIntoTheCrop() throws {
        // Left→right points down (+y): rotation −π/2. In the rotated frame the box is 40 wide
        // and 20 high, so the scales are 3.75 (crop x, along +y) and 1.875 (crop y, along −x);
        // crop x runs down the image and crop y to the left. Crop pixel (0, 0) lands at
        // (20, 40) + (1.875·8, −3.75·8) = (35, 10).
        let matrix = try run(Self.options(subset: [2, 3, 4, 5]), Self.boxLandmarks(left: (0, 0), right: (0, 10)))
        let expected = customOpMatrix([0, -1.875, 0, 35], [3.75, 0, 0, 10])
        for i in 0..<16 { #expect(abs(matrix[i] - expected[i]) < 1e-5, "element \(i): \(matrix)") }
    }

    @Test func targetRotationIsWhereTheDirectionEndsUp() throws {
        // Asking for left→right at +π/2 when it already points down leaves nothing to rotate.
        let matrix = try run(Self.options(subset: [2, 3, 4, 5], target: .pi / 2), Self.boxLandmarks(left: (0, 0), right: (0, 10)))
        let expected = customOpMatrix([1.875, 0, 0, 5], [0, 3.75, 0, 10])
        for i in 0..<16 { #expect(abs(matrix[i] - expected[i]) < 1e-5, "element \(i): \(matrix)") }
    }

    @Test func outputSizeAndScaleEnterAsDocumented() throws {
        // 8 wide × 32 high crop at 1× the box: scales 20/8 = 2.5 and 40/32 = 1.25; origin at
        // (20 − 4·2.5, 40 − 16·1.25) = (10, 20).
        let matrix = try run(
            Self.options(subset: [2, 3, 4, 5], width: 8, height: 32, scale: 1),
            Self.boxLandmarks(left: (0, 0), right: (10, 0)))
        #expect(matrix == customOpMatrix([2.5, 0, 0, 10], [0, 1.25, 0, 20]))
    }

    /// The attention model's own options on a deterministic pseudo-random face (468 landmarks),
    /// against the documented formula evaluated in double precision.
    @Test(arguments: ["lips", "left eye", "right eye"])
    func modelOptionsAgreeWithTheFormulaInDouble(_ region: String) throws {
        let optionBytes = [
            "lips": AttentionModelOptions.landmarksToTransformMatrixLips,
            "left eye": AttentionModelOptions.landmarksToTransformMatrixLeftEye,
            "right eye": AttentionModelOptions.landmarksToTransformMatrixRightEye,
        ][region]!
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24)
        }
        let landmarks = (0..<468 * 3).map { _ in next() * 48 }
        let harness = CustomOpHarness("Landmarks2TransformMatrix", options: .custom(optionBytes), inputShapes: [[1, 468, 3]])
        let kernel = try harness.makeKernel()
        let options = try #require(kernel as? LandmarksToTransformMatrixKernel).options
        let matrix = CustomOpHarness.run(kernel, [landmarks])

        func point(_ i: Int) -> (Double, Double) { (Double(landmarks[i * 3]), Double(landmarks[i * 3 + 1])) }
        let (left, right) = (point(options.leftRotationIndex), point(options.rightRotationIndex))
        let rotation = Double(options.targetRotationRadians) - atan2(right.1 - left.1, right.0 - left.0)
        let rotated = options.subsetIndices.map { i -> (Double, Double) in
            let p = point(i)
            return (cos(rotation) * p.0 - sin(rotation) * p.1, sin(rotation) * p.0 + cos(rotation) * p.1)
        }
        let (minX, maxX) = (rotated.map(\.0).min()!, rotated.map(\.0).max()!)
        let (minY, maxY) = (rotated.map(\.1).min()!, rotated.map(\.1).max()!)
        let (midX, midY) = ((minX + maxX) / 2, (minY + maxY) / 2)
        let centre = (cos(-rotation) * midX - sin(-rotation) * midY, sin(-rotation) * midX + cos(-rotation) * midY)
        let scaleX = Double(options.scaleX) * (maxX - minX) / Double(options.outputWidth)
        let scaleY = Double(options.scaleY) * (maxY - minY) / Double(options.outputHeight)
        let (c, s) = (cos(-rotation), sin(-rotation))
        let (halfW, halfH) = (Double(options.outputWidth) / 2, Double(options.outputHeight) / 2)
        let expected: [Double] = [
            c * scaleX, -s * scaleY, 0, centre.0 - c * scaleX * halfW + s * scaleY * halfH,
            s * scaleX, c * scaleY, 0, centre.1 - s * scaleX * halfW - c * scaleY * halfH,
            0, 0, 1, 0, 0, 0, 0, 1,
        ]
        for i in 0..<16 {
            #expect(abs(Double(matrix[i]) - expected[i]) <= 1e-4 * max(1, abs(expected[i])), "element \(i): \(matrix) vs \(expected)")
        }
        #expect(options.outputWidth == 16 && options.outputHeight == 16 && options.scaleX == 1.5 && options.scaleY == 1.5)
    }

    @Test func modelOptionsParseToTheListedValues() throws {
        let harness = CustomOpHarness(
            "Landmarks2TransformMatrix", options: .custom(AttentionModelOptions.landmarksToTransformMatrixLips),
            inputShapes: [[1, 468, 3]], declaredOutputShape: [1, 4, 4])
        let kernel = try #require(try harness.makeKernel() as? LandmarksToTransformMatrixKernel)
        #expect(kernel.outputShapes == [[1, 4, 4]])
        #expect(Array(kernel.options.subsetIndices.prefix(3)) == [61, 146, 91] && kernel.options.subsetIndices.count == 80)
        #expect(kernel.options.leftRotationIndex == 61 && kernel.options.rightRotationIndex == 291)
        #expect(kernel.options.targetRotationRadians == 0)
    }

    @Test func refusesWhatItCannotComputeFaithfully() {
        let good = Self.options(subset: [2, 3, 4, 5])
        func harness(_ options: OperatorOptions, _ shape: [Int] = [1, 6, 3], declared: [Int] = []) -> CustomOpHarness {
            CustomOpHarness("Landmarks2TransformMatrix", options: options, inputShapes: [shape], declaredOutputShape: declared)
        }
        expectCustomOpInvalid(harness(Self.options(subset: [2, 3, 6])), mentioning: "subset_idxs refers to landmark 6")
        expectCustomOpInvalid(harness(Self.options(subset: [2, 3], right: 40)), mentioning: "right_rotation_idx refers to landmark 40")
        expectCustomOpInvalid(harness(Self.options(subset: [2, -3])), mentioning: "negative")
        expectCustomOpInvalid(harness(Self.options(subset: [])), mentioning: "empty")
        expectCustomOpInvalid(harness(Self.options(subset: [2], width: 0)), mentioning: "output size")
        expectCustomOpInvalid(harness(Self.options(subset: [2], scale: 0)), mentioning: "scale")
        expectCustomOpInvalid(harness(good, [1, 1, 1, 18]), mentioning: "version 1")
        expectCustomOpInvalid(harness(good, [1, 6, 2]), mentioning: "[1, N, 3]")
        expectCustomOpInvalid(harness(good, [2, 6, 3]), mentioning: "[1, N, 3]")
        expectCustomOpInvalid(harness(good, declared: [1, 16, 16]), mentioning: "declared [1, 16, 16]")
        expectCustomOpInvalid(harness(.none), mentioning: "'subset_idxs' is missing")
        expectCustomOpInvalid(harness(.custom(customOpOptionBytes([("subset_idxs", .ints([2]))]))), mentioning: "is missing")
        expectCustomOpInvalid(
            harness(
                .custom(
                    customOpOptionBytes([
                        ("subset", .ints([2, 3])), ("input_hw", .ints([192, 192])), ("landmarks_range", .int(192)),
                    ]))), mentioning: "version 1")
        expectCustomOpInvalid(
            harness(
                .custom(
                    customOpOptionBytes([
                        ("subset_idxs", .ints([2])), ("left_rotation_idx", .int(0)), ("right_rotation_idx", .int(1)),
                        ("output_width", .int(16)), ("output_height", .int(16)), ("scale_x", .float(1)), ("scale_y", .float(1)),
                        ("mystery", .int(1)),
                    ]))), mentioning: "unexpected custom option(s) [\"mystery\"]")
        expectCustomOpInvalid(
            harness(
                .custom(
                    customOpOptionBytes([
                        ("subset_idxs", .float(2)), ("left_rotation_idx", .int(0)), ("right_rotation_idx", .int(1)),
                        ("output_width", .int(16)), ("output_height", .int(16)), ("scale_x", .float(1)), ("scale_y", .float(1)),
                    ]))), mentioning: "custom option 'subset_idxs'")
        let truncated = Array(AttentionModelOptions.landmarksToTransformMatrixLips.dropLast(5))
        expectCustomOpInvalid(harness(.custom(truncated), [1, 468, 3]), mentioning: "custom options")
        expectCustomOpInvalid(harness(.elementwise(activation: .none)), mentioning: "builtin options")
    }

    @Test func targetRotationDefaultsToZeroLikeMediaPipe() throws {
        let options = OperatorOptions.custom(
            customOpOptionBytes([
                ("subset_idxs", .ints([2, 3, 4, 5])), ("left_rotation_idx", .int(0)), ("right_rotation_idx", .int(1)),
                ("output_width", .int(16)), ("output_height", .int(16)), ("scale_x", .float(1.5)), ("scale_y", .float(1.5)),
            ]))
        #expect(try run(options, Self.boxLandmarks(left: (0, 0), right: (10, 0))) == customOpMatrix([1.875, 0, 0, 5], [0, 3.75, 0, 10]))
    }
}
