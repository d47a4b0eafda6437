import Foundation
import Testing

@testable import ActOne

@Suite("SHA-256")
struct SHA256Tests {
    /// FIPS 180-4 examples (NIST CSRC "Example Algorithms", SHA256.pdf and SHA2_Additional).
    static let vectors: [(message: String, hex: String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ]
    static let millionAHex = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

    @Test("NIST test vectors", arguments: 0..<vectors.count)
    func nistVector(index: Int) {
        let (message, hex) = Self.vectors[index]
        #expect(SHA256.hexString(SHA256.hash(Array(message.utf8))) == hex)
    }

    @Test("one million 'a', whole and streamed in uneven chunks", arguments: [1_000_000, 1, 55, 64, 65, 4097])
    func millionA(chunk: Int) {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        var hasher = SHA256()
        var start = 0
        while start < message.count {
            let end = min(start + chunk, message.count)
            hasher.update(message[start..<end])
            start = end
        }
        #expect(SHA256.hexString(hasher.finalize()) == Self.millionAHex)
    }

    @Test("digest is 32 bytes and hex is 64 lowercase digits")
    func digestShape() {
        let digest = SHA256.hash([UInt8]([1, 2, 3]))
        #expect(digest.count == SHA256.digestByteCount)
        let hex = SHA256.hexString(digest)
        #expect(hex.count == 64)
        #expect(hex.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(SHA256.hexString([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
    }

    @Test("finalize leaves the hasher usable: later updates continue the same message")
    func finalizeDoesNotConsume() {
        var hasher = SHA256()
        hasher.update(Array("ab".utf8))
        let first = hasher.finalize()
        #expect(hasher.finalize() == first)
        #expect(first == SHA256.hash(Array("ab".utf8)))
        hasher.update(Array("c".utf8))
        #expect(SHA256.hexString(hasher.finalize()) == Self.vectors[1].hex)
    }

    @Test("Data, arrays and slices hash the same bytes alike")
    func inputKinds() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let expected = SHA256.hash(bytes)
        #expect(SHA256.hash(Data(bytes)) == expected)
        #expect(SHA256.hash(([0xEE] + bytes + [0xEE])[1...300]) == expected)
    }

    /// Every length from 0 to 200 bytes crosses each padding case (length mod 64 below, at and
    /// above 55/56, exact blocks); compare with the system's `sha256sum` on the same bytes.
    @Test("agrees with sha256sum on all lengths 0...200", .enabled(if: sha256sumPath != nil, "needs sha256sum"))
    func matchesSystemTool() throws {
        let directory = try TemporaryDirectory()
        var ours: [String: String] = [:]
        var lengthOfPath: [String: Int] = [:]
        for length in 0...200 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ length) }
            let path = try directory.write(bytes, to: "len\(length).bin")
            ours[path] = SHA256.hexString(SHA256.hash(bytes))
            lengthOfPath[path] = length
        }
        let theirs = try runSHA256Sum(Array(ours.keys))
        #expect(theirs.count == ours.count)
        // One issue listing every failing length, rather than 201 separate ones.
        let wrongLengths = ours.filter { theirs[$0.key] != $0.value }.compactMap { lengthOfPath[$0.key] }.sorted()
        #expect(wrongLengths.isEmpty, "lengths whose digest differs from sha256sum: \(wrongLengths)")
    }

    @Test(
        "hashFile equals hashing the bytes, for chunk sizes smaller and larger than the file",
        arguments: [1, 7, 64, 1000, SHA256.fileChunkByteCount])
    func hashFile(chunk: Int) throws {
        let directory = try TemporaryDirectory()
        let bytes = (0..<200_003).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
        let path = try directory.write(bytes, to: "data.bin")
        #expect(try SHA256.hashFile(atPath: path, chunkByteCount: chunk) == SHA256.hash(bytes))
    }

    @Test("hashFile of an empty file is the empty-message digest")
    func hashEmptyFile() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write([], to: "empty")
        #expect(SHA256.hexString(try SHA256.hashFile(atPath: path)) == Self.vectors[0].hex)
    }

    @Test("hashFile reports a directory and a missing file as FileReadError with the path")
    func hashFileErrors() throws {
        let directory = try TemporaryDirectory()
        let error = #expect(throws: FileReadError.self) { try SHA256.hashFile(atPath: directory.path) }
        #expect(error?.reason.contains("directory") == true)
        #expect(error?.description.contains(directory.path) == true)

        let missing = directory.path + "/nope.bin"
        let missingError = #expect(throws: FileReadError.self) { try SHA256.hashFile(atPath: missing) }
        #expect(missingError?.path == missing)
        #expect(missingError?.reason.isEmpty == false)
    }
}
