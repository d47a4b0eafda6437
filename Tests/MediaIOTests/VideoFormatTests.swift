import Foundation
import Testing

@testable import MediaIO

/// VideoReader opens the containers and codecs people film and edit with. The fixtures are
/// 12 frames of FFmpeg's test pattern at 24 fps, 64x64 (Scripts/make-test-fixtures).
@Suite struct VideoFormatTests {
    @Test(arguments: [
        ("hevc.mkv", "hevc"), ("vp9.webm", "vp9"), ("av1.mkv", "av1"), ("prores.mov", "prores"),
        ("pcm-audio.mov", "h264"), ("vorbis-audio.webm", "vp8"),
    ])
    func readsContainerAndCodec(name: String, codec: String) throws {
        let reader = try VideoReader(path: fixture(name))
        #expect(reader.codecName == codec)
        #expect(reader.width == 64 && reader.height == 64)
        #expect(reader.frameRate == Rational(24, 1))
        var count = 0
        var previous = -1.0
        while let frame = try reader.nextFrame() {
            #expect(frame.image.width == 64 && frame.image.height == 64)
            #expect(frame.time > previous)
            previous = frame.time
            count += 1
        }
        #expect(count == 12)
        // testsrc2 is colourful: a decoded frame is not a blank.
        let last = try #require(try readAllFrames(fixture(name)).last)
        #expect(Set(last.image.pixels).count > 20)
    }

    @Test func variableFrameRateKeepsRealTimes() throws {
        // Frame n was stamped at n*n/200 seconds.
        let frames = try readAllFrames(fixture("vfr.mkv"))
        #expect(frames.count == 12)
        for (n, frame) in frames.enumerated() {
            #expect(abs(frame.time - Double(n * n) / 200) < 0.0011, "frame \(n) at \(frame.time)")
        }
        let info = try MediaProbe.inspectVideo(path: fixture("vfr.mkv"))
        let video = info.streams[try #require(info.primaryVideoStream)]
        let range = try #require(video.frameIntervalRange)
        #expect(abs(range.lowerBound - 0.005) < 0.0011 && abs(range.upperBound - 0.105) < 0.0011)
    }

    @Test func probeReportsAudioStreams() throws {
        let info = try MediaProbe.inspectVideo(path: fixture("pcm-audio.mov"))
        let audio = try #require(info.streams.first { $0.kind == .audio })
        #expect(audio.codec == "pcm_s16le")
        #expect(audio.sampleRate == 48_000 && audio.channels == 1)
        #expect(info.streams[try #require(info.primaryVideoStream)].frameCount == 12)
    }
}

@Suite struct SizeChangeTests {
    @Test func framesKeepTheStreamSizeWhenThePictureSizeChanges() throws {
        // Raw H.264: six 64x64 frames, then six 48x32 ones (Scripts/make-test-fixtures).
        let reader = try VideoReader(path: fixture("size-change.h264"))
        #expect(reader.width == 64 && reader.height == 64)
        var count = 0
        while let frame = try reader.nextFrame() {
            #expect(frame.image.width == 64 && frame.image.height == 64)
            count += 1
        }
        #expect(count == 12)
    }
}
