import Foundation
import Imaging
import MediaIO
import Testing

/// `actone inspect TRACK`: the summary, --json, --plot and --overlay of a pose-track file.
@Suite struct InspectTrackCLITests {
    private func expectCleanFailure(
        _ result: CLIResult, mentioning fragment: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == 1, "exit status \(result.status)", sourceLocation: sourceLocation)
        #expect(
            result.errorLines.count == 1 && result.stderr.hasPrefix("actone: "), "stderr was:\n\(result.stderr)",
            sourceLocation: sourceLocation)
        #expect(result.stderr.contains(fragment), "stderr was: \(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func summarisesASyntheticTrack() throws {
        let folder = ScratchFolder()
        let track = folder.file("clip.track.json")
        try SyntheticTrackFile.write(to: track)
        let result = try runActone(["inspect", track])
        #expect(result.status == 0, "\(result.stderr)")
        for expected in [
            "frames      60", "30.000 fps", "2.000 s", "91.7 % (55 of 60 frames)", "-10.0° to 19.5°",
            "blinks      1 (32.7 per minute of face)", "deepest at frame 20", "27.3 % of frames with a face (jawOpen > 0.3)",
            "head 0.000°", "jawOpen", "eyeBlinkLeft",
        ] {
            #expect(result.stdout.contains(expected), "missing \(expected) in:\n\(result.stdout)")
        }
        #expect(!result.stdout.contains("landmarks"), "a track without landmarks has no landmark jitter")
        #expect(result.stderr.isEmpty)

        let json = try runActone(["inspect", track, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["media"] == nil)
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["frames"] as? Int == 60 && summary["framesWithFace"] as? Int == 55)
        #expect(summary["blinks"] as? Int == 1 && summary["blinkFrames"] as? [Int] == [20])
        #expect((summary["yaw"] as? [String: Any])?["max"] as? Double == 19.5)
        #expect((summary["strongestExpressions"] as? [[String: Any]])?.first?["name"] as? String == "jawOpen")
    }

    @Test func plotIsAPNGAndIsNotOverwrittenWithoutForce() throws {
        let folder = ScratchFolder()
        let track = folder.file("clip.track.json")
        try SyntheticTrackFile.write(to: track)
        let chart = folder.file("chart.png")
        let result = try runActone(["inspect", track, "--plot", chart])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("wrote \(chart)"))
        let image = try ImageLoader.load(path: chart).rgb
        #expect(image.width == 1200 && image.height == 800)
        #expect(Set(image.pixels).count > 10, "the chart is blank")
        #expect(folder.contents == ["chart.png", "clip.track.json"])

        let before = try Data(contentsOf: URL(fileURLWithPath: chart))
        let refused = try runActone(["inspect", track, "--plot", chart])
        expectCleanFailure(refused, mentioning: "--force")
        #expect(refused.stdout.isEmpty, "nothing is done before the output is known to be writable")
        #expect(try Data(contentsOf: URL(fileURLWithPath: chart)) == before)
        #expect(try runActone(["inspect", track, "--plot", chart, "--force"]).status == 0)
        #expect(folder.contents == ["chart.png", "clip.track.json"])
    }

    @Test func unreadableTracksFailCleanly() throws {
        let folder = ScratchFolder()
        let good = folder.file("good.track.json")
        try SyntheticTrackFile.write(to: good)
        let text = try String(contentsOfFile: good, encoding: .utf8)
        try String(text.prefix(text.count / 2)).write(toFile: folder.file("truncated.track.json"), atomically: true, encoding: .utf8)
        try "these are my notes\n".write(toFile: folder.file("notes.json"), atomically: true, encoding: .utf8)
        try "index,time,face_found\n0,0,1\n".write(toFile: folder.file("clip.track.csv"), atomically: true, encoding: .utf8)
        let inputs = folder.contents
        for (file, fragment) in [
            ("truncated.track.json", "the file is truncated"), ("notes.json", "line 1: not JSON"),
            ("missing.track.json", "no such file"), ("clip.track.csv", "inspect reads pose tracks written as .track.json"),
        ] {
            let result = try runActone([
                "inspect", folder.file(file), "--plot", folder.file("c.png"),
                "--overlay", folder.file("o.mp4"),
            ])
            expectCleanFailure(result, mentioning: fragment)
            #expect(result.stderr.contains(file), "the error names the file: \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(folder.contents == inputs, "left behind: \(folder.contents)")
        }
    }

    @Test func overlayNeedsTheTracksVideo() throws {
        let folder = ScratchFolder()
        let track = folder.file("clip.track.json")
        try SyntheticTrackFile.write(to: track, sourceName: "clip.mp4")
        let missing = try runActone(["inspect", track, "--overlay", folder.file("o.mp4")])
        expectCleanFailure(missing, mentioning: "--video")
        #expect(missing.stderr.contains("clip.mp4") && missing.stdout.isEmpty)

        // Another clip (64x64, the track's is 400x400) is refused before anything is written.
        let other = try runActone(["inspect", track, "--overlay", folder.file("o.mp4"), "--video", mediaFixture("pcm-audio.mov")])
        expectCleanFailure(other, mentioning: "64x64")
        #expect(folder.contents == ["clip.track.json"], "left behind: \(folder.contents)")
    }

    /// A track written by `actone track` from the project's sample, then inspected.
    @Test(.enabled(if: TrackCommandTests.modelsInstalled, "models/ not installed"))
    func inspectsATrackWrittenByTrack() throws {
        let folder = ScratchFolder()
        let tracked = try runActone(["track", TrackCommandTests.sample], in: folder.path)
        #expect(tracked.status == 0, "\(tracked.stderr)")
        let track = folder.file("driving.track.json")

        let table = try runActone(["inspect", track])
        #expect(table.status == 0, "\(table.stderr)")
        for expected in [
            "frames      100", "25.000 fps", "4.000 s", "face found  100.0 % (100 of 100 frames)",
            "head yaw", "head pitch", "head roll", "blinks", "mouth open", "jitter", "landmarks", "strongest expressions",
        ] {
            #expect(table.stdout.contains(expected), "missing \(expected) in:\n\(table.stdout)")
        }

        let json = try runActone(["inspect", track, "--json", "--plot", folder.file("chart.png")])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["frames"] as? Int == 100 && summary["faceFoundPercent"] as? Double == 100)
        #expect(summary["landmarkJitter"] is [String: Any] && summary["headJitter"] is [String: Any])
        let chart = try ImageLoader.load(path: folder.file("chart.png")).rgb
        #expect(chart.width == 1200 && chart.height == 800)

        // The overlay finds the clip beside the track by its source name.
        try FileManager.default.createSymbolicLink(atPath: folder.file("driving.mp4"), withDestinationPath: TrackCommandTests.sample)
        let overlay = try runActone(["inspect", "driving.track.json", "--overlay", "overlay.mp4"], in: folder.path)
        #expect(overlay.status == 0, "\(overlay.stderr)")
        let info = try MediaProbe.inspectVideo(path: folder.file("overlay.mp4"))
        #expect(info.streams.first { $0.kind == .video }?.frameCount == 100)
        #expect(info.streams.contains { $0.kind == .audio })
        #expect(folder.contents == ["chart.png", "driving.mp4", "driving.track.json", "overlay.mp4"])
    }
}
