import Foundation
import Imaging
import Testing

@testable import MediaIO

@Suite struct VideoRoundTripTests {
    @Test func encodedFramesDecodeBackFaithfully() throws {
        let folder = TemporaryFolder()
        let path = folder.file("roundtrip.mp4")
        let written = try writeSyntheticClip(to: path, count: 30, width: 96, height: 64, frameRate: Rational(30000, 1001))

        let reader = try VideoReader(path: path)
        #expect(reader.width == 96 && reader.height == 64)
        #expect(reader.frameRate == Rational(30000, 1001))
        #expect(reader.frameCount == 30)
        #expect(reader.rotation == 0)
        #expect(reader.codecName == "h264")
        var decoded: [VideoFrame] = []
        while let frame = try reader.nextFrame() { decoded.append(frame) }

        #expect(decoded.count == 30)
        for (i, frame) in decoded.enumerated() {
            #expect(frame.index == i)
            #expect(abs(frame.time - Double(i) * 1001 / 30000) < 1e-6, "frame \(i) at \(frame.time)")
            let quality = psnr(frame.image, written[i])
            #expect(quality > 35, "frame \(i): PSNR \(quality) dB")
        }
        // Only the finished file is left: no temporary files beside it.
        #expect(folder.contents == ["roundtrip.mp4"])
    }

    @Test func headerReportsRateDurationAndCount() throws {
        let folder = TemporaryFolder()
        let path = folder.file("probe.mp4")
        try writeSyntheticClip(to: path, count: 50, frameRate: Rational(25, 1))
        let info = try MediaProbe.inspectVideo(path: path)
        let video = try #require(info.primaryVideoStream.map { info.streams[$0] })
        #expect(video.frameCount == 50 && video.frameCountIsExact == true)
        #expect(video.frameRate == Rational(25, 1))
        #expect(abs((video.duration ?? 0) - 2.0) < 0.05)
        #expect(info.container.contains("mp4"))
        let interval = try #require(video.frameIntervalRange)
        #expect(abs(interval.lowerBound - 0.04) < 1e-6 && abs(interval.upperBound - 0.04) < 1e-6)
    }

    @Test(arguments: [(129, 97), (1, 1), (95, 64), (96, 63)])
    func oddSizesArePaddedToEven(width: Int, height: Int) throws {
        let folder = TemporaryFolder()
        let path = folder.file("odd.mp4")
        let written = try writeSyntheticClip(to: path, count: 5, width: width, height: height)
        let frames = try readAllFrames(path)
        #expect(frames.count == 5)
        let first = try #require(frames.first)
        #expect(first.image.width == width + width % 2)
        #expect(first.image.height == height + height % 2)
        if width >= 16 && height >= 16 {
            for (frame, original) in zip(frames, written) {
                #expect(psnr(crop(frame.image, width: width, height: height), original) > 35)
            }
        }
    }

    @Test(arguments: [90, 180, 270])
    func rotatedClipsComeOutUpright(rotation: Int) throws {
        let folder = TemporaryFolder()
        let path = folder.file("rotated.mp4")
        // Stored landscape 96x64; the display matrix says turn it by `rotation` clockwise.
        let written = try writeSyntheticClip(
            to: path, count: 4, width: 96, height: 64,
            settings: VideoEncoderSettings(rotation: rotation))
        let reader = try VideoReader(path: path)
        #expect(reader.rotation == rotation)
        let upright = rotation == 180 ? (96, 64) : (64, 96)
        #expect(reader.width == upright.0 && reader.height == upright.1)
        var index = 0
        while let frame = try reader.nextFrame() {
            #expect(frame.image.width == upright.0 && frame.image.height == upright.1)
            let expected = written[index].rotated(clockwise: QuarterTurn(degrees: rotation))
            #expect(psnr(frame.image, expected) > 35)
            index += 1
        }
        #expect(index == 4)
    }

    @Test func encoderSettingsAreChecked() {
        let folder = TemporaryFolder()
        #expect(throws: MediaError.self) {
            try VideoWriter(
                path: folder.file("a.mp4"), width: 64, height: 64, frameRate: Rational(25, 1),
                settings: VideoEncoderSettings(crf: 60))
        }
        #expect(throws: MediaError.self) {
            try VideoWriter(
                path: folder.file("b.mp4"), width: 64, height: 64, frameRate: Rational(25, 1),
                settings: VideoEncoderSettings(preset: "warp"))
        }
        #expect(throws: MediaError.self) {
            try VideoWriter(path: folder.file("c.mp4"), width: 64, height: 64, frameRate: Rational(0, 1))
        }
        #expect(folder.contents.isEmpty)
    }

    @Test func wrongFrameSizeIsAnErrorAndCancelLeavesNothing() throws {
        let folder = TemporaryFolder()
        let writer = try VideoWriter(path: folder.file("w.mp4"), width: 64, height: 48, frameRate: Rational(25, 1))
        try writer.write(syntheticFrame(0, width: 64, height: 48))
        #expect(throws: MediaError.self) { try writer.write(syntheticFrame(1, width: 48, height: 64)) }
        writer.cancel()
        #expect(folder.contents.isEmpty)
    }

    @Test func abandonedWriterLeavesNothing() throws {
        let folder = TemporaryFolder()
        do {
            let writer = try VideoWriter(path: folder.file("dropped.mp4"), width: 64, height: 48, frameRate: Rational(25, 1))
            try writer.write(syntheticFrame(0, width: 64, height: 48))
        }
        #expect(folder.contents.isEmpty)
    }

    @Test func faststartPutsTheIndexFirst() throws {
        let folder = TemporaryFolder()
        let path = folder.file("fast.mp4")
        try writeSyntheticClip(to: path, count: 10)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let moov = bytes.range(of: Data("moov".utf8))
        let mdat = bytes.range(of: Data("mdat".utf8))
        #expect(moov != nil && mdat != nil && moov!.lowerBound < mdat!.lowerBound)
    }
}
