import Foundation
import OutputFiles
import Testing

@testable import MediaIO

/// Bad input gets a typed error whose message is one line naming the file, and never a crash,
/// a hang or a file left behind.
@Suite struct BadInputTests {
    private func expectOneLine(_ error: MediaError, mentions path: String) {
        #expect(!error.description.contains("\n"))
        #expect(error.description.contains(path))
    }

    @Test func missingFile() {
        let path = "/nonexistent/actone/clip.mp4"
        #expect(throws: MediaError.fileNotFound(path: path)) { try VideoReader(path: path) }
        #expect(throws: MediaError.fileNotFound(path: path)) { try ImageLoader.load(path: path) }
        expectOneLine(.fileNotFound(path: path), mentions: path)
    }

    @Test func emptyFile() throws {
        let folder = TemporaryFolder()
        let path = folder.file("empty.mp4")
        FileManager.default.createFile(atPath: path, contents: Data())
        #expect(throws: MediaError.emptyFile(path: path)) { try VideoReader(path: path) }
        #expect(throws: MediaError.emptyFile(path: path)) { try ImageLoader.load(path: path) }
    }

    @Test func folderInsteadOfFile() throws {
        let folder = TemporaryFolder()
        #expect(throws: MediaError.notAFile(path: folder.path)) { try VideoReader(path: folder.path) }
    }

    @Test func textRenamedToMP4() throws {
        let folder = TemporaryFolder()
        let path = folder.file("notes.mp4")
        try "These are my notes, not a video.\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try VideoReader(path: path)
            Issue.record("a text file opened as a video")
        } catch {
            guard case .unreadable(let p, let message) = error else { Issue.record("got \(error)"); return }
            #expect(p == path && !message.isEmpty)
            expectOneLine(error, mentions: path)
        }
    }

    @Test func truncatedMP4WithIndexAtTheFront() throws {
        let folder = TemporaryFolder()
        let path = folder.file("full.mp4")
        try writeSyntheticClip(to: path, count: 50)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let cut = folder.file("cut.mp4")
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: cut))

        let reader = try VideoReader(path: cut)
        var frames = 0
        do {
            while try reader.nextFrame() != nil { frames += 1 }
            Issue.record("read \(frames) frames of a truncated file without an error")
        } catch {
            guard case .truncated(let p, _, let expected) = error else { Issue.record("got \(error)"); return }
            #expect(p == cut && expected == 50 && frames < 50)
        }
        #expect(throws: MediaError.self) { try MediaProbe.inspectVideo(path: cut) }
    }

    @Test func truncatedMP4WithIndexAtTheEnd() {
        let path = fixture("truncated-moov-at-end.mp4")
        #expect(throws: MediaError.self) { try VideoReader(path: path) }
        #expect(throws: MediaError.self) { try MediaProbe.inspectVideo(path: path) }
    }

    @Test func audioOnlyFile() {
        let path = fixture("audio-only.m4a")
        #expect(throws: MediaError.noVideoStream(path: path)) { try VideoReader(path: path) }
        #expect(throws: MediaError.noVideoStream(path: path)) { try MediaProbe.inspectVideo(path: path) }
    }

    @Test func imageWhereVideoExpected() {
        let path = fixture("pattern.png")
        #expect(throws: MediaError.stillImageNotVideo(path: path, format: "png")) { try VideoReader(path: path) }
        #expect(throws: MediaError.stillImageNotVideo(path: path, format: "png")) { try MediaProbe.inspectVideo(path: path) }
    }

    @Test func videoWhereImageExpected() {
        #expect(throws: MediaError.self) { try ImageLoader.load(path: fixture("hevc.mkv")) }
    }

    @Test func outputFolderMissing() {
        let path = "/nonexistent/actone/out.mp4"
        #expect(throws: MediaError.output(.folderMissing(path: path))) {
            try VideoWriter(path: path, width: 64, height: 48, frameRate: Rational(25, 1))
        }
    }

    @Test func outputFolderNotWritable() throws {
        let folder = TemporaryFolder()
        let locked = folder.file("locked")
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
        chmod(locked, 0o555)
        defer { chmod(locked, 0o755) }
        // root may write anywhere; a read-only file system stops even root.
        let target = getuid() == 0 ? "/proc/actone-out.mp4" : locked + "/out.mp4"
        #expect(throws: MediaError.self) {
            let writer = try VideoWriter(path: target, width: 64, height: 48, frameRate: Rational(25, 1))
            try writer.write(syntheticFrame(0, width: 64, height: 48))
            try writer.finish()
        }
        #expect(throws: MediaError.self) { try ImageWriter.writePNG(syntheticFrame(0, width: 8, height: 8), to: target) }
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: locked))?.isEmpty ?? true)
    }

    @Test func existingOutputIsKeptWithoutOverwrite() throws {
        let folder = TemporaryFolder()
        let path = folder.file("keep.mp4")
        try "precious".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: MediaError.output(.exists(path: path))) {
            try VideoWriter(path: path, width: 64, height: 48, frameRate: Rational(25, 1))
        }
        #expect(throws: MediaError.output(.exists(path: path))) {
            try ImageWriter.writePNG(syntheticFrame(0, width: 8, height: 8), to: path)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")
        #expect(folder.contents == ["keep.mp4"])
        // With overwrite, it is replaced.
        try writeSyntheticClipOverwriting(path)
        #expect(try VideoReader(path: path).frameCount == 3)
    }

    private func writeSyntheticClipOverwriting(_ path: String) throws {
        let writer = try VideoWriter(path: path, width: 64, height: 48, frameRate: Rational(25, 1), overwrite: true)
        for i in 0..<3 { try writer.write(syntheticFrame(i, width: 64, height: 48)) }
        try writer.finish()
    }

    @Test func absurdSizesAreRefused() {
        let folder = TemporaryFolder()
        #expect(throws: MediaError.self) {
            try VideoWriter(path: folder.file("huge.mp4"), width: 100_000, height: 10, frameRate: Rational(25, 1))
        }
        #expect(throws: MediaError.self) {
            try VideoWriter(path: folder.file("zero.mp4"), width: 0, height: 10, frameRate: Rational(25, 1))
        }
        #expect(folder.contents.isEmpty)
    }

    @Test func writerWithNoFramesLeavesNothing() throws {
        let folder = TemporaryFolder()
        let writer = try VideoWriter(path: folder.file("none.mp4"), width: 64, height: 48, frameRate: Rational(25, 1))
        #expect(throws: MediaError.self) { try writer.finish() }
        #expect(folder.contents.isEmpty)
    }
}

