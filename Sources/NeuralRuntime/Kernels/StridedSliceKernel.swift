/// STRIDED_SLICE with constant int32 begin, end and strides, for inputs of rank 1 to 4.
///
/// Follows TFLite's reference semantics per axis: a negative begin or end counts from the end
/// of the axis; begin_mask / end_mask bits mean "from the first" / "to the last" element in the
/// direction of the stride; indices are clamped into the axis; the `offset` option makes end
/// relative to begin; shrink_axis_mask takes the single element at begin and drops the axis
/// from the output shape. Negative strides walk backwards. ellipsis_mask and new_axis_mask are
/// rejected (the face models use neither).
public final class StridedSliceKernel: Kernel {
    public static let factory: KernelFactory = { setup throws(RuntimeError) in try StridedSliceKernel(setup: setup) }

    public let outputShapes: [[Int]]

    /// Per axis, left-padded to rank 4: first input index, step in input elements, count.
    private let starts: [Int]
    private let steps: [Int]
    private let counts: [Int]

    init(setup: KernelSetup) throws(RuntimeError) {
        guard case .stridedSlice(let options) = setup.operation.options else {
            throw setup.invalid("expected StridedSliceOptions")
        }
        guard setup.operation.inputs.count == 4, setup.operation.outputs.count == 1 else {
            throw setup.invalid("expects input, begin, end and strides, and one output")
        }
        guard options.ellipsisMask == 0 else { throw setup.invalid("ellipsis_mask is not supported") }
        guard options.newAxisMask == 0 else { throw setup.invalid("new_axis_mask is not supported") }
        let shape = try setup.requireShape(0)
        let rank = shape.count
        guard (1...4).contains(rank) else { throw setup.invalid("input rank \(rank) is not supported (1 to 4)") }
        let begin = try setup.requireConstantInts(1, role: "begin")
        let end = try setup.requireConstantInts(2, role: "end")
        let strides = try setup.requireConstantInts(3, role: "strides")
        guard begin.count == rank, end.count == rank, strides.count == rank else {
            throw setup.invalid("begin, end and strides must each have \(rank) values, got \(begin.count), \(end.count), \(strides.count)")
        }
        guard strides.allSatisfy({ $0 != 0 }) else { throw setup.invalid("strides must be non-zero: \(strides)") }

        let inputStrides = contiguousStrides(shape)
        var starts = [Int](), steps = [Int](), counts = [Int](), output = [Int]()
        for axis in 0..<rank {
            let size = shape[axis], stride = strides[axis]
            let bit = Int32(1) << Int32(axis)
            let shrinks = options.shrinkAxisMask & bit != 0
            // Valid positions are 0 ..< size going forwards and size-1 ... 0 (stop -1) backwards.
            func clampIndex(_ index: Int) -> Int {
                let wrapped = index < 0 ? index + size : index
                return stride > 0 ? min(max(wrapped, 0), size) : min(max(wrapped, -1), size - 1)
            }
            let start =
                options.beginMask & bit != 0
                ? (stride > 0 ? 0 : size - 1)
                : clampIndex(begin[axis])
            let count: Int
            if shrinks {
                let index =
                    options.beginMask & bit != 0
                    ? (stride > 0 ? 0 : size - 1)
                    : begin[axis] < 0 ? begin[axis] + size : begin[axis]
                guard index >= 0, index < size else {
                    throw setup.invalid("shrunk axis \(axis) index \(begin[axis]) is outside size \(size)")
                }
                starts.append(index); steps.append(inputStrides[axis]); counts.append(1)
                continue
            } else {
                let stop: Int
                if options.endMask & bit != 0 {
                    stop = stride > 0 ? size : -1
                } else {
                    stop = clampIndex(options.offset ? begin[axis] + end[axis] : end[axis])
                }
                count =
                    stride > 0
                    ? max(0, (stop - start + stride - 1) / stride)
                    : max(0, (start - stop - stride - 1) / -stride)
            }
            starts.append(start); steps.append(stride * inputStrides[axis]); counts.append(count)
            output.append(count)
        }
        outputShapes = [output]
        let missing = 4 - rank
        self.starts = [Int](repeating: 0, count: missing) + starts.indices.map { starts[$0] * inputStrides[$0] }
        self.steps = [Int](repeating: 0, count: missing) + steps
        self.counts = [Int](repeating: 1, count: missing) + counts
    }

    public func run(inputs: [UnsafePointer<Float>?], outputs: [UnsafeMutablePointer<Float>]) {
        var output = outputs[0]
        guard counts.allSatisfy({ $0 > 0 }) else { return }
        let base = inputs[0]! + starts[0] + starts[1] + starts[2] + starts[3]
        for i0 in 0..<counts[0] {
            for i1 in 0..<counts[1] {
                for i2 in 0..<counts[2] {
                    let row = base + i0 * steps[0] + i1 * steps[1] + i2 * steps[2]
                    if steps[3] == 1 {
                        copyFloats(from: row, to: output, count: counts[3])
                    } else {
                        for i3 in 0..<counts[3] { output[i3] = row[i3 * steps[3]] }
                    }
                    output += counts[3]
                }
            }
        }
    }
}
