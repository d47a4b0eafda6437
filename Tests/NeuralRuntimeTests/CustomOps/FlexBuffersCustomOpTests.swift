import Testing

@testable import NeuralRuntime

/// The FlexBuffers reader on hand-assembled buffers (each byte explained), on the attention
/// model's real custom options, and on damaged bytes.
@Suite struct FlexBuffersCustomOpTests {
    // Packed type byte: type << 2 | log2(width). Types: INT 1, UINT 2, FLOAT 3, KEY 4, STRING 5,
    // INDIRECT_FLOAT 8, MAP 9, VECTOR 10, VECTOR_INT 11, VECTOR_FLOAT3 21, BOOL 26.

    func root(_ bytes: [UInt8]) throws(RuntimeError) -> FlexBufferReference {
        try FlexBuffer(bytes, name: "test").root()
    }

    @Test func inlineScalarsOfEveryWidth() throws {
        // int 42 in a 1-byte root slot; packed INT|w1 = 4; root width 1.
        #expect(try root([42, 4, 1]).asInt() == 42)
        // int -123 = 0xFF85 in a 2-byte slot; packed INT|w2 = 5; root width 2.
        #expect(try root([0x85, 0xFF, 5, 2]).asInt() == -123)
        // int -2 in a 4-byte slot.
        #expect(try root([0xFE, 0xFF, 0xFF, 0xFF, 6, 4]).asInt32() == -2)
        // uint 2^64 - 2 in an 8-byte slot; packed UINT|w8 = 11.
        let big = try root([0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 11, 8])
        #expect(try big.asUInt() == UInt64.max - 1)
        #expect(throws: RuntimeError.self) { try big.asInt() }
        // float 1.5 = 0x3FC00000; packed FLOAT|w4 = 14.
        #expect(try root([0x00, 0x00, 0xC0, 0x3F, 14, 4]).asFloat() == 1.5)
        // double -0.25 = 0xBFD0000000000000; packed FLOAT|w8 = 15.
        #expect(try root([0, 0, 0, 0, 0, 0, 0xD0, 0xBF, 15, 8]).asDouble() == -0.25)
        // bool true; packed BOOL|w1 = 104.
        #expect(try root([1, 104, 1]).asBool())
        #expect(try !root([0, 104, 1]).asBool())
        // null.
        #expect(try root([0, 0, 1]).isNull)
        // Ints read as numbers where a float is wanted (as flexbuffers' AsFloat).
        #expect(try root([42, 4, 1]).asFloat() == 42)
    }

    @Test func stringsAndIndirectValues() throws {
        // "hi": length 2 at byte 0, text at 1-2, terminator at 3; the root slot at 4 points 3
        // back; packed STRING|w1 = 20.
        #expect(try root([2, 104, 105, 0, 3, 20, 1]).asString() == "hi")
        // Indirect float 10.0 (0x41200000) at bytes 0-3; the slot at 4 points 4 back; packed
        // INDIRECT_FLOAT|w4 = 34.
        #expect(try root([0, 0, 0x20, 0x41, 4, 34, 1]).asFloat() == 10)
        // Indirect int -1 as 2 bytes; packed INDIRECT_INT|w2 = 25.
        #expect(try root([0xFF, 0xFF, 2, 25, 1]).asInt() == -1)
    }

    @Test func untypedVectorKeepsEachElementsType() throws {
        // Length 3 at byte 0, elements (1 byte each) at 1-3, their packed types at 4-6 (INT,
        // UINT, BOOL); the root slot at 7 points 6 back; packed VECTOR|w1 = 40.
        let vector = try root([3, 0xFD, 200, 1, 4, 8, 104, 6, 40, 1]).asVector()
        #expect(vector.count == 3)
        #expect(try vector[0].asInt() == -3)
        #expect(try vector[1].type == .uint)
        #expect(try vector[1].asInt() == 200)
        #expect(try vector[2].asBool())
        #expect(throws: RuntimeError.self) { try vector[3] }
        #expect(throws: RuntimeError.self) { try vector[-1] }
    }

