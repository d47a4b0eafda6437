import Foundation
import Imaging
import MediaIO
import Testing

/// `actone DRIVER CHARACTER.mp4`: a video as the character, on the small clips
/// `Scripts/make-character-clips` makes from the project's own sample.
@Suite struct CharacterClipCLITests {
    static let clips = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/clips")
    /// 40 frames, 25 fps, with sound.
    static let driver = clips.appendingPathComponent("driver.mp4").path
    static func clip(_ name: String) -> String { clips.appendingPathComponent(name).path }
    static var modelsInstalled: Bool { RenderCommandTests.modelsInstalled }

    static func frames(_ path: String) throws -> [VideoFrame] {
        let reader = try VideoReader(path: path)
        var frames: [VideoFrame] = []
        while let frame = try reader.nextFrame() { frames.append(frame) }
        return frames
    }

    static func video(_ path: String) throws -> StreamInfo {
        try #require(try MediaProbe.inspectVideo(path: path).streams.first { $0.kind == .video })
    }

    static func hasAudio(_ path: String) throws -> Bool {
        try MediaProbe.inspectVideo(path: path).streams.contains { $0.kind == .audio }
    }

    /// The clip frame `image` looks most like (the face's expression differs; the rest of the
    /// frame, which moves with the sample's head, tells them apart).
    static func closest(_ image: RGBImage, among frames: [VideoFrame]) -> Int {
        frames.indices.max { ImageMetrics.psnr(image, frames[$0].image) < ImageMetrics.psnr(image, frames[$1].image) }!
    }

