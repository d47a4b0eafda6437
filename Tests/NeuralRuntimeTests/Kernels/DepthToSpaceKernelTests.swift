import Testing

@testable import NeuralRuntime

struct DepthToSpaceCase: Sendable, CustomTestStringConvertible {
    var batch = 1
    var height: Int
    var width: Int
    var channels: Int
    var block: Int
    var testDescription: String { "\(batch)x\(height)x\(width)x\(channels) block \(block)" }
}

/// TensorFlow's NHWC DEPTH_TO_SPACE (DCR), one output element at a time:
/// output[n, y, x, c] = input[n, y / b, x / b, ((y % b) * b + x % b) * outChannels + c].
func referenceDepthToSpace(_ c: DepthToSpaceCase, _ input: [Float]) -> [Float] {
    let b = c.block, outChannels = c.channels / (b * b)
    var output = [Float]()
    for n in 0..<c.batch {
        for y in 0..<(c.height * b) {
            for x in 0..<(c.width * b) {
                for ch in 0..<outChannels {
                    let inChannel = ((y % b) * b + x % b) * outChannels + ch
                    output.append(input[((n * c.height + y / b) * c.width + x / b) * c.channels + inChannel])
                }
            }
        }
    }
    return output
}

/// Prepares through `DepthToSpaceKernel.factory` directly (the registry entry is added separately).
private func prepareDepthToSpace(_ harness: KernelHarness) throws(RuntimeError) -> any Kernel {
    try DepthToSpaceKernel.factory(harness.setup)
}

private func depthToSpaceHarness(_ shape: [Int], _ values: [Float], block: Int) -> KernelHarness {
    KernelHarness(.depthToSpace, .depthToSpace(blockSize: block), inputs: [.activation(shape, values)])
}

private func runDepthToSpace(_ harness: KernelHarness) throws -> (shape: [Int], values: [Float]) {
    let kernel = try prepareDepthToSpace(harness)
    return KernelHarness.run(kernel, inputs: harness.inputs.map(\.runValues))[0]
}

private func expectDepthToSpaceInvalid(
    _ harness: KernelHarness, mentioning fragment: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        _ = try prepareDepthToSpace(harness)
        Issue.record("expected preparation to fail mentioning '\(fragment)'", sourceLocation: sourceLocation)
    } catch {
        guard case .invalidOperation(_, _, _, let reason) = error else {
            Issue.record("expected invalidOperation, got \(error)", sourceLocation: sourceLocation)
            return
        }
        #expect(reason.contains(fragment), "reason '\(reason)' does not mention '\(fragment)'", sourceLocation: sourceLocation)
    }
}

@Suite struct DepthToSpaceKernelTests {
    static let cases: [DepthToSpaceCase] = [
        DepthToSpaceCase(height: 4, width: 4, channels: 4, block: 2),  // 1 output channel
        DepthToSpaceCase(height: 5, width: 3, channels: 12, block: 2),  // 3 output channels, odd sizes
        DepthToSpaceCase(height: 3, width: 7, channels: 68, block: 2),  // 17 output channels
        DepthToSpaceCase(batch: 2, height: 6, width: 5, channels: 64, block: 2),
        DepthToSpaceCase(height: 3, width: 5, channels: 9, block: 3),  // 1 output channel
        DepthToSpaceCase(height: 4, width: 3, channels: 27, block: 3),  // 3 output channels
        DepthToSpaceCase(batch: 2, height: 5, width: 2, channels: 153, block: 3),  // 17 output channels
        DepthToSpaceCase(height: 2, width: 2, channels: 6, block: 1),  // block 1 is the identity
        DepthToSpaceCase(height: 1, width: 1, channels: 32, block: 4),
    ]

    @Test("matches the reference", arguments: cases)
    func matchesReference(_ c: DepthToSpaceCase) throws {
        let input = randomFloats(c.batch * c.height * c.width * c.channels, seed: 5 &+ UInt64(c.channels * 17 + c.block))
        let output = try runDepthToSpace(depthToSpaceHarness([c.batch, c.height, c.width, c.channels], input, block: c.block))
        #expect(output.shape == [c.batch, c.height * c.block, c.width * c.block, c.channels / (c.block * c.block)])
        #expect(output.values == referenceDepthToSpace(c, input))
    }

    /// The examples of TensorFlow's tf.nn.depth_to_space documentation.
    @Test func documentedExamples() throws {
        var output = try runDepthToSpace(depthToSpaceHarness([1, 1, 1, 4], [1, 2, 3, 4], block: 2))
        #expect(output.shape == [1, 2, 2, 1])
        #expect(output.values == [1, 2, 3, 4])

        output = try runDepthToSpace(depthToSpaceHarness([1, 1, 1, 12], (1...12).map(Float.init), block: 2))
        #expect(output.shape == [1, 2, 2, 3])
        #expect(output.values == (1...12).map(Float.init))

        output = try runDepthToSpace(depthToSpaceHarness([1, 2, 2, 4], (1...16).map(Float.init), block: 2))
        #expect(output.shape == [1, 4, 4, 1])
        #expect(
            output.values == [
                1, 2, 5, 6,
                3, 4, 7, 8,
                9, 10, 13, 14,
                11, 12, 15, 16,
            ])
    }

    @Test func rejectsChannelsNotDivisibleByBlockSquared() {
        expectDepthToSpaceInvalid(depthToSpaceHarness([1, 2, 2, 6], randomFloats(24, seed: 1), block: 2), mentioning: "not divisible")
        expectDepthToSpaceInvalid(depthToSpaceHarness([1, 2, 2, 12], randomFloats(48, seed: 1), block: 3), mentioning: "not divisible")
    }

    @Test func rejectsWrongRanksAndOptions() {
        expectDepthToSpaceInvalid(depthToSpaceHarness([2, 2, 4], randomFloats(16, seed: 1), block: 2), mentioning: "rank 4")
        expectDepthToSpaceInvalid(depthToSpaceHarness([1, 1, 2, 2, 4], randomFloats(16, seed: 1), block: 2), mentioning: "rank 4")
        expectDepthToSpaceInvalid(depthToSpaceHarness([1, 2, 2, 4], randomFloats(16, seed: 1), block: 0), mentioning: "positive")
        let noOptions = KernelHarness(.depthToSpace, .none, inputs: [.activation([1, 2, 2, 4], randomFloats(16, seed: 1))])
        expectDepthToSpaceInvalid(noOptions, mentioning: "DepthToSpaceOptions")
    }
}
