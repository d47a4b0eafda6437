/// Decodes a BuiltinOptions union value into the IR's `OperatorOptions`, for the option tables of
/// the operators this runtime runs. Other option types decode to nil: their operators are not
/// supported, and the interpreter reports that by operator, which says more than an options error.
/// Absent fields take the schema's defaults.
enum BuiltinOptionsDecoder {
    typealias Schema = TFLiteSchema

    static func decode(_ options: FlatUnion) throws(FlatBufferError) -> OperatorOptions? {
        let table = options.table
        switch options.type {
        case Schema.BuiltinOptionsType.conv2D:
            typealias Field = Schema.Conv2DOptions
            return .conv2D(
                Conv2DOptions(
                    padding: try padding(table, Field.padding),
                    strideWidth: try int(table, Field.strideW, default: 0),
                    strideHeight: try int(table, Field.strideH, default: 0),
                    dilationWidth: try int(table, Field.dilationW, default: 1),
                    dilationHeight: try int(table, Field.dilationH, default: 1),
                    activation: try activation(table, Field.fusedActivation)))

        case Schema.BuiltinOptionsType.depthwiseConv2D:
            typealias Field = Schema.DepthwiseConv2DOptions
            return .depthwiseConv2D(
                DepthwiseConv2DOptions(
                    padding: try padding(table, Field.padding),
                    strideWidth: try int(table, Field.strideW, default: 0),
                    strideHeight: try int(table, Field.strideH, default: 0),
                    depthMultiplier: try int(table, Field.depthMultiplier, default: 0),
                    dilationWidth: try int(table, Field.dilationW, default: 1),
                    dilationHeight: try int(table, Field.dilationH, default: 1),
                    activation: try activation(table, Field.fusedActivation)))

        case Schema.BuiltinOptionsType.pool2D:
            typealias Field = Schema.Pool2DOptions
            return .pool2D(
                Pool2DOptions(
                    padding: try padding(table, Field.padding),
                    strideWidth: try int(table, Field.strideW, default: 0),
                    strideHeight: try int(table, Field.strideH, default: 0),
                    filterWidth: try int(table, Field.filterWidth, default: 0),
                    filterHeight: try int(table, Field.filterHeight, default: 0),
                    activation: try activation(table, Field.fusedActivation)))

        case Schema.BuiltinOptionsType.concatenation:
            typealias Field = Schema.ConcatenationOptions
            return .concatenation(
                axis: try int(table, Field.axis, default: 0),
                activation: try activation(table, Field.fusedActivation))

        case Schema.BuiltinOptionsType.add, Schema.BuiltinOptionsType.mul:
            return .elementwise(activation: try activation(table, Schema.ElementwiseOptions.fusedActivation))

        case Schema.BuiltinOptionsType.reshape:
            let newShape = try table.scalarVector(Schema.ReshapeOptions.newShape, as: Int32.self)
            return .reshape(newShape: newShape?.map { Int($0) })

        case Schema.BuiltinOptionsType.stridedSlice:
            typealias Field = Schema.StridedSliceOptions
            return .stridedSlice(
                StridedSliceOptions(
                    beginMask: try table.scalar(Field.beginMask, default: Int32(0)),
                    endMask: try table.scalar(Field.endMask, default: Int32(0)),
                    ellipsisMask: try table.scalar(Field.ellipsisMask, default: Int32(0)),
                    newAxisMask: try table.scalar(Field.newAxisMask, default: Int32(0)),
                    shrinkAxisMask: try table.scalar(Field.shrinkAxisMask, default: Int32(0)),
                    offset: try table.bool(Field.offset)))

        case Schema.BuiltinOptionsType.resizeBilinear:
            typealias Field = Schema.ResizeBilinearOptions
            return .resizeBilinear(
                alignCorners: try table.bool(Field.alignCorners),
                halfPixelCenters: try table.bool(Field.halfPixelCenters))

        case Schema.BuiltinOptionsType.depthToSpace:
            return .depthToSpace(blockSize: try int(table, Schema.DepthToSpaceOptions.blockSize, default: 0))

        case Schema.BuiltinOptionsType.pad, Schema.BuiltinOptionsType.dequantize:
            return OperatorOptions.none

        default:
            return nil
        }
    }

    /// The options an operator gets when its file has none of the type TFLite reads for it: TFLite
    /// reads options with `builtin_options_as_<Type>()`, which is null for a missing or mismatched
    /// union, and then uses its defaults. Operators whose defaults make no sense (a convolution
    /// with stride 0) get `.none`, which their kernel refuses with a message.
    static func defaults(for code: BuiltinOperator) -> OperatorOptions {
        switch code {
        case .add, .mul: .elementwise(activation: .none)
        case .concatenation: .concatenation(axis: 0, activation: .none)
        case .reshape: .reshape(newShape: nil)
        case .stridedSlice: .stridedSlice(StridedSliceOptions())
        case .resizeBilinear: .resizeBilinear(alignCorners: false, halfPixelCenters: false)
        default: .none
        }
    }

    /// The BuiltinOptions type TFLite reads for an operator, for those this decoder handles.
    static func optionsType(for code: BuiltinOperator) -> UInt8? {
        switch code {
        case .conv2D: Schema.BuiltinOptionsType.conv2D
        case .depthwiseConv2D: Schema.BuiltinOptionsType.depthwiseConv2D
        case .maxPool2D, .averagePool2D: Schema.BuiltinOptionsType.pool2D
        case .concatenation: Schema.BuiltinOptionsType.concatenation
        case .add: Schema.BuiltinOptionsType.add
        case .mul: Schema.BuiltinOptionsType.mul
        case .reshape: Schema.BuiltinOptionsType.reshape
        case .stridedSlice: Schema.BuiltinOptionsType.stridedSlice
        case .resizeBilinear: Schema.BuiltinOptionsType.resizeBilinear
        case .depthToSpace: Schema.BuiltinOptionsType.depthToSpace
        default: nil
        }
    }

    // MARK: Fields

    private static func int(_ table: FlatTable, _ field: FlatField, default value: Int32) throws(FlatBufferError) -> Int {
        Int(try table.scalar(field, default: value))
    }

    private static func activation(_ table: FlatTable, _ field: FlatField) throws(FlatBufferError) -> FusedActivation {
        FusedActivation(code: try table.scalar(field, default: Int8(0)))
    }

    private static func padding(_ table: FlatTable, _ field: FlatField) throws(FlatBufferError) -> Padding {
        let code = try table.scalar(field, default: Int8(0))
        switch code {
        case 0: return .same
        case Schema.paddingValid: return .valid
        default: throw FlatBufferError("\(field.name): unknown padding code \(code)")
        }
    }
}