    @Test func typedAndFixedVectors() throws {
        // Typed vector of 2-byte ints: length 2 (2 bytes) at 0, 300 and -2 at 2-5; the slot at
        // 6 points 4 back; packed VECTOR_INT|w2 = 45.
        #expect(try root([2, 0, 0x2C, 0x01, 0xFE, 0xFF, 4, 45, 1]).asVector().ints() == [300, -2])
        // Fixed vector of three 4-byte floats (no length): 1, 2, 3; the slot at 12 points 12
        // back; packed VECTOR_FLOAT3|w4 = 86.
        let floats: [UInt8] = [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 12, 86, 1]
        #expect(try root(floats).asVector().doubles() == [1, 2, 3])
    }

    @Test func mapWithStringKeys() throws {
        // Keys "a" (0-1) and "bc" (2-4); a typed key vector: length 2 at 5, offsets at 6 (6 back
        // to "a") and 7 (5 back to "bc"). Map prefix: keys offset at 8 (2 back to 6), keys width
        // 1 at 9, length 2 at 10; values 1 and true at 11-12, their types at 13-14 (INT, BOOL);
        // the root slot at 15 points 4 back; packed MAP|w1 = 36.
        let bytes: [UInt8] = [97, 0, 98, 99, 0, 2, 6, 5, 2, 1, 2, 1, 1, 4, 104, 4, 36, 1]
        let map = try root(bytes).asMap()
        #expect(map.count == 2)
        #expect(try map.keyStrings() == ["a", "bc"])
        #expect(try map["a"]?.asInt() == 1)
        #expect(try map["bc"]?.asBool() == true)
        #expect(try map["b"] == nil)
        #expect(try map[""] == nil)
    }

    @Test func attentionModelTransformTensorBilinearOptions() throws {
        let map = try FlexBuffer(AttentionModelOptions.transformTensorBilinear).root().asMap()
        #expect(try map.keyStrings() == ["output_height", "output_width"])
        #expect(try map["output_height"]?.asInt() == 16)
        #expect(try map["output_width"]?.asInt() == 16)
    }

