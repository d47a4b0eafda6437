import Testing

@testable import NeuralRuntime

@Suite struct TransformTensorBilinearCustomOpTests {
    static func options(height: Int32, width: Int32) -> OperatorOptions {
        .custom(customOpOptionBytes([("output_height", .int(height)), ("output_width", .int(width))]))
    }

    /// Feature map [1, height, width, channels] with value 10·y + x + 100·channel at pixel (x, y).
    static func ramp(height: Int, width: Int, channels: Int = 1) -> [Float] {
        var values: [Float] = []
        for y in 0..<height { for x in 0..<width { for c in 0..<channels { values.append(Float(10 * y + x + 100 * c)) } } }
        return values
    }

    func resample(_ map: [Float], _ shape: [Int], _ matrix: [Float], outHeight: Int, outWidth: Int) throws -> [Float] {
        try CustomOpHarness(
            "TransformTensorBilinear", options: Self.options(height: Int32(outHeight), width: Int32(outWidth)),
            inputShapes: [shape, [1, 4, 4]], declaredOutputShape: [1, outHeight, outWidth, shape[3]]
        )
        .run([map, matrix])
    }

    @Test func identityMatrixCopiesEveryPixel() throws {
        // Pixel centres map to pixel centres: (x + 0.5) − 0.5 = x, so each sample hits a pixel.
        let map = Self.ramp(height: 4, width: 5, channels: 3)
        #expect(try resample(map, [1, 4, 5, 3], customOpMatrix([1, 0, 0, 0], [0, 1, 0, 0]), outHeight: 4, outWidth: 5) == map)
    }

    @Test func betweenPixelsInterpolatesAndPastTheLastPixelIsZero() throws {
        // Shift by (0.25, 0.75): the ramp is linear, so bilinear sampling reproduces it exactly,
        // 10·(y + 0.75) + x + 0.25, until the sample passes the last column (x + 0.25 > 4) or
        // row (y + 0.75 > 3), where MediaPipe writes 0 rather than clamping.
        let output = try resample(
            Self.ramp(height: 4, width: 5), [1, 4, 5, 1], customOpMatrix([1, 0, 0, 0.25], [0, 1, 0, 0.75]),
            outHeight: 4, outWidth: 5)
        for y in 0..<4 {
            for x in 0..<5 {
                let inside = x < 4 && y < 3
                #expect(output[y * 5 + x] == (inside ? 10 * (Float(y) + 0.75) + Float(x) + 0.25 : 0), "pixel (\(x), \(y))")
            }
        }
    }

    @Test func halfPixelShiftAveragesNeighbours() throws {
        let map: [Float] = [0, 8, 2, 100, 4, 6, 1, 3]  // 2 rows × 4 columns
        let output = try resample(map, [1, 2, 4, 1], customOpMatrix([1, 0, 0, 0.5], [0, 1, 0, 0]), outHeight: 2, outWidth: 4)
        #expect(output == [4, 5, 51, 0, 5, 3.5, 2, 0])
    }

    @Test func scaleTwoAveragesTwoByTwoBlocks() throws {
        // Crop pixel centre (x + 0.5)·2 − 0.5 = 2x + 0.5: halfway between pixels 2x and 2x + 1.
        let map = Self.ramp(height: 4, width: 4, channels: 2)
        let output = try resample(map, [1, 4, 4, 2], customOpMatrix([2, 0, 0, 0], [0, 2, 0, 0]), outHeight: 2, outWidth: 2)
        // Block average of 10·y + x over y ∈ {2Y, 2Y+1}, x ∈ {2X, 2X+1} is 10·(2Y + 0.5) + 2X + 0.5.
        var expected: [Float] = []
        for y in 0..<2 {
            for x in 0..<2 { for c in 0..<2 { expected.append(10 * (2 * Float(y) + 0.5) + 2 * Float(x) + 0.5 + 100 * Float(c)) } }
        }
        #expect(output == expected)
    }

