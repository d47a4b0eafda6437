/// Turns a constant tensor's bytes into the IR's values: float32 and int32 as stored, float16
/// widened to float32 (so kernels never see half floats). Other element types cannot be constants
/// in this runtime.
enum ConstantDecoder {
    /// The element types a constant may have.
    static func isSupported(_ type: ElementType) -> Bool {
        type == .float32 || type == .float16 || type == .int32
    }

    /// Decodes `byteRange` of `bytes` as elements of `type`; the caller has checked that the range
    /// lies in `bytes`, holds a whole number of elements, and that the type is supported.
    static func decode(_ bytes: [UInt8], byteRange: Range<Int>, as type: ElementType) -> ConstantData {
        bytes.withUnsafeBytes { raw -> ConstantData in
            let start = byteRange.lowerBound
            switch type {
            case .float16:
                return .float32(HalfFloat.widen(raw, byteOffset: start, count: byteRange.count / 2))
            case .float32:
                return .float32(words(raw, start: start, count: byteRange.count / 4) { Float(bitPattern: $0) })
            case .int32:
                return .int32(words(raw, start: start, count: byteRange.count / 4) { Int32(bitPattern: $0) })
            default:
                preconditionFailure("constant of type \(type) is not supported")
            }
        }
    }

    /// `count` little-endian 32-bit words from `start`, each converted by `convert`.
    private static func words<Element>(
        _ raw: UnsafeRawBufferPointer, start: Int, count: Int, _ convert: (UInt32) -> Element
    ) -> [Element] {
        precondition(start >= 0 && start + 4 * count <= raw.count)
        return [Element](unsafeUninitializedCapacity: count) { elements, initialized in
            for i in 0..<count {
                let word = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self))
                (elements.baseAddress! + i).initialize(to: convert(word))
            }
            initialized = count
        }
    }
}