/// A PNG whose header claims a size far beyond any portrait, with no picture data behind it.
@Suite struct OversizedImageTests {
    /// CRC-32 (ISO 3309), as PNG chunks carry it.
    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func chunk(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + payload
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
        return be(UInt32(payload.count)) + body + be(crc32(body))
    }

    @Test func headerClaimingAHugeImageIsRefused() throws {
        let folder = TemporaryFolder()
        let path = folder.file("huge.png")
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
        let header = be(60_000) + be(60_000) + [8, 2, 0, 0, 0]  // 8-bit RGB
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Self.chunk("IHDR", header) + Self.chunk("IEND", [])
        FileManager.default.createFile(atPath: path, contents: Data(png))
        do {
            _ = try ImageLoader.load(path: path)
            Issue.record("a 60000x60000 header loaded")
        } catch {
            #expect(error.description.contains(path) && !error.description.contains("\n"))
        }
    }

    /// A 12000x12000 RGB PNG with real picture data (the first rows, as a zlib stored block):
    /// FFmpeg's probe used to decode it in full (430 MB, seconds) before the size was checked.
    static func png12000(to path: String) {
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
        let row = 1 + 12_000 * 3  // filter byte + RGB
        let rows = [UInt8](repeating: 0x80, count: row)
        let length = UInt16(rows.count)
        let zlib: [UInt8] = [0x78, 0x01, 0x01, UInt8(length & 255), UInt8(length >> 8), UInt8(~length & 255), UInt8(~length >> 8)] + rows
        let header = be(12_000) + be(12_000) + [8, 2, 0, 0, 0]
        let png: [UInt8] =
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + OversizedImageTests.chunk("IHDR", header)
            + OversizedImageTests.chunk("IDAT", zlib) + OversizedImageTests.chunk("IEND", [])
        FileManager.default.createFile(atPath: path, contents: Data(png))
    }

    @Test func aPictureOverTheLimitIsRefusedFromItsHeader() throws {
        let folder = TemporaryFolder()
        let path = folder.file("huge.png")
        Self.png12000(to: path)
        let started = Date()
        #expect(
            throws: MediaError.unsupportedSize(
                path: path, width: 12_000, height: 12_000,
                limit: "at most 16384 pixels a side and 120 megapixels")
        ) {
            _ = try ImageLoader.load(path: path)
        }
        #expect(Date().timeIntervalSince(started) < 1)
    }

    /// A video whose container declares 12000x12000 (vfr-gap.mp4 with its sample entry's size
    /// patched) is refused before FFmpeg's probe decodes a frame.
    @Test func aVideoOverTheLimitIsRefusedFromItsHeader() throws {
        let folder = TemporaryFolder()
        let path = folder.file("huge.mp4")
        try Self.patchVideoSize(of: fixture("vfr-gap.mp4"), to: path, width: 12_000, height: 12_000)
        #expect(
            throws: MediaError.unsupportedSize(
                path: path, width: 12_000, height: 12_000,
                limit: "at most 8192 pixels a side")
        ) {
            _ = try VideoReader(path: path)
        }
    }

    /// Copies an H.264 MP4 with the width and height of its `avc1` sample entry replaced.
    static func patchVideoSize(of source: String, to target: String, width: UInt16, height: UInt16) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: source)))
        let tag = Array("avc1".utf8)
        // The sample entry inside `stsd` (the brand list in `ftyp` says avc1 too).
        let stsd = try #require((0..<(bytes.count - 4)).first { Array(bytes[$0..<$0 + 4]) == Array("stsd".utf8) })
        let at = try #require((stsd..<(bytes.count - 4)).first { Array(bytes[$0..<$0 + 4]) == tag })
        // After the type: 6 reserved, data reference index (2), 16 reserved, then width, height.
        let sizeAt = at + 4 + 24
        bytes[sizeAt] = UInt8(width >> 8); bytes[sizeAt + 1] = UInt8(width & 255)
        bytes[sizeAt + 2] = UInt8(height >> 8); bytes[sizeAt + 3] = UInt8(height & 255)
        FileManager.default.createFile(atPath: target, contents: Data(bytes))
    }
}
