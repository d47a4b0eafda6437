import Foundation
import Testing

@testable import NeuralRuntime

// Expected values below come from the model files themselves, read independently (the `tflite`
// Python package and LiteRT's reference interpreter, and ../shared/reference/tflite_analysis.txt),
// and are written out here so the tests need neither Python nor anything outside the package.

/// Where the loader tests find their files, from this file's path: the package root, its models/
/// (installed by Scripts/install-models, not committed) and the committed fuzz corpus.
enum LoaderTestFiles {
    static let packageRoot: String = {
        var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)  // Tests/NeuralRuntimeTests/TFLiteLoaderTests.swift
        return components.joined(separator: "/")
    }()

    static let modelNames = [
        "face_detection_short_range.tflite", "face_detection_full_range_sparse.tflite", "face_landmark.tflite",
        "face_landmark_with_attention.tflite", "iris_landmark.tflite", "selfie_segmentation.tflite",
    ]

    static func modelPath(_ name: String) -> String { "\(packageRoot)/models/\(name)" }

    static let modelsInstalled = modelNames.allSatisfy { FileManager.default.isReadableFile(atPath: modelPath($0)) }

    static let fuzzCorpusDirectory = "\(packageRoot)/Tests/NeuralRuntimeTests/Fixtures/fuzz"

    static func bytes(atPath path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }
}

/// Operator name -> how many, e.g. ["CONV_2D": 21, "CUSTOM:TransformLandmarks": 5].
private func operatorHistogram(_ graph: Graph) -> [String: Int] {
    graph.operations.reduce(into: [:]) { counts, operation in counts[operation.code.description, default: 0] += 1 }
}

/// A half float's value from its definition: (-1)^s × 2^(e-15) × (1 + m/1024), or m × 2^-24 when
/// e = 0. Independent of the loader's bit manipulation.
private func halfByDefinition(_ bits: UInt16) -> Float {
    let sign: FloatingPointSign = bits & 0x8000 != 0 ? .minus : .plus
    let exponent = Int((bits >> 10) & 0x1F), mantissa = Double(bits & 0x3FF)
    switch exponent {
    case 0x1F: return mantissa == 0 ? (sign == .minus ? -.infinity : .infinity) : .nan
    case 0: return Float(Double(sign: sign, exponent: -24, significand: mantissa))
    default: return Float(Double(sign: sign, exponent: exponent - 15, significand: 1 + mantissa / 1024))
    }
}

private func constantFloats(_ graph: Graph, _ tensor: Int) -> [Float]? {
    if case .float32(let values)? = graph.tensors[tensor].constant { return values }
    return nil
}

private func loadModel(_ name: String, foldingConstants: Bool = true) throws -> Graph {
    let path = LoaderTestFiles.modelPath(name)
    if foldingConstants { return try TFLiteLoader.load(path: path) }
    let bytes = try #require(LoaderTestFiles.bytes(atPath: path))
    return try TFLiteLoader.load(bytes: bytes, name: name, foldingConstants: false)
}

private func expectEnds(
    _ graph: Graph, inputs: [(String, [Int])], outputs: [(String, [Int])],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(graph.inputs.map { graph.tensors[$0].name } == inputs.map(\.0), sourceLocation: sourceLocation)
    #expect(graph.inputs.map { graph.tensors[$0].shape } == inputs.map(\.1), sourceLocation: sourceLocation)
    #expect(graph.outputs.map { graph.tensors[$0].name } == outputs.map(\.0), sourceLocation: sourceLocation)
    #expect(graph.outputs.map { graph.tensors[$0].shape } == outputs.map(\.1), sourceLocation: sourceLocation)
    for index in graph.inputs + graph.outputs {
        #expect(graph.tensors[index].type == .float32 && !graph.tensors[index].isConstant, sourceLocation: sourceLocation)
    }
}

private func expectConsecutiveIndices(_ graph: Graph, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(graph.operations.map(\.index) == Array(graph.operations.indices), sourceLocation: sourceLocation)
    #expect(graph.tensors.map(\.index) == Array(graph.tensors.indices), sourceLocation: sourceLocation)
}

