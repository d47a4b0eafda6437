import Foundation
import Testing

@testable import MediaIO

@Suite struct AudioCarryTests {
    /// The audio stream of a written file.
    private func audioStream(_ path: String) throws -> StreamInfo {
        let info = try MediaProbe.inspectVideo(path: path)
        return try #require(info.streams.first { $0.kind == .audio }, "no audio in \(path)")
    }

    @Test func pcmToneIsTranscodedToAACAndTrimmedToTheVideo() throws {
        let folder = TemporaryFolder()
        let tone = folder.file("tone.wav")
        writeToneWAV(to: tone, seconds: 3)
        let clip = folder.file("with-tone.mp4")
        // 25 frames at 25 fps: one second of video, so two of the three seconds of tone go.
        let writer = try VideoWriter(
            path: clip, width: 64, height: 48, frameRate: Rational(25, 1),
            audio: AudioSource(path: tone))
        #expect(writer.audioIsCopied == false)
        for i in 0..<25 { try writer.write(syntheticFrame(i, width: 64, height: 48)) }
        try writer.finish()

        let audio = try audioStream(clip)
        #expect(audio.codec == "aac")
        #expect(audio.sampleRate == 44_100)
        #expect(audio.channels == 2)
        let duration = try #require(audio.duration)
        #expect(abs(duration - 1.0) < 0.03, "audio lasts \(duration) s for 1 s of video")
        #expect(folder.contents == ["tone.wav", "with-tone.mp4"])
    }

    @Test func aacIsStreamCopied() throws {
        let folder = TemporaryFolder()
        let tone = folder.file("tone.wav")
        writeToneWAV(to: tone, seconds: 2, channels: 1)
        let first = folder.file("first.mp4")
        try writeSyntheticClip(to: first, count: 40, width: 64, height: 48, audio: AudioSource(path: tone))

        // The first clip's AAC goes into the second unchanged; 20 frames trims it to 0.8 s.
        let second = folder.file("second.mp4")
        let writer = try VideoWriter(
            path: second, width: 64, height: 48, frameRate: Rational(25, 1),
            audio: AudioSource(path: first))
        #expect(writer.audioIsCopied == true)
        for i in 0..<20 { try writer.write(syntheticFrame(i, width: 64, height: 48)) }
        try writer.finish()
        let audio = try audioStream(second)
        #expect(audio.codec == "aac" && audio.channels == 1)
        let duration = try #require(audio.duration)
        // Copying keeps whole AAC frames (1024 samples, 23 ms), so the cut is that precise.
        #expect(abs(duration - 0.8) < 0.05, "audio lasts \(duration) s for 0.8 s of video")
    }

    @Test(arguments: ["pcm-audio.mov", "vorbis-audio.webm"])
    func audioMP4CannotHoldIsReencoded(fixtureName: String) throws {
        let folder = TemporaryFolder()
        let source = fixture(fixtureName)
        let reader = try VideoReader(path: source)
        #expect(reader.audioStreams.count == 1)
        let output = folder.file("out.mp4")
        let writer = try VideoWriter(
            path: output, width: reader.width, height: reader.height, frameRate: reader.frameRate,
            audio: AudioSource(path: source, startTime: reader.startTime))
        #expect(writer.audioIsCopied == false)
        while let frame = try reader.nextFrame() { try writer.write(frame.image) }
        try writer.finish()
        let audio = try audioStream(output)
        #expect(audio.codec == "aac")
        let videoSeconds = Double(writer.framesWritten) / reader.frameRate.doubleValue
        #expect(abs((audio.duration ?? 0) - videoSeconds) < 0.05)
    }

    @Test func audioSourceWithoutAudioIsAnError() throws {
        let folder = TemporaryFolder()
        #expect(throws: MediaError.noAudioStream(path: fixture("vp9.webm"))) {
            try VideoWriter(
                path: folder.file("x.mp4"), width: 64, height: 48, frameRate: Rational(25, 1),
                audio: AudioSource(path: fixture("vp9.webm")))
        }
        #expect(folder.contents.isEmpty)
    }
}