    @Test func attentionModelLandmarksToTransformMatrixOptions() throws {
        let lips = try FlexBuffer(AttentionModelOptions.landmarksToTransformMatrixLips).root().asMap()
        #expect(
            try lips.keyStrings() == [
                "left_rotation_idx", "output_height", "output_width", "right_rotation_idx",
                "scale_x", "scale_y", "subset_idxs", "target_rotation_radians",
            ])
        #expect(
            try lips["subset_idxs"]?.asVector().ints() == [
                61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 185, 40, 39, 37, 0, 267, 269, 270, 409, 78, 95, 88,
                178, 87, 14, 317, 402, 318, 324, 308, 191, 80, 81, 82, 13, 312, 311, 310, 415, 76, 77, 90, 180, 85, 16,
                315, 404, 320, 307, 306, 184, 74, 73, 72, 11, 302, 303, 304, 408, 62, 96, 89, 179, 86, 15, 316, 403, 319,
                325, 292, 183, 42, 41, 38, 12, 268, 271, 272, 407,
            ])
        #expect(try lips["left_rotation_idx"]?.asInt() == 61)
        #expect(try lips["right_rotation_idx"]?.asInt() == 291)
        #expect(try lips["output_height"]?.asInt() == 16)
        #expect(try lips["output_width"]?.asInt() == 16)
        #expect(try lips["scale_x"]?.asFloat() == 1.5)
        #expect(try lips["scale_y"]?.asFloat() == 1.5)
        #expect(try lips["target_rotation_radians"]?.asFloat() == 0)

        let leftEye = try FlexBuffer(AttentionModelOptions.landmarksToTransformMatrixLeftEye).root().asMap()
        let leftSubset = try #require(try leftEye["subset_idxs"]).asVector().ints()
        #expect(leftSubset.count == 71)
        #expect(Array(leftSubset.prefix(4)) == [33, 7, 163, 144] && leftSubset.last == 193)
        #expect(try leftEye["left_rotation_idx"]?.asInt() == 33)
        #expect(try leftEye["right_rotation_idx"]?.asInt() == 133)

        let rightEye = try FlexBuffer(AttentionModelOptions.landmarksToTransformMatrixRightEye).root().asMap()
        let rightSubset = try #require(try rightEye["subset_idxs"]).asVector().ints()
        #expect(rightSubset.count == 71)
        #expect(Array(rightSubset.prefix(4)) == [263, 249, 390, 373] && rightSubset.last == 417)
        #expect(try rightEye["left_rotation_idx"]?.asInt() == 362)
        #expect(try rightEye["right_rotation_idx"]?.asInt() == 263)
    }

    @Test(
        arguments: [
            ("empty", []),
            ("too short for a root", [4, 1]),
            ("root width 3", [0, 0, 0, 4, 3]),
            ("root slot wider than the buffer", [0, 4, 8]),
            ("unknown type code 63", [0, 0xFC, 1]),
            ("offset before the start", [200, 20, 1]),
            ("vector length past the end", [255, 1, 2, 2, 44, 1]),
            ("key without terminator", [97, 98, 2, 16, 1]),
            ("string length past the end", [9, 104, 105, 0, 3, 20, 1]),
            ("one-byte float", [1, 12, 1]),
            ("map keys count differs from values count", [97, 0, 1, 3, 1, 1, 2, 1, 2, 4, 4, 4, 36, 1]),
        ] as [(String, [UInt8])])
    func damagedBytesThrow(_ what: String, _ bytes: [UInt8]) {
        #expect(throws: RuntimeError.self, "\(what)") {
            let value = try root(bytes)
            // Read it the ways an options parser would; the first that applies must throw.
            switch value.type {
            case .map: _ = try value.asMap().keyStrings()
            case .vector, .vectorInt: _ = try value.asVector().ints()
            case .key, .string: _ = try value.asString()
            default: _ = try value.asDouble()
            }
        }
    }

    @Test func wrongTypeIsAnErrorNotAGuess() throws {
        let int = try root([42, 4, 1])
        #expect(throws: RuntimeError.self) { try int.asMap() }
        #expect(throws: RuntimeError.self) { try int.asVector() }
        #expect(throws: RuntimeError.self) { try int.asString() }
        let float = try root([0x00, 0x00, 0xC0, 0x3F, 14, 4])
        #expect(throws: RuntimeError.self) { try float.asInt() }
        let negative = try root([0xFE, 4, 1])
        #expect(throws: RuntimeError.self) { try negative.asUInt() }
        #expect(throws: RuntimeError.self) { try root([0x00, 0x00, 0x00, 0x80, 6, 4]).asVector() }
        // A value beyond 32 bits is refused by asInt32 rather than truncated.
        #expect(throws: RuntimeError.self) { try root([0, 0, 0, 0, 1, 0, 0, 0, 7, 8]).asInt32() }
    }

    /// Every truncation and many single-byte corruptions of real options: decoding must throw or
    /// succeed, never crash or read out of bounds (each read is checked; a crash fails the run).
    @Test func damagedRealOptionsNeverCrash() {
        let original = AttentionModelOptions.landmarksToTransformMatrixLips
        var decoded = 0, refused = 0
        func decodeEverything(_ bytes: [UInt8]) {
            do {
                let map = try FlexBuffer(bytes).root().asMap()
                for key in try map.keyStrings() {
                    guard let value = try map[key] else { continue }
                    switch value.type {
                    case .vector, .vectorInt, .vectorUInt, .vectorFloat, .map: _ = try? value.asVector().doubles()
                    case .key, .string, .blob: _ = try value.asString()
                    default: _ = try? value.asDouble()
                    }
                }
                decoded += 1
            } catch {
                refused += 1
            }
        }
        for length in 0..<original.count { decodeEverything(Array(original.prefix(length))) }
        for position in original.indices {
            for replacement: UInt8 in [0, 1, 2, 3, 0x7F, 0x80, 0xFE, 0xFF, original[position] ^ 0x40] {
                var bytes = original
                bytes[position] = replacement
                decodeEverything(bytes)
            }
        }
        #expect(refused > 0 && decoded > 0)
        // And the options parser itself on the same damage: throws or parses, never crashes.
        for position in original.indices {
            for replacement: UInt8 in [0, 0xFF, original[position] &+ 1] {
                var bytes = original
                bytes[position] = replacement
                let harness = CustomOpHarness("Landmarks2TransformMatrix", options: .custom(bytes), inputShapes: [[1, 468, 3]])
                _ = try? harness.makeKernel()
            }
        }
    }
}
