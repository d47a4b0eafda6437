import CFFmpeg
import Foundation
import Imaging
import Testing

@testable import MediaIO

/// VP9 with alpha in WebM (`VideoOutputFormat.vp9AlphaWebM`): the picture, the alpha plane and
/// the audio each come back as written.
@Suite struct AlphaWebMTests {
    /// A known alpha pattern: transparent on the left, opaque on the right, a ramp between, and
    /// a transparent hole that moves with `frame`, so a plane that is lost, constant, mirrored or
    /// stuck on frame 0 shows.
    static func alphaPattern(_ frame: Int, width: Int, height: Int) -> GrayImage {
        var alpha = GrayImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                let ramp = min(max((x - width / 5) * 255 / max(width * 3 / 5, 1), 0), 255)
                let hole = abs(x - (20 + frame * 4)) < 8 && abs(y - height / 2) < 8
                alpha[x, y] = hole ? 0 : UInt8(ramp)
            }
        }
        return alpha
    }

    /// Mean and largest absolute difference of two alpha planes over `width`×`height`.
    static func difference(_ a: GrayImage, _ b: GrayImage, width: Int, height: Int) -> (mean: Double, largest: Int) {
        var sum = 0, largest = 0
        for y in 0..<height {
            for x in 0..<width {
                let d = abs(Int(a[x, y]) - Int(b[x, y]))
                sum += d
                largest = max(largest, d)
            }
        }
        return (Double(sum) / Double(width * height), largest)
    }

    @Test func colourAndAlphaRoundTrip() throws {
        let folder = TemporaryFolder()
        let path = folder.file("alpha.webm")
        // Odd on both sides: the RGBA staging pads colour and alpha alike.
        let (width, height, count) = (95, 63, 10)
        let writer = try VideoWriter(
            path: path, width: width, height: height, frameRate: Rational(25, 1),
            format: .vp9AlphaWebM)
        var colours: [RGBImage] = [], alphas: [GrayImage] = []
        for i in 0..<count {
            colours.append(syntheticFrame(i, width: width, height: height))
            alphas.append(Self.alphaPattern(i, width: width, height: height))
            try writer.write(colours[i], alpha: alphas[i])
        }
        try writer.finish()
        #expect(folder.contents == ["alpha.webm"])

        let info = try MediaProbe.inspectVideo(path: path)
        let video = try #require(info.primaryVideoStream.map { info.streams[$0] })
        #expect(info.container.contains("webm"))
        #expect(video.codec == "vp9")
        #expect(video.hasAlpha == true, "the WebM track does not declare alpha (AlphaMode)")
        #expect(video.frameCount == count)

        // FFmpeg's own VP9 decoder: the colour, without alpha.
        let plain = try readAllFrames(path)
        #expect(plain.count == count)
        for (frame, colour) in zip(plain, colours) {
            #expect(frame.alpha == nil)
            let quality = psnr(crop(frame.image, width: width, height: height), colour)
            #expect(quality > 30, "frame \(frame.index): PSNR \(quality) dB")
        }

        // libvpx's decoder: the alpha plane too, within a few levels.
        let reader = try VideoReader(path: path, alpha: true)
        var index = 0
        while let frame = try reader.nextFrame() {
            let alpha = try #require(frame.alpha, "frame \(index) has no alpha")
            #expect(psnr(crop(frame.image, width: width, height: height), colours[index]) > 30)
            let error = Self.difference(alpha, alphas[index], width: width, height: height)
            #expect(error.mean < 2, "frame \(index): alpha off by \(error.mean) on average")
            // The hole's hard edges ring a little; the flat parts must be near exact.
            #expect(alpha[2, 2] <= 3 && alpha[width - 3, 2] >= 252, "frame \(index): flat alpha \(alpha[2, 2]), \(alpha[width - 3, 2])")
            #expect(alpha[20 + index * 4, height / 2] <= 8, "frame \(index): the hole is not transparent")
            index += 1
        }
        #expect(index == count)
    }

    @Test func framesWithoutAlphaAreOpaque() throws {
        let folder = TemporaryFolder()
        let path = folder.file("opaque.webm")
        let writer = try VideoWriter(path: path, width: 64, height: 48, frameRate: Rational(25, 1), format: .vp9AlphaWebM)
        for i in 0..<3 { try writer.write(syntheticFrame(i, width: 64, height: 48)) }
        try writer.finish()
        let frames = try readAllFrames(path, alpha: true)
        #expect(frames.count == 3)
        let alpha = try #require(frames.first?.alpha)
        #expect(alpha.pixels.min()! >= 250)
    }

    @Test func alphaForAnOpaqueFormatIsRefused() throws {
        let folder = TemporaryFolder()
        let writer = try VideoWriter(path: folder.file("x.mp4"), width: 64, height: 48, frameRate: Rational(25, 1))
        #expect(throws: MediaError.self) {
            try writer.write(syntheticFrame(0, width: 64, height: 48), alpha: GrayImage(width: 64, height: 48, fill: 128))
        }
        let webm = try VideoWriter(
            path: folder.file("x.webm"), width: 64, height: 48, frameRate: Rational(25, 1),
            format: .vp9AlphaWebM)
        #expect(throws: MediaError.self) {
            try webm.write(syntheticFrame(0, width: 64, height: 48), alpha: GrayImage(width: 32, height: 48))
        }
        writer.cancel()
        webm.cancel()
        #expect(folder.contents.isEmpty)
    }

    @Test(arguments: [(0.0, 0), (18, 22), (23, 28), (51, 63)])
    func x264CRFMapsOntoVP9(x264: Double, vp9: Int) {
        #expect(VideoOutputFormat.vp9CRF(x264: x264) == vp9)
    }

    // MARK: Audio

    /// Writes `frames` frames of WebM with `audio` and returns the writer.
    private func writeWebM(_ path: String, frames: Int, audio: AudioSource) throws -> VideoWriter {
        let writer = try VideoWriter(
            path: path, width: 64, height: 48, frameRate: Rational(25, 1),
            format: .vp9AlphaWebM, audio: audio)
        for i in 0..<frames {
            try writer.write(syntheticFrame(i, width: 64, height: 48), alpha: Self.alphaPattern(i, width: 64, height: 48))
        }
        try writer.finish()
        return writer
    }

    @Test func aacIsTranscodedToOpusAndTrimmedToTheSample() throws {
        let folder = TemporaryFolder()
        let tone = folder.file("tone.wav")
        writeToneWAV(to: tone, seconds: 2)
        let mp4 = folder.file("source.mp4")
        try writeSyntheticClip(to: mp4, count: 50, width: 64, height: 48, audio: AudioSource(path: tone))
        #expect(try audioStream(mp4).codec == "aac")

        // 30 frames at 25 fps: 1.2 s of the source's 2 s.
        let webm = folder.file("out.webm")
        let writer = try writeWebM(webm, frames: 30, audio: AudioSource(path: mp4))
        #expect(writer.audioIsCopied == false)
        #expect(writer.audioCodec == "opus")
        let audio = try audioStream(webm)
        #expect(audio.codec == "opus")
        #expect(audio.sampleRate == 48_000)
        #expect(audio.channels == 2)
        // Decoded (Opus's pre-skip and the last frame's padding discarded), the sound lasts
        // exactly as long as the video.
        let decoded = try decodedAudio(webm)
        #expect(decoded.rate == 48_000)
        #expect(abs(decoded.samples - 57_600) <= 1, "\(decoded.samples) samples for 1.2 s at 48 kHz")
        #expect(folder.contents == ["out.webm", "source.mp4", "tone.wav"])
    }

    @Test func monoPCMBecomesMonoOpus() throws {
        let folder = TemporaryFolder()
        let tone = folder.file("tone.wav")
        writeToneWAV(to: tone, seconds: 1, sampleRate: 22_050, channels: 1)
        let webm = folder.file("out.webm")
        // 40 frames (1.6 s) on 1 s of sound: the audio ends first and is not padded out.
        _ = try writeWebM(webm, frames: 40, audio: AudioSource(path: tone))
        let audio = try audioStream(webm)
        #expect(audio.codec == "opus" && audio.channels == 1)
        let decoded = try decodedAudio(webm)
        #expect(abs(decoded.samples - 48_000) <= 2, "\(decoded.samples) samples for 1 s")
    }

    @Test func vorbisIsCopiedIntoWebM() throws {
        let folder = TemporaryFolder()
        let source = fixture("vorbis-audio.webm")
        let reader = try VideoReader(path: source)
        let webm = folder.file("out.webm")
        let writer = try VideoWriter(
            path: webm, width: reader.width, height: reader.height, frameRate: reader.frameRate,
            format: .vp9AlphaWebM, audio: AudioSource(path: source, startTime: reader.startTime))
        #expect(writer.audioIsCopied == true)
        #expect(writer.audioCodec == "vorbis")
        while let frame = try reader.nextFrame() { try writer.write(frame.image) }
        try writer.finish()
        #expect(try audioStream(webm).codec == "vorbis")
    }

    @Test func mp4StillTakesAAC() throws {
        let folder = TemporaryFolder()
        let tone = folder.file("tone.wav")
        writeToneWAV(to: tone, seconds: 1)
        let mp4 = folder.file("out.mp4")
        let writer = try VideoWriter(path: mp4, width: 64, height: 48, frameRate: Rational(25, 1), audio: AudioSource(path: tone))
        #expect(writer.audioCodec == "aac")
        for i in 0..<25 { try writer.write(syntheticFrame(i, width: 64, height: 48)) }
        try writer.finish()
        #expect(try audioStream(mp4).codec == "aac")
        // MP4 marks the encoder's priming for discard but not the last frame's padding: up to
        // one AAC frame (1024 samples) plays past the end, as it always has.
        let decoded = try decodedAudio(mp4)
        #expect((44_100..<(44_100 + 1024)).contains(decoded.samples), "\(decoded.samples) samples for 1 s")
    }

    private func audioStream(_ path: String) throws -> StreamInfo {
        let info = try MediaProbe.inspectVideo(path: path)
        return try #require(info.streams.first { $0.kind == .audio }, "no audio in \(path)")
    }
}