@Suite(
    "TFLiteLoader on the MediaPipe models",
    .enabled(if: LoaderTestFiles.modelsInstalled, "models/ is not installed (Scripts/install-models)"))
struct TFLiteLoaderModelTests {
    @Test func faceDetectionShortRange() throws {
        let graph = try loadModel("face_detection_short_range.tflite")
        #expect(graph.name == "face_detection_short_range.tflite")
        #expect(graph.tensors.count == 250)
        expectEnds(
            graph, inputs: [("input", [1, 128, 128, 3])],
            outputs: [("regressors", [1, 896, 16]), ("classificators", [1, 896, 1])])
        // 164 operators in the file, of which the 74 DEQUANTIZEs of float16 weights fold away.
        #expect(graph.operations.count == 90)
        #expect(
            operatorHistogram(graph) == [
                "CONV_2D": 21, "RELU": 17, "DEPTHWISE_CONV_2D": 16, "ADD": 16, "PAD": 11, "RESHAPE": 4,
                "MAX_POOL_2D": 3, "CONCATENATION": 2,
            ])
        expectConsecutiveIndices(graph)

        // The first operator: the 5×5 stride-2 convolution, weights and bias behind DEQUANTIZEs.
        let conv = graph.operations[0]
        #expect(conv.code == .builtin(.conv2D))
        #expect(conv.inputs == [0, 224, 193] && conv.outputs == [3])
        #expect(conv.options == .conv2D(Conv2DOptions(padding: .same, strideWidth: 2, strideHeight: 2)))
        #expect(graph.tensors[224].name == "conv2d/Kernel_dequantize" && graph.tensors[224].shape == [24, 5, 5, 3])
        #expect(graph.tensors[224].type == .float32)

        // Folded weights: the float16 values (bits read from the file independently) widened.
        let weights = try #require(constantFloats(graph, 224))
        #expect(weights.count == 1800)
        for (index, bits) in [(0, 0x29E7), (1, 0x284C), (2, 0x1153), (3, 0x27DC), (900, 0xA8BF), (1799, 0x1C41)] as [(Int, UInt16)] {
            #expect(weights[index] == halfByDefinition(bits), "weight \(index)")
        }
        #expect(weights[0] == 0.046112060546875)
        let bias = try #require(constantFloats(graph, 193))
        #expect(bias.count == 24 && bias[0] == halfByDefinition(0x2DA9) && bias[12] == halfByDefinition(0x3C01))
        // The file's float16 tensor keeps its declared type, and holds the same widened values.
        #expect(graph.tensors[1].name == "conv2d/Kernel" && graph.tensors[1].type == .float16)
        #expect(constantFloats(graph, 1) == weights)

