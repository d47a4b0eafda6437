import Foundation
import Imaging
import MediaIO
import Testing

/// What `actone track` gives animation tools: a chosen neutral, Live Link Face CSV at 60 fps,
/// BVH, and `inspect` agreeing between a clip and its track. On short clips of the project's own
/// portrait (the debug build tracks a few frames a second).
@Suite struct TrackCaptureCLITests {
    /// `count` frames at 25 fps of the sample portrait, swaying a few pixels sideways.
    static func portraitClip(in folder: ScratchFolder, name: String = "clip.mp4", count: Int = 12) throws -> String {
        let clip = folder.file(name)
        let writer = try VideoWriter(path: clip, width: 256, height: 300, frameRate: Rational(25, 1))
        for i in 0..<count { try writer.write(try TrackCommandTests.portrait(shiftedBy: (i % 5) * 2)) }
        try writer.finish()
        return clip
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test(.enabled(if: TrackCommandTests.modelsInstalled, "models/ not installed"))
    func chosenNeutralIsRecordedAndInspectAgreesWithTheTrack() throws {
        let folder = ScratchFolder()
        let clip = try Self.portraitClip(in: folder)
        let tracked = try runActone(["track", clip, "--neutral", "4", "-o", "t.track.json"], in: folder.path)
        #expect(tracked.status == 0, "\(tracked.stderr)")
        let metadata = try #require(try Self.json(folder.file("t.track.json"))["metadata"] as? [String: Any])
        let neutral = try #require(metadata["neutral"] as? [String: Any])
        #expect(neutral["source"] as? String == "frame" && neutral["frame"] as? Int == 4)
        #expect(((neutral["measures"] as? [String: Any])?.count ?? 0) > 30)

        // The clip tracked in memory and its track file read back give the same summary, figure for figure.
        let fromClip = try runActone(["inspect", clip, "--neutral", "4", "--json"], in: folder.path)
        let fromTrack = try runActone(["inspect", "t.track.json", "--json"], in: folder.path)
        #expect(fromClip.status == 0 && fromTrack.status == 0, "\(fromClip.stderr) \(fromTrack.stderr)")
        func summary(_ text: String) throws -> NSDictionary {
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            return try #require(object?["summary"] as? NSDictionary)
        }
        let a = try summary(fromClip.stdout), b = try summary(fromTrack.stdout)
        #expect(a == b, "clip: \(a)\ntrack: \(b)")
        #expect(a["neutral"] as? String == "frame 4")
        let text = try runActone(["inspect", "t.track.json"], in: folder.path)
        #expect(text.stdout.contains("neutral") && text.stdout.contains("frame 4"))
    }

    @Test(.enabled(if: TrackCommandTests.modelsInstalled, "models/ not installed"))
    func neutralFromAStillAndFromAnotherTrack() throws {
        let folder = ScratchFolder()
        let clip = try Self.portraitClip(in: folder, count: 6)
        let still = folder.file("rest.png")
        try ImageWriter.writePNG(try TrackCommandTests.portrait(shiftedBy: 0), to: still)
        let fromStill = try runActone(["track", clip, "--neutral", still, "-o", "a.track.json"], in: folder.path)
        #expect(fromStill.status == 0, "\(fromStill.stderr)")
        let a = try #require((try Self.json(folder.file("a.track.json"))["metadata"] as? [String: Any])?["neutral"] as? [String: Any])
        #expect(a["source"] as? String == "file" && a["file"] as? String == "rest.png")
        // Another track's neutral is taken exactly as it was recorded.
        let fromTrack = try runActone(["track", clip, "--neutral", "a.track.json", "-o", "b.track.json"], in: folder.path)
        #expect(fromTrack.status == 0, "\(fromTrack.stderr)")
        let b = try #require((try Self.json(folder.file("b.track.json"))["metadata"] as? [String: Any])?["neutral"] as? [String: Any])
        #expect((a["measures"] as? NSDictionary) == (b["measures"] as? NSDictionary))
        // The still is the clip's first frame, so the first frame is at rest: every blendshape small.
        let first = try #require((try Self.json(folder.file("a.track.json"))["frames"] as? [[String: Any]])?.first)
        let shapes = try #require(first["blendshapes"] as? [Double])
        #expect(shapes.allSatisfy { $0 < 0.25 }, "\(shapes)")
    }

    @Test(.enabled(if: TrackCommandTests.modelsInstalled, "models/ not installed"))
    func badNeutralsFailWithOneLineAndNoFile() throws {
        let folder = ScratchFolder()
        let clip = try Self.portraitClip(in: folder, count: 5)
        var grey = RGBImage(width: 200, height: 200)
        grey.fillRect(IntRect(x: 0, y: 0, width: 200, height: 200), color: RGB(128, 128, 128))
        try ImageWriter.writePNG(grey, to: folder.file("grey.png"))
        try Data("{\"format\":\"nope\"}".utf8).write(to: URL(fileURLWithPath: folder.file("broken.json")))
        let before = folder.contents
        let cases: [(argument: String, message: String)] = [
            ("7", "outside the clip's 5 frames"),
            ("missing.png", "no such file"),
            ("grey.png", "no face found"),
            ("broken.json", "format"),
        ]
        for c in cases {
            let result = try runActone(["track", clip, "--neutral", c.argument, "-o", "out.track.json"], in: folder.path)
            #expect(
                result.status == 1 && result.errorLines.count == 1 && result.stderr.contains(c.message),
                "--neutral \(c.argument): \(result.status) \(result.stderr)")
            #expect(folder.contents == before, "--neutral \(c.argument) left \(folder.contents)")
        }
        let negative = try runActone(["track", clip, "--neutral=-3"], in: folder.path)
        #expect(negative.status == 64 && negative.stderr.contains("--neutral"))
        let onTrack = try runActone(["inspect", "broken.json", "--neutral", "3"], in: folder.path)
        #expect(onTrack.status == 64)
        #expect(folder.contents == before)
    }

