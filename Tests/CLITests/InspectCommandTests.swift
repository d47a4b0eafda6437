import Foundation
import Imaging
import MediaIO
import Testing

/// `actone inspect` on videos, media information only (`--no-track`: no models needed).
@Suite struct InspectCommandTests {
    @Test func helpListsTheWorkingSubcommands() throws {
        let result = try runActone(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("inspect") && result.stdout.contains("models"))
        let help = try runActone(["inspect", "--help"]).stdout
        for option in ["--overlay", "--plot", "--json", "--video", "--no-track"] {
            #expect(help.contains(option), "inspect --help does not mention \(option)")
        }
    }

    @Test func tableShowsContainerStreamsAndAudio() throws {
        let result = try runActone(["inspect", "--no-track", mediaFixture("pcm-audio.mov")])
        #expect(result.status == 0, "\(result.stderr)")
        for expected in ["QuickTime / MOV", "h264", "64x64", "24 fps", "frames", "12", "rotation", "pcm_s16le", "48000 Hz"] {
            #expect(result.stdout.contains(expected), "missing \(expected) in:\n\(result.stdout)")
        }
        #expect(!result.stdout.contains("face found"))
        #expect(result.stderr.isEmpty)
    }

    @Test func jsonHasTheSameFacts() throws {
        let result = try runActone(["inspect", "--no-track", "--json", mediaFixture("pcm-audio.mov")])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["summary"] == nil)
        let media = try #require(json["media"] as? [String: Any])
        let streams = try #require(media["streams"] as? [[String: Any]])
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
        let writer = try VideoWriter(
            path: clip, width: 64, height: 48, frameRate: Rational(30, 1),
            settings: VideoEncoderSettings(rotation: 90))
        for _ in 0..<3 { try writer.write(RGBImage(width: 64, height: 48)) }
        try writer.finish()
        let result = try runActone(["inspect", "--no-track", clip])
        #expect(result.stdout.contains("90° clockwise") && result.stdout.contains("shown 48x64 upright"))
    }

    @Test func overlayWritesTheClipWithItsAudio() throws {
        let folder = ScratchFolder()
        let output = folder.file("overlay.mp4")
        let result = try runActone(["inspect", "--no-track", mediaFixture("pcm-audio.mov"), "--overlay", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(folder.contents == ["overlay.mp4"])
        let info = try MediaProbe.inspectVideo(path: output)
        let video = info.streams[try #require(info.primaryVideoStream)]
        #expect(video.frameCount == 12 && video.width == 64 && video.frameRate == Rational(24, 1))
        #expect(info.streams.contains { $0.kind == .audio && $0.codec == "aac" })
        // The caption is drawn: the first frame's top-left differs from the source's.
        let source = try VideoReader(path: mediaFixture("pcm-audio.mov")).nextFrame()!.image
        let drawn = try VideoReader(path: output).nextFrame()!.image
        #expect(
            ImageMetrics.psnr(
                source.cropped(to: IntRect(x: 0, y: 0, width: 64, height: 16)),
                drawn.cropped(to: IntRect(x: 0, y: 0, width: 64, height: 16))) < 25)
    }

    @Test func outputNamesAndOptionsAreChecked() throws {
        let folder = ScratchFolder()
        let video = mediaFixture("vp9.webm")
        let track = folder.file("t.track.json")
        try SyntheticTrackFile.write(to: track)
        for arguments in [
            ["inspect", video, "--overlay", folder.file("out.mkv")],  // --overlay writes MP4
            ["inspect", track, "--plot", folder.file("chart.jpg")],  // --plot writes PNG
            ["inspect", video, "--video", video, "--overlay", folder.file("o.mp4")],  // --video is for tracks
            ["inspect", track, "--video", video],  // ... and their --overlay
            ["inspect", video, "--no-track", "--plot", folder.file("c.png")],
            ["inspect", track, "--no-track"],
            ["inspect", track, "--plot", folder.file("same.png"), "--overlay", folder.file("same.png")],
        ] {
            let result = try runActone(arguments)
            #expect(result.status == 64, "\(arguments): \(result.status) \(result.stderr)")
        }
        #expect(folder.contents == ["t.track.json"])
    }
}