        // Option counts (tflite_analysis.txt).
        let convs = graph.operations.compactMap { op -> Conv2DOptions? in
            if case .conv2D(let options) = op.options { return options } else { return nil }
        }
        #expect(convs.count == 21)
        #expect(convs.filter { $0.padding == .valid && $0.strideWidth == 1 && $0.strideHeight == 1 }.count == 16)
        #expect(convs.filter { $0.padding == .same && $0.strideWidth == 1 }.count == 4)
        #expect(convs.allSatisfy { $0.dilationWidth == 1 && $0.dilationHeight == 1 && $0.activation == .none })
        let depthwise = graph.operations.compactMap { op -> DepthwiseConv2DOptions? in
            if case .depthwiseConv2D(let options) = op.options { return options } else { return nil }
        }
        #expect(depthwise.count == 16 && depthwise.allSatisfy { $0.padding == .same && $0.depthMultiplier == 1 })
        #expect(depthwise.filter { $0.strideWidth == 2 && $0.strideHeight == 2 }.count == 3)
        let pools = graph.operations.filter { $0.code == .builtin(.maxPool2D) }
        #expect(
            pools.count == 3
                && pools.allSatisfy {
                    $0.options == .pool2D(Pool2DOptions(padding: .same, strideWidth: 2, strideHeight: 2, filterWidth: 2, filterHeight: 2))
                })
        let reshapes = graph.operations.filter { $0.code == .builtin(.reshape) }.map(\.options)
        #expect(reshapes.filter { $0 == .reshape(newShape: [1, -1, 1]) }.count == 2)
        #expect(reshapes.filter { $0 == .reshape(newShape: [1, -1, 16]) }.count == 2)
        let concatenations = graph.operations.filter { $0.code == .builtin(.concatenation) }
        #expect(concatenations.count == 2 && concatenations.allSatisfy { $0.options == .concatenation(axis: 1, activation: .none) })
        #expect(graph.operations.filter { $0.code == .builtin(.add) }.allSatisfy { $0.options == .elementwise(activation: .none) })
        // PAD's paddings are int32 constants.
        let pad = try #require(graph.operations.first { $0.code == .builtin(.pad) })
        #expect(graph.tensors[pad.inputs[1]].type == .int32)
        #expect(graph.tensors[pad.inputs[1]].constant == .int32([0, 0, 0, 0, 0, 0, 0, 4]))
    }

    @Test func faceDetectionShortRangeBeforeFolding() throws {
        let graph = try loadModel("face_detection_short_range.tflite", foldingConstants: false)
        #expect(graph.operations.count == 164)
        #expect(
            operatorHistogram(graph) == [
                "DEQUANTIZE": 74, "CONV_2D": 21, "RELU": 17, "DEPTHWISE_CONV_2D": 16, "ADD": 16, "PAD": 11,
                "RESHAPE": 4, "MAX_POOL_2D": 3, "CONCATENATION": 2,
            ])
        // Unfolded, the DEQUANTIZE outputs are activations; the float16 inputs are constants.
        let dequantize = graph.operations[1]
        #expect(dequantize.code == .builtin(.dequantize) && dequantize.inputs == [1] && dequantize.outputs == [224])
        #expect(!graph.tensors[224].isConstant && graph.tensors[1].isConstant)
        #expect(graph.tensors.filter { $0.type == .float16 && $0.isConstant }.count == 74)
        #expect(graph.tensors.filter { $0.type == .int32 && $0.isConstant }.count == 11)
    }

    @Test func faceLandmark() throws {
        let graph = try loadModel("face_landmark.tflite")
        #expect(graph.tensors.count == 327)
        expectEnds(
            graph, inputs: [("input_1", [1, 192, 192, 3])],
            outputs: [("conv2d_21", [1, 1, 1, 1404]), ("conv2d_31", [1, 1, 1, 1])])
        #expect(graph.operations.count == 210 - 113)
        #expect(
            operatorHistogram(graph) == [
                "CONV_2D": 25, "PRELU": 23, "DEPTHWISE_CONV_2D": 20, "ADD": 20, "MAX_POOL_2D": 6, "PAD": 3,
            ])
        expectConsecutiveIndices(graph)
        let conv = graph.operations[0]
        #expect(conv.code == .builtin(.conv2D) && conv.inputs[1] == 269)
        #expect(conv.options == .conv2D(Conv2DOptions(padding: .same, strideWidth: 2, strideHeight: 2)))
        let weights = try #require(constantFloats(graph, 269))
        #expect(weights.count == 16 * 3 * 3 * 3)
        for (index, bits) in [(0, 0x2ED8), (1, 0x367A), (144, 0xB826), (431, 0x3482)] as [(Int, UInt16)] {
            #expect(weights[index] == halfByDefinition(bits), "weight \(index)")
        }
        let pools = graph.operations.filter { $0.code == .builtin(.maxPool2D) }
        #expect(
            pools.allSatisfy {
                $0.options == .pool2D(Pool2DOptions(padding: .valid, strideWidth: 2, strideHeight: 2, filterWidth: 2, filterHeight: 2))
            })
        // PReLU slopes are folded constants too.
        let prelu = try #require(graph.operations.first { $0.code == .builtin(.prelu) })
        #expect(graph.tensors[prelu.inputs[1]].isConstant)
    }

    @Test func faceLandmarkWithAttention() throws {
        let graph = try loadModel("face_landmark_with_attention.tflite")
        #expect(graph.tensors.count == 1096)
        expectEnds(
            graph, inputs: [("input_1", [1, 192, 192, 3])],
            outputs: [
                ("output_mesh_identity", [1, 1, 1, 1404]), ("output_lips", [1, 1, 1, 160]),
                ("output_left_eye", [1, 1, 1, 142]), ("output_right_eye", [1, 1, 1, 142]),
                ("output_left_iris", [1, 1, 1, 10]), ("output_right_iris", [1, 1, 1, 10]),
                ("conv_faceflag", [1, 1, 1, 1]),
            ])
        #expect(graph.operations.count == 712 - 371)
        #expect(
            operatorHistogram(graph) == [
                "CONV_2D": 80, "PRELU": 73, "DEPTHWISE_CONV_2D": 66, "ADD": 66, "MAX_POOL_2D": 16, "RESHAPE": 13,
                "PAD": 9, "MUL": 6, "CUSTOM:TransformLandmarks": 5, "CUSTOM:Landmarks2TransformMatrix": 3,
                "CUSTOM:TransformTensorBilinear": 3, "STRIDED_SLICE": 1,
            ])
        expectConsecutiveIndices(graph)
        let weights = try #require(constantFloats(graph, 923))
        for (index, bits) in [(0, 0xA93F), (1, 0xB25B), (144, 0xBAEE), (431, 0x317E)] as [(Int, UInt16)] {
            #expect(weights[index] == halfByDefinition(bits), "weight \(index)")
        }

        // Custom operators keep their FlexBuffers options, byte for byte (sizes from the file).
        func customOptions(_ name: String) -> [[UInt8]] {
            graph.operations.filter { $0.code == .custom(name) }.map { operation in
                if case .custom(let bytes) = operation.options { return bytes } else { return [0xFF] }
            }
        }
        let matrixOptions = customOptions("Landmarks2TransformMatrix")
        #expect(matrixOptions.map(\.count) == [351, 335, 335])
        #expect(matrixOptions.allSatisfy { $0.starts(with: Array("left_rotation_idx".utf8)) })
        let bilinearOptions = customOptions("TransformTensorBilinear")
        #expect(bilinearOptions.map(\.count) == [40, 40, 40])
        #expect(bilinearOptions.allSatisfy { $0.starts(with: Array("output_height".utf8)) })
        #expect(customOptions("TransformLandmarks") == [[], [], [], [], []])

        // MUL by folded float16 constants (attention_custom_ops.txt lists their values).
        let muls = graph.operations.filter { $0.code == .builtin(.mul) }
        #expect(muls.allSatisfy { $0.options == .elementwise(activation: .none) })
        let factors = muls.compactMap { constantFloats(graph, $0.inputs[1]) }
        #expect(factors.filter { $0 == [0.25] }.count == 3)
        #expect(factors.filter { $0 == [1, 1, 4, 4, 1, 1, 4, 4, 0.25, 0.25, 1, 1, 0.25, 0.25, 1, 1] }.count == 3)

        let slice = try #require(graph.operations.first { $0.code == .builtin(.stridedSlice) })
        #expect(slice.options == .stridedSlice(StridedSliceOptions()))
        let reshapes = graph.operations.filter { $0.code == .builtin(.reshape) }.map(\.options)
        #expect(reshapes.filter { $0 == .reshape(newShape: [1, 468, 3]) }.count == 3)
        #expect(reshapes.filter { $0 == .reshape(newShape: [1, 1, 1, 142]) }.count == 2)
    }

    @Test func irisLandmark() throws {
        let graph = try loadModel("iris_landmark.tflite")
        #expect(graph.tensors.count == 386)
        expectEnds(
            graph, inputs: [("input_1", [1, 64, 64, 3])],
            outputs: [("output_eyes_contours_and_brows", [1, 213]), ("output_iris", [1, 15])])
        // Float32 weights, no DEQUANTIZE: nothing folds.
        #expect(graph.operations.count == 169)
        #expect(
            operatorHistogram(graph) == [
                "CONV_2D": 55, "PRELU": 53, "DEPTHWISE_CONV_2D": 26, "ADD": 26, "MAX_POOL_2D": 6, "RESHAPE": 2, "PAD": 1,
            ])
        #expect(graph.tensors.filter { $0.type == .float32 && $0.isConstant }.count == 215)
        let conv = graph.operations[0]
        #expect(conv.inputs == [0, 1, 2])
        let weights = try #require(constantFloats(graph, 1))
        #expect(weights.count == 1728)
        #expect(weights[0].bitPattern == 0x3FC3_8CF8 && weights[1].bitPattern == 0x3F9D_711E && weights[2].bitPattern == 0x3FBB_C64B)
    }

    @Test func selfieSegmentation() throws {
        let graph = try loadModel("selfie_segmentation.tflite")
        #expect(graph.tensors.count == 360)
        expectEnds(graph, inputs: [("input_1", [1, 256, 256, 3])], outputs: [("activation_10", [1, 256, 256, 1])])
        // 246 operators in the file, of which the 110 DEQUANTIZEs of float16 weights fold away.
        #expect(graph.operations.count == 136)
        #expect(
            operatorHistogram(graph) == [
                "CONV_2D": 43, "RELU": 22, "ADD": 14, "HARD_SWISH": 11, "DEPTHWISE_CONV_2D": 11, "LOGISTIC": 11,
                "AVERAGE_POOL_2D": 10, "MUL": 10, "RESIZE_BILINEAR": 3, "CUSTOM:Convolution2DTransposeBias": 1,
            ])
        expectConsecutiveIndices(graph)

        // Global pooling: one VALID window the size of each feature map.
        let pools = graph.operations.filter { $0.code == .builtin(.averagePool2D) }
        #expect(
            pools.first?.options
                == .pool2D(Pool2DOptions(padding: .valid, strideWidth: 64, strideHeight: 64, filterWidth: 64, filterHeight: 64)))
        #expect(graph.operations.filter { $0.code == .builtin(.hardSwish) }.allSatisfy { $0.options == OperatorOptions.none })

        // The final upsampling: raw TfLiteTransposeConvParams (SAME = 1, stride 2 x 2), weights
        // [1, 2, 2, 16] and bias [1] as folded float16 constants.
        let transpose = try #require(graph.operations.last { $0.code == .custom("Convolution2DTransposeBias") })
        #expect(transpose.options == .custom([1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0]))
        #expect(transpose.inputs == [245, 253, 281] && transpose.outputs == [248])
        #expect(graph.tensors[253].shape == [1, 2, 2, 16] && graph.tensors[281].shape == [1])
        let weights = try #require(constantFloats(graph, 253))
        #expect(weights.prefix(4).map(\.bitPattern) == [0xAC24, 0xB33F, 0xB993, 0x364E].map { halfByDefinition($0).bitPattern })
        #expect(constantFloats(graph, 281) == [halfByDefinition(0x3843)])
    }

    @Test("without MediaPipe's custom ops the selfie model is refused by name, not run")
    func selfieSegmentationNeedsTheCustomOp() throws {
        let graph = try loadModel("selfie_segmentation.tflite")
        do {
            _ = try Interpreter(graph: graph, registry: .builtins)
            Issue.record("the builtin registry should not run the selfie model")
        } catch {
            guard case .unsupportedOperator(_, _, let code) = error else {
                Issue.record("expected unsupportedOperator, got \(error)")
                return
            }
            #expect(code == "CUSTOM:Convolution2DTransposeBias")
            #expect(error.description.contains("not supported by actone's runtime"))
        }
    }

    @Test func faceDetectionFullRangeSparse() throws {
        let unfolded = try loadModel("face_detection_full_range_sparse.tflite", foldingConstants: false)
        #expect(unfolded.operations.count == 388)
        #expect(operatorHistogram(unfolded)[BuiltinOperator.densify.description] == 46)
        #expect(operatorHistogram(unfolded)["DEQUANTIZE"] == 182)

        let graph = try loadModel("face_detection_full_range_sparse.tflite")
        #expect(graph.tensors.count == 577)
        expectEnds(
            graph, inputs: [("input_1", [1, 192, 192, 3])],
            outputs: [("Identity", [1, 2304, 16]), ("Identity_1", [1, 2304, 1])])
        // DENSIFY -> DEQUANTIZE chains of sparse float16 weights fold completely.
        #expect(graph.operations.count == 388 - 182 - 46)
        #expect(
            operatorHistogram(graph) == [
                "PAD": 43, "CONV_2D": 49, "DEPTHWISE_CONV_2D": 42, "ADD": 19, "RESHAPE": 2,
                BuiltinOperator.resizeBilinear.description: 3, BuiltinOperator.depthToSpace.description: 2,
            ])
        expectConsecutiveIndices(graph)
        let resizes = graph.operations.filter { $0.code == .builtin(.resizeBilinear) }
        #expect(resizes.count == 3 && resizes.allSatisfy { $0.options == .resizeBilinear(alignCorners: false, halfPixelCenters: true) })
        let depthToSpace = graph.operations.filter { $0.code == .builtin(.depthToSpace) }
        #expect(depthToSpace.count == 2 && depthToSpace.allSatisfy { $0.options == .depthToSpace(blockSize: 2) })

        // Tensor 14 is a sparse float16 [8, 1, 1, 32] constant (77 stored values); DENSIFY -> 15,
        // DEQUANTIZE -> 16. Expected values: LiteRT's reference interpreter's tensor 16.
        #expect(graph.tensors[14].type == .float16 && graph.tensors[15].type == .float16)
        let dense = try #require(constantFloats(graph, 16))
        #expect(dense.count == 256)
        let nonZero = dense.indices.filter { dense[$0] != 0 }
        #expect(nonZero.count == 77)
        #expect(Array(nonZero.prefix(6)) == [0, 2, 4, 6, 7, 8] && Array(nonZero.suffix(3)) == [243, 244, 254])
        #expect(dense[0] == halfByDefinition(0xAD07) && dense[2] == halfByDefinition(0xADF1))
        #expect(dense[4] == halfByDefinition(0x2FE1) && dense[6] == halfByDefinition(0xA8ED))
        #expect(dense[254] == -0.0304718017578125)
        #expect(abs(dense.reduce(0.0) { $0 + Double($1) } - -2.4001846313476562) < 1e-12)
        #expect(constantFloats(graph, 14) == dense && constantFloats(graph, 15) == dense)
    }

    /// Load times (best of 5, after one warm-up); run in release for the numbers that matter:
    /// `swift test -c release -Xswiftc -enable-testing --filter TFLiteLoaderModelTests/loadTimes`.
    @Test func loadTimes() throws {
        let clock = ContinuousClock()
        for name in LoaderTestFiles.modelNames {
            let path = LoaderTestFiles.modelPath(name)
            _ = try TFLiteLoader.load(path: path)  // warms the page cache
            var best = Duration.seconds(1000)
            for _ in 0..<5 {
                let start = clock.now
                _ = try TFLiteLoader.load(path: path)
                best = min(best, clock.now - start)
            }
            print("TFLiteLoader: \(name) loads in \(best.formatted(.units(allowed: [.milliseconds], fractionalPart: .show(length: 2))))")
            #expect(best < .seconds(2), "\(name)")
        }
    }
}