    @Test(.enabled(if: TrackCommandTests.modelsInstalled, "models/ not installed"))
    func liveLinkAt60FramesPerSecondAndBVH() throws {
        let folder = ScratchFolder()
        let clip = try Self.portraitClip(in: folder, count: 10)  // 0.4 s
        let live = try runActone(["track", clip, "--format", "livelink", "--angle-units", "unit"], in: folder.path)
        #expect(live.status == 0, "\(live.stderr)")
        let rows = try String(contentsOfFile: folder.file("clip.livelink.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst()
        #expect(rows.count == 24, "0.4 s at 60 fps")
        let timecodes = rows.map { String($0.prefix { $0 != "," }) }
        #expect(timecodes.first == "00:00:00:00.000" && timecodes.last == "00:00:00:23.000")
        // Angles in degrees / 180 stay within ±1.
        let angles = rows.flatMap { $0.split(separator: ",").suffix(9).compactMap { Double($0) } }
        #expect(angles.count == 24 * 9 && angles.allSatisfy { abs($0) <= 1 })

        let source = try runActone(["track", clip, "--format", "livelink", "--rate", "source", "-o", "s.csv"], in: folder.path)
        #expect(source.status == 0)
        #expect(try String(contentsOfFile: folder.file("s.csv"), encoding: .utf8).split(separator: "\n").count == 11)

        let bvh = try runActone(["track", clip, "--format", "bvh", "--rate", "30"], in: folder.path)
        #expect(bvh.status == 0, "\(bvh.stderr)")
        let text = try String(contentsOfFile: folder.file("clip.bvh"), encoding: .utf8)
        #expect(text.hasPrefix("HIERARCHY") && text.contains("Frames: 12") && text.contains("Frame Time: 0.0333333"))
        let motion = try #require(text.components(separatedBy: "MOTION\n").last)
        let lines = motion.split(separator: "\n").dropFirst(2)
        #expect(lines.count == 12 && lines.allSatisfy { $0.split(separator: " ").count == 18 })

        let wrongFormat = try runActone(["track", clip, "--rate", "60"], in: folder.path)
        #expect(wrongFormat.status == 64 && wrongFormat.stderr.contains("--rate"))
        let wrongRate = try runActone(["track", clip, "--format", "bvh", "--rate", "0"], in: folder.path)
        #expect(wrongRate.status == 64)
    }
}
