import Testing

@testable import NeuralRuntime

struct ResizeCase: Sendable, CustomTestStringConvertible {
    var batch = 1
    var height: Int
    var width: Int
    var channels: Int
    var outHeight: Int
    var outWidth: Int
    var alignCorners = false
    var halfPixelCenters = false
    var testDescription: String {
        let convention = alignCorners ? "align_corners" : halfPixelCenters ? "half_pixel" : "plain"
        return "\(batch)x\(height)x\(width)x\(channels) -> \(outHeight)x\(outWidth) \(convention)"
    }
}

/// TFLite's float RESIZE_BILINEAR written out per element: source coordinates in float32 as
/// TFLite computes them, the interpolation accumulated in double.
func referenceResizeBilinear(_ c: ResizeCase, _ input: [Float]) -> [Float] {
    func source(_ index: Int, input: Int, output: Int) -> (low: Int, high: Int, fraction: Double) {
        let scale: Float = c.alignCorners && output > 1 ? Float(input - 1) / Float(output - 1) : Float(input) / Float(output)
        let position: Float = c.halfPixelCenters ? (Float(index) + 0.5) * scale - 0.5 : Float(index) * scale
        let low = max(Int(position.rounded(.down)), 0)
        let high = min(Int(position.rounded(.up)), input - 1)
        return (low, high, Double(position) - Double(low))
    }
    func at(_ n: Int, _ y: Int, _ x: Int, _ ch: Int) -> Double {
        Double(input[((n * c.height + y) * c.width + x) * c.channels + ch])
    }
    var output = [Float]()
    for n in 0..<c.batch {
        for oy in 0..<c.outHeight {
            let (y0, y1, dy) = source(oy, input: c.height, output: c.outHeight)
            for ox in 0..<c.outWidth {
                let (x0, x1, dx) = source(ox, input: c.width, output: c.outWidth)
                for ch in 0..<c.channels {
                    let value =
                        at(n, y0, x0, ch) * (1 - dy) * (1 - dx) + at(n, y1, x0, ch) * dy * (1 - dx)
                        + at(n, y0, x1, ch) * (1 - dy) * dx + at(n, y1, x1, ch) * dy * dx
                    output.append(Float(value))
                }
            }
        }
    }
    return output
}

/// Prepares through `ResizeBilinearKernel.factory` directly (the registry entry is added separately).
private func prepareResize(_ harness: KernelHarness) throws(RuntimeError) -> any Kernel {
    try ResizeBilinearKernel.factory(harness.setup)
}

private func resizeHarness(
    _ inputShape: [Int], _ values: [Float], size: [Int32], alignCorners: Bool = false,
    halfPixelCenters: Bool = false
) -> KernelHarness {
    KernelHarness(
        .resizeBilinear, .resizeBilinear(alignCorners: alignCorners, halfPixelCenters: halfPixelCenters),
        inputs: [.activation(inputShape, values), .ints([2], size)])
}

private func runResize(_ harness: KernelHarness) throws -> (shape: [Int], values: [Float]) {
    let kernel = try prepareResize(harness)
    return KernelHarness.run(kernel, inputs: harness.inputs.map(\.runValues))[0]
}

private func expectResizeInvalid(
    _ harness: KernelHarness, mentioning fragment: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        _ = try prepareResize(harness)
        Issue.record("expected preparation to fail mentioning '\(fragment)'", sourceLocation: sourceLocation)
    } catch {
        guard case .invalidOperation(_, _, _, let reason) = error else {
            Issue.record("expected invalidOperation, got \(error)", sourceLocation: sourceLocation)
            return
        }
        #expect(reason.contains(fragment), "reason '\(reason)' does not mention '\(fragment)'", sourceLocation: sourceLocation)
    }
}

