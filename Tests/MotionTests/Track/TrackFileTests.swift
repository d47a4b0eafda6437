import FaceGeometry
import FaceTracking
import Foundation
import OutputFiles
import Testing

@testable import Motion

private func tempDir() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("actone-track-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private func metadata(frames: Int, landmarks: Int) -> TrackMetadata {
    TrackMetadata(
        sourceName: "clip \"a\".mp4", width: 640, height: 480, frameRateNumerator: 30000,
        frameRateDenominator: 1001, frameCount: frames, duration: Double(frames) * 1001 / 30000,
        toolName: "actone", toolVersion: "0.1.0", modelChecksums: ["face_landmark.tflite": "abc123"],
        landmarkCount: landmarks, created: "2025-01-31T12:00:00Z")
}

private func makeFrames(_ count: Int, landmarks: Int, lostAt: Set<Int> = []) -> [FrameMotion] {
    (0..<count).map { i in
        let t = Double(i) * 1001 / 30000
        if lostAt.contains(i) {
            return FrameMotion(
                index: i, time: t, faceFound: false, confidence: 0, pose: nil, gaze: nil,
                blendshapes: Array(repeating: 0, count: 52), landmarks: nil)
        }
        let shapes = (0..<52).map { k in Float((sin(Double(i * 7 + k)) + 1) / 2) }
        let points: [LandmarkPoint]? =
            landmarks == 0
            ? nil
            : (0..<landmarks).map { k in
                LandmarkPoint(x: 100 + Float(k) * 1.123456 + Float(i), y: 200.987654 - Float(k) * 0.5, z: -Float(k) * 0.01234)
            }
        return FrameMotion(
            index: i, time: t, faceFound: true, confidence: 0.987654,
            pose: HeadPose(yaw: 12.34567, pitch: -3.21, roll: 0.5 * Float(i), x: 320.1234, y: 240.5, scale: 1.023456),
            gaze: Gaze(leftYaw: 1.5, leftPitch: -2.25, rightYaw: 1.75, rightPitch: -2.0),
            blendshapes: shapes, landmarks: points)
    }
}

