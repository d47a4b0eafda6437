import Foundation
import Imaging
import MediaIO
import Testing

/// `actone inspect VIDEO`: the clip tracked on the fly, summarised, plotted and drawn.
@Suite struct InspectVideoCLITests {
    @Test(.enabled(if: TrackCommandTests.modelsInstalled, "models/ not installed"))
    func tracksTheVideoAndDrawsTheFace() throws {
        let folder = ScratchFolder()
        let overlay = folder.file("overlay.mp4"), chart = folder.file("chart.png")
        let result = try runActone(["inspect", TrackCommandTests.sample, "--overlay", overlay, "--plot", chart])
        #expect(result.status == 0, "\(result.stderr)")
        // The media information first, then the performance.
        let media = try #require(result.stdout.range(of: "360x360"))
        let summary = try #require(result.stdout.range(of: "face found  100.0 % (100 of 100 frames)"))
        #expect(media.upperBound < summary.lowerBound, "\(result.stdout)")
        for expected in ["frames      100", "head yaw", "blinks", "mouth open", "jitter", "strongest expressions"] {
            #expect(result.stdout.contains(expected), "missing \(expected) in:\n\(result.stdout)")
        }
        #expect(folder.contents == ["chart.png", "overlay.mp4"])

        let info = try MediaProbe.inspectVideo(path: overlay)
        let video = info.streams[try #require(info.primaryVideoStream)]
        #expect(video.frameCount == 100 && video.width == 360 && video.frameRate == Rational(25, 1))
        #expect(info.streams.contains { $0.kind == .audio })
        // The mesh is drawn over the face (the middle of the frame), which the caption does not reach.
        let source = try VideoReader(path: TrackCommandTests.sample).nextFrame()!.image
        let drawn = try VideoReader(path: overlay).nextFrame()!.image
        let face = IntRect(x: 120, y: 120, width: 120, height: 120)
        #expect(ImageMetrics.psnr(source.cropped(to: face), drawn.cropped(to: face)) < 28)
        #expect(try ImageLoader.load(path: chart).rgb.width == 1200)
    }

    @Test(.enabled(if: TrackCommandTests.modelsInstalled, "models/ not installed"))
    func aClipWithoutAFaceIsSummarisedAsSuch() throws {
        let result = try runActone(["inspect", mediaFixture("pcm-audio.mov"), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["media"] is [String: Any])
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["frames"] as? Int == 12 && summary["framesWithFace"] as? Int == 0)
        #expect(summary["yaw"] == nil && (summary["strongestExpressions"] as? [Any])?.isEmpty == true)
    }
}