/// The audio FIFO and encoder format choice with packed samples (libopus takes interleaved
/// float, AAC planar).
@Suite struct PackedAudioTests {
    @Test func libopusGetsPackedFloat() throws {
        let opus = try #require(avcodec_find_encoder_by_name("libopus"))
        #expect(AudioTranscoder.preferredSampleFormat(opus) == AV_SAMPLE_FMT_FLT)
        let aac = try #require(avcodec_find_encoder(AV_CODEC_ID_AAC))
        #expect(AudioTranscoder.preferredSampleFormat(aac) == AV_SAMPLE_FMT_FLTP)
    }

    @Test func skippingPackedSamplesSkipsWholeFrames() throws {
        // Stereo, interleaved: sample i is (L = i, R = 1000 + i).
        let fifo = AudioFIFO(format: AV_SAMPLE_FMT_FLT, channels: 2)
        var interleaved: [Float] = (0..<10).flatMap { i -> [Float] in [Float(i), Float(1000 + i)] }
        try interleaved.withUnsafeMutableBytes { bytes in
            var plane: UnsafeMutablePointer<UInt8>? = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
            try withUnsafeMutablePointer(to: &plane) { planes in try fifo.append((planes, 10), dropping: 3) }
        }
        #expect(fifo.count == 7)
        let frame = Frame()
        frame.pointer.pointee.format = AV_SAMPLE_FMT_FLT.rawValue
        frame.pointer.pointee.nb_samples = 7
        av_channel_layout_default(&frame.pointer.pointee.ch_layout, 2)
        #expect(av_frame_get_buffer(frame.pointer, 0) >= 0)
        try fifo.read(into: frame.pointer, samples: 7)
        let read = UnsafeRawPointer(frame.pointer.pointee.data.0!).assumingMemoryBound(to: Float.self)
        let got: [Float] = (0..<14).map { read[$0] }
        let expected: [Float] = (3..<10).flatMap { i -> [Float] in [Float(i), Float(1000 + i)] }
        #expect(got == expected)
    }
}