    @Test func matrixRowsAreRowMajorAndTheThirdColumnIsIgnored() throws {
        // Rows (0, −1, 100, 3) and (1, 0, −50, 0): sample x = 3 − (y + 0.5) − 0.5 = 2 − y,
        // sample y = x. A quarter turn; the z column (100, −50) must change nothing.
        let map = Self.ramp(height: 3, width: 3)
        let output = try resample(map, [1, 3, 3, 1], customOpMatrix([0, -1, 100, 3], [1, 0, -50, 0]), outHeight: 3, outWidth: 3)
        for y in 0..<3 { for x in 0..<3 { #expect(output[y * 3 + x] == map[x * 3 + (2 - y)], "pixel (\(x), \(y))") } }
    }

    @Test func edgesAreInsideUpToTheLastPixelExactly() throws {
        // Shift 1 on a 3-wide row: samples at 1, 2 (= W − 1, still inside) and 3 (outside).
        let output = try resample([5, 6, 7], [1, 1, 3, 1], customOpMatrix([1, 0, 0, 1], [0, 1, 0, 0]), outHeight: 1, outWidth: 3)
        #expect(output == [6, 7, 0])
        // A sample just below 0 is outside: no clamping to the first pixel.
        let before = try resample([5, 6, 7], [1, 1, 3, 1], customOpMatrix([1, 0, 0, -0.01], [0, 1, 0, 0]), outHeight: 1, outWidth: 3)
        #expect(before[0] == 0 && abs(before[1] - 5.99) < 1e-5)
    }

    @Test func nonFiniteMatrixGivesZerosNotACrash() throws {
        let map = Self.ramp(height: 2, width: 2)
        for bad: Float in [.nan, .infinity, -.infinity] {
            let output = try resample(map, [1, 2, 2, 1], customOpMatrix([bad, 0, 0, 0], [0, 1, 0, 0]), outHeight: 2, outWidth: 2)
            #expect(output == [0, 0, 0, 0], "\(bad)")
        }
        let huge = try resample(map, [1, 2, 2, 1], customOpMatrix([1, 0, 0, 3e38], [0, 1, 0, 0]), outHeight: 2, outWidth: 2)
        #expect(huge == [0, 0, 0, 0])
    }

    @Test func modelOptionsGiveASixteenBySixteenCrop() throws {
        let harness = CustomOpHarness(
            "TransformTensorBilinear", options: .custom(AttentionModelOptions.transformTensorBilinear),
            inputShapes: [[1, 48, 48, 32], [1, 4, 4]], declaredOutputShape: [1, 16, 16, 32])
        #expect(try harness.makeKernel().outputShapes == [[1, 16, 16, 32]])
    }

    @Test func refusesWhatItCannotComputeFaithfully() {
        func harness(
            _ options: OperatorOptions, _ map: [Int] = [1, 4, 4, 2], _ matrix: [Int] = [1, 4, 4],
            declared: [Int] = []
        ) -> CustomOpHarness {
            CustomOpHarness("TransformTensorBilinear", options: options, inputShapes: [map, matrix], declaredOutputShape: declared)
        }
        let good = Self.options(height: 2, width: 3)
        expectCustomOpInvalid(harness(good, [1, 4, 4]), mentioning: "[1, H, W, C]")
        expectCustomOpInvalid(harness(good, [2, 4, 4, 2]), mentioning: "[1, H, W, C]")
        expectCustomOpInvalid(harness(good, [1, 4, 4, 2], [4, 4]), mentioning: "[1, 4, 4] transform matrix")
        expectCustomOpInvalid(harness(good, [1, 4, 4, 2], [1, 16]), mentioning: "[1, 4, 4] transform matrix")
        expectCustomOpInvalid(harness(good, declared: [1, 2, 3, 5]), mentioning: "declared [1, 2, 3, 5]")
        expectCustomOpInvalid(harness(Self.options(height: 0, width: 3)), mentioning: "output size")
        expectCustomOpInvalid(harness(.none), mentioning: "'output_height' is missing")
        expectCustomOpInvalid(
            harness(.custom(customOpOptionBytes([("output_size", .ints([2, 3])), ("mode", .int(0))]))),
            mentioning: "unexpected custom option(s)")
        expectCustomOpInvalid(harness(.custom([1, 2, 3, 4])), mentioning: "custom options")
        let oneInput = CustomOpHarness("TransformTensorBilinear", options: good, inputShapes: [[1, 4, 4, 2]])
        expectCustomOpInvalid(oneInput, mentioning: "expected 2 input(s)")
    }
}
