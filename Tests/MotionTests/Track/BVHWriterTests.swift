import Foundation
import OutputFiles
import Testing

@testable import Motion

// MARK: - A strict BVH parser (stricter than the importers, so that what passes here passes there)

/// A joint as read back from a file.
private struct ParsedJoint {
    var name: String
    var offset: [Double]
    var channels: [String]
    var children: [ParsedJoint] = []
    var endSite: [Double]?

    /// This joint and its descendants, depth first: the order of the channels in a motion line.
    var flattened: [ParsedJoint] { [self] + children.flatMap(\.flattened) }
}

private struct ParsedBVH {
    var root: ParsedJoint
    var frameCount: Int
    var frameTime: Double
    /// One array of `channelCount` numbers per frame.
    var frames: [[Double]]

    var joints: [ParsedJoint] { root.flattened }
    var channelCount: Int { joints.reduce(0) { $0 + $1.channels.count } }

    /// The values of `joint`'s channels in frame `frame`, keyed by channel name.
    func values(of jointName: String, frame: Int) -> [String: Double] {
        var start = 0
        for joint in joints {
            if joint.name == jointName {
                return Dictionary(uniqueKeysWithValues: zip(joint.channels, frames[frame][start..<start + joint.channels.count]))
            }
            start += joint.channels.count
        }
        Issue.record("no joint \(jointName)")
        return [:]
    }
}

private struct BVHParseError: Error, CustomStringConvertible {
    let line: Int
    let message: String
    var description: String { "line \(line): \(message)" }
}

/// Parses the whole text: every line must be one the grammar expects, braces must balance, the
/// motion must have exactly `Frames` lines of exactly the channel count of numbers separated by
/// single spaces, and nothing may follow but the final newline.
private struct StrictBVHParser {
    static let validChannels: Set<String> = ["Xposition", "Yposition", "Zposition", "Xrotation", "Yrotation", "Zrotation"]

    private let lines: [Substring]
    private var next = 0

    static func parse(_ text: String) throws -> ParsedBVH {
        var parser = StrictBVHParser(text: text)
        return try parser.parseFile()
    }

    private init(text: String) {
        var all = text.split(separator: "\n", omittingEmptySubsequences: false)
        // A file that ends with a newline splits into a last, empty piece; a file that does not
        // keeps its last line there, which `parseFile` then rejects.
        if all.last == "" { all.removeLast() } else { all.append("<no newline at the end of the file>") }
        lines = all
    }

    private func fail(_ message: String, line: Int? = nil) -> BVHParseError {
        BVHParseError(line: (line ?? next) + 1, message: message)
    }

    /// The next line's whitespace-separated words (indentation allowed), or an error at the end.
    private mutating func words(_ expecting: String) throws -> [Substring] {
        guard next < lines.count else { throw fail("the file ends where \(expecting) was expected") }
        defer { next += 1 }
        let words = lines[next].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
        guard !words.isEmpty else { throw fail("empty line where \(expecting) was expected") }
        return words
    }

    private mutating func expectLine(_ exact: [Substring], _ what: String) throws {
        let got = try words(what)
        guard got == exact else { throw fail("expected \(what), found \"\(got.joined(separator: " "))\"", line: next - 1) }
    }

    /// A plain decimal number: optional minus, digits, optional fraction. No exponents, no
    /// hex, no "nan"/"inf", which Swift's and Python's parsers would otherwise let through.
    private func number(_ word: Substring) throws -> Double {
        var body = word
        if body.first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let value = Double(word), value.isFinite
        else {
            throw fail("\"\(word)\" is not a plain decimal number", line: next - 1)
        }
        return value
    }

    private mutating func offset() throws -> [Double] {
        let w = try words("OFFSET")
        guard w.first == "OFFSET", w.count == 4 else { throw fail("expected OFFSET and 3 numbers", line: next - 1) }
        return try w.dropFirst().map { try number($0) }
    }