private func expectClose(_ a: FrameMotion, _ b: FrameMotion, landmarks: Bool) {
    #expect(a.index == b.index)
    #expect(abs(a.time - b.time) <= 1e-6)
    #expect(a.faceFound == b.faceFound)
    #expect(abs(a.confidence - b.confidence) <= 1e-4)
    #expect((a.pose == nil) == (b.pose == nil))
    if let p = a.pose, let q = b.pose {
        for (u, v) in [(p.yaw, q.yaw), (p.pitch, q.pitch), (p.roll, q.roll), (p.x, q.x), (p.y, q.y)] {
            #expect(abs(u - v) <= 6e-4)
        }
        #expect(abs(p.scale - q.scale) <= 1e-5)
    }
    #expect((a.gaze == nil) == (b.gaze == nil))
    if let g = a.gaze, let h = b.gaze { #expect(abs(g.leftYaw - h.leftYaw) <= 6e-4 && abs(g.rightPitch - h.rightPitch) <= 6e-4) }
    #expect(a.blendshapes.count == b.blendshapes.count)
    for (u, v) in zip(a.blendshapes, b.blendshapes) { #expect(abs(u - v) <= 5.1e-5) }
    if landmarks, let l = a.landmarks {
        let m = b.landmarks ?? []
        #expect(l.count == m.count)
        for (p, q) in zip(l, m) { #expect(abs(p.x - q.x) <= 6e-4 && abs(p.y - q.y) <= 6e-4 && abs(p.z - q.z) <= 6e-4) }
    } else {
        #expect(b.landmarks == nil)
    }
}

/// A valid file's text, for the malformed-file tests to break.
private func validText(frames: Int = 3) throws -> String {
    let dir = try tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("t.track.json").path
    try PoseTrackJSON.write(path: path, metadata: metadata(frames: frames, landmarks: 2), frames: makeFrames(frames, landmarks: 2))
    return try String(contentsOfFile: path, encoding: .utf8)
}

private func readError(_ text: String) -> String {
    do {
        _ = try PoseTrackJSON.read(data: Data(text.utf8))
        return "no error"
    } catch {
        return "\(error)"
    }
}

@Suite struct TrackFileTests {
    @Test func jsonRoundTripWithLandmarksAndLostFace() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a.track.json").path
        let frames = makeFrames(6, landmarks: 478, lostAt: [3])
        try PoseTrackJSON.write(path: path, metadata: metadata(frames: 6, landmarks: 478), frames: frames)
        let (meta, back) = try PoseTrackJSON.read(path: path)
        #expect(meta == metadata(frames: 6, landmarks: 478))
        #expect(abs(meta.frameRate - 29.97003) < 1e-5)
        #expect(back.count == 6)
        for (a, b) in zip(frames, back) { expectClose(a, b, landmarks: true) }
        #expect(back[3].pose == nil && back[3].gaze == nil && back[3].landmarks == nil && !back[3].faceFound)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("{\"format\":\"actone.pose-track\",\"version\":1,"))
        #expect(text.contains("\"pose\":null,\"gaze\":null"))
    }

    @Test func jsonRoundTripWithoutLandmarks() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("b.track.json").path
        let frames = makeFrames(4, landmarks: 478, lostAt: [0])
        try PoseTrackJSON.write(
            path: path, metadata: metadata(frames: 4, landmarks: 478), frames: frames,
            includeLandmarks: false)
        let (meta, back) = try PoseTrackJSON.read(path: path)
        #expect(meta.landmarkCount == 0)
        #expect(back.allSatisfy { $0.landmarks == nil })
        for (a, b) in zip(frames, back) { expectClose(a, b, landmarks: false) }
        #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains("landmarks\":["))
    }

    @Test func frameCountCorrectedOnFinish() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("c.track.json").path
        // The caller's estimate (100 frames) was wrong: 5 were written.
        try PoseTrackJSON.write(path: path, metadata: metadata(frames: 100, landmarks: 0), frames: makeFrames(5, landmarks: 0))
        let (meta, back) = try PoseTrackJSON.read(path: path)
        #expect(meta.frameCount == 5 && back.count == 5)
        #expect(abs(meta.duration - 5 * 1001 / 30000) < 1e-5)
    }

    @Test func compactNumbers() {
        #expect(CompactNumber.format(0.5, decimals: 4) == "0.5")
        #expect(CompactNumber.format(-12.25, decimals: 3) == "-12.25")
        #expect(CompactNumber.format(0.00004, decimals: 4) == "0")
        #expect(CompactNumber.format(-0.00006, decimals: 4) == "-0.0001")
        #expect(CompactNumber.format(3.0, decimals: 6) == "3")
        #expect(CompactNumber.format(1.0203, decimals: 4) == "1.0203")
    }

    @Test func malformedFilesNameTheProblem() throws {
        let text = try validText()
        // Missing version.
        #expect(readError(text.replacingOccurrences(of: "\"version\":1,", with: "")) == "version missing")
        // Wrong format name.
        #expect(
            readError(text.replacingOccurrences(of: "actone.pose-track", with: "other")).contains(
                "format is \"other\", expected \"actone.pose-track\""))
        // Missing metadata field.
        let noRate = text.replacingOccurrences(of: #""frameRate":\{[^}]*\},"#, with: "", options: .regularExpression)
        #expect(readError(noRate) == "metadata.frameRate missing")
        // Wrong blendshape count in frame 1: drop the last value of the second frame's array.
        var lines = text.components(separatedBy: "\n")
        let frameLine = lines.firstIndex { $0.contains("\"index\":1,") }!
        lines[frameLine] = lines[frameLine].replacingOccurrences(
            of: #",[-0-9.]+\],"landmarks""#,
            with: "],\"landmarks\"", options: .regularExpression)
        #expect(readError(lines.joined(separator: "\n")) == "frame 1: blendshapes has 51 values, expected 52")
        // Landmarks not triples.
        lines = text.components(separatedBy: "\n")
        lines[frameLine] = lines[frameLine].replacingOccurrences(
            of: #""landmarks":\[\[([-0-9.]+),([-0-9.]+),([-0-9.]+)\]"#,
            with: "\"landmarks\":[[$1,$2]", options: .regularExpression)
        #expect(readError(lines.joined(separator: "\n")) == "frame 1: landmarks[0] is not an [x, y, z] triple of numbers")
        // A landmark finite but far outside any picture (it once trapped the renderer's Float -> Int).
        lines = text.components(separatedBy: "\n")
        lines[frameLine] = lines[frameLine].replacingOccurrences(
            of: #""landmarks":\[\[([-0-9.]+),"#,
            with: "\"landmarks\":[[1e25,", options: .regularExpression)
        #expect(
            readError(lines.joined(separator: "\n")) == "frame 1: landmarks[0] lies outside any picture (a coordinate beyond ±1e6 pixels)")
        // Truncated.
        let truncated = String(text.prefix(text.count * 2 / 3))
        let truncatedError = readError(truncated)
        #expect(truncatedError.contains("truncated") && truncatedError.hasPrefix("line "))
        // Not JSON.
        #expect(readError("{\"format\": nope}").hasPrefix("line 1: not JSON"))
        #expect(readError("{\n\"format\":\n nope}").hasPrefix("line 3: not JSON"))
        // Frame field with the wrong type.
        lines = text.components(separatedBy: "\n")
        lines[frameLine] = lines[frameLine].replacingOccurrences(of: "\"faceFound\":true", with: "\"faceFound\":\"yes\"")
        #expect(readError(lines.joined(separator: "\n")) == "frame 1: faceFound is not true or false")
    }

    @Test func readErrorsCarryThePath() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bad.track.json").path
        try "not json".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: PoseTrackFileError.self) { try PoseTrackJSON.read(path: path) }
        do { _ = try PoseTrackJSON.read(path: path) } catch { #expect("\(error)".hasPrefix(path + ": line 1: not JSON")) }
        #expect(throws: PoseTrackFileError.self) { try PoseTrackJSON.read(path: dir.appendingPathComponent("none.json").path) }
    }

    @Test func abandonedWriterLeavesNothing() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("d.track.json").path
        do {
            let writer = try PoseTrackJSONWriter(path: path)
            try writer.begin(metadata(frames: 2, landmarks: 0))
            try writer.append(makeFrames(1, landmarks: 0)[0])
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).count == 1)  // the temporary file
            writer.abandon()
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        do {
            let writer = try PoseTrackJSONWriter(path: path)
            try writer.begin(metadata(frames: 2, landmarks: 0))
            _ = writer  // dropped unfinished
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        // A failing append (51 blendshapes) removes the temporary file too.
        let writer = try PoseTrackJSONWriter(path: path)
        try writer.begin(metadata(frames: 2, landmarks: 0))
        var bad = makeFrames(1, landmarks: 0)[0]
        bad.blendshapes.removeLast()
        #expect(throws: PoseTrackFileError.self) { try writer.append(bad) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func existingTargetNeedsOverwrite() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("e.track.json").path
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: OutputError.self) { try PoseTrackJSONWriter(path: path) }
        #expect(throws: OutputError.self) { try PoseTrackCSVWriter(path: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        try PoseTrackJSON.write(
            path: path, metadata: metadata(frames: 1, landmarks: 0), frames: makeFrames(1, landmarks: 0),
            overwrite: true)
        #expect(try PoseTrackJSON.read(path: path).1.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["e.track.json"])
    }

    @Test func csvHeaderAndRow() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("f.csv").path
        let writer = try PoseTrackCSVWriter(path: path, landmarkCount: 2)
        let frames = makeFrames(2, landmarks: 2, lostAt: [1])
        for f in frames { try writer.append(f) }
        try writer.finish()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        #expect(lines.count == 3)
        let header = lines[0].map(String.init)
        #expect(header.count == 14 + 52 + 6)
        #expect(Array(header.prefix(5)) == ["index", "time", "face_found", "confidence", "head_yaw"])
        #expect(header[14] == "eyeBlinkLeft" && header[65] == "tongueOut" && header[66] == "lm0_x" && header[71] == "lm1_z")
        #expect(lines[1].count == header.count && lines[2].count == header.count)
        #expect(lines[1][0] == "0" && lines[1][2] == "1" && lines[1][4] == "12.346" && lines[1][66] == "100")
        #expect(lines[2][2] == "0" && lines[2][4] == "" && lines[2][66] == "")
    }

    @Test func liveLinkHeaderAndRow() throws {
        let header = LiveLinkCSVWriter.header
        #expect(header.count == 63)
        #expect(Array(header.prefix(4)) == ["Timecode", "BlendShapeCount", "EyeBlinkLeft", "EyeLookDownLeft"])
        #expect(header[17] == "JawRight" && header[18] == "JawLeft" && header[53] == "TongueOut")
        #expect(
            Array(header.suffix(9)) == [
                "HeadYaw", "HeadPitch", "HeadRoll", "LeftEyeYaw", "LeftEyePitch", "LeftEyeRoll",
                "RightEyeYaw", "RightEyePitch", "RightEyeRoll",
            ])
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("g.csv").path
        let writer = try LiveLinkCSVWriter(path: path, frameRateNumerator: 30000, frameRateDenominator: 1001)
        for f in makeFrames(3, landmarks: 0, lostAt: [2]) { try writer.append(f) }
        try writer.finish()
        let rows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",") }
        #expect(rows.count == 4 && rows.allSatisfy { $0.count == 63 })
        #expect(rows.dropFirst().allSatisfy { $0[1] == "61" })
        #expect(rows[1][0] == "00:00:00:00.000" && rows[2][0] == "00:00:00:01.000")
        let yaw = Double(rows[1][54])!
        #expect(abs(yaw - 12.34567 * Double.pi / 180) < 1e-5)  // radians
        #expect(header[59] == "LeftEyeRoll" && rows[1][59] == "0" && header[62] == "RightEyeRoll" && rows[1][62] == "0")  // eye roll
        #expect(rows[3][54] == "0")  // no face: zeros
    }

    @Test func liveLinkTimecode() {
        #expect(LiveLinkCSVWriter.timecode(time: 45.0 / 30, frameRateNumerator: 30) == "00:00:01:15.000")
        #expect(LiveLinkCSVWriter.timecode(frame: 45, frameRateNumerator: 30) == "00:00:01:15.000")
        #expect(LiveLinkCSVWriter.timecode(time: 0.5 + 1.0 / 60, frameRateNumerator: 30) == "00:00:00:15.500")
        #expect(LiveLinkCSVWriter.timecode(time: 3723.5, frameRateNumerator: 30) == "01:02:03:15.000")
        // 29.97: frames count at the nominal 30 per timecode second (non-drop-frame).
        let ntsc = { (i: Int) in
            LiveLinkCSVWriter.timecode(
                time: Double(i) * 1001 / 30000, frameRateNumerator: 30000,
                frameRateDenominator: 1001)
        }
        #expect(ntsc(45) == "00:00:01:15.000")
        #expect(ntsc(1799) == "00:00:59:29.000")
        #expect(ntsc(1800) == "00:01:00:00.000")
        #expect(LiveLinkCSVWriter.timecode(frame: 1800, frameRateNumerator: 30000, frameRateDenominator: 1001) == "00:01:00:00.000")
        #expect(LiveLinkCSVWriter.timecode(time: 1.0, frameRateNumerator: 60) == "00:00:01:00.000")
    }
}