@Suite("Half floats")
struct HalfFloatTests {
    @Test func everyBitPatternMatchesTheDefinition() {
        let wrong = (UInt16.min...UInt16.max).filter { bits in
            let ours = HalfFloat.float(fromBits: bits), expected = halfByDefinition(bits)
            // Bit patterns, so that -0 and +0 differ.
            return expected.isNaN ? !ours.isNaN : ours.bitPattern != expected.bitPattern
        }
        #expect(wrong.isEmpty, "first wrong: \(wrong.prefix(5))")
    }

    @Test func knownValues() {
        #expect(HalfFloat.float(fromBits: 0x3C00) == 1)
        #expect(HalfFloat.float(fromBits: 0xC000) == -2)
        #expect(HalfFloat.float(fromBits: 0x7BFF) == 65504)
        #expect(HalfFloat.float(fromBits: 0x0001) == 0x1p-24)
        #expect(HalfFloat.float(fromBits: 0x03FF) == 1023 * 0x1p-24)
        #expect(HalfFloat.float(fromBits: 0x0400) == 0x1p-14)
        #expect(HalfFloat.float(fromBits: 0x8000).bitPattern == 0x8000_0000)
        #expect(HalfFloat.float(fromBits: 0x7C00) == .infinity && HalfFloat.float(fromBits: 0xFC00) == -.infinity)
        // NaN payloads move to the top of the float mantissa; quiet and signalling stay so.
        #expect(HalfFloat.float(fromBits: 0x7E00).bitPattern == 0x7FC0_0000)
        #expect(HalfFloat.float(fromBits: 0x7C01).bitPattern == 0x7F80_2000)
    }