@Suite struct ResizeBilinearKernelTests {
    static let cases: [ResizeCase] = {
        var cases: [ResizeCase] = [
            // face_detection_full_range: 2x upsampling, half-pixel centres.
            ResizeCase(height: 6, width: 6, channels: 64, outHeight: 12, outWidth: 12, halfPixelCenters: true),
            ResizeCase(height: 12, width: 12, channels: 48, outHeight: 24, outWidth: 24, halfPixelCenters: true),
        ]
        for (align, half) in [(false, false), (true, false), (false, true)] {
            for channels in [1, 3, 17] {
                // Upsampling, odd sizes and non-integer ratios.
                cases.append(
                    ResizeCase(
                        height: 5, width: 7, channels: channels, outHeight: 10, outWidth: 14, alignCorners: align, halfPixelCenters: half))
                cases.append(
                    ResizeCase(
                        batch: 2, height: 3, width: 4, channels: channels, outHeight: 7, outWidth: 9, alignCorners: align,
                        halfPixelCenters: half))
                // Downsampling, including to a single row/column.
                cases.append(
                    ResizeCase(
                        height: 9, width: 11, channels: channels, outHeight: 4, outWidth: 5, alignCorners: align, halfPixelCenters: half))
                cases.append(
                    ResizeCase(
                        height: 7, width: 6, channels: channels, outHeight: 1, outWidth: 3, alignCorners: align, halfPixelCenters: half))
            }
            // Mixed: up in one axis, down in the other; a 1-pixel input; identity size.
            cases.append(
                ResizeCase(height: 4, width: 13, channels: 20, outHeight: 11, outWidth: 5, alignCorners: align, halfPixelCenters: half))
            cases.append(
                ResizeCase(height: 1, width: 1, channels: 5, outHeight: 3, outWidth: 4, alignCorners: align, halfPixelCenters: half))
            cases.append(
                ResizeCase(height: 5, width: 5, channels: 6, outHeight: 5, outWidth: 5, alignCorners: align, halfPixelCenters: half))
        }
        return cases
    }()

    @Test("matches the reference", arguments: cases)
    func matchesReference(_ c: ResizeCase) throws {
        let input = randomFloats(c.batch * c.height * c.width * c.channels, seed: 23 &+ UInt64(c.channels * 131 + c.outWidth), in: -4...4)
        let harness = resizeHarness(
            [c.batch, c.height, c.width, c.channels], input, size: [Int32(c.outHeight), Int32(c.outWidth)],
            alignCorners: c.alignCorners, halfPixelCenters: c.halfPixelCenters)
        let output = try runResize(harness)
        #expect(output.shape == [c.batch, c.outHeight, c.outWidth, c.channels])
        expectClose(output.values, referenceResizeBilinear(c, input), tolerance: 1e-6)
    }

