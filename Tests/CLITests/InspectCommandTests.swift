import Foundation
import Imaging
import MediaIO
import Testing

@Suite struct InspectCommandTests {
    @Test func helpListsTheWorkingSubcommands() throws {
        let result = try runActone(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("inspect") && result.stdout.contains("models"))
        #expect(try runActone(["inspect", "--help"]).stdout.contains("--overlay"))
    }

    @Test func tableShowsContainerStreamsAndAudio() throws {
        let result = try runActone(["inspect", mediaFixture("pcm-audio.mov")])
        #expect(result.status == 0, "\(result.stderr)")
        for expected in ["QuickTime / MOV", "h264", "64x64", "24 fps", "frames", "12", "rotation", "pcm_s16le", "48000 Hz"] {
            #expect(result.stdout.contains(expected), "missing \(expected) in:\n\(result.stdout)")
        }
        #expect(result.stderr.isEmpty)
    }

    @Test func jsonHasTheSameFacts() throws {
        let result = try runActone(["inspect", "--json", mediaFixture("pcm-audio.mov")])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let streams = try #require(json["streams"] as? [[String: Any]])
        #expect(streams.count == 2)
        let video = try #require(streams.first { $0["kind"] as? String == "video" })
        #expect(video["frameCount"] as? Int == 12)
        #expect(video["width"] as? Int == 64)
        #expect(video["rotation"] as? Int == 0)
        #expect((video["frameRate"] as? [String: Any])?["numerator"] as? Int == 24)
        let audio = try #require(streams.first { $0["kind"] as? String == "audio" })
        #expect(audio["codec"] as? String == "pcm_s16le")
    }

    @Test func rotationIsReported() throws {
        let folder = ScratchFolder()
        let clip = folder.file("portrait.mp4")
        let writer = try VideoWriter(path: clip, width: 64, height: 48, frameRate: Rational(30, 1),
                                     settings: VideoEncoderSettings(rotation: 90))
        for _ in 0..<3 { try writer.write(RGBImage(width: 64, height: 48)) }
        try writer.finish()
        let result = try runActone(["inspect", clip])
        #expect(result.stdout.contains("90° clockwise") && result.stdout.contains("shown 48x64 upright"))
    }

    @Test func overlayWritesTheClipWithItsAudio() throws {
        let folder = ScratchFolder()
        let output = folder.file("overlay.mp4")
        let result = try runActone(["inspect", mediaFixture("pcm-audio.mov"), "--overlay", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(folder.contents == ["overlay.mp4"])
        let info = try MediaProbe.inspectVideo(path: output)
        let video = info.streams[try #require(info.primaryVideoStream)]
        #expect(video.frameCount == 12 && video.width == 64 && video.frameRate == Rational(24, 1))
        #expect(info.streams.contains { $0.kind == .audio && $0.codec == "aac" })
        // The caption is drawn: the first frame's top-left differs from the source's.
        let source = try VideoReader(path: mediaFixture("pcm-audio.mov")).nextFrame()!.image
        let drawn = try VideoReader(path: output).nextFrame()!.image
        #expect(ImageMetrics.psnr(source.cropped(to: IntRect(x: 0, y: 0, width: 64, height: 16)),
                                  drawn.cropped(to: IntRect(x: 0, y: 0, width: 64, height: 16))) < 25)
    }

    @Test func overlayNeedsAnMP4Name() throws {
        let folder = ScratchFolder()
        let result = try runActone(["inspect", mediaFixture("vp9.webm"), "--overlay", folder.file("out.mkv")])
        #expect(result.status == 64)
        #expect(folder.contents.isEmpty)
    }
}
