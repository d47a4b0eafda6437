/// PAD: constant zero padding. Paddings come from an int32 constant [rank, 2] of (before,
/// after) per axis; negative paddings (cropping) are rejected. Rank up to 4. The face models
/// pad only channels (e.g. 24 -> 32) so a narrower block's output can be added to a wider one's.
public final class PadKernel: Kernel {
    public static let factory: KernelFactory = { setup throws(RuntimeError) in try PadKernel(setup: setup) }

    public let outputShapes: [[Int]]

    /// Input and output shapes and leading paddings, left-padded with size-1 axes to rank 4.
    private let inputShape4: [Int]
    private let outputShape4: [Int]
    private let before4: [Int]

    init(setup: KernelSetup) throws(RuntimeError) {
        guard setup.operation.inputs.count == 2, setup.operation.outputs.count == 1 else {
            throw setup.invalid("expects input and paddings, and one output")
        }
        let shape = try setup.requireShape(0)
        guard (1...4).contains(shape.count) else { throw setup.invalid("input rank \(shape.count) is not supported (1 to 4)") }
        let paddings = try setup.requireConstantInts(1, role: "paddings")
        guard paddings.count == shape.count * 2 else {
            throw setup.invalid("paddings hold \(paddings.count) values for an input of rank \(shape.count); expected [\(shape.count), 2]")
        }
        guard paddings.allSatisfy({ $0 >= 0 }) else { throw setup.invalid("negative paddings are not supported: \(paddings)") }
        let output = shape.indices.map { shape[$0] + paddings[2 * $0] + paddings[2 * $0 + 1] }
        outputShapes = [output]
        let missing = 4 - shape.count
        inputShape4 = [Int](repeating: 1, count: missing) + shape
        outputShape4 = [Int](repeating: 1, count: missing) + output
        before4 = [Int](repeating: 0, count: missing) + shape.indices.map { paddings[2 * $0] }
    }

    public func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        let input = inputs[0]!
        var output = outputs[0]
        let (inShape, outShape, before) = (inputShape4, outputShape4, before4)
        let rowLength = inShape[3]
        let tailLength = outShape[3] - before[3] - rowLength
        var source = input
        // Walk output rows (all but the last axis) in order; each is zeros, or zeros + input row + zeros.
        for i0 in 0..<outShape[0] {
            let inside0 = i0 >= before[0] && i0 < before[0] + inShape[0]
            for i1 in 0..<outShape[1] {
                let inside1 = inside0 && i1 >= before[1] && i1 < before[1] + inShape[1]
                for i2 in 0..<outShape[2] {
                    if inside1 && i2 >= before[2] && i2 < before[2] + inShape[2] {
                        zeroFloats(output, count: before[3])
                        copyFloats(from: source, to: output + before[3], count: rowLength)
                        zeroFloats(output + before[3] + rowLength, count: tailLength)
                        source += rowLength
                    } else {
                        zeroFloats(output, count: outShape[3])
                    }
                    output += outShape[3]
                }
            }
        }
    }
}
