import Foundation
import Imaging
import MediaIO
import Testing

/// Clips with several faces (made by Scripts/make-face-fixtures from the project's own
/// Samples/driving.mp4): `track --face`, `inspect`'s face list and overlay, `render --driver-face`.
@Suite struct MultipleFacesCLITests {
    /// 8 frames, 320x160: face 1 small on the left, face 2 larger on the right.
    static let twoFaces = fixture("two-faces.mp4")
    /// 24 frames, 320x160: face 1 on the left throughout, face 2 on the right from frame 8.
    static let walksIn = fixture("face-walks-in.mp4")
    static let character = TrackCommandTests.root.appendingPathComponent("Samples/character.jpg").path

    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    }

    /// Each frame of a JSON track: whether it has a face, and its landmarks' mean x.
    static func frames(_ path: String) throws -> [(found: Bool, x: Double?)] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let frames = try #require(json["frames"] as? [[String: Any]])
        return frames.map { frame in
            let points = frame["landmarks"] as? [[Double]]
            return (frame["faceFound"] as? Bool == true, points.map { $0.map { $0[0] }.reduce(0, +) / Double($0.count) })
        }
    }

    @Test(.enabled(if: TrackCommandTests.modelsInstalled, "models/ not installed"))
    func theDefaultIsTheLargestFaceAndTheSummarySaysThereAreOthers() throws {
        let folder = ScratchFolder()
        let result = try runActone(["track", Self.twoFaces], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(folder.contents == ["two-faces.track.json"])
        #expect(result.stderr.contains("face 2 of 2, the largest; 1 other face found; --face N picks one"), "\(result.stderr)")
        let frames = try Self.frames(folder.file("two-faces.track.json"))
        #expect(frames.count == 8 && frames.allSatisfy(\.found))
        #expect(frames.allSatisfy { ($0.x ?? 0) > 160 }, "the larger face is on the right")
    }

    @Test(.enabled(if: TrackCommandTests.modelsInstalled, "models/ not installed"))
    func facesAreNumberedLeftToRightAndFaceNPicksOne() throws {
        let folder = ScratchFolder()
        for (face, side) in [(1, "left"), (2, "right")] {
            let output = folder.file("f\(face).track.json")
            let result = try runActone(["track", Self.twoFaces, "--face", "\(face)", "-o", output])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("face \(face) of 2)"), "\(result.stderr)")
            let frames = try Self.frames(output)
            #expect(frames.count == 8 && frames.allSatisfy(\.found))
            #expect(frames.allSatisfy { side == "left" ? ($0.x ?? 999) < 160 : ($0.x ?? 0) > 160 }, "face \(face) is on the \(side)")
        }
    }

    @Test(.enabled(if: TrackCommandTests.modelsInstalled, "models/ not installed"))
    func faceAllWritesOneTrackPerFaceNamedByNumber() throws {
        let folder = ScratchFolder()
        let result = try runActone(["track", Self.twoFaces, "--face", "all", "--format", "csv"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(folder.contents == ["two-faces.face1.track.csv", "two-faces.face2.track.csv"])
        #expect(result.errorLines.count == 2 && result.errorLines.allSatisfy { $0.hasPrefix("actone: wrote two-faces.face") })
        // JSON too, named after -o.
        let json = try runActone(["track", Self.twoFaces, "--face", "all", "-o", "take.track.json"], in: folder.path)
        #expect(json.status == 0, "\(json.stderr)")
        let left = try Self.frames(folder.file("take.face1.track.json"))
        let right = try Self.frames(folder.file("take.face2.track.json"))
        #expect(left.allSatisfy { ($0.x ?? 999) < 160 } && right.allSatisfy { ($0.x ?? 0) > 160 })
    }

    @Test(.enabled(if: TrackCommandTests.modelsInstalled, "models/ not installed"))
    func aFaceNumberTheClipDoesNotHaveIsOneLineAndNoFile() throws {
        let folder = ScratchFolder()
        let result = try runActone(["track", Self.twoFaces, "--face", "3"], in: folder.path)
        #expect(result.status == 1)
        #expect(result.errorLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("there is no face 3: 2 faces were found (1-2)"), "\(result.stderr)")
        #expect(folder.contents.isEmpty)
        for bad in ["0", "two", "-1", "largest"] {
            let usage = try runActone(["track", Self.twoFaces, "--face=\(bad)"], in: folder.path)
            #expect(usage.status == 64 && usage.stderr.contains("--face takes a face number"), "\(usage.stderr)")
        }
        let stream = try runActone(["track", Self.twoFaces, "--face", "all", "-o", "-"], in: folder.path)
        #expect(stream.status == 64 && stream.stderr.contains("one file per face"), "\(stream.stderr)")
        #expect(folder.contents.isEmpty)
    }

    @Test(.enabled(if: TrackCommandTests.modelsInstalled, "models/ not installed"))
    func aFaceThatAppearsMidClipIsNumberedNextAndHasNoFaceBefore() throws {
        let folder = ScratchFolder()
        let inspect = try runActone(["inspect", Self.walksIn, "--json"])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any])
        let faces = try #require(json["faces"] as? [[String: Any]])
        #expect(faces.count == 2)
        #expect(faces.first?["firstFrame"] as? Int == 0 && faces.first?["frames"] as? Int == 24)
        // It walks in at frame 8, which changes half the picture: a cut, so the detector runs and
        // finds it there (the next regular pass, at frame 30, is past the clip's end); it is then
        // followed to the end.
        let first = try #require(faces.last?["firstFrame"] as? Int)
        #expect(first == 8)
        #expect(faces.last?["frames"] as? Int == 24 - first)

        let output = folder.file("late.track.json")
        let track = try runActone(["track", Self.walksIn, "--face", "2", "-o", output])
        #expect(track.status == 0, "\(track.stderr)")
        let frames = try Self.frames(output)
        #expect(frames.count == 24)
        #expect(frames.prefix(first).allSatisfy { !$0.found } && frames.dropFirst(first).allSatisfy(\.found))
    }

    @Test(.enabled(if: TrackCommandTests.modelsInstalled, "models/ not installed"))
    func inspectListsTheFacesAndDrawsTheirBoxesAndNumbers() throws {
        let result = try runActone(["inspect", Self.twoFaces, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let faces = try #require(json["faces"] as? [[String: Any]])
        #expect(faces.map { $0["number"] as? Int } == [1, 2])
        #expect(faces.allSatisfy { $0["firstFrame"] as? Int == 0 && $0["frames"] as? Int == 8 })
        let boxes = faces.compactMap { $0["box"] as? [String: Int] }
        #expect(boxes.count == 2)
        // Face 1 within the left half (the 112 px driver), face 2 within the right and larger.
        #expect(boxes[0]["x"]! >= 24 && boxes[0]["x"]! + boxes[0]["width"]! <= 136)
        #expect(boxes[1]["x"]! >= 160 && boxes[1]["width"]! > boxes[0]["width"]!)
        #expect(json["face"] as? Int == 2, "the summary is of the largest face")

        // The text report and --face.
        let folder = ScratchFolder()
        let overlay = folder.file("overlay.mp4")
        let text = try runActone(["inspect", Self.twoFaces, "--face", "1", "--overlay", overlay])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("faces: 2 (numbered left to right"), "\(text.stdout)")
        let rows = text.stdout.split(separator: "\n").filter { $0.hasPrefix("  1 ") || $0.hasPrefix("  2 ") }
        #expect(rows.count == 2 && rows[0].contains("summarised below") && !rows[1].contains("summarised"), "\(text.stdout)")

        // Each box is drawn in its face's colour (amber for 1, pink for 2), with its number.
        let drawn = try VideoReader(path: overlay).nextFrame()!.image
        func count(_ colour: RGB, in rect: IntRect) -> Int {
            var n = 0
            for y in rect.y..<(rect.y + rect.height) {
                for x in rect.x..<(rect.x + rect.width) {
                    let p = drawn[x, y]
                    let dr = abs(Int(p.r) - Int(colour.r)), dg = abs(Int(p.g) - Int(colour.g))
                    let db = abs(Int(p.b) - Int(colour.b))
                    if dr + dg + db < 90 { n += 1 }
                }
            }
            return n
        }
        let amber = RGB(255, 196, 0), pink = RGB(255, 90, 200)
        #expect(count(amber, in: IntRect(x: 0, y: 0, width: 160, height: 160)) > 40)
        #expect(count(pink, in: IntRect(x: 160, y: 0, width: 160, height: 160)) > 40)
        #expect(count(pink, in: IntRect(x: 0, y: 0, width: 160, height: 160)) < 10)
    }

    @Test(.enabled(if: TrackCommandTests.modelsInstalled, "models/ not installed"))
    func renderDriverFacePicksTheFaceAndRefusesOneThatIsNotThere() throws {
        let folder = ScratchFolder()
        let output = folder.file("out.mp4")
        let missing = try runActone(["render", Self.twoFaces, Self.character, "--driver-face", "3", "-o", output])
        #expect(missing.status == 1)
        #expect(missing.errorLines.count == 1, "\(missing.stderr)")
        #expect(missing.stderr.contains("there is no face 3: 2 faces were found (1-2)"), "\(missing.stderr)")
        #expect(folder.contents.isEmpty)

        let made = try runActone(["render", Self.twoFaces, Self.character, "--driver-face", "1", "-o", output])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try MediaProbe.inspectVideo(path: output, countFrames: true).streams.first?.frameCount == 8)

        let zero = try runActone(["render", Self.twoFaces, Self.character, "--driver-face", "0", "-o", folder.file("zero.mp4")])
        #expect(zero.status == 64 && zero.stderr.contains("--driver-face takes a face number"), "\(zero.stderr)")
        let track = try runActone([
            "render", TrackCommandTests.root.appendingPathComponent("Samples/performance.track.json").path, Self.character,
            "--driver-face", "1", "-o", folder.file("track.mp4"),
        ])
        #expect(track.status == 64 && track.stderr.contains("--driver-face is for a driving video"), "\(track.stderr)")
        #expect(folder.contents == ["out.mp4"])
    }

    /// The two Samples portraits side by side: Grace Hopper (dark uniform) on the left, Eileen
    /// Collins (white suit) on the right, as `pair.png` in `folder`.
    static func pairOfPortraits(in folder: ScratchFolder) throws -> (path: String, image: RGBImage) {
        let hopper = try BatchFixture.sample("character.jpg", width: 256)
        let collins = try BatchFixture.sample("astronaut.png", width: 256)
        var pair = RGBImage(width: 512, height: max(hopper.height, collins.height))
        pair.composite(hopper, atX: 0, y: 0)
        pair.composite(collins, atX: 256, y: 0)
        let still = folder.file("pair.png")
        try ImageWriter.writePNG(pair, to: still)
        return (still, pair)
    }

    @Test(.enabled(if: TrackCommandTests.modelsInstalled, "models/ not installed"))
    func renderFacePicksTheStillsNthFaceFromTheLeft() throws {
        let folder = ScratchFolder()
        let still = try Self.pairOfPortraits(in: folder).path

        func meanBrightness(_ image: RGBImage) -> Double {
            Double(image.pixels.reduce(0) { $0 + Int($1) }) / Double(image.pixels.count)
        }
        var brightness: [Int: Double] = [:]
        for face in [1, 2] {
            let output = folder.file("face\(face).mp4")
            let result = try runActone([
                "render", Self.twoFaces, still, "--face", "\(face)", "--driver-face", "2", "--crop", "face", "-o", output,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            brightness[face] = meanBrightness(try VideoReader(path: output).nextFrame()!.image)
        }
        // The crop around the right face (the white suit) is the brighter.
        #expect(try #require(brightness[2]) > #require(brightness[1]) + 10, "\(brightness)")

        let missing = try runActone(["render", Self.twoFaces, still, "--face", "3", "-o", folder.file("none.mp4")])
        #expect(missing.status == 1 && missing.errorLines.count == 1, "\(missing.stderr)")
        #expect(missing.stderr.contains("pair.png: there is no face 3: 2 faces were found (1-2)"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("none.mp4")))
        let both = try runActone(["render", Self.twoFaces, still, "--face", "1", "--face-box", "0,0,100,100"])
        #expect(both.status == 64 && both.stderr.contains("give one of --face, --face-box"), "\(both.stderr)")
    }

    /// `--face all` on a still with two faces: both perform, each warped only around itself (the
    /// picture's corners stay as they were); without it the summary says there is another face.
    @Test(.enabled(if: TrackCommandTests.modelsInstalled, "models/ not installed"))
    func renderFaceAllAnimatesEveryFaceOfTheStill() throws {
        let folder = ScratchFolder()
        let (still, pair) = try Self.pairOfPortraits(in: folder)
        let single = try runActone(["render", Self.twoFaces, still, "--driver-face", "2", "-o", folder.file("one.mp4")])
        #expect(single.status == 0, "\(single.stderr)")
        #expect(single.stderr.contains("the largest face of 2 animated (1 other: --face N or all)"), "\(single.stderr)")

        let output = folder.file("all.mp4")
        let result = try runActone(["render", Self.twoFaces, still, "--face", "all", "--driver-face", "2", "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("2 faces animated"), "\(result.stderr)")
        let reader = try VideoReader(path: output)
        var frames: [RGBImage] = []
        while let frame = try reader.nextFrame() { frames.append(frame.image) }
        #expect(frames.count == 8 && frames[0].width == pair.width)
        let height = frames[0].height
        let original = pair.cropped(to: IntRect(x: 0, y: 0, width: pair.width, height: height))
        func lowest(_ rect: IntRect) -> Double {
            frames.map { ImageMetrics.psnr($0.cropped(to: rect), original.cropped(to: rect)) }.min() ?? 0
        }
        // Each portrait's face changes; a strip along the bottom, far from both faces, does not.
        let left = lowest(IntRect(x: 64, y: 40, width: 128, height: 128))
        let right = lowest(IntRect(x: 320, y: 40, width: 128, height: 128))
        let bottom = lowest(IntRect(x: 0, y: height - 16, width: pair.width, height: 16))
        #expect(bottom > 35, "the bottom strip at \(bottom) dB")
        #expect(left < bottom - 3 && right < bottom - 3, "left face \(left) dB, right face \(right) dB, bottom \(bottom) dB")
    }

    /// Without `--driver-face` the driver's largest face performs, as `track` (and so `batch`)
    /// choose it: the same frames as `--driver-face 2`, and the summary says so.
    @Test(.enabled(if: TrackCommandTests.modelsInstalled, "models/ not installed"))
    func renderIsDrivenByTheDriversLargestFaceByDefault() throws {
        let folder = ScratchFolder()
        var outputs: [[RGBImage]] = []
        for options in [[String](), ["--driver-face", "2"]] {
            let output = folder.file("out\(outputs.count).mp4")
            let result = try runActone(["render", Self.twoFaces, Self.character, "-o", output] + options)
            #expect(result.status == 0, "\(result.stderr)")
            let note = options.isEmpty ? "driven by the largest, face 2 of the driver's 2" : "driven by face 2 of the driver's 2"
            #expect(result.stderr.contains(note), "\(result.stderr)")
            let reader = try VideoReader(path: output)
            var frames: [RGBImage] = []
            while let frame = try reader.nextFrame() { frames.append(frame.image) }
            outputs.append(frames)
        }
        #expect(outputs[0].count == 8 && outputs[0] == outputs[1])
    }
}
