import FaceGeometry
import FaceTracking
import Foundation
import Testing

@testable import Motion

/// The streaming reader: key order, chunk boundaries, strings, and every malformed value refused
/// with one error naming it.
@Suite struct PoseTrackJSONReaderTests {
    static let names = Blendshape.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ",")

    /// A small valid track as text, each part replaceable: the tests break one thing at a time.
    static func track(
        sourceName: String = "\"clip.mp4\"", frameCount: String = "2", duration: String = "0.08",
        rate: String = "\"numerator\":25,\"denominator\":1", landmarkCount: Int = 2,
        frames: [String]? = nil, metadataLast: Bool = false
    ) -> String {
        let metadata =
            "\"metadata\":{\"sourceName\":\(sourceName),\"width\":640,\"height\":480,\"frameRate\":{\(rate)},"
            + "\"frameCount\":\(frameCount),\"duration\":\(duration),\"tool\":{\"name\":\"actone\",\"version\":\"1\"},"
            + "\"modelChecksums\":{},\"landmarkCount\":\(landmarkCount),\"created\":\"2025-01-31T12:00:00Z\"}"
        let body = frames ?? [frame(index: "0"), frame(index: "1")]
        let framesText = "\"frames\":[\n" + body.joined(separator: ",\n") + "\n]"
        let head = "\"format\":\"actone.pose-track\",\"version\":1,\n"
        let namesText = "\"blendshapeNames\":[\(names)]"
        return metadataLast
            ? "{\(framesText),\n\(namesText),\n\(head)\(metadata)}\n"
            : "{\(head)\(metadata),\n\(namesText),\n\(framesText)}\n"
    }

    static func frame(
        index: String, yaw: String = "12.5", blendshapes: String? = nil,
        landmarks: String = "[[1,2,3],[4.5,-6e2,0.125]]"
    ) -> String {
        let shapes = blendshapes ?? (0..<52).map { "0.\($0 % 10)" }.joined(separator: ",")
        return "{\"index\":\(index),\"time\":0.04,\"faceFound\":true,\"confidence\":0.9,"
            + "\"pose\":{\"yaw\":\(yaw),\"pitch\":-1,\"roll\":0,\"x\":320,\"y\":240,\"scale\":1.5},\"gaze\":null,"
            + "\"blendshapes\":[\(shapes)],\"landmarks\":\(landmarks)}"
    }

    static func read(_ text: String, chunkSize: Int = 1 << 20) throws -> (TrackMetadata, [FrameMotion]) {
        let reader = try PoseTrackJSONReader(data: Data(text.utf8), chunkSize: chunkSize)
        var frames: [FrameMotion] = []
        try reader.forEach { frames.append($0) }
        return (reader.metadata, frames)
    }

    static func error(_ text: String, chunkSize: Int = 1 << 20) -> String {
        do {
            _ = try read(text, chunkSize: chunkSize)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func readsFramesOneAtATime() throws {
        let (metadata, frames) = try Self.read(Self.track())
        #expect(metadata.sourceName == "clip.mp4" && metadata.frameCount == 2 && metadata.landmarkCount == 2)
        #expect(frames.map(\.index) == [0, 1])
        #expect(frames[0].pose?.yaw == 12.5 && frames[0].gaze == nil && frames[0].blendshapes[3] == 0.3)
        #expect(frames[1].landmarks == [LandmarkPoint(x: 1, y: 2, z: 3), LandmarkPoint(x: 4.5, y: -600, z: 0.125)])
    }

    @Test func metadataAfterTheFramesReadsTheSame() throws {
        let first = try Self.read(Self.track())
        let last = try Self.read(Self.track(metadataLast: true))
        #expect(first.0 == last.0)
        #expect(first.1 == last.1)
        // Errors in the frames are still found when they are read on the second pass.
        let broken = Self.track(frames: [Self.frame(index: "0"), Self.frame(index: "1.5")], metadataLast: true)
        #expect(Self.error(broken) == "frame 1: index is not an integer")
    }

    @Test func otherKeysAreCheckedButNotKept() throws {
        let plain = try Self.read(Self.track())
        for text in [Self.track(), Self.track(metadataLast: true)] {
            let extra = text.replacingOccurrences(of: "\"version\":1,", with: "\"version\":1,\"notes\":{\"a\":[1,[2,{}]],\"frames\":[]},")
                .replacingOccurrences(of: "\n]", with: "\n],\"frames\":[{\"ignored\":true}],\"more\":null")
            let read = try Self.read(extra)
            #expect(read.0 == plain.0 && read.1 == plain.1)
            #expect(Self.error(extra.replacingOccurrences(of: "\"ignored\":true", with: "\"ignored\":tru")).hasPrefix("line "))
        }
    }

    @Test func oneByteChunksGiveTheSameResult() throws {
        for text in [Self.track(), Self.track(metadataLast: true)] {
            let whole = try Self.read(text)
            let bytewise = try Self.read(text, chunkSize: 1)
            #expect(whole.0 == bytewise.0)
            #expect(whole.1 == bytewise.1)
            for size in [2, 3, 7, 64] { #expect(try Self.read(text, chunkSize: size).1 == whole.1) }
        }
        // Errors do not depend on where the chunks end either.
        let truncated = String(Self.track().dropLast(40))
        #expect(Self.error(truncated, chunkSize: 1) == Self.error(truncated))
        #expect(Self.error(truncated).contains("the file is truncated"))
    }

    @Test func writtenTracksReadBackThroughSmallChunks() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("reader-\(UUID().uuidString).track.json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let metadata = TrackMetadata(
            sourceName: "a\u{1B}[2J\n\"b\"\\é😀.mp4", width: 64, height: 64, frameRateNumerator: 30000,
            frameRateDenominator: 1001, frameCount: 3, duration: 0.1, toolName: "actone",
            toolVersion: "t", landmarkCount: 478, created: "now")
        let frames = (0..<3).map { i in
            FrameMotion(
                index: i, time: Double(i) * 1001 / 30000, faceFound: true, confidence: 0.5,
                pose: HeadPose(yaw: 1, pitch: 2, roll: 3, x: 4, y: 5, scale: 6), gaze: nil,
                blendshapes: Array(repeating: 0.25, count: 52),
                landmarks: (0..<478).map { LandmarkPoint(x: Float($0), y: Float(i), z: -0.5) })
        }
        try PoseTrackJSON.write(path: path, metadata: metadata, frames: frames)
        let whole = try PoseTrackJSON.read(path: path)
        #expect(whole.0.sourceName == metadata.sourceName)
        // Times are written to the microsecond; everything else here is exact.
        #expect(whole.1.map(\.index) == [0, 1, 2] && whole.1.map(\.landmarks) == frames.map(\.landmarks))
        let reader = try PoseTrackJSONReader(path: path, chunkSize: 5)
        var small: [FrameMotion] = []
        try reader.forEach { small.append($0) }
        #expect(small == whole.1 && reader.metadata == whole.0)
    }

    @Test func escapesAndUnicodeInStrings() throws {
        let name = #""tab\there \"q\" \\ \/ \u00e9 \ud83d\ude00 ünï""#
        #expect(try Self.read(Self.track(sourceName: name)).0.sourceName == "tab\there \"q\" \\ / é 😀 ünï")
        #expect(Self.error(Self.track(sourceName: #""\ud83d""#)).contains("lone UTF-16 surrogate"))
        #expect(Self.error(Self.track(sourceName: #""\x""#)).contains("unknown escape"))
        #expect(Self.error(Self.track(sourceName: "\"raw\u{1B}escape\"")).contains("control character inside a string"))
        #expect(Self.error(Self.track(sourceName: "\"\\u12\"")).contains("four hex digits"))
        var invalid = Data(Self.track(sourceName: "\"XX\"").utf8)
        let at = invalid.firstRange(of: Data("XX".utf8))!
        invalid.replaceSubrange(at, with: [0xC3, 0x28])
        #expect(throws: PoseTrackFileError.self) { try PoseTrackJSONReader(data: invalid) }
    }

    @Test func numbersOutsideFloatOrDoubleAreRefused() {
        #expect(
            Self.error(Self.track(frames: [Self.frame(index: "0", yaw: "1e300"), Self.frame(index: "1")]))
                == "frame 0: pose.yaw is out of range (1e+300)")
        #expect(
            Self.error(Self.track(frames: [Self.frame(index: "0", yaw: "-1e400"), Self.frame(index: "1")]))
                == "frame 0: pose.yaw is out of range (too large for a number)")
        let shapes = (0..<52).map { $0 == 4 ? "3e39" : "0" }.joined(separator: ",")
        #expect(
            Self.error(Self.track(frames: [Self.frame(index: "0"), Self.frame(index: "1", blendshapes: shapes)]))
                == "frame 1: blendshapes[4] (eyeLookUpLeft) is out of range (3e+39)")
        #expect(Self.error(Self.track(duration: "1e400")) == "metadata.duration is out of range (too large for a number)")
    }

    @Test func absurdMetadataIsRefused() {
        #expect(Self.error(Self.track(duration: "1e16")) == "metadata.duration is 1e+16 s, expected 0 to 10000000")
        #expect(Self.error(Self.track(duration: "-1")) == "metadata.duration is -1.0 s, expected 0 to 10000000")
        #expect(Self.error(Self.track(frameCount: "-3")) == "metadata.frameCount is negative")
        #expect(Self.error(Self.track(frameCount: "1e12")).hasPrefix("metadata.frameCount is 1000000000000, more than"))
        #expect(Self.error(Self.track(frameCount: "2.5")) == "metadata.frameCount is not an integer")
        #expect(Self.error(Self.track(frameCount: "3")) == "metadata.frameCount is 3 but frames has 2 entries")
        #expect(Self.error(Self.track(rate: "\"numerator\":0,\"denominator\":1")) == "metadata.frameRate must be positive (0/1)")
        #expect(
            Self.error(Self.track(rate: "\"numerator\":5000000,\"denominator\":1")).hasPrefix(
                "metadata.frameRate 5000000/1 is out of range"))
        #expect(Self.error(Self.track(rate: "\"numerator\":1e30,\"denominator\":1")) == "metadata.frameRate.numerator is not an integer")
        #expect(Self.error(Self.track(landmarkCount: -1)) == "metadata.landmarkCount is negative")
    }

    @Test func malformedFramesNameTheFrame() {
        func broken(_ second: String) -> String { Self.error(Self.track(frames: [Self.frame(index: "0"), second])) }
        #expect(broken(Self.frame(index: "1.5")) == "frame 1: index is not an integer")
        #expect(broken(Self.frame(index: "\"1\"")) == "frame 1: index is not an integer")
        #expect(broken(Self.frame(index: "1", blendshapes: "0,0")) == "frame 1: blendshapes has 2 values, expected 52")
        #expect(
            broken(Self.frame(index: "1", landmarks: "[[1,2,3]]")) == "frame 1: landmarks has 1 points, expected 2 (metadata.landmarkCount)"
        )
        #expect(
            broken(Self.frame(index: "1", landmarks: "[[1,2,3],[1,2,3,4]]"))
                == "frame 1: landmarks[1] is not an [x, y, z] triple of numbers")
        #expect(broken("[1]") == "frame 1: not a JSON object")
        #expect(broken(Self.frame(index: "1", yaw: "true")) == "frame 1: pose.yaw is not a number")
    }

    @Test func syntaxErrorsGiveTheLine() {
        #expect(Self.error("") == "line 1: not JSON (the file is empty)")
        #expect(Self.error("[1,2]") == "line 1: not a JSON object")
        #expect(Self.error("{\n\"format\":\n nope}").hasPrefix("line 3: not JSON"))
        #expect(Self.error("{\"format\": 01}").hasPrefix("line 1: not JSON (a number with a leading zero"))
        #expect(Self.error(Self.track() + "x").hasPrefix("line 8: not JSON ('x' after the end of the JSON)"))
        #expect(Self.error(String(repeating: "[", count: 100_000)).contains("nested more than 64 deep"))
        #expect(Self.error("{\"frames\":[]}") == "format missing")
        #expect(Self.error(Self.track().replacingOccurrences(of: "\"frames\":[", with: "\"frames\":null,\"x\":[")) == "frames missing")
    }

    @Test func numbersParseAsStrtodDoes() throws {
        let texts = [
            "0", "-0", "1.5", "-12.25", "0.1", "123456.789", "1e-7", "6.02214076e23", "4.9e-324",
            "1.7976931348623157e308", "0.30000000000000004", "12345678901234567890", "9007199254740993",
        ]
        for text in texts {
            let tokenizer = JSONTokenizer(source: DataByteSource(Data(text.utf8)))
            #expect(try tokenizer.parseNumber() == strtod(text, nil), "\(text)")
        }
    }
}