    /// Values worked out by hand from TFLite's formulas, one axis at a time.
    @Test func handComputedRows() throws {
        // [0, 1] widened to 4. half-pixel: positions -0.25, 0.25, 0.75, 1.25 (both ends clamp).
        var output = try runResize(resizeHarness([1, 1, 2, 1], [0, 1], size: [1, 4], halfPixelCenters: true))
        #expect(output.values == [0, 0.25, 0.75, 1])
        // Plain: positions 0, 0.5, 1, 1.5 (the last clamps to the last pixel).
        output = try runResize(resizeHarness([1, 1, 2, 1], [0, 1], size: [1, 4]))
        #expect(output.values == [0, 0.5, 1, 1])
        // align_corners to 3: positions 0, 0.5, 1.
        output = try runResize(resizeHarness([1, 1, 2, 1], [0, 1], size: [1, 3], alignCorners: true))
        #expect(output.values == [0, 0.5, 1])
        // align_corners to a single column uses in/out as the scale: position 0.
        output = try runResize(resizeHarness([1, 1, 4, 1], [3, 5, 7, 9], size: [1, 1], alignCorners: true))
        #expect(output.values == [3])
        // Downsampling 4 -> 2. Plain: positions 0, 2. Half-pixel: 0.5, 2.5.
        output = try runResize(resizeHarness([1, 4, 1, 1], [0, 1, 2, 3], size: [2, 1]))
        #expect(output.values == [0, 2])
        output = try runResize(resizeHarness([1, 4, 1, 1], [0, 1, 2, 3], size: [2, 1], halfPixelCenters: true))
        #expect(output.values == [0.5, 2.5])
        // 2x2 -> 4x4 half-pixel: separable weights 0.75/0.25 inside, clamped at the edges.
        output = try runResize(resizeHarness([1, 2, 2, 1], [0, 4, 8, 12], size: [4, 4], halfPixelCenters: true))
        #expect(
            output.values == [
                0, 1, 3, 4,
                2, 3, 5, 6,
                6, 7, 9, 10,
                8, 9, 11, 12,
            ])
    }

    @Test func runsRepeatablyWithoutState() throws {
        let c = ResizeCase(height: 6, width: 6, channels: 33, outHeight: 12, outWidth: 12, halfPixelCenters: true)
        let input = randomFloats(6 * 6 * 33, seed: 7)
        let harness = resizeHarness([1, 6, 6, 33], input, size: [12, 12], halfPixelCenters: true)
        let kernel = try prepareResize(harness)
        let first = KernelHarness.run(kernel, inputs: [input, nil])[0].values
        let second = KernelHarness.run(kernel, inputs: [input, nil])[0].values
        #expect(first == second)
        expectClose(first, referenceResizeBilinear(c, input), tolerance: 1e-6)
    }

    @Test func rejectsNonConstantSize() {
        let harness = KernelHarness(
            .resizeBilinear, .resizeBilinear(alignCorners: false, halfPixelCenters: true),
            inputs: [.activation([1, 2, 2, 1], [0, 1, 2, 3]), .activation([2], [4, 4])])
        expectResizeInvalid(harness, mentioning: "int32 constant")
        let floatConstant = KernelHarness(
            .resizeBilinear, .resizeBilinear(alignCorners: false, halfPixelCenters: true),
            inputs: [.activation([1, 2, 2, 1], [0, 1, 2, 3]), .constant([2], [4, 4])])
        expectResizeInvalid(floatConstant, mentioning: "int32 constant")
    }

    @Test func rejectsWrongRanks() {
        expectResizeInvalid(resizeHarness([2, 2, 1], [0, 1, 2, 3], size: [4, 4]), mentioning: "rank 4")
        expectResizeInvalid(resizeHarness([1, 1, 2, 2, 1], [0, 1, 2, 3], size: [4, 4]), mentioning: "rank 4")
        let sizeRank2 = KernelHarness(
            .resizeBilinear, .resizeBilinear(alignCorners: false, halfPixelCenters: false),
            inputs: [.activation([1, 2, 2, 1], [0, 1, 2, 3]), .ints([1, 2], [4, 4])])
        expectResizeInvalid(sizeRank2, mentioning: "shape [2]")
        let sizeThree = KernelHarness(
            .resizeBilinear, .resizeBilinear(alignCorners: false, halfPixelCenters: false),
            inputs: [.activation([1, 2, 2, 1], [0, 1, 2, 3]), .ints([3], [4, 4, 1])])
        expectResizeInvalid(sizeThree, mentioning: "shape [2]")
    }

    @Test func rejectsBadSizesAndOptions() {
        expectResizeInvalid(resizeHarness([1, 2, 2, 1], [0, 1, 2, 3], size: [0, 4]), mentioning: "positive")
        expectResizeInvalid(resizeHarness([1, 2, 2, 1], [0, 1, 2, 3], size: [4, -1]), mentioning: "positive")
        expectResizeInvalid(
            resizeHarness([1, 2, 2, 1], [0, 1, 2, 3], size: [4, 4], alignCorners: true, halfPixelCenters: true),
            mentioning: "align_corners must be false")
        let noOptions = KernelHarness(.resizeBilinear, .none, inputs: [.activation([1, 2, 2, 1], [0, 1, 2, 3]), .ints([2], [4, 4])])
        expectResizeInvalid(noOptions, mentioning: "ResizeBilinearOptions")
        let noSize = KernelHarness(
            .resizeBilinear, .resizeBilinear(alignCorners: false, halfPixelCenters: false),
            inputs: [.activation([1, 2, 2, 1], [0, 1, 2, 3])])
        expectResizeInvalid(noSize, mentioning: "two inputs")
    }
}
