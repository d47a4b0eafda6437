import Foundation
import Imaging
import MediaIO
import Testing

/// What users see of variable frame rates and oversized pictures.
@Suite struct MediaTimingAndLimitsCLITests {
    /// `inspect --overlay` of a variable-rate clip (30 fps with a 0.67 s gap) lasts as long as the
    /// clip, so its audio, copied as it is, stays in sync.
    @Test func overlayOfAVariableRateClipKeepsItsDuration() throws {
        let folder = ScratchFolder()
        let source = mediaFixture("vfr-gap.mp4")
        let result = try runActone(["inspect", source, "--overlay", folder.file("out.mp4")])
        #expect(result.status == 0, "\(result.stderr)")
        let output = try VideoReader(path: folder.file("out.mp4"))
        var frames = 0
        while try output.nextFrame() != nil { frames += 1 }
        let sourceDuration = try #require(try VideoReader(path: source).duration)
        #expect(output.frameRate == Rational(30, 1))
        #expect(frames == 90)
        #expect(abs(try #require(output.duration) - sourceDuration) <= 1.0 / 30 + 1e-6)
        #expect(!output.audioStreams.isEmpty)
    }

    /// A 12000x12000 PNG character: one line naming the size, exit 1, nothing written.
    @Test(.enabled(if: RenderCommandTests.modelsInstalled, "models/ not installed"))
    func aHugeCharacterIsRefusedInOneLine() throws {
        let folder = ScratchFolder()
        let png = folder.file("huge.png")
        Self.png12000(to: png)
        let result = try runActone([RenderCommandTests.driving, png, "-o", folder.file("out.mp4")], timeout: 30)
        #expect(result.status == 1)
        #expect(result.errorLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("actone: ") && result.stderr.contains("12000x12000"), "\(result.stderr)")
        #expect(folder.contents == ["huge.png"])
    }

    /// A video whose header declares 12000x12000: refused before any frame is decoded.
    @Test func aHugeVideoIsRefusedInOneLine() throws {
        let folder = ScratchFolder()
        let video = folder.file("huge.mp4")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: mediaFixture("vfr-gap.mp4"))))
        let tag = Array("avc1".utf8)
        // The sample entry inside `stsd` (the brand list in `ftyp` says avc1 too).
        let stsd = try #require((0..<(bytes.count - 4)).first { Array(bytes[$0..<$0 + 4]) == Array("stsd".utf8) })
        let at = try #require((stsd..<(bytes.count - 4)).first { Array(bytes[$0..<$0 + 4]) == tag })
        // The avc1 sample entry: type, 6 reserved, data reference index (2), 16 reserved, width, height.
        for (offset, byte) in [0x2E, 0xE0, 0x2E, 0xE0].enumerated() { bytes[at + 28 + offset] = UInt8(byte) }
        FileManager.default.createFile(atPath: video, contents: Data(bytes))
        let result = try runActone(["inspect", video, "--overlay", folder.file("out.mp4")], timeout: 30)
        #expect(result.status == 1)
        #expect(result.errorLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("actone: ") && result.stderr.contains("12000x12000"), "\(result.stderr)")
        #expect(folder.contents == ["huge.mp4"])
    }

    /// IHDR 12000x12000 RGB, then the first row of real picture data and the end.
    static func png12000(to path: String) {
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
        func crc32(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            return ~crc
        }
        func chunk(_ type: String, _ payload: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + payload
            return be(UInt32(payload.count)) + body + be(crc32(body))
        }
        let row = [UInt8](repeating: 0x80, count: 1 + 12_000 * 3)
        let length = UInt16(row.count)
        let zlib: [UInt8] = [0x78, 0x01, 0x01, UInt8(length & 255), UInt8(length >> 8), UInt8(~length & 255), UInt8(~length >> 8)] + row
        let png: [UInt8] =
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", be(12_000) + be(12_000) + [8, 2, 0, 0, 0]) + chunk("IDAT", zlib) + chunk("IEND", [])
        FileManager.default.createFile(atPath: path, contents: Data(png))
    }
}