    private mutating func parseJoint(keyword: Substring) throws -> ParsedJoint {
        let head = try words(String(keyword))
        guard head.count == 2, head[0] == keyword else { throw fail("expected \"\(keyword) name\"", line: next - 1) }
        try expectLine(["{"], "{")
        var joint = ParsedJoint(name: String(head[1]), offset: try offset(), channels: [])
        let c = try words("CHANNELS")
        guard c.count >= 2, c[0] == "CHANNELS", let count = Int(c[1]), count >= 0 else {
            throw fail("expected CHANNELS and a count", line: next - 1)
        }
        joint.channels = c.dropFirst(2).map(String.init)
        guard joint.channels.count == count else {
            throw fail("CHANNELS says \(count) but names \(joint.channels.count)", line: next - 1)
        }
        guard joint.channels.allSatisfy(Self.validChannels.contains), Set(joint.channels).count == count else {
            throw fail("invalid or repeated channel name in \(joint.channels)", line: next - 1)
        }
        while true {
            let w = try words("JOINT, End Site or }")
            next -= 1
            if w == ["}"] {
                next += 1
                break
            } else if w.first == "JOINT" {
                joint.children.append(try parseJoint(keyword: "JOINT"))
            } else if w == ["End", "Site"] {
                guard joint.endSite == nil else { throw fail("a second End Site") }
                next += 1
                try expectLine(["{"], "{")
                joint.endSite = try offset()
                try expectLine(["}"], "}")
            } else {
                throw fail("unexpected \"\(w.joined(separator: " "))\"")
            }
        }
        // A joint ends its chain with an End Site or has joints below it, never both or neither.
        guard (joint.endSite == nil) != joint.children.isEmpty else {
            throw fail("joint \(joint.name) needs either child joints or an End Site", line: next - 1)
        }
        return joint
    }

    private mutating func parseFile() throws -> ParsedBVH {
        try expectLine(["HIERARCHY"], "HIERARCHY")
        let root = try parseJoint(keyword: "ROOT")
        let names = root.flattened.map(\.name)
        guard Set(names).count == names.count else { throw fail("joint names repeat: \(names)") }
        try expectLine(["MOTION"], "MOTION")
        let f = try words("Frames:")
        guard f.count == 2, f[0] == "Frames:", let frameCount = Int(f[1]), frameCount >= 0 else {
            throw fail("expected \"Frames: N\"", line: next - 1)
        }
        let t = try words("Frame Time:")
        guard t.count == 3, t[0] == "Frame", t[1] == "Time:" else { throw fail("expected \"Frame Time: t\"", line: next - 1) }
        let frameTime = try number(t[2])
        guard frameTime > 0 else { throw fail("the frame time is not positive", line: next - 1) }

        let channelCount = root.flattened.reduce(0) { $0 + $1.channels.count }
        var frames: [[Double]] = []
        frames.reserveCapacity(frameCount)
        for _ in 0..<frameCount {
            guard next < lines.count else { throw fail("the motion has \(frames.count) lines, Frames says \(frameCount)") }
            // Single spaces only: an empty piece (double space, leading or trailing space) is not a number.
            let values = lines[next].split(separator: " ", omittingEmptySubsequences: false)
            next += 1
            guard values.count == channelCount else {
                throw fail("\(values.count) numbers, expected \(channelCount)", line: next - 1)
            }
            frames.append(try values.map { try number($0) })
        }
        guard next == lines.count else { throw fail("text after the \(frameCount) motion lines") }
        return ParsedBVH(root: root, frameCount: frameCount, frameTime: frameTime, frames: frames)
    }
}

// MARK: - Rotations, built here independently of the writer

/// 3×3 matrices as rows, acting on column vectors.
private typealias Matrix = [[Double]]

private func multiply(_ a: Matrix, _ b: Matrix) -> Matrix {
    (0..<3).map { r in (0..<3).map { c in (0..<3).reduce(0) { $0 + a[r][$1] * b[$1][c] } } }
}

private func apply(_ m: Matrix, _ v: [Double]) -> [Double] {
    (0..<3).map { r in (0..<3).reduce(0) { $0 + m[r][$1] * v[$1] } }
}

/// A right-handed rotation by `degrees` about the x, y or z axis.
private func axisRotation(_ axis: Character, _ degrees: Double) -> Matrix {
    let a = degrees * .pi / 180, c = cos(a), s = sin(a)
    switch axis {
    case "X": return [[1, 0, 0], [0, c, -s], [0, s, c]]
    case "Y": return [[c, 0, s], [0, 1, 0], [-s, 0, c]]
    default: return [[c, -s, 0], [s, c, 0], [0, 0, 1]]
    }
}

