/// The builtin TFLite operators this runtime implements, one kernel file each.
extension KernelRegistry {
    public static let builtins = KernelRegistry([
        .builtin(.add): AddKernel.factory,
        .builtin(.averagePool2D): AveragePool2DKernel.factory,
        .builtin(.concatenation): ConcatenationKernel.factory,
        .builtin(.conv2D): Conv2DKernel.factory,
        .builtin(.depthToSpace): DepthToSpaceKernel.factory,
        .builtin(.depthwiseConv2D): DepthwiseConv2DKernel.factory,
        .builtin(.dequantize): DequantizeKernel.factory,
        .builtin(.hardSwish): HardSwishKernel.factory,
        .builtin(.logistic): LogisticKernel.factory,
        .builtin(.maxPool2D): MaxPool2DKernel.factory,
        .builtin(.mul): MulKernel.factory,
        .builtin(.pad): PadKernel.factory,
        .builtin(.prelu): PReLUKernel.factory,
        .builtin(.relu): ReluKernel.factory,
        .builtin(.reshape): ReshapeKernel.factory,
        .builtin(.resizeBilinear): ResizeBilinearKernel.factory,
        .builtin(.stridedSlice): StridedSliceKernel.factory,
    ])
}
