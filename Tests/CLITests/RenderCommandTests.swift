import Foundation
import Imaging
import MediaIO
import Testing

/// `actone DRIVER CHARACTER` (render, the default command) on the project's own samples.
@Suite struct RenderCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let driving = root.appendingPathComponent("Samples/driving.mp4").path
    static let character = root.appendingPathComponent("Samples/character.jpg").path
    static var modelsInstalled: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("models/face_landmark_with_attention.tflite").path)
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func rendersEveryDriverFrameWithTheDriversRateAndAudio() throws {
        let folder = ScratchFolder()
        // With the driver's creases drawn too (--detail reads the reference frame's pixels again).
        let result = try runActone([Self.driving, Self.character, "--crop", "face", "--detail", "1"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(folder.contents == ["driving_character.mp4"])
        let out = try MediaProbe.inspectVideo(path: folder.file("driving_character.mp4"))
        let source = try MediaProbe.inspectVideo(path: Self.driving)
        let video = try #require(out.streams.first { $0.kind == .video })
        let sourceVideo = try #require(source.streams.first { $0.kind == .video })
        #expect(video.frameCount == sourceVideo.frameCount)
        #expect(video.frameRate == sourceVideo.frameRate)
        #expect(video.width == video.height && video.width! % 2 == 0)
        // A face crop is at least 512 px, however small the face (the sample's is about 300).
        #expect(video.width! >= 512)
        #expect(out.streams.contains { $0.kind == .audio } == source.streams.contains { $0.kind == .audio })
        // The character moves: frames differ from one another.
        let reader = try VideoReader(path: folder.file("driving_character.mp4"))
        let first = try #require(try reader.nextFrame()).image
        var last = first
        while let frame = try reader.nextFrame() { last = frame.image }
        #expect(ImageMetrics.psnr(first, last) < 40)
        // `inspect` names the reference frame the render took.
        let inspect = try runActone(["inspect", Self.driving, "--json"], in: folder.path)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any])
        let reference = try #require((json["summary"] as? [String: Any])?["referenceFrame"] as? Int)
        #expect(result.stderr.contains("reference frame \(reference),"), "inspect: \(reference); render: \(result.stderr)")
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func rendersFromAPoseTrackAndSideBySide() throws {
        let folder = ScratchFolder()
        let track = try runActone(["track", Self.driving, "-o", "drive.track.json"], in: folder.path)
        #expect(track.status == 0, "\(track.stderr)")
        let result = try runActone(
            [
                "render", "drive.track.json", Self.character, "--compare", "--crop", "face",
                "-o", "from-track.mp4",
            ], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let info = try MediaProbe.inspectVideo(path: folder.file("from-track.mp4"))
        let video = try #require(info.streams.first { $0.kind == .video })
        #expect(video.frameCount == 100)
        // Without driver pixels, --compare shows still | result.
        #expect(video.width == 2 * video.height!)
        #expect(!info.streams.contains { $0.kind == .audio })
        // --size chooses a face crop's side; without --crop face it is a usage error.
        let sized = try runActone(
            [
                "render", "drive.track.json", Self.character, "--crop", "face", "--size", "256",
                "-o", "sized.mp4",
            ], in: folder.path)
        #expect(sized.status == 0, "\(sized.stderr)")
        let sizedVideo = try #require(try MediaProbe.inspectVideo(path: folder.file("sized.mp4")).streams.first { $0.kind == .video })
        #expect(sizedVideo.width == 256 && sizedVideo.height == 256)
        let misplaced = try runActone(["render", "drive.track.json", Self.character, "--size", "256", "-o", "no.mp4"], in: folder.path)
        #expect(misplaced.status != 0 && misplaced.stderr.contains("--crop face"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("no.mp4")))
    }

    /// `--neutral`: a frame of the driver, or the performer at rest from another file.
    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func neutralChoosesTheDriversRest() throws {
        let folder = ScratchFolder()
        let track = try runActone(["track", Self.driving, "-o", "drive.track.json"], in: folder.path)
        #expect(track.status == 0, "\(track.stderr)")
        let small = ["--crop", "face", "--size", "128"]
        let frame = try runActone(["render", "drive.track.json", Self.character, "--neutral", "5", "-o", "f.mp4"] + small, in: folder.path)
        #expect(frame.status == 0 && frame.stderr.contains("reference frame 5,"), "\(frame.stderr)")
        let file = try runActone(
            ["render", "drive.track.json", Self.character, "--neutral", "drive.track.json", "-o", "n.mp4"] + small,
            in: folder.path)
        #expect(file.status == 0 && file.stderr.contains("neutral drive.track.json"), "\(file.stderr)")
        // Resting on the track's own calmest frame is resting on what auto chooses: the same video.
        let auto = try runActone(["render", "drive.track.json", Self.character, "-o", "a.mp4"] + small, in: folder.path)
        #expect(auto.status == 0)
        let (x, y) = (try VideoReader(path: folder.file("n.mp4")), try VideoReader(path: folder.file("a.mp4")))
        let (fx, fy) = (try #require(try x.nextFrame()).image, try #require(try y.nextFrame()).image)
        #expect(ImageMetrics.psnr(fx, fy) > 40)

        let before = folder.contents
        let both = try runActone(["render", "drive.track.json", Self.character, "--neutral", "5", "--reference", "5"], in: folder.path)
        #expect(both.status == 64 && both.stderr.contains("--reference"))
        for (argument, message) in [("missing.png", "no such file"), ("999", "outside the driver's 100 frames")] {
            let bad = try runActone(
                ["render", "drive.track.json", Self.character, "--neutral", argument, "-o", "bad.mp4"], in: folder.path)
            #expect(bad.status == 1 && bad.errorLines.count == 1 && bad.stderr.contains(message), "\(argument): \(bad.stderr)")
        }
        #expect(folder.contents == before)
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func characterProblemsFailCleanly() throws {
        let folder = ScratchFolder()
        // No face: a plain picture.
        var wall = RGBImage(width: 200, height: 160)
        wall.fillRect(IntRect(x: 0, y: 0, width: 200, height: 160), color: RGB(120, 130, 140))
        try ImageWriter.writePNG(wall, to: folder.file("wall.png"))
        let noFace = try runActone([Self.driving, "wall.png", "-o", "out.mp4"], in: folder.path)
        #expect(noFace.status == 1)
        #expect(noFace.errorLines.count == 1 && noFace.stderr.contains("--face-box"))
        // Too large.
        try ImageWriter.writePNG(RGBImage(width: 8001, height: 4), to: folder.file("huge.png"))
        let huge = try runActone([Self.driving, "huge.png", "-o", "out.mp4"], in: folder.path)
        #expect(huge.status == 1 && huge.stderr.contains("8000"))
        // A track file that is not one.
        try Data("{\"format\": 3}".utf8).write(to: URL(fileURLWithPath: folder.file("bad.track.json")))
        let badTrack = try runActone(["render", "bad.track.json", Self.character, "-o", "out.mp4"], in: folder.path)
        #expect(badTrack.status == 1 && badTrack.errorLines.count == 1)
        // Character landmarks that are finite but far outside the picture (they once trapped the warp).
        let far = (0..<478).map { $0 == 10 ? "[1e25, 3, 0]" : "[\(100 + $0 % 50), \(100 + $0 / 50), 0]" }
        try Data("[\(far.joined(separator: ","))]".utf8).write(to: URL(fileURLWithPath: folder.file("far.json")))
        let farPoints = try runActone(
            [Self.driving, Self.character, "--character-landmarks", "far.json", "-o", "out.mp4"],
            in: folder.path)
        #expect(farPoints.status == 1 && farPoints.errorLines.count == 1 && farPoints.stderr.contains("point 10"), "\(farPoints.stderr)")
        #expect(Set(folder.contents) == ["wall.png", "huge.png", "bad.track.json", "far.json"])
    }

    /// The driver's side of bad input: a clip in which no frame has a face, and the sample cut
    /// off a third of the way in. One line each, exit 1, no output left behind.
    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func driverProblemsFailCleanly() throws {
        let folder = ScratchFolder()
        let writer = try VideoWriter(path: folder.file("wall.mp4"), width: 160, height: 120, frameRate: Rational(25, 1))
        var wall = RGBImage(width: 160, height: 120)
        wall.fillRect(IntRect(x: 0, y: 0, width: 160, height: 120), color: RGB(120, 130, 140))
        for _ in 0..<10 { try writer.write(wall) }
        try writer.finish()
        let noFace = try runActone(["wall.mp4", Self.character, "-o", "out.mp4"], in: folder.path)
        #expect(noFace.status == 1 && noFace.errorLines.count == 1, "\(noFace.stderr)")
        #expect(noFace.stderr.contains("no face"))

        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.driving))
        try bytes.prefix(bytes.count / 3).write(to: URL(fileURLWithPath: folder.file("cut.mp4")))
        let cut = try runActone(["cut.mp4", Self.character, "-o", "out.mp4"], in: folder.path)
        #expect(cut.status == 1 && cut.errorLines.count == 1, "\(cut.stderr)")
        #expect(Set(folder.contents) == ["wall.mp4", "cut.mp4"])
    }

    @Test func badArgumentsAreUsageErrors() throws {
        let folder = ScratchFolder()
        for arguments in [
            [Self.driving, Self.character, "--mouth", "teeth"],
            [Self.driving, Self.character, "--animate", "ears"],
            [Self.driving, Self.character, "--face-box", "1,2,3"],
            [Self.driving, Self.character, "-o", "out.mov"],
            [Self.driving, Self.character, "--detail", "3"],
        ] {
            let result = try runActone(arguments, in: folder.path)
            #expect(result.status == 64, "\(arguments)")
        }
        #expect(folder.contents.isEmpty)
    }
}