    /// A 24-frame clip under a 40-frame driver: the output has the driver's 40 frames, rate and
    /// sound; ping-pong plays the clip back from frame 22 after its end, repeat from frame 0.
    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func aShortClipLoopsByTime() throws {
        let folder = ScratchFolder()
        let short = try Self.frames(Self.clip("short.mp4"))
        for (loop, expected) in [("pingpong", [5: 5, 23: 23, 30: 16, 39: 7]), ("repeat", [5: 5, 23: 23, 30: 6, 39: 15])] {
            let out = folder.file("\(loop).mp4")
            let result = try runActone([Self.driver, Self.clip("short.mp4"), "--loop", loop, "-o", out])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("character's rest frame"), "\(result.stderr)")
            let video = try Self.video(out)
            #expect(video.frameCount == 40 && video.frameRate == Rational(25, 1))
            #expect(video.width == 240 && video.height == 240)
            #expect(try Self.hasAudio(out))
            let written = try Self.frames(out)
            for (frame, clipFrame) in expected {
                let best = Self.closest(written[frame].image, among: short)
                #expect(abs(best - clipFrame) <= 1, "\(loop): output frame \(frame) looks like clip frame \(best), not \(clipFrame)")
            }
        }
    }

    /// `--length character` stops at the clip's end; `--audio` chooses the sound.
    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func lengthAndAudioChoices() throws {
        let folder = ScratchFolder()
        let cut = folder.file("cut.mp4")
        let result = try runActone([Self.driver, Self.clip("short.mp4"), "--length", "character", "--audio", "character", "-o", cut])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.video(cut).frameCount == 24)
        #expect(try Self.hasAudio(cut))
        let silent = folder.file("silent.mp4")
        #expect(try runActone([Self.driver, Self.clip("short.mp4"), "--audio", "none", "-o", silent]).status == 0)
        #expect(try !Self.hasAudio(silent))
        // A still has no sound of its own, nor has a clip without an audio stream.
        for character in [RenderCommandTests.character, Self.clip("gap.mp4")] {
            let refused = try runActone([Self.driver, character, "--audio", "character", "-o", folder.file("no.mp4")])
            #expect(refused.status == 1 && refused.errorLines.count == 1, "\(refused.stderr)")
            #expect(refused.stderr.contains("--audio character"))
            #expect(!FileManager.default.fileExists(atPath: folder.file("no.mp4")))
        }
        #expect(folder.contents == ["cut.mp4", "silent.mp4"])
    }

    /// Frames of the clip without a face are written as they are, and counted.
    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func framesWithoutAFacePassThrough() throws {
        let folder = ScratchFolder()
        let out = folder.file("gap.mp4")
        let result = try runActone([Self.driver, Self.clip("gap.mp4"), "--length", "character", "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("6 frames of it without a face kept as they were"), "\(result.stderr)")
        let clip = try Self.frames(Self.clip("gap.mp4"))
        let written = try Self.frames(out)
        #expect(written.count == 26)
        for index in 10..<16 { #expect(ImageMetrics.psnr(written[index].image, clip[index].image) > 40) }
    }

    /// A clip with no face anywhere is one error line, and nothing is written.
    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func aClipWithoutAFaceIsRefused() throws {
        let folder = ScratchFolder()
        let result = try runActone([Self.driver, Self.clip("faceless.mp4"), "-o", folder.file("out.mp4")])
        #expect(result.status == 1)
        #expect(
            result.errorLines.count == 1 && result.stderr.contains("no face found in any frame of the character clip"), "\(result.stderr)")
        #expect(folder.contents.isEmpty)
    }

    /// A variable-rate clip is played by its frames' times; a rotated one upright.
    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func variableRateAndRotatedClips() throws {
        let folder = ScratchFolder()
        let vfr = folder.file("vfr.mp4")
        #expect(try runActone([Self.driver, Self.clip("vfr.mkv"), "-o", vfr]).status == 0)
        let clip = try Self.frames(Self.clip("vfr.mkv"))
        let written = try Self.frames(vfr)
        #expect(written.count == 40)
        // Output frame n shows at n × 40 ms; clip frames are at 0, 60, 90, 150, 180, 240 ms...
        for (frame, clipFrame) in [2: 1, 4: 3, 6: 5, 11: 9] {
            let best = Self.closest(written[frame].image, among: clip)
            #expect(abs(best - clipFrame) <= 1, "output frame \(frame) looks like clip frame \(best), not \(clipFrame)")
        }
        let rotated = folder.file("rotated.mp4")
        let result = try runActone([Self.driver, Self.clip("rotated.mp4"), "-o", rotated])
        #expect(result.status == 0, "\(result.stderr)")
        let video = try Self.video(rotated)
        #expect(video.width == 240 && video.height == 160)
    }

    /// Options about a still's face or transparency are refused with a clip, in one line.
    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func stillOnlyOptionsAreRefused() throws {
        let folder = ScratchFolder()
        for options in [["--keep-alpha", "-o", folder.file("a.webm")], ["--face-box", "10,10,100,100", "-o", folder.file("b.mp4")]] {
            let result = try runActone([Self.driver, Self.clip("short.mp4")] + options)
            #expect(result.status == 1 && result.errorLines.count == 1, "\(result.stderr)")
            #expect(result.stderr.contains("needs a still character image"))
        }
        #expect(folder.contents.isEmpty)
    }
}

/// `actone batch` takes character videos from a characters folder beside images.
@Suite struct BatchCharacterClipCLITests {
    @Test(.enabled(if: RenderCommandTests.modelsInstalled, "models/ not installed"))
    func aCharacterFolderMayHoldClips() throws {
        let folder = ScratchFolder()
        let files = FileManager.default
        try files.createDirectory(atPath: folder.file("clips"), withIntermediateDirectories: true)
        try files.createDirectory(atPath: folder.file("characters"), withIntermediateDirectories: true)
        try files.copyItem(atPath: CharacterClipCLITests.driver, toPath: folder.file("clips/drive.mp4"))
        try files.copyItem(atPath: CharacterClipCLITests.clip("short.mp4"), toPath: folder.file("characters/take.mp4"))
        try files.copyItem(atPath: RenderCommandTests.character, toPath: folder.file("characters/portrait.jpg"))
        let result = try runActone(["batch", "clips", "characters", "-o", "out", "--jobs", "1", "--loop", "repeat"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let outputs = (try? files.contentsOfDirectory(atPath: folder.file("out")))?.filter { $0.hasSuffix(".mp4") }.sorted()
        #expect(outputs == ["drive_portrait.mp4", "drive_take.mp4"])
        let clip = try CharacterClipCLITests.video(folder.file("out/drive_take.mp4"))
        #expect(clip.frameCount == 40 && clip.width == 240)
    }
}

/// `--face N` picks the character clip's face, numbered left to right as `track` numbers them.
@Suite struct CharacterClipFaceCLITests {
    static let twoFaces = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/two-faces.mp4").path

    @Test(.enabled(if: RenderCommandTests.modelsInstalled, "models/ not installed"))
    func faceNumberPicksTheClipsFace() throws {
        let folder = ScratchFolder()
        let clip = try CharacterClipCLITests.frames(Self.twoFaces)
        var changed: [Int: Double] = [:]
        for face in [1, 2] {
            let out = folder.file("face\(face).mp4")
            let result = try runActone([
                CharacterClipCLITests.driver, Self.twoFaces, "--face", "\(face)", "--length", "character", "-o", out,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            // The face that performs is on its own side of the frame: the other half stays the
            // clip's (re-encoded) in every frame, while the performing half changes in some.
            let written = try CharacterClipCLITests.frames(out)
            #expect(written.count == clip.count)
            let width = clip[0].image.width, height = clip[0].image.height
            let left = IntRect(x: 0, y: 0, width: width / 2, height: height)
            let right = IntRect(x: width / 2, y: 0, width: width / 2, height: height)
            func lowest(_ half: IntRect) -> Double {
                zip(written, clip).map { ImageMetrics.psnr($0.image.cropped(to: half), $1.image.cropped(to: half)) }.min() ?? 0
            }
            let kept = lowest(face == 1 ? right : left), moved = lowest(face == 1 ? left : right)
            #expect(kept > 35, "face \(face): the other half at \(kept) dB")
            #expect(moved < kept - 3, "face \(face): the performing half at \(moved) dB, the other at \(kept) dB")
            changed[face] = moved
        }
        let missing = try runActone([CharacterClipCLITests.driver, Self.twoFaces, "--face", "5", "-o", folder.file("none.mp4")])
        #expect(missing.status == 1 && missing.errorLines.count == 1, "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("none.mp4")))
        #expect(changed.count == 2, "\(changed)")
    }

    /// Without `--face` the largest face performs (face 2, on the right) and the summary says
    /// there is another; `--face all` gives both faces the performance.
    @Test(.enabled(if: RenderCommandTests.modelsInstalled, "models/ not installed"))
    func theLargestFaceByDefaultAndAllFacesOnRequest() throws {
        let folder = ScratchFolder()
        let clip = try CharacterClipCLITests.frames(Self.twoFaces)
        let width = clip[0].image.width, height = clip[0].image.height
        let halves = [
            IntRect(x: 0, y: 0, width: width / 2, height: height), IntRect(x: width / 2, y: 0, width: width / 2, height: height),
        ]
        func lowest(_ written: [VideoFrame], _ half: IntRect) -> Double {
            zip(written, clip).map { ImageMetrics.psnr($0.image.cropped(to: half), $1.image.cropped(to: half)) }.min() ?? 0
        }
        var psnr: [String: [Double]] = [:]
        for (name, options) in [("default", [String]()), ("all", ["--face", "all"])] {
            let out = folder.file("\(name).mp4")
            let result = try runActone([CharacterClipCLITests.driver, Self.twoFaces, "--length", "character", "-o", out] + options)
            #expect(result.status == 0, "\(result.stderr)")
            let note = name == "all" ? "2 faces animated" : "the largest face of 2 animated (1 other: --face N or all)"
            #expect(result.stderr.contains(note), "\(result.stderr)")
            let written = try CharacterClipCLITests.frames(out)
            #expect(written.count == clip.count)
            psnr[name] = halves.map { lowest(written, $0) }
        }
        let single = try #require(psnr["default"]), all = try #require(psnr["all"])
        #expect(single[0] > 35 && single[1] < single[0] - 3, "default: left \(single[0]) dB, right \(single[1]) dB")
        #expect(all[0] < single[0] - 3 && all[1] < single[0] - 3, "all: left \(all[0]) dB, right \(all[1]) dB")
    }

    /// `--crop face` on a clip whose face travels across the picture: the square follows it, so
    /// the face stays near the middle of the output, where a crop fixed at the start would lose it.
    @Test(.enabled(if: RenderCommandTests.modelsInstalled, "models/ not installed"))
    func aFaceCropFollowsAMovingFace() throws {
        let folder = ScratchFolder()
        // The 240x240 sample clip carried from the left of a 640x300 picture to its right.
        let moving = folder.file("moving.mp4")
        let writer = try VideoWriter(
            path: moving, width: 640, height: 300, frameRate: Rational(25, 1), settings: VideoEncoderSettings(crf: 18, preset: "ultrafast"))
        let source = try CharacterClipCLITests.frames(CharacterClipCLITests.driver)
        for (i, frame) in source.enumerated() {
            var canvas = RGBImage(width: 640, height: 300)
            for y in 0..<300 { for x in 0..<640 { canvas[x, y] = RGB(UInt8(90 + (x / 8 + y / 8) % 2 * 30), 100, 110) } }
            canvas.composite(frame.image, atX: i * 400 / max(source.count - 1, 1), y: 30)
            try writer.write(canvas)
        }
        try writer.finish()

        let out = folder.file("face.mp4")
        let result = try runActone([CharacterClipCLITests.driver, moving, "--crop", "face", "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        let track = try runActone(["track", out, "-o", folder.file("face.track.json")])
        #expect(track.status == 0, "\(track.stderr)")
        let width = Double(try CharacterClipCLITests.video(out).width ?? 0)
        let frames = try MultipleFacesCLITests.frames(folder.file("face.track.json"))
        #expect(frames.count == source.count)
        #expect(frames.filter(\.found).count >= frames.count * 9 / 10, "the face is in the crop")
        for (i, frame) in frames.enumerated() {
            guard let x = frame.x else { continue }
            #expect(abs(x / width - 0.5) < 0.2, "frame \(i): the face's centre at \(x / width) of the width")
        }
    }
}
