/// IEEE 754 half precision (binary16) to single precision, by bit manipulation. Written out rather
/// than using Swift's `Float16`, which some platforms (macOS on Intel) do not have. Every half
/// value is exactly representable as a Float, so the conversion is exact; NaN payloads are kept
/// (shifted into the top of the float's mantissa, as hardware conversion does, except that a
/// signalling NaN stays signalling).
enum HalfFloat {
    /// The float with the same value as the half whose bits are `bits`.
    @inline(__always)
    static func float(fromBits bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x03FF)
        switch exponent {
        case 0x1F:  // infinity or NaN
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        case 0:  // zero or subnormal: mantissa × 2⁻²⁴, exact in a float (normal there)
            let magnitude = Float(mantissa) * 0x1p-24
            return Float(bitPattern: sign | magnitude.bitPattern)
        default:  // normal: rebias the exponent from 15 to 127
            return Float(bitPattern: sign | ((exponent + (127 - 15)) << 23) | (mantissa << 13))
        }
    }

    /// `count` little-endian halves starting at `byteOffset` of `bytes`, widened. The caller has
    /// checked that `2 * count` bytes are there.
    static func widen(_ bytes: UnsafeRawBufferPointer, byteOffset: Int, count: Int) -> [Float] {
        precondition(byteOffset >= 0 && count >= 0 && byteOffset + 2 * count <= bytes.count)
        return [Float](unsafeUninitializedCapacity: count) { floats, initialized in
            for i in 0..<count {
                let bits = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: byteOffset + 2 * i, as: UInt16.self))
                floats[i] = float(fromBits: bits)
            }
            initialized = count
        }
    }
}
