// Short descriptions for images in logs, debugger output and test failures.
//
// The synthesised description of an image prints every byte, which for a video frame is
// megabytes of text in a failed test's report. These print the size and a checksum instead:
// enough to tell two images apart, short enough to read.

extension RGBImage: CustomStringConvertible {
    /// E.g. `RGBImage(1920×1080, fnv 0x1a2b3c4d)`.
    public var description: String {
        "RGBImage(\(width)×\(height), fnv \(ImageChecksum.hex(ImageChecksum.fnv1a(pixels))))"
    }
}

extension GrayImage: CustomStringConvertible {
    public var description: String {
        "GrayImage(\(width)×\(height), fnv \(ImageChecksum.hex(ImageChecksum.fnv1a(pixels))))"
    }
}

extension FloatPlane: CustomStringConvertible {
    public var description: String {
        let bytes = values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
        return "FloatPlane(\(width)×\(height), fnv \(ImageChecksum.hex(ImageChecksum.fnv1a(bytes))))"
    }
}

enum ImageChecksum {
    /// 32-bit FNV-1a: not cryptographic, just a cheap fingerprint that changes with any byte.
    static func fnv1a(_ bytes: [UInt8]) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