/// What a BVH importer makes of a joint's rotation channels: each applied in the order listed,
/// M = R_first · R_second · R_third, in the parent's frame.
private func importerRotation(channels: [String], values: [String: Double]) -> Matrix {
    channels.filter { $0.hasSuffix("rotation") }.reduce([[1, 0, 0], [0, 1, 0], [0, 0, 1]]) {
        multiply($0, axisRotation($1.first!, values[$1]!))
    }
}

/// The rotation a head pose stands for (HeadPose's definition): Rz(−roll)·Ry(yaw)·Rx(−pitch) in
/// axes x = the performer's left, y up, z out of the face.
private func intendedRotation(yaw: Double, pitch: Double, roll: Double) -> Matrix {
    multiply(multiply(axisRotation("Z", -roll), axisRotation("Y", yaw)), axisRotation("X", -pitch))
}

private func maxDifference(_ a: Matrix, _ b: Matrix) -> Double {
    (0..<3).flatMap { r in (0..<3).map { c in abs(a[r][c] - b[r][c]) } }.max()!
}

/// The writer's in-memory channel values, keyed as they are in a file.
private func channelValues(_ c: BVHWriter.RotationChannels) -> [String: Double] {
    ["Zrotation": c.z, "Yrotation": c.y, "Xrotation": c.x]
}

private let writerOrder = ["Zrotation", "Yrotation", "Xrotation"]

// MARK: - Fixtures

private func freshDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("actone-bvh-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private func contents(_ directory: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
}

private func frame(_ index: Int, pose: (Float, Float, Float)?, gaze: (Float, Float, Float, Float)?) -> FrameMotion {
    FrameMotion(
        index: index, time: Double(index) / 30, faceFound: pose != nil, confidence: pose == nil ? 0 : 0.9,
        pose: pose.map { HeadPose(yaw: $0.0, pitch: $0.1, roll: $0.2, x: 320, y: 240, scale: 1) },
        gaze: gaze.map { Gaze(leftYaw: $0.0, leftPitch: $0.1, rightYaw: $0.2, rightPitch: $0.3) },
        blendshapes: Array(repeating: 0, count: 52), landmarks: nil)
}

private struct ThrownFileError { var path: String?; var message: String }

/// The path named by the error `body` throws: a PoseTrackFileError (the file's content) or an
/// OutputError (where it goes). Nil when it throws nothing or something else.
private func fileError(_ body: () throws -> Void) -> ThrownFileError? {
    do {
        try body()
        return nil
    } catch let error as PoseTrackFileError {
        return ThrownFileError(path: error.path, message: error.message)
    } catch let error as OutputError {
        return ThrownFileError(path: error.path, message: error.description)
    } catch {
        return nil
    }
}

/// Writes `frames` to a new file in `directory` and parses it back.
private func writeAndParse(_ frames: [FrameMotion], frameTime: Double = 1.0 / 30, in directory: URL) throws -> ParsedBVH {
    let path = directory.appendingPathComponent("clip.bvh").path
    let writer = try BVHWriter(path: path, frameTime: frameTime, overwrite: false)
    for f in frames { try writer.append(f) }
    try writer.finish()
    return try StrictBVHParser.parse(try String(contentsOfFile: path, encoding: .utf8))
}

private let poses: [(yaw: Double, pitch: Double, roll: Double)] = [
    (0, 0, 0), (30, 0, 0), (-30, 0, 0), (0, 20, 0), (0, -20, 0), (0, 0, 15), (0, 0, -15),
    (25, -15, 10), (-40, 25, -30), (60, -35, 20), (10, 45, -40),
]

// MARK: - Tests

