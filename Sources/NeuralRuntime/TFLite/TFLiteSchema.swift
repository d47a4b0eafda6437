/// The part of TFLite's schema (tensorflow/lite/schema/schema.fbs, version 3) this loader reads:
/// field ids of each table, and the codes of the enums and unions it decodes.
///
/// A field's id is its position in the table's declaration, counting from 0; a union takes two ids
/// (its type, then its value). New schema versions only append fields, so these never change.
enum TFLiteSchema {
    /// The only schema version TFLite itself accepts (Model.version).
    static let version: UInt32 = 3
    static let fileIdentifier = "TFL3"

    enum Model {
        static let version = FlatField(0, "version")
        static let operatorCodes = FlatField(1, "operator_codes")
        static let subgraphs = FlatField(2, "subgraphs")
        static let description = FlatField(3, "description")
        static let buffers = FlatField(4, "buffers")
    }

    enum OperatorCode {
        /// int8: the code for operators numbered below 127 (PLACEHOLDER_FOR_GREATER_OP_CODES).
        static let deprecatedBuiltinCode = FlatField(0, "deprecated_builtin_code")
        static let customCode = FlatField(1, "custom_code")
        static let version = FlatField(2, "version")
        /// int32: the code for every operator in files written since the enum outgrew a byte.
        static let builtinCode = FlatField(3, "builtin_code")
    }

    enum SubGraph {
        static let tensors = FlatField(0, "tensors")
        static let inputs = FlatField(1, "inputs")
        static let outputs = FlatField(2, "outputs")
        static let operators = FlatField(3, "operators")
        static let name = FlatField(4, "name")
    }

    enum Tensor {
        static let shape = FlatField(0, "shape")
        static let type = FlatField(1, "type")
        static let buffer = FlatField(2, "buffer")
        static let name = FlatField(3, "name")
        static let quantization = FlatField(4, "quantization")
        static let isVariable = FlatField(5, "is_variable")
        static let sparsity = FlatField(6, "sparsity")
    }

    enum Buffer {
        static let data = FlatField(0, "data")
        /// uint64: where the data lies in the file, for models too large for a FlatBuffer (over
        /// 2 GB). Meaningful only when greater than 1.
        static let offset = FlatField(1, "offset")
        static let size = FlatField(2, "size")
    }

    enum Operator {
        static let opcodeIndex = FlatField(0, "opcode_index")
        static let inputs = FlatField(1, "inputs")
        static let outputs = FlatField(2, "outputs")
        static let builtinOptions = FlatUnionField(3, "builtin_options")
        static let customOptions = FlatField(5, "custom_options")
        static let customOptionsFormat = FlatField(6, "custom_options_format")
        /// uint64s: custom options stored after the FlatBuffer, like Buffer.offset and size.
        static let largeCustomOptionsOffset = FlatField(9, "large_custom_options_offset")
        static let largeCustomOptionsSize = FlatField(10, "large_custom_options_size")
    }

    /// SparsityParameters: a constant stored in TACO format (see SparseConstant.swift).
    enum Sparsity {
        static let traversalOrder = FlatField(0, "traversal_order")
        static let blockMap = FlatField(1, "block_map")
        static let dimensionMetadata = FlatField(2, "dim_metadata")
    }

    enum DimensionMetadata {
        /// DimensionType: 0 DENSE, 1 SPARSE_CSR.
        static let format = FlatField(0, "format")
        static let denseSize = FlatField(1, "dense_size")
        static let arraySegments = FlatUnionField(2, "array_segments")
        static let arrayIndices = FlatUnionField(4, "array_indices")
    }

    /// Int32Vector, Uint16Vector and Uint8Vector, the tables of the SparseIndexVector union.
    enum IndexVector {
        static let values = FlatField(0, "values")
    }

    /// Type codes of the SparseIndexVector union.
    enum IndexVectorType {
        static let int32: UInt8 = 1
        static let uint16: UInt8 = 2
        static let uint8: UInt8 = 3
    }

    /// Type codes of the BuiltinOptions union: each options table's 1-based position in the union.
    enum BuiltinOptionsType {
        static let conv2D: UInt8 = 1
        static let depthwiseConv2D: UInt8 = 2
        static let pool2D: UInt8 = 5
        static let concatenation: UInt8 = 10
        static let add: UInt8 = 11
        static let resizeBilinear: UInt8 = 15
        static let reshape: UInt8 = 17
        static let mul: UInt8 = 21
        static let pad: UInt8 = 22
        static let stridedSlice: UInt8 = 32
        static let dequantize: UInt8 = 38
        static let depthToSpace: UInt8 = 94
    }

    /// Padding enum: SAME = 0, VALID = 1.
    static let paddingValid: Int8 = 1

    enum Conv2DOptions {
        static let padding = FlatField(0, "padding")
        static let strideW = FlatField(1, "stride_w")
        static let strideH = FlatField(2, "stride_h")
        static let fusedActivation = FlatField(3, "fused_activation_function")
        static let dilationW = FlatField(4, "dilation_w_factor")
        static let dilationH = FlatField(5, "dilation_h_factor")
    }

    enum DepthwiseConv2DOptions {
        static let padding = FlatField(0, "padding")
        static let strideW = FlatField(1, "stride_w")
        static let strideH = FlatField(2, "stride_h")
        static let depthMultiplier = FlatField(3, "depth_multiplier")
        static let fusedActivation = FlatField(4, "fused_activation_function")
        static let dilationW = FlatField(5, "dilation_w_factor")
        static let dilationH = FlatField(6, "dilation_h_factor")
    }

    enum Pool2DOptions {
        static let padding = FlatField(0, "padding")
        static let strideW = FlatField(1, "stride_w")
        static let strideH = FlatField(2, "stride_h")
        static let filterWidth = FlatField(3, "filter_width")
        static let filterHeight = FlatField(4, "filter_height")
        static let fusedActivation = FlatField(5, "fused_activation_function")
    }

    enum ConcatenationOptions {
        static let axis = FlatField(0, "axis")
        static let fusedActivation = FlatField(1, "fused_activation_function")
    }

    /// AddOptions and MulOptions both start with the fused activation.
    enum ElementwiseOptions {
        static let fusedActivation = FlatField(0, "fused_activation_function")
    }

    enum ReshapeOptions {
        static let newShape = FlatField(0, "new_shape")
    }

    enum ResizeBilinearOptions {
        // Ids 0 and 1 are the deprecated new_height and new_width.
        static let alignCorners = FlatField(2, "align_corners")
        static let halfPixelCenters = FlatField(3, "half_pixel_centers")
    }

    enum DepthToSpaceOptions {
        static let blockSize = FlatField(0, "block_size")
    }

    enum StridedSliceOptions {
        static let beginMask = FlatField(0, "begin_mask")
        static let endMask = FlatField(1, "end_mask")
        static let ellipsisMask = FlatField(2, "ellipsis_mask")
        static let newAxisMask = FlatField(3, "new_axis_mask")
        static let shrinkAxisMask = FlatField(4, "shrink_axis_mask")
        static let offset = FlatField(5, "offset")
    }
}