    #if !(os(macOS) && arch(x86_64))
        @Test func agreesWithSwiftFloat16() {
            let wrong = (UInt16.min...UInt16.max).filter { bits in
                let swift = Float(Float16(bitPattern: bits)), ours = HalfFloat.float(fromBits: bits)
                return swift.isNaN ? !ours.isNaN : swift.bitPattern != ours.bitPattern
            }
            #expect(wrong.isEmpty, "first wrong: \(wrong.prefix(5))")
        }
    #endif

    @Test func widensUnalignedLittleEndianData() {
        let bytes: [UInt8] = [0xAA, 0x00, 0x3C, 0x00, 0xC0, 0xFF, 0x7B]  // 1, -2, 65504 from byte 1
        let floats = bytes.withUnsafeBytes { HalfFloat.widen($0, byteOffset: 1, count: 3) }
        #expect(floats == [1, -2, 65504])
    }
}

/// The hand-made model Scripts/make-fuzz-corpus writes (committed, so these run without models/):
/// every schema feature the loader reads, in under 4 KB. Its shapes are not a runnable network.
@Suite("TFLiteLoader on the hand-made tiny model")
struct TFLiteLoaderTinyModelTests {
    static let path = "\(LoaderTestFiles.fuzzCorpusDirectory)/valid-tiny.fuzz"