@Suite struct BVHWriterTests {
    @Test func skeletonHasTheDocumentedJointsChannelsAndOffsets() throws {
        let dir = try freshDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bvh = try writeAndParse([frame(0, pose: (1, 2, 3), gaze: (4, 5, 6, 7))], in: dir)

        #expect(bvh.joints.map(\.name) == ["Root", "Neck", "Head", "LeftEye", "RightEye"])
        #expect(bvh.root.children.map(\.name) == ["Neck"])
        #expect(bvh.root.children[0].children.map(\.name) == ["Head"])
        let head = bvh.root.children[0].children[0]
        #expect(head.children.map(\.name) == ["LeftEye", "RightEye"])
        #expect(head.children.allSatisfy { $0.children.isEmpty && $0.endSite != nil })
        #expect(bvh.joints.filter { $0.endSite != nil }.map(\.name) == ["LeftEye", "RightEye"])

        #expect(bvh.root.channels == ["Xposition", "Yposition", "Zposition"] + writerOrder)
        #expect(bvh.joints.dropFirst().allSatisfy { $0.channels == writerOrder })
        #expect(bvh.joints.map(\.channels.count) == [6, 3, 3, 3, 3])
        #expect(bvh.channelCount == 18 && BVHWriter.channelsPerFrame == 18)

        // Offsets as documented (cm): Root at the origin, the neck and head above it, the
        // performer's left eye on +X, both eyes in front of the head's pivot (+Z).
        #expect(bvh.joints.map(\.offset) == [[0, 0, 0], [0, 5, 0], [0, 11, 2], [3.2, 4, 7.5], [-3.2, 4, 7.5]])
        #expect(head.children.map(\.endSite!) == [[0, 0, 1.2], [0, 0, 1.2]])
    }

    @Test func frameCountAndFrameTime() throws {
        let dir = try freshDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let frames = (0..<7).map { frame($0, pose: (Float($0), 0, 0), gaze: nil) }
        for fps in [60.0, 30000.0 / 1001, 24, 25] {
            let path = dir.appendingPathComponent("fps.bvh").path
            let writer = try BVHWriter(path: path, frameTime: 1 / fps, overwrite: true)
            for f in frames { try writer.append(f) }
            #expect(writer.framesWritten == 7)
            try writer.finish()
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let bvh = try StrictBVHParser.parse(text)
            #expect(bvh.frameCount == 7 && bvh.frames.count == 7)
            // 9 significant digits: off by at most half a unit in the ninth, 5e-9 relative.
            #expect(abs(bvh.frameTime - 1 / fps) <= 5e-9 * (1 / fps))
        }
        #expect(BVHWriter.frameTimeText(1.0 / 60) == "0.0166666667")
        #expect(BVHWriter.frameTimeText(1001.0 / 30000) == "0.0333666667")
        #expect(BVHWriter.frameTimeText(0.04) == "0.04")
        #expect(BVHWriter.frameTimeText(1) == "1")
        #expect(BVHWriter.frameTimeText(2.5) == "2.5")
    }

    @Test func channelValuesComposeBackToThePoseAndGaze() throws {
        let dir = try freshDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Each pose doubles as a gaze: left eye (yaw, pitch), right eye (pitch, -yaw) so they differ.
        let frames = poses.enumerated().map { i, p in
            frame(
                i, pose: (Float(p.yaw), Float(p.pitch), Float(p.roll)),
                gaze: (Float(p.yaw) / 2, Float(p.pitch) / 2, Float(p.pitch) / 2, Float(-p.yaw) / 2))
        }
        let bvh = try writeAndParse(frames, in: dir)
        #expect(bvh.frameCount == poses.count)
        let joint = Dictionary(uniqueKeysWithValues: bvh.joints.map { ($0.name, $0) })
        for (i, p) in poses.enumerated() {
            let root = bvh.values(of: "Root", frame: i), neck = bvh.values(of: "Neck", frame: i)
            #expect(root.values.allSatisfy { $0 == 0 } && neck.values.allSatisfy { $0 == 0 })

            let head = importerRotation(channels: joint["Head"]!.channels, values: bvh.values(of: "Head", frame: i))
            #expect(maxDifference(head, intendedRotation(yaw: p.yaw, pitch: p.pitch, roll: p.roll)) <= 1e-4, "pose \(p)")

            let left = importerRotation(channels: joint["LeftEye"]!.channels, values: bvh.values(of: "LeftEye", frame: i))
            #expect(maxDifference(left, intendedRotation(yaw: p.yaw / 2, pitch: p.pitch / 2, roll: 0)) <= 1e-4, "left eye \(p)")
            let right = importerRotation(channels: joint["RightEye"]!.channels, values: bvh.values(of: "RightEye", frame: i))
            #expect(maxDifference(right, intendedRotation(yaw: p.pitch / 2, pitch: -p.yaw / 2, roll: 0)) <= 1e-4, "right eye \(p)")
        }
        // Angles carry 4 decimals at most.
        let text = try String(contentsOfFile: dir.appendingPathComponent("clip.bvh").path, encoding: .utf8)
        let motion = text.components(separatedBy: "Frame Time: ")[1].split(separator: "\n").dropFirst()
        #expect(motion.allSatisfy { $0.split(separator: " ").allSatisfy { ($0.split(separator: ".").dropFirst().first?.count ?? 0) <= 4 } })
    }

