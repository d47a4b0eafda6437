import Foundation
import Imaging
import MediaIO
import Testing

@testable import ActOne

/// `ClipPlayback`: a character clip's frames in playing order on the output's clock, looped
/// forwards and backwards or from the start, read backwards by seek and chunk.
@Suite struct ClipPlaybackTests {
    /// 24 frames at 25 fps, key frames every 12 (Scripts/make-character-clips).
    static let clip = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CLITests/Fixtures/clips/short.mp4").path
    static let vfrClip = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CLITests/Fixtures/clips/vfr.mkv").path

    /// Every frame of the clip, decoded once, to compare played pixels with.
    static func decodedFrames(_ path: String) throws -> [RGBImage] {
        let reader = try VideoReader(path: path)
        var frames: [RGBImage] = []
        while let frame = try reader.nextFrame() { frames.append(frame.image) }
        return frames
    }

    func play(_ playback: ClipPlayback, count: Int) throws -> [PlayedFrame] {
        var played: [PlayedFrame] = []
        while played.count < count, let frame = try playback.next() { played.append(frame) }
        return played
    }

    /// Forwards, backwards without repeating the last frame, forwards without repeating the first;
    /// chunks of 5 frames so backwards reading seeks across key frames; every played frame has
    /// exactly the pixels of the clip's frame it claims to be.
    @Test func pingpongPlaysBackwardsAndForwardsWithTheSamePixels() throws {
        let frames = try Self.decodedFrames(Self.clip)
        #expect(frames.count == 24)
        let playback = try ClipPlayback(path: Self.clip, loop: .pingpong, chunkFrames: 5)
        let played = try play(playback, count: 24 + 23 + 23 + 5)
        let expected = Array(0..<24) + Array((0...22).reversed()) + Array(1...23) + Array((18...22).reversed())
        #expect(played.map(\.index) == expected)
        for (k, frame) in played.enumerated() {
            #expect(abs(frame.start - Double(k) * 0.04) < 1e-6, "frame \(k) starts at \(frame.start)")
            #expect(frame.image == frames[frame.index], "played frame \(k) is not clip frame \(frame.index)")
            #expect(!frame.isCut)
            #expect(frame.isFirstPass == (k < 24))
        }
        #expect(playback.frameCount == 24)
    }

    @Test func repeatStartsAgainWithACut() throws {
        let frames = try Self.decodedFrames(Self.clip)
        let played = try play(try ClipPlayback(path: Self.clip, loop: .repeat), count: 50)
        #expect(played.map(\.index) == Array(0..<24) + Array(0..<24) + [0, 1])
        let cuts: [Double] = played.filter(\.isCut).map(\.start)
        #expect(cuts.count == 2)
        #expect(zip(cuts, [0.96, 1.92]).allSatisfy { abs($0 - $1) < 1e-6 })
        for frame in played { #expect(frame.image == frames[frame.index]) }
    }

    @Test func onceEndsWithTheClip() throws {
        let playback = try ClipPlayback(path: Self.clip, loop: nil)
        let played = try play(playback, count: 100)
        #expect(played.map(\.index) == Array(0..<24))
        #expect(try playback.next()?.index == nil)
    }

    /// A variable-rate clip: each frame shows until the next one's time, backwards too (a frame
    /// shows as long as it did forwards).
    @Test func variableRateFramesKeepTheirDurations() throws {
        let playback = try ClipPlayback(path: Self.vfrClip, loop: .pingpong, chunkFrames: 4)
        let played = try play(playback, count: 20 + 19)
        // Frames at 45n + 15(n mod 2) ms: 0, 60, 90, 150, ...
        for frame in played.prefix(20) {
            let expected = Double(45 * frame.index + 15 * (frame.index % 2)) / 1000
            #expect(abs(frame.start - expected) < 1e-3)
        }
        // The last frame (19) shows for one frame at the clip's rate; backwards, frame 18 then
        // shows for its own 60 ms... each start is the previous start plus that frame's duration.
        for (a, b) in zip(played.dropFirst(19), played.dropFirst(20)) {
            #expect(abs((b.start - a.start) - playback.duration(of: a.index)) < 1e-6)
        }
        #expect(played.dropFirst(20).map(\.index) == Array((0...18).reversed()))
    }
}
