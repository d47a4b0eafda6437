import Foundation  // ContiguousBytes: lets [UInt8], ArraySlice and Data be hashed without copying

/// SHA-256 (FIPS 180-4), written here so that verifying the model files needs no crypto library.
///
/// Streaming: feed any number of `update` calls, then `finalize()`. Whole 64-byte blocks are
/// compressed straight from the caller's buffer; only a partial block is ever copied.
///
///     var hasher = SHA256()
///     hasher.update(Array("abc".utf8))
///     SHA256.hexString(hasher.finalize())  // "ba7816bf…"
public struct SHA256: Sendable {
    /// Digest length in bytes.
    public static let digestByteCount = 32
    static let blockByteCount = 64

    /// H0…H7, the running hash value.
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
        0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    /// Bytes of an incomplete block carried over to the next `update` (always fewer than 64).
    private var pending: [UInt8] = []
    /// Total message length so far; the padding encodes it in bits, modulo 2^64 as the standard says.
    private var messageByteCount: UInt64 = 0

    public init() {
        pending.reserveCapacity(Self.blockByteCount)
    }

    /// Appends bytes to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var input = bytes.baseAddress, bytes.count > 0 else { return }
        var remaining = bytes.count
        messageByteCount &+= UInt64(remaining)

        // Top up a block left over from the previous call first.
        if !pending.isEmpty {
            let take = min(Self.blockByteCount - pending.count, remaining)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: input, count: take))
            input += take
            remaining -= take
            guard pending.count == Self.blockByteCount else { return }
            pending.withUnsafeBytes { block in compress(blocks: block.baseAddress!, count: 1) }
            pending.removeAll(keepingCapacity: true)
        }

        let wholeBlocks = remaining / Self.blockByteCount
        if wholeBlocks > 0 {
            compress(blocks: input, count: wholeBlocks)
            input += wholeBlocks * Self.blockByteCount
            remaining -= wholeBlocks * Self.blockByteCount
        }
        if remaining > 0 {
            pending.append(contentsOf: UnsafeRawBufferPointer(start: input, count: remaining))
        }
    }

    /// Appends bytes to the message: `[UInt8]`, `ArraySlice<UInt8>`, `Data`, …
    public mutating func update(_ bytes: some ContiguousBytes) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The 32-byte digest of everything passed to `update` so far. Does not change `self`, so a
    /// hasher can be finalized at several points of one stream.
    public func finalize() -> [UInt8] {
        var copy = self
        let bitLength = messageByteCount &* 8
        // Padding: 0x80, zeros up to 56 mod 64, then the bit length as a big-endian UInt64.
        let zeroCount = (Self.blockByteCount + 55 - Int(messageByteCount % 64)) % Self.blockByteCount
        var tail = [UInt8](repeating: 0, count: 1 + zeroCount + 8)
        tail[0] = 0x80
        for i in 0..<8 {
            tail[tail.count - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i)))
        }
        copy.update(tail)
        precondition(copy.pending.isEmpty, "SHA-256 padding must end on a block boundary")

        let words = [
            copy.state.0, copy.state.1, copy.state.2, copy.state.3,
            copy.state.4, copy.state.5, copy.state.6, copy.state.7,
        ]
        var digest = [UInt8]()
        digest.reserveCapacity(Self.digestByteCount)
        for word in words {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    /// One-shot digest of a byte buffer.
    public static func hash(_ bytes: some ContiguousBytes) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Lowercase hexadecimal, the form `sha256sum` prints and `Scripts/models.sha256` stores.
    public static func hexString(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var ascii = [UInt8]()
        ascii.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            ascii.append(digits[Int(byte >> 4)])
            ascii.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: ascii, as: UTF8.self)
    }

    // MARK: - Compression (FIPS 180-4 §6.2.2)

    /// Runs the compression function over `count` consecutive 64-byte blocks at `blocks`.
    /// The round constants and the message schedule are reached through raw pointers so the hot
    /// loop has no bounds checks, reference counting or allocation.
    private mutating func compress(blocks: UnsafeRawPointer, count: Int) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            let w = schedule.baseAddress!
            Self.roundConstants.withUnsafeBufferPointer { constants in
                let k = constants.baseAddress!
                var (h0, h1, h2, h3, h4, h5, h6, h7) = state
                for blockIndex in 0..<count {
                    let block = blocks + blockIndex * Self.blockByteCount
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let x = w[t - 15], y = w[t - 2]
                        let sigma0 = rotr(x, 7) ^ rotr(x, 18) ^ (x &>> 3)
                        let sigma1 = rotr(y, 17) ^ rotr(y, 19) ^ (y &>> 10)
                        w[t] = sigma1 &+ w[t - 7] &+ sigma0 &+ w[t - 16]
                    }

                    var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                    for t in 0..<64 {
                        let bigSigma1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                        let choose = (e & f) ^ (~e & g)
                        let t1 = h &+ bigSigma1 &+ choose &+ k[t] &+ w[t]
                        let bigSigma0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                        let majority = (a & b) ^ (a & c) ^ (b & c)
                        let t2 = bigSigma0 &+ majority
                        h = g; g = f; f = e; e = d &+ t1
                        d = c; c = b; b = a; a = t1 &+ t2
                    }
                    h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
                    h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
                }
                state = (h0, h1, h2, h3, h4, h5, h6, h7)
            }
        }
    }

    /// K0…K63: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}

@inline(__always)
private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
    (x &>> n) | (x &<< (32 &- n))
}
