import Foundation
import Testing

@testable import NeuralRuntime

/// Timings of the hot kernels at the face models' shapes, for whoever tunes them. Off by
/// default (debug-build timings mean nothing); run optimised with
///
///     KERNEL_BENCHMARK=1 swift test -c release --scratch-path .build-kernels --filter KernelBenchmark
///
/// and add `-Xswiftc -target-cpu -Xswiftc znver4 -Xswiftc -DNEURAL_RUNTIME_WIDE_VECTORS` (or
/// another AVX2/AVX-512 CPU) to see the wide-vector build. Prints GFLOP/s (2 x multiply-adds
/// per second) for convolutions and GB/s (bytes read + written) for the memory-bound kernels.
/// Serialized: timings taken in parallel would measure each other.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["KERNEL_BENCHMARK"] != nil))
struct KernelBenchmarkKernelTests {
    /// Best time per run over several bursts of about 20 ms, after a warm-up.
    static func secondsPerRun(_ kernel: any Kernel, inputs: [[Float]?]) -> Double {
        let inputBuffers = inputs.map { values -> UnsafeMutablePointer<Float>? in
            guard let values else { return nil }
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: values.count)
            buffer.initialize(from: values, count: values.count)
            return buffer
        }
        let outputBuffers = kernel.outputShapes.map { shape -> UnsafeMutablePointer<Float> in
            let count = shape.reduce(1, *)
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count)
            buffer.initialize(repeating: 0, count: count)
            return buffer
        }
        defer {
            inputBuffers.forEach { $0?.deallocate() }
            outputBuffers.forEach { $0.deallocate() }
        }
        let pointers = inputBuffers.map { $0.map { UnsafePointer($0) } }
        for _ in 0..<20 { kernel.run(inputs: pointers, outputs: outputBuffers) }
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<10 {
            var runs = 0
            let start = clock.now
            repeat {
                kernel.run(inputs: pointers, outputs: outputBuffers)
                runs += 1
            } while clock.now - start < .milliseconds(20)
            let elapsed = clock.now - start
            best = min(best, (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18) / Double(runs))
        }
        return best
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    @Test(
        "CONV_2D",
        arguments: [
            (48, 48, 32, 32, 1, 1), (12, 12, 128, 128, 1, 1), (24, 24, 64, 64, 1, 1), (96, 96, 16, 16, 1, 1),
            (1, 1, 128, 1404, 1, 1), (192, 192, 3, 16, 3, 2), (128, 128, 3, 24, 5, 2), (32, 32, 64, 64, 2, 2),
        ])
    func convolution(_ shape: (Int, Int, Int, Int, Int, Int)) throws {
        let (height, width, inChannels, outChannels, kernelSize, stride) = shape
        let weightShape = [outChannels, kernelSize, kernelSize, inChannels]
        let padding: Padding = kernelSize == 2 ? .valid : .same
        let harness = KernelHarness(
            .conv2D, .conv2D(Conv2DOptions(padding: padding, strideWidth: stride, strideHeight: stride)),
            inputs: [
                .activation([1, height, width, inChannels], randomFloats(height * width * inChannels, seed: 1)),
                .constant(weightShape, randomFloats(weightShape.reduce(1, *), seed: 2)),
                .constant([outChannels], randomFloats(outChannels, seed: 3)),
            ])
        let kernel = try harness.prepare()
        let seconds = Self.secondsPerRun(kernel, inputs: harness.inputs.map(\.runValues))
        let output = kernel.outputShapes[0]
        let multiplyAdds = Double(output[1] * output[2] * outChannels * kernelSize * kernelSize * inChannels)
        print(
            "CONV_2D \(height)x\(width)x\(inChannels) -> \(outChannels) k\(kernelSize) s\(stride): "
                + "\(Self.format(seconds * 1e6)) us, \(Self.format(2 * multiplyAdds / seconds / 1e9)) GFLOP/s")
    }

    @Test("DEPTHWISE_CONV_2D 3x3", arguments: [(96, 96, 16, 1), (48, 48, 32, 1), (24, 24, 64, 1), (12, 12, 128, 1), (96, 96, 16, 2)])
    func depthwise(_ shape: (Int, Int, Int, Int)) throws {
        let (height, width, channels, stride) = shape
        let harness = KernelHarness(
            .depthwiseConv2D, .depthwiseConv2D(DepthwiseConv2DOptions(padding: .same, strideWidth: stride, strideHeight: stride)),
            inputs: [
                .activation([1, height, width, channels], randomFloats(height * width * channels, seed: 1)),
                .constant([1, 3, 3, channels], randomFloats(9 * channels, seed: 2)),
                .constant([channels], randomFloats(channels, seed: 3)),
            ])
        let kernel = try harness.prepare()
        let seconds = Self.secondsPerRun(kernel, inputs: harness.inputs.map(\.runValues))
        let bytes = Double(height * width * channels + kernel.outputShapes[0].reduce(1, *)) * 4
        print(
            "DEPTHWISE_CONV_2D \(height)x\(width)x\(channels) s\(stride): \(Self.format(seconds * 1e6)) us, \(Self.format(bytes / seconds / 1e9)) GB/s"
        )
    }

    @Test("PRELU and ADD", arguments: [(96, 96, 16), (12, 12, 128)])
    func elementwise(_ shape: (Int, Int, Int)) throws {
        let (height, width, channels) = shape
        let count = height * width * channels
        let input = KernelInput.activation([1, height, width, channels], randomFloats(count, seed: 1))
        for (name, harness, bytes) in [
            ("PRELU", KernelHarness(.prelu, inputs: [input, .constant([1, 1, channels], randomFloats(channels, seed: 2))]), 8 * count),
            ("ADD", KernelHarness(.add, .elementwise(activation: .none), inputs: [input, input]), 12 * count),
        ] {
            let seconds = Self.secondsPerRun(try harness.prepare(), inputs: harness.inputs.map(\.runValues))
            print(
                "\(name) \(height)x\(width)x\(channels): \(Self.format(seconds * 1e6)) us, \(Self.format(Double(bytes) / seconds / 1e9)) GB/s"
            )
        }
    }
}