    @Test func tensorsAndConstants() throws {
        let graph = try TFLiteLoader.load(path: Self.path)
        #expect(graph.name == "valid-tiny.fuzz")
        #expect(graph.tensors.count == 28)
        #expect(graph.inputs == [0, 13] && graph.outputs == [12, 14, 15, 16, 17, 18, 19, 21, 22, 25, 26, 27])
        expectConsecutiveIndices(graph)
        // Activations: no buffer (tensor 0), or a buffer whose data vector is empty (tensor 13).
        #expect(!graph.tensors[0].isConstant && !graph.tensors[13].isConstant)
        #expect(graph.tensors[13].type == .float16)

        // Float16 weights widened: 1, -2, 0.5, 65504, the smallest subnormal, -0.
        let weights = try #require(constantFloats(graph, 1))
        #expect(weights.map(\.bitPattern) == [1, -2, 0.5, 65504, 0x1p-24, -0.0].map { (value: Float) in value.bitPattern })
        #expect(graph.tensors[1].type == .float16 && graph.tensors[1].shape == [2, 1, 1, 3])
        #expect(constantFloats(graph, 2) == weights)  // the folded DEQUANTIZE's output
        // Float32 data stored after the FlatBuffer (Buffer.offset and size).
        #expect(graph.tensors[3].constant == .float32([0.5, -1]))
        #expect(graph.tensors[10].constant == .int32([1, 8]))
        #expect(graph.tensors[20].constant == .int32([0, 0, 0, 0, 0, 0, 0, 1]))
    }

