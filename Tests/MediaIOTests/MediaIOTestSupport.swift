import CFFmpeg
import Foundation
import Imaging
import Testing

@testable import MediaIO

/// A committed fixture made by Scripts/make-test-fixtures.
func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
}

/// A fresh folder under the system temporary directory, deleted when the value goes away.
final class TemporaryFolder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "actone-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    /// Every entry in the folder, hidden ones included (to catch leftover temporary files).
    var contents: [String] { (try? FileManager.default.contentsOfDirectory(atPath: path))?.sorted() ?? [] }
}

/// A synthetic test picture: smooth colour gradients that drift with `frame`, a light square that
/// moves right and a dark disc that moves down, so every frame differs and motion, position and
/// colour errors all show. Gradients are triangle waves (no wrap-around edges): content a camera
/// could see, which 4:2:0 video is meant to carry.
func syntheticFrame(_ frame: Int, width: Int, height: Int) -> RGBImage {
    var image = RGBImage(width: width, height: height)
    func triangle(_ v: Int) -> UInt8 { let m = ((v % 510) + 510) % 510; return UInt8(m < 255 ? m : 509 - m) }
    let squareX = (frame * 3) % max(width - 10, 1), discY = (frame * 2) % max(height - 10, 1)
    for y in 0..<height {
        for x in 0..<width {
            var r = triangle(x * 2 + frame * 5 + 40)
            var g = triangle(y * 2 + frame * 3 + 90)
            var b = triangle((x + y) + frame * 4 + 160)
            if x >= squareX && x < squareX + 10 && y >= 4 && y < 14 { (r, g, b) = (235, 235, 225) }
            let dx = x - width / 3, dy = y - discY - 5
            if dx * dx + dy * dy < 25 { (r, g, b) = (40, 40, 50) }
            image[x, y] = RGB(r, g, b)
        }
    }
    return image
}

/// Peak signal-to-noise ratio of two same-size RGB images, in dB.
func psnr(_ a: RGBImage, _ b: RGBImage) -> Double { ImageMetrics.psnr(a, b) }

/// The top-left `width` x `height` part of an image.
func crop(_ image: RGBImage, width: Int, height: Int) -> RGBImage {
    image.cropped(to: IntRect(x: 0, y: 0, width: width, height: height))
}

/// Writes a 16-bit PCM WAV file holding a sine tone: a real audio file made without FFmpeg.
func writeToneWAV(to path: String, seconds: Double, frequency: Double = 440, sampleRate: Int = 44_100, channels: Int = 2) {
    let frames = Int(seconds * Double(sampleRate))
    var data = Data()
    func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
    let payload = frames * channels * 2
    data.append(contentsOf: Array("RIFF".utf8)); append(UInt32(36 + payload))
    data.append(contentsOf: Array("WAVE".utf8))
    data.append(contentsOf: Array("fmt ".utf8)); append(UInt32(16)); append(UInt16(1)); append(UInt16(channels))
    append(UInt32(sampleRate)); append(UInt32(sampleRate * channels * 2)); append(UInt16(channels * 2)); append(UInt16(16))
    data.append(contentsOf: Array("data".utf8)); append(UInt32(payload))
    for i in 0..<frames {
        let sample = Int16(sin(2 * Double.pi * frequency * Double(i) / Double(sampleRate)) * 12_000)
        for _ in 0..<channels { append(sample) }
    }
    precondition(FileManager.default.createFile(atPath: path, contents: data), "cannot write \(path)")
}

/// Writes `count` synthetic frames to an MP4 and returns the frames written.
@discardableResult
func writeSyntheticClip(
    to path: String, count: Int, width: Int = 96, height: Int = 64,
    frameRate: Rational = Rational(25, 1), settings: VideoEncoderSettings = VideoEncoderSettings(),
    audio: AudioSource? = nil
) throws -> [RGBImage] {
    let writer = try VideoWriter(
        path: path, width: width, height: height, frameRate: frameRate,
        settings: settings, audio: audio)
    var frames: [RGBImage] = []
    for i in 0..<count {
        let image = syntheticFrame(i, width: width, height: height)
        try writer.write(image)
        frames.append(image)
    }
    try writer.finish()
    return frames
}

/// Every frame of a video (with `alpha`, their alpha planes too).
func readAllFrames(_ path: String, alpha: Bool = false) throws -> [VideoFrame] {
    let reader = try VideoReader(path: path, alpha: alpha)
    var frames: [VideoFrame] = []
    while let frame = try reader.nextFrame() { frames.append(frame) }
    return frames
}

/// Decodes a file's best audio stream to the end and counts its samples per channel, as a
/// player would play them: the decoder drops what the container marks for discard (an
/// encoder's priming, Opus's pre-skip, the padding of the last frame).
func decodedAudio(_ path: String) throws -> (rate: Int, samples: Int) {
    let input = try InputFile(path: path)
    let index = try #require(input.bestStream(AVMEDIA_TYPE_AUDIO))
    let decoder = try Decoder(stream: input.stream(index), path: path, threads: 1)
    let packet = Packet(), frame = Frame()
    var samples = 0
    func drain() {
        while avcodec_receive_frame(decoder.context, frame.pointer) >= 0 { samples += Int(frame.pointer.pointee.nb_samples); frame.unref() }
    }
    while av_read_frame(input.context, packet.pointer) >= 0 {
        if Int(packet.pointer.pointee.stream_index) == index {
            #expect(avcodec_send_packet(decoder.context, packet.pointer) >= 0)
            drain()
        }
        packet.unref()
    }
    avcodec_send_packet(decoder.context, nil)
    drain()
    return (Int(decoder.context.pointee.sample_rate), samples)
}
