import Testing

@testable import NeuralRuntime

@Suite struct TransformLandmarksCustomOpTests {
    func transform(_ landmarks: [Float], dimensions: Int, _ matrix: [Float]) throws -> [Float] {
        let shape = [1, landmarks.count / dimensions, dimensions]
        return try CustomOpHarness(
            "TransformLandmarks", options: .custom([]), inputShapes: [shape, [1, 4, 4]],
            declaredOutputShape: shape
        ).run([landmarks, matrix])
    }

    /// (x, y) → (−2y + 10, 2x + 20): a quarter turn, scale 2, shift (10, 20).
    static let turnScaleShift = customOpMatrix([0, -2, 0, 10], [2, 0, 0, 20])

    @Test func knownLandmarksLandInKnownPlaces() throws {
        let output = try transform([1, 0, 0, 1, 3, 4], dimensions: 2, Self.turnScaleShift)
        #expect(output == [10, 22, 8, 20, 2, 26])
    }

    @Test func zPassesThroughUntouchedAndTheThirdColumnIsIgnored() throws {
        // z is not an input of the transform (MediaPipe multiplies the matrix by (x, y, 0, 1)),
        // so the third column (here 5 and 7) changes nothing, and z is copied.
        let matrix = customOpMatrix([0, -2, 5, 10], [2, 0, 7, 20])
        let output = try transform([1, 0, -3, 3, 4, 9.5], dimensions: 3, matrix)
        #expect(output == [10, 22, -3, 2, 26, 9.5])
    }

    @Test func identityLeavesLandmarksAlone() throws {
        let landmarks: [Float] = (0..<80 * 2).map { Float($0) * 0.37 - 11 }
        #expect(try transform(landmarks, dimensions: 2, customOpMatrix([1, 0, 0, 0], [0, 1, 0, 0])) == landmarks)
    }

    @Test func noOptionsAtAllIsAlsoVersionTwo() throws {
        let harness = CustomOpHarness(
            "TransformLandmarks", options: .none, inputShapes: [[1, 5, 2], [1, 4, 4]],
            declaredOutputShape: [1, 5, 2])
        #expect(try harness.makeKernel().outputShapes == [[1, 5, 2]])
    }

    @Test func refusesWhatItCannotComputeFaithfully() {
        func harness(
            _ options: OperatorOptions = .custom([]), _ landmarks: [Int] = [1, 5, 2], _ matrix: [Int] = [1, 4, 4],
            declared: [Int] = []
        ) -> CustomOpHarness {
            CustomOpHarness("TransformLandmarks", options: options, inputShapes: [landmarks, matrix], declaredOutputShape: declared)
        }
        expectCustomOpInvalid(harness(.none, [1, 1, 1, 10]), mentioning: "version 1")
        expectCustomOpInvalid(harness(.none, [1, 5, 4]), mentioning: "[1, N, 2] or [1, N, 3]")
        expectCustomOpInvalid(harness(.none, [1, 10]), mentioning: "[1, N, 2] or [1, N, 3]")
        expectCustomOpInvalid(harness(.none, [1, 5, 2], [1, 2, 4]), mentioning: "[1, 4, 4] transform matrix")
        expectCustomOpInvalid(harness(declared: [1, 5, 3]), mentioning: "declared [1, 5, 3]")
        expectCustomOpInvalid(
            harness(.custom(customOpOptionBytes([("dimensions", .int(2)), ("scale", .float(1))]))),
            mentioning: "version 1")
        expectCustomOpInvalid(harness(.custom(customOpOptionBytes([("mystery", .int(2))]))), mentioning: "takes no custom options")
        expectCustomOpInvalid(harness(.custom([9, 9, 9])), mentioning: "custom options")
    }
}

/// The attention model's three operators together, and the registry that offers them.
@Suite struct MediaPipeRegistryCustomOpTests {
    @Test func registryOffersExactlyTheFourOperators() {
        let names = Set(KernelRegistry.mediaPipeCustomOps.supportedOperators.map(\.description))
        #expect(
            names == [
                "CUSTOM:Landmarks2TransformMatrix", "CUSTOM:TransformTensorBilinear", "CUSTOM:TransformLandmarks",
                "CUSTOM:Convolution2DTransposeBias",
            ])
    }

    /// Landmarks2TransformMatrix's matrix, fed to TransformTensorBilinear, crops the region it
    /// describes: on a linear feature map every crop pixel must hold the map's value at the
    /// crop pixel's centre mapped through the matrix (minus the half-pixel shift).
    @Test func matrixAndResamplerAgreeOnWhereTheCropIs() throws {
        let options = LandmarksToTransformMatrixCustomOpTests.options(subset: [2, 3, 4, 5])
        let landmarks = LandmarksToTransformMatrixCustomOpTests.boxLandmarks(left: (0, 0), right: (10, 0))
        let matrix = try CustomOpHarness("Landmarks2TransformMatrix", options: options, inputShapes: [[1, 6, 3]]).run([landmarks])

        let (height, width) = (80, 60)
        var map: [Float] = []
        for y in 0..<height { for x in 0..<width { map.append(Float(x) + 100 * Float(y)) } }
        let crop = try CustomOpHarness(
            "TransformTensorBilinear", options: TransformTensorBilinearCustomOpTests.options(height: 16, width: 16),
            inputShapes: [[1, height, width, 1], [1, 4, 4]]
        ).run([map, matrix])
        for y in 0..<16 {
            for x in 0..<16 {
                let sampleX = 1.875 * (Float(x) + 0.5) + 5 - 0.5
                let sampleY = 3.75 * (Float(y) + 0.5) + 10 - 0.5
                let value = crop[y * 16 + x]
                #expect(abs(value - (sampleX + 100 * sampleY)) < 1e-3, "crop pixel (\(x), \(y)): \(value)")
            }
        }
    }
}
