import Foundation
import Imaging
import Testing

@testable import MediaIO

/// A variable-rate clip written through `VideoWriter.write(_:sourceTime:)` keeps its timing:
/// Fixtures/vfr-gap.mp4 is 3 s at 30 fps with frames 30-49 missing, and a 3 s tone.
@Suite struct VariableFrameRateTests {
    /// The source frame number a picture shows: frame n is flat grey of luma 16 + 2n, which
    /// decodes to RGB (16 + 2n - 16) * 255/219 on each channel.
    private func frameNumber(_ image: RGBImage) -> Int {
        let mean = Double(image.pixels.reduce(0) { $0 + Int($1) }) / Double(image.pixels.count)
        return Int((mean * 219 / 255 / 2).rounded())
    }

    @Test func theReaderOffersTheRateTheClipWasShotAt() throws {
        let reader = try VideoReader(path: fixture("vfr-gap.mp4"))
        #expect(reader.frameRate == Rational(70, 3))
        #expect(reader.outputFrameRate == Rational(30, 1))
    }

    @Test func outputKeepsTheSourceDurationAndEachFrameItsTime() throws {
        let folder = TemporaryFolder()
        let source = fixture("vfr-gap.mp4")
        let reader = try VideoReader(path: source)
        let writer = try VideoWriter(
            path: folder.file("out.mp4"), width: reader.width, height: reader.height,
            frameRate: reader.outputFrameRate, settings: VideoEncoderSettings(crf: 0, preset: "ultrafast"),
            audio: AudioSource(path: source, startTime: reader.startTime))
        var sourceFrames: [VideoFrame] = []
        while let frame = try reader.nextFrame() {
            sourceFrames.append(frame)
            try writer.write(frame.image, sourceTime: frame.time)
        }
        try writer.finish()
        #expect(sourceFrames.count == 70)
        #expect(writer.framesRepeated == 20 && writer.framesDropped == 0)

        let output = try VideoReader(path: folder.file("out.mp4"))
        var written: [VideoFrame] = []
        while let frame = try output.nextFrame() { written.append(frame) }
        #expect(written.count == 90)
        let sourceDuration = try #require(reader.duration)
        let outputDuration = try #require(output.duration)
        #expect(abs(outputDuration - sourceDuration) <= 1.0 / 30 + 1e-6, "source \(sourceDuration) s, output \(outputDuration) s")
        #expect(!output.audioStreams.isEmpty)

        // Source frame n is shown at n/30 s: output frame n shows it, and inside the gap
        // (output frames 30...49) frame 29, the last before it, is held. A re-timing to a
        // constant rate would show frame 50 at 30/30 s.
        #expect(sourceFrames.map { frameNumber($0.image) } == Array(0..<30) + Array(50..<90))
        // The output's round trip through YUV moves levels by about one (source frames differ by
        // two or three), so each output frame is checked against the one it should show.
        func brightness(_ image: RGBImage) -> Double { Double(image.pixels.reduce(0) { $0 + Int($1) }) / Double(image.pixels.count) }
        let sourceBrightness = sourceFrames.map { (frameNumber($0.image), brightness($0.image)) }
        let expected = Array(0..<30) + Array(repeating: 29, count: 20) + Array(50..<90)
        let sourceByNumber = Dictionary(uniqueKeysWithValues: sourceBrightness)
        let off = zip(written, expected).enumerated().filter { _, pair in
            abs(brightness(pair.0.image) - sourceByNumber[pair.1]!) > 1.5
        }.map(\.offset)
        #expect(off.isEmpty, "output frames not showing the source frame of their time: \(off)")
    }
}