    @Test func matrixRoundTripInMemory() {
        // Beyond what a face tracker reports too: the decomposition must hold for any rotation,
        // including the order's singular middle angle (y = ±90°).
        let extra: [(yaw: Double, pitch: Double, roll: Double)] = [
            (90, 0, 30), (-90, 10, 5), (90, 25, -40), (-120, 60, 170), (179, -89, 91),
        ]
        for p in poses + extra {
            let c = BVHWriter.headChannels(yaw: p.yaw, pitch: p.pitch, roll: p.roll)
            #expect(abs(c.y) <= 90 + 1e-9)
            let composed = importerRotation(channels: writerOrder, values: channelValues(c))
            #expect(maxDifference(composed, intendedRotation(yaw: p.yaw, pitch: p.pitch, roll: p.roll)) <= 1e-9, "pose \(p)")
            let eye = BVHWriter.eyeChannels(yaw: p.yaw, pitch: p.pitch)
            #expect(
                maxDifference(
                    importerRotation(channels: writerOrder, values: channelValues(eye)),
                    intendedRotation(yaw: p.yaw, pitch: p.pitch, roll: 0)) <= 1e-9, "eye \(p)")
        }
    }

    @Test func signsMatchTheDocumentedConventions() {
        let forward = [0.0, 0, 1], up = [0.0, 1, 0]
        func head(_ yaw: Double, _ pitch: Double, _ roll: Double) -> Matrix {
            importerRotation(channels: writerOrder, values: channelValues(BVHWriter.headChannels(yaw: yaw, pitch: pitch, roll: roll)))
        }
        func eye(_ yaw: Double, _ pitch: Double) -> Matrix {
            importerRotation(channels: writerOrder, values: channelValues(BVHWriter.eyeChannels(yaw: yaw, pitch: pitch)))
        }
        // Yaw > 0, a turn to the performer's left: the face's forward axis swings towards +X.
        let yawed = apply(head(20, 0, 0), forward)
        #expect(abs(yawed[0] - sin(20 * .pi / 180)) < 1e-9 && abs(yawed[1]) < 1e-9)
        // Pitch > 0, nose up: forward tips towards +Y.
        let pitched = apply(head(0, 20, 0), forward)
        #expect(abs(pitched[1] - sin(20 * .pi / 180)) < 1e-9 && abs(pitched[0]) < 1e-9)
        // Roll > 0, clockwise in the image: the top of the head leans to the image's right, the
        // performer's left, +X.
        let rolled = apply(head(0, 0, 20), up)
        #expect(abs(rolled[0] - sin(20 * .pi / 180)) < 1e-9 && abs(rolled[2]) < 1e-9)
        // The eyes: the same for yaw and pitch.
        #expect(apply(eye(15, 0), forward)[0] > 0.25 && apply(eye(-15, 0), forward)[0] < -0.25)
        #expect(apply(eye(0, 15), forward)[1] > 0.25 && apply(eye(0, -15), forward)[1] < -0.25)
        // A combined pose: each sign still shows.
        let combined = head(25, -15, 10)
        #expect(apply(combined, forward)[0] > 0 && apply(combined, forward)[1] < 0 && apply(combined, up)[0] > 0)
    }

    @Test func aFrameWithoutAFaceHoldsTheLastValues() throws {
        let dir = try freshDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let frames = [
            frame(0, pose: nil, gaze: nil),  // before any face: zeros
            frame(1, pose: (25, -15, 10), gaze: (5, -3, 4, -2)),
            frame(2, pose: nil, gaze: nil),  // holds frame 1
            frame(3, pose: nil, gaze: nil),  // still frame 1
            frame(4, pose: (-10, 5, 0), gaze: nil),  // new head, eyes held from frame 1
        ]
        let bvh = try writeAndParse(frames, in: dir)
        #expect(bvh.frames.count == 5)
        #expect(bvh.frames[0].allSatisfy { $0 == 0 })
        #expect(bvh.frames[1].contains { $0 != 0 })
        #expect(bvh.frames[2] == bvh.frames[1] && bvh.frames[3] == bvh.frames[1])
        let head4 = bvh.values(of: "Head", frame: 4)
        #expect(
            maxDifference(importerRotation(channels: writerOrder, values: head4), intendedRotation(yaw: -10, pitch: 5, roll: 0)) <= 1e-4)
        for eye in ["LeftEye", "RightEye"] {
            #expect(bvh.values(of: eye, frame: 4) == bvh.values(of: eye, frame: 1))
        }
    }

    @Test func aLongClipStreamsThroughTheSpool() throws {
        // Enough lines to fill several of the spool's 64 KiB blocks.
        let dir = try freshDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let count = 5000
        let frames = (0..<count).map { i -> FrameMotion in
            let t = Float(i) / 50
            return frame(i, pose: (30 * sin(t), 15 * cos(t), 10 * sin(t / 3)), gaze: (8 * sin(t), 4 * cos(t), 8 * sin(t), -4 * cos(t)))
        }
        let bvh = try writeAndParse(frames, frameTime: 1.0 / 60, in: dir)
        #expect(bvh.frameCount == count && bvh.frames.count == count)
        let size = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("clip.bvh").path)[.size] as! Int
        #expect(size > 4 * 65536)
        let last = frames[count - 1].pose!
        let head = importerRotation(channels: writerOrder, values: bvh.values(of: "Head", frame: count - 1))
        #expect(maxDifference(head, intendedRotation(yaw: Double(last.yaw), pitch: Double(last.pitch), roll: Double(last.roll))) <= 1e-4)
        #expect(contents(dir) == ["clip.bvh"])
    }

    @Test func finishLeavesOnlyTheTargetAndAbandonLeavesNothing() throws {
        let dir = try freshDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("take.bvh").path

        let abandoned = try BVHWriter(path: path, frameTime: 1.0 / 30, overwrite: false)
        try abandoned.append(frame(0, pose: (1, 2, 3), gaze: nil))
        #expect(FileManager.default.fileExists(atPath: abandoned.temporaryPath))
        #expect(FileManager.default.fileExists(atPath: abandoned.spoolPath))
        #expect(contents(dir).count == 2)
        abandoned.abandon()
        #expect(contents(dir).isEmpty)
        #expect(fileError { try abandoned.append(frame(1, pose: nil, gaze: nil)) } != nil)
        #expect(fileError { try abandoned.finish() } != nil)
        #expect(contents(dir).isEmpty)

        // Dropping an unfinished writer abandons it too.
        do {
            let dropped = try BVHWriter(path: path, frameTime: 1.0 / 30, overwrite: false)
            try dropped.append(frame(0, pose: (1, 2, 3), gaze: nil))
        }
        #expect(contents(dir).isEmpty)

        let writer = try BVHWriter(path: path, frameTime: 1.0 / 30, overwrite: false)
        try writer.append(frame(0, pose: (1, 2, 3), gaze: nil))
        try writer.finish()
        try writer.finish()  // a second finish does nothing
        #expect(contents(dir) == ["take.bvh"])
        #expect(fileError { try writer.append(frame(1, pose: nil, gaze: nil)) } != nil)
        #expect(contents(dir) == ["take.bvh"])
    }

    @Test func anUnwritablePathThrowsAndLeavesNothing() throws {
        let dir = try freshDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("no-such-folder/clip.bvh").path
        let error = fileError { _ = try BVHWriter(path: path, frameTime: 1.0 / 30, overwrite: true) }
        #expect(error?.path == path)
        #expect(contents(dir).isEmpty)

        // A directory where the file should go.
        let folder = dir.appendingPathComponent("folder.bvh")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        #expect(fileError { _ = try BVHWriter(path: folder.path, frameTime: 1.0 / 30, overwrite: true) }?.path == folder.path)
        #expect(contents(dir) == ["folder.bvh"])
    }

    @Test func anExistingFileIsRefusedWithoutOverwrite() throws {
        let dir = try freshDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("clip.bvh").path
        try "old".write(toFile: path, atomically: true, encoding: .utf8)

        let error = fileError { _ = try BVHWriter(path: path, frameTime: 1.0 / 30, overwrite: false) }
        #expect(error?.path == path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(contents(dir) == ["clip.bvh"])

        let writer = try BVHWriter(path: path, frameTime: 1.0 / 30, overwrite: true)
        try writer.append(frame(0, pose: (1, 2, 3), gaze: nil))
        try writer.finish()
        #expect(try StrictBVHParser.parse(try String(contentsOfFile: path, encoding: .utf8)).frameCount == 1)
        #expect(contents(dir) == ["clip.bvh"])
    }

    @Test func zeroFramesIsAnErrorThatLeavesNothing() throws {
        // Blender's importer fails on "Frames: 0" (it reads a first frame that is not there), so
        // the writer refuses to produce one.
        let dir = try freshDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("empty.bvh").path
        let writer = try BVHWriter(path: path, frameTime: 1.0 / 30, overwrite: false)
        let error = fileError { try writer.finish() }
        #expect(error?.path == path)
        #expect(error?.message.contains("no frames") == true)
        #expect(contents(dir).isEmpty)
    }

    @Test func badFrameTimesAndNonFiniteAnglesAreErrors() throws {
        let dir = try freshDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("clip.bvh").path
        for bad in [0, -1 / 30, .nan, .infinity, -.infinity] as [Double] {
            #expect(fileError { _ = try BVHWriter(path: path, frameTime: bad, overwrite: false) }?.path == path, "\(bad)")
        }
        #expect(contents(dir).isEmpty)

        let writer = try BVHWriter(path: path, frameTime: 1.0 / 30, overwrite: false)
        try writer.append(frame(0, pose: (1, 2, 3), gaze: nil))
        let error = fileError { try writer.append(frame(1, pose: (.nan, 0, 0), gaze: nil)) }
        #expect(error?.path == path && error?.message.contains("frame 1") == true)
        #expect(contents(dir).isEmpty)  // the error abandoned the file
    }

    @Test func theStrictParserRejectsBrokenFiles() throws {
        let dir = try freshDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("clip.bvh").path
        let writer = try BVHWriter(path: path, frameTime: 1.0 / 30, overwrite: false)
        for i in 0..<2 { try writer.append(frame(i, pose: (1, 2, 3), gaze: (1, 1, 1, 1))) }
        try writer.finish()
        let good = try String(contentsOfFile: path, encoding: .utf8)
        _ = try StrictBVHParser.parse(good)

        // Each of these must fail, or the checks above prove little.
        let broken = [
            good.replacingOccurrences(of: "Frames: 2", with: "Frames: 3"),
            good.replacingOccurrences(of: "Frames: 2", with: "Frames: 1"),
            good.replacingOccurrences(of: "CHANNELS 3 Zrotation", with: "CHANNELS 4 Zrotation"),
            good.replacingOccurrences(
                of: "CHANNELS 3 Zrotation Yrotation Xrotation\n\t\tJOINT Head",
                with: "CHANNELS 3 Zrotation Yrotation Wrotation\n\t\tJOINT Head"),
            good.replacingOccurrences(of: "OFFSET 0 5 0", with: "OFFSET 0 5"),
            good.replacingOccurrences(of: "Frame Time: 0.0333333333", with: "Frame Time: 0"),
            String(good.dropLast()),
            good + "0\n",
            good.replacingOccurrences(of: "\t}\n}\nMOTION", with: "\t}\nMOTION"),
            good.replacingOccurrences(of: "\n0 0 0 0 0 0 0 0 0 ", with: "\n0 0 0 0 0 0 0 0 0  "),
        ]
        for text in broken {
            #expect(text != good)
            #expect(throws: BVHParseError.self) { try StrictBVHParser.parse(text) }
        }
    }
}
