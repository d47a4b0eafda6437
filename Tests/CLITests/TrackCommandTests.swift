import Foundation
import Imaging
import MediaIO
import Testing

/// `actone track` on the project's own sample clip (a face moving, made by Scripts/make-samples).
@Suite struct TrackCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sample = root.appendingPathComponent("Samples/driving.mp4").path
    static var modelsInstalled: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("models/face_landmark_with_attention.tflite").path)
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func writesAJSONTrackWithEveryFrame() throws {
        let folder = ScratchFolder()
        let result = try runActone(["track", Self.sample], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(folder.contents == ["driving.track.json"])
        let data = try Data(contentsOf: URL(fileURLWithPath: folder.file("driving.track.json")))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["format"] as? String == "actone.pose-track")
        let frames = try #require(json["frames"] as? [[String: Any]])
        #expect(frames.count == 100)
        #expect(frames.allSatisfy { $0["faceFound"] as? Bool == true })
        let first = frames[0]
        #expect((first["landmarks"] as? [[Double]])?.count == 478)
        #expect((first["blendshapes"] as? [Double])?.count == 52)
        // The sample is a frontal portrait swaying gently: no big head turn.
        let yaw = try #require((first["pose"] as? [String: Any])?["yaw"] as? Double)
        #expect(abs(yaw) < 15)
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func liveLinkAndTemplateFormats() throws {
        let folder = ScratchFolder()
        let live = try runActone(["track", Self.sample, "--format", "livelink"], in: folder.path)
        #expect(live.status == 0, "\(live.stderr)")
        let csv = try String(contentsOfFile: folder.file("driving.livelink.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        // 100 frames at 25 fps are 4 s: 240 rows at the app's 60 fps, plus the header.
        #expect(lines.count == 241)
        #expect(lines[0].split(separator: ",").count == 63 && lines[0].hasPrefix("Timecode,BlendShapeCount,EyeBlinkLeft"))

        let template = try runActone(["track", Self.sample, "--no-landmarks", "-o", "t.json"], in: folder.path)
        #expect(template.status == 0)
        let text = try String(contentsOfFile: folder.file("t.json"), encoding: .utf8)
        #expect(!text.contains("\"landmarks\""))
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func noFaceAnywhereFailsCleanly() throws {
        let folder = ScratchFolder()
        let clip = folder.file("wall.mp4")
        let writer = try VideoWriter(path: clip, width: 160, height: 120, frameRate: Rational(25, 1))
        for i in 0..<10 {
            var image = RGBImage(width: 160, height: 120)
            image.fillRect(IntRect(x: 0, y: 0, width: 160, height: 120), color: RGB(UInt8(100 + i), 110, 120))
            try writer.write(image)
        }
        try writer.finish()
        let result = try runActone(["track", clip], in: folder.path)
        #expect(result.status == 1)
        #expect(result.errorLines.count == 1 && result.stderr.contains("no face"))
        #expect(folder.contents == ["wall.mp4"])
    }

    /// The portrait shrunk to 256×300, moved `dx` pixels right (the edge column repeats).
    static func portrait(shiftedBy dx: Int) throws -> RGBImage {
        let full = try ImageLoader.load(path: root.appendingPathComponent("Samples/character.jpg").path).rgb
        let small = full.resized(width: 256, height: 300)
        var shifted = small
        for y in 0..<small.height {
            for x in 0..<small.width { shifted[x, y] = small[max(0, x - dx), y] }
        }
        return shifted
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func faceLostMidClipIsMarkedAndFoundAgain() throws {
        // Frames 0-9 the portrait, 10-19 a plain wall, 20-29 the portrait 24 px further right.
        let folder = ScratchFolder()
        let clip = folder.file("gap.mp4")
        let before = try Self.portrait(shiftedBy: 0), after = try Self.portrait(shiftedBy: 24)
        var wall = RGBImage(width: 256, height: 300)
        wall.fillRect(IntRect(x: 0, y: 0, width: 256, height: 300), color: RGB(150, 140, 130))
        let writer = try VideoWriter(path: clip, width: 256, height: 300, frameRate: Rational(25, 1))
        for i in 0..<30 { try writer.write(i < 10 ? before : i < 20 ? wall : after) }
        try writer.finish()

        func frames(_ arguments: [String], output: String) throws -> [[String: Any]] {
            let result = try runActone(["track", clip, "-o", output] + arguments, in: folder.path)
            #expect(result.status == 0, "\(result.stderr)")
            let data = try Data(contentsOf: URL(fileURLWithPath: folder.file(output)))
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            return try #require(json["frames"] as? [[String: Any]])
        }
        let smoothed = try frames([], output: "smoothed.json")
        try #require(smoothed.count == 30)
        func found(_ f: [String: Any]) -> Bool { f["faceFound"] as? Bool == true }
        #expect(
            smoothed[0..<10].allSatisfy(found) && smoothed[20..<30].allSatisfy(found),
            "found: \(smoothed.map(found))")
        for f in smoothed[10..<20] {
            #expect(!found(f) && f["pose"] is NSNull && f["gaze"] is NSNull && f["landmarks"] == nil, "\(f)")
            #expect((f["blendshapes"] as? [Double]) == [Double](repeating: 0, count: 52))
        }
        // The face came back 24 px to the right, and the smoother started afresh there: the first
        // frame after the gap is the raw value, not pulled back towards where the face was lost.
        let raw = try frames(["--no-smoothing"], output: "raw.json")
        func x(_ f: [String: Any]) -> Double? { (f["pose"] as? [String: Any])?["x"] as? Double }
        let lostAt = try #require(x(smoothed[9])), backAt = try #require(x(smoothed[20])), rawBack = try #require(x(raw[20]))
        #expect(abs(backAt - lostAt - 24) < 3, "x \(lostAt) before the gap, \(backAt) after")
        #expect(abs(backAt - rawBack) < 1e-3, "smoothed \(backAt), raw \(rawBack)")
    }

    @Test func badInputsFailCleanly() throws {
        let folder = ScratchFolder()
        let missing = try runActone(["track", "/nonexistent/clip.mp4"], in: folder.path)
        #expect(missing.status == 1 && missing.errorLines.count == 1)
        let audio = try runActone(["track", mediaFixture("audio-only.m4a")], in: folder.path)
        #expect(audio.status == 1 && audio.stderr.contains("no video stream"))
        let format = try runActone(["track", Self.sample, "--format", "xml"], in: folder.path)
        #expect(format.status == 64)
        #expect(folder.contents.isEmpty)
    }
}