    @Test func sparseConstantsExpand() throws {
        let graph = try TFLiteLoader.load(path: Self.path)
        // CSR on the second dimension: rows [0, 1.5, 0] and [-2, 0, 0.25].
        let csr: [Float] = [0, 1.5, 0, -2, 0, 0.25]
        #expect(constantFloats(graph, 5) == csr && graph.tensors[5].type == .float16)
        #expect(constantFloats(graph, 6) == csr && constantFloats(graph, 7) == csr)
        // 2×1 blocks along the rows; block-row 0 stores columns 1 and 3, block-row 1 column 0.
        #expect(constantFloats(graph, 24) == [0, 1, 0, 3, 0, 2, 0, 4, 5, 0, 0, 0, 6, 0, 0, 0])
    }

    @Test func operatorsAndOptions() throws {
        let graph = try TFLiteLoader.load(path: Self.path)
        // 20 in the file; DEQUANTIZE 1->2, DENSIFY 5->6, DEQUANTIZE 6->7 and DENSIFY 23->24 fold.
        // DEQUANTIZE 13->14 stays: its input is an activation.
        #expect(
            graph.operations.map(\.code.description) == [
                "CONV_2D", "ADD", "CUSTOM:TinyCustom", "RESHAPE", BuiltinOperator(code: 300).description, "DEQUANTIZE", "MAX_POOL_2D",
                "DEPTHWISE_CONV_2D", "CONCATENATION", "STRIDED_SLICE", "MUL", "PAD", "ADD", "ADD",
                BuiltinOperator.resizeBilinear.description, BuiltinOperator.depthToSpace.description,
            ])
        let ops = graph.operations
        #expect(ops[0].inputs == [0, 2, 3] && ops[0].outputs == [4])
        #expect(
            ops[0].options
                == .conv2D(
                    Conv2DOptions(
                        padding: .valid, strideWidth: 1, strideHeight: 2, dilationWidth: 1,
                        dilationHeight: 2, activation: .relu6)))
        #expect(ops[1].options == .elementwise(activation: .relu))
        #expect(ops[2].code == .custom("TinyCustom") && ops[2].options == .custom([1, 2, 3, 4, 5]))
        #expect(ops[3].options == .reshape(newShape: [1, 8]))
        #expect(ops[4].code == .builtin(BuiltinOperator(code: 300)) && ops[4].options == .none)
        #expect(ops[5].inputs == [13] && ops[5].outputs == [14] && ops[5].options == .none)
        #expect(ops[6].options == .pool2D(Pool2DOptions(padding: .same, strideWidth: 2, strideHeight: 2, filterWidth: 2, filterHeight: 2)))
        #expect(ops[7].inputs == [0, 2, -1])
        #expect(
            ops[7].options
                == .depthwiseConv2D(
                    DepthwiseConv2DOptions(
                        padding: .same, strideWidth: 1, strideHeight: 1, depthMultiplier: 1, dilationWidth: 2, dilationHeight: 3)))
        #expect(ops[8].options == .concatenation(axis: -1, activation: .none))
        #expect(ops[9].options == .stridedSlice(StridedSliceOptions(beginMask: 1, endMask: 2, shrinkAxisMask: 4, offset: true)))
        #expect(ops[10].options == .elementwise(activation: .tanh))
        #expect(ops[11].options == .none)
        // ADD with a Conv2DOptions table, as TFLite reads it: no AddOptions, so the defaults.
        #expect(ops[12].options == .elementwise(activation: .none))
        #expect(ops[13].options == .elementwise(activation: .none))
        #expect(ops[14].options == .resizeBilinear(alignCorners: true, halfPixelCenters: false))
        #expect(ops[15].options == .depthToSpace(blockSize: 2))
    }

    @Test func unfoldedKeepsTheFileOrder() throws {
        let bytes = try #require(LoaderTestFiles.bytes(atPath: Self.path))
        let graph = try TFLiteLoader.load(bytes: bytes, name: "tiny", foldingConstants: false)
        #expect(graph.name == "tiny")
        #expect(graph.operations.count == 20)
        #expect(operatorHistogram(graph)["DEQUANTIZE"] == 3 && operatorHistogram(graph)[BuiltinOperator.densify.description] == 2)
        #expect(!graph.tensors[2].isConstant && !graph.tensors[24].isConstant)
    }
}
