import OutputFiles
import FaceGeometry
import Foundation

/// The actone pose-track JSON file (`*.track.json`), format version 1. See docs/pose-track.md.
///
/// Writing streams: `begin`, then `append` per frame as it is tracked, then `finish`. Reading loads
/// the whole file and checks every field, naming the field, frame or line that is wrong.
public enum PoseTrackJSON {
    public static let formatName = "actone.pose-track"
    /// The largest landmark coordinate a track may hold, in pixels.
    public static let maximumCoordinate = 1e6

    /// Decimals written per kind of number (values are rounded to these, trailing zeros dropped).
    public enum Precision {
        public static let time = 6
        public static let confidence = 4
        /// Head and gaze angles in degrees.
        public static let angle = 3
        /// Head position in pixels.
        public static let position = 3
        public static let scale = 5
        public static let blendshape = 4
        /// Landmark x, y, z in source pixels.
        public static let landmark = 3
    }

    public typealias Writer = PoseTrackJSONWriter

    /// Writes a whole track at once (a convenience over `PoseTrackJSONWriter`).
    public static func write<S: Sequence<FrameMotion>>(path: String, metadata: TrackMetadata, frames: S,
                                                     overwrite: Bool = false, includeLandmarks: Bool = true) throws {
        let writer = try PoseTrackJSONWriter(path: path, overwrite: overwrite, includeLandmarks: includeLandmarks)
        try writer.begin(metadata)
        for frame in frames { try writer.append(frame) }
        try writer.finish()
    }

    /// Reads a pose-track file. Errors are `PoseTrackFileError`s naming the field, frame or line.
    public static func read(path: String) throws -> (TrackMetadata, [FrameMotion]) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PoseTrackFileError(path: path, "cannot read the file")
        }
        do {
            return try read(data: data)
        } catch var error as PoseTrackFileError {
            error.path = path
            throw error
        }
    }

    /// Reads a pose track from the bytes of a file.
    public static func read(data: Data) throws -> (TrackMetadata, [FrameMotion]) {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw PoseTrackFileError(parseErrorMessage(error, data: data))
        }
        guard let top = root as? [String: Any] else {
            throw PoseTrackFileError("line 1: not a JSON object")
        }
        var fields = Fields(top, path: "")
        let format = try fields.string("format")
        guard format == formatName else {
            throw PoseTrackFileError("format is \(JSONText.quoted(format)), expected \(JSONText.quoted(formatName))")
        }
        let version = try fields.int("version")
        guard version == TrackMetadata.currentFormatVersion else {
            throw PoseTrackFileError(
                "version \(version) is not supported (this actone reads version \(TrackMetadata.currentFormatVersion))")
        }
        let metadata = try readMetadata(try fields.object("metadata"), version: version)

        let names = try fields.array("blendshapeNames")
        let expected = Blendshape.allCases.map(\.rawValue)
        guard names.count == expected.count else {
            throw PoseTrackFileError("blendshapeNames has \(names.count) names, expected \(expected.count)")
        }
        for (i, name) in names.enumerated() where (name as? String) != expected[i] {
            throw PoseTrackFileError("blendshapeNames[\(i)] is \(describe(name)), expected \(JSONText.quoted(expected[i]))")
        }

        let rawFrames = try fields.array("frames")
        var frames: [FrameMotion] = []
        frames.reserveCapacity(rawFrames.count)
        for (i, raw) in rawFrames.enumerated() {
            guard let object = raw as? [String: Any] else {
                throw PoseTrackFileError("frame \(i): not a JSON object")
            }
            frames.append(try readFrame(object, position: i, landmarkCount: metadata.landmarkCount))
        }
        guard frames.count == metadata.frameCount else {
            throw PoseTrackFileError("metadata.frameCount is \(metadata.frameCount) but frames has \(frames.count) entries")
        }
        return (metadata, frames)
    }

    // MARK: - Reading helpers

    private static func readMetadata(_ object: [String: Any], version: Int) throws -> TrackMetadata {
        var m = Fields(object, path: "metadata.")
        var rate = Fields(try m.object("frameRate"), path: "metadata.frameRate.")
        let numerator = try rate.int("numerator")
        let denominator = try rate.int("denominator")
        guard numerator > 0, denominator > 0 else {
            throw PoseTrackFileError("metadata.frameRate must be positive (\(numerator)/\(denominator))")
        }
        var tool = Fields(try m.object("tool"), path: "metadata.tool.")
        var checksums: [String: String] = [:]
        for (key, value) in try m.object("modelChecksums") {
            guard let text = value as? String else {
                throw PoseTrackFileError("metadata.modelChecksums.\(key) is not a string")
            }
            checksums[key] = text
        }
        let frameCount = try m.int("frameCount")
        guard frameCount >= 0 else { throw PoseTrackFileError("metadata.frameCount is negative") }
        let landmarkCount = try m.int("landmarkCount")
        guard landmarkCount >= 0 else { throw PoseTrackFileError("metadata.landmarkCount is negative") }
        return TrackMetadata(
            sourceName: try m.string("sourceName"), width: try m.int("width"), height: try m.int("height"),
            frameRateNumerator: numerator, frameRateDenominator: denominator,
            frameCount: frameCount, duration: try m.double("duration"),
            toolName: try tool.string("name"), toolVersion: try tool.string("version"),
            modelChecksums: checksums, landmarkCount: landmarkCount, created: try m.string("created"),
            formatVersion: version, neutral: try m.optionalObject("neutral").map(readNeutral))
    }

    /// `metadata.neutral` (see `TrackNeutral.jsonText`).
    private static func readNeutral(_ object: [String: Any]) throws -> TrackNeutral {
        var n = Fields(object, path: "metadata.neutral.")
        let sourceName = try n.string("source")
        guard let source = TrackNeutral.Source(rawValue: sourceName) else {
            throw PoseTrackFileError("metadata.neutral.source is \(JSONText.quoted(sourceName)), expected one of "
                + TrackNeutral.Source.allCases.map(\.rawValue).joined(separator: ", "))
        }
        func optionalInt(_ key: String) throws -> Int? { object[key] == nil ? nil : try n.int(key) }
        let frame = try optionalInt("frame"), calmFaces = try optionalInt("calmFaces")
        let file = object["file"] == nil ? nil : try n.string("file")
        let rawMeasures = try n.object("measures")
        var measures = FaceMeasures(values: Array(repeating: .nan, count: FaceMeasure.allCases.count))
        var m = Fields(rawMeasures, path: "metadata.neutral.measures.")
        for measure in FaceMeasure.allCases where rawMeasures["\(measure)"] != nil {
            measures[measure] = try m.float("\(measure)")
        }
        var e = Fields(try n.object("eyes"), path: "metadata.neutral.eyes.")
        let rest = Gaze(leftYaw: try e.float("restLeftYaw"), leftPitch: try e.float("restLeftPitch"),
                        rightYaw: try e.float("restRightYaw"), rightPitch: try e.float("restRightPitch"))
        func gain(_ key: String) throws -> Float {
            let g = try e.float(key)
            // Gains are near 1 (`BinocularGaze.gainLimit`); anything far off would blow the gaze up.
            guard g >= 0.1, g <= 10 else { throw PoseTrackFileError("metadata.neutral.eyes.\(key) is \(g), expected 0.1 to 10") }
            return g
        }
        let eyes = BinocularGaze(neutral: rest, yawGainLeft: try gain("yawGainLeft"), yawGainRight: try gain("yawGainRight"))
        return TrackNeutral(source: source, frame: frame, file: file, calmFaces: calmFaces,
                            calibration: PerformanceCalibration(neutral: measures, eyes: eyes))
    }

    private static func readFrame(_ object: [String: Any], position i: Int, landmarkCount: Int) throws -> FrameMotion {
        var f = Fields(object, path: "", prefix: "frame \(i): ")
        let index = try f.int("index")
        let time = try f.double("time")
        let faceFound = try f.bool("faceFound")
        let confidence = Float(try f.double("confidence"))

        var pose: HeadPose?
        if let p = try f.optionalObject("pose") {
            var pf = Fields(p, path: "pose.", prefix: "frame \(i): ")
            pose = HeadPose(yaw: try pf.float("yaw"), pitch: try pf.float("pitch"), roll: try pf.float("roll"),
                            x: try pf.float("x"), y: try pf.float("y"), scale: try pf.float("scale"))
        }
        var gaze: Gaze?
        if let g = try f.optionalObject("gaze") {
            var gf = Fields(g, path: "gaze.", prefix: "frame \(i): ")
            gaze = Gaze(leftYaw: try gf.float("leftYaw"), leftPitch: try gf.float("leftPitch"),
                        rightYaw: try gf.float("rightYaw"), rightPitch: try gf.float("rightPitch"))
        }

        let rawShapes = try f.array("blendshapes")
        guard rawShapes.count == Blendshape.allCases.count else {
            throw PoseTrackFileError(
                "frame \(i): blendshapes has \(rawShapes.count) values, expected \(Blendshape.allCases.count)")
        }
        var shapes = [Float](repeating: 0, count: rawShapes.count)
        for (k, value) in rawShapes.enumerated() {
            guard let number = numberValue(value) else {
                throw PoseTrackFileError("frame \(i): blendshapes[\(k)] (\(Blendshape.allCases[k].rawValue)) is not a number")
            }
            shapes[k] = Float(number)
        }

        var landmarks: [LandmarkPoint]?
        if let rawLandmarks = try f.optionalArray("landmarks") {
            if landmarkCount > 0 && rawLandmarks.count != landmarkCount {
                throw PoseTrackFileError(
                    "frame \(i): landmarks has \(rawLandmarks.count) points, expected \(landmarkCount) (metadata.landmarkCount)")
            }
            var points: [LandmarkPoint] = []
            points.reserveCapacity(rawLandmarks.count)
            for (k, value) in rawLandmarks.enumerated() {
                guard let triple = value as? [Any], triple.count == 3,
                      let x = numberValue(triple[0]), let y = numberValue(triple[1]), let z = numberValue(triple[2]) else {
                    throw PoseTrackFileError("frame \(i): landmarks[\(k)] is not an [x, y, z] triple of numbers")
                }
                // Pixels of a video at most 8192 on a side: a million is past any picture, and the
                // renderer's arithmetic on such a point would overflow.
                guard [x, y, z].allSatisfy({ $0.isFinite && abs($0) <= Self.maximumCoordinate }) else {
                    throw PoseTrackFileError("frame \(i): landmarks[\(k)] lies outside any picture (a coordinate beyond ±1e6 pixels)")
                }
                points.append(LandmarkPoint(x: Float(x), y: Float(y), z: Float(z)))
            }
            landmarks = points
        }
        return FrameMotion(index: index, time: time, faceFound: faceFound, confidence: confidence, pose: pose,
                           gaze: gaze, blendshapes: shapes, landmarks: landmarks)
    }

    static func isBoolean(_ value: Any) -> Bool {
        guard let n = value as? NSNumber else { return false }
        return String(describing: type(of: n)).contains("Boolean") || String(cString: n.objCType) == "B"
    }

    static func numberValue(_ value: Any?) -> Double? {
        guard let value, let n = value as? NSNumber, !(value is String), !isBoolean(value) else { return nil }
        return n.doubleValue
    }

    private static func describe(_ value: Any) -> String {
        if let s = value as? String { return JSONText.quoted(s) }
        if value is NSNull { return "null" }
        return "\(value)"
    }

    /// "line N: not JSON (…)", or "line N: not JSON: the file is truncated …" when the parser ran off the end.
    private static func parseErrorMessage(_ error: Error, data: Data) -> String {
        let info = (error as NSError).userInfo
        let detail = (info[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
        func line(atByte offset: Int) -> Int {
            1 + data.prefix(max(0, offset)).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        if data.isEmpty { return "line 1: not JSON (the file is empty)" }
        if detail.lowercased().contains("end of file") || detail.lowercased().contains("unexpected end") {
            var end = data.count
            while end > 0, [0x20, 0x0A, 0x0D, 0x09].contains(data[data.startIndex + end - 1]) { end -= 1 }
            return "line \(line(atByte: end)): not JSON: the file is truncated (it ends before the JSON is complete)"
        }
        var offset: Int?
        if let index = info["NSJSONSerializationErrorIndex"] as? Int {
            offset = index
        } else if let range = detail.range(of: #"character \d+"#, options: .regularExpression) {
            offset = Int(detail[range].dropFirst("character ".count))
        }
        if let offset { return "line \(line(atByte: offset)): not JSON (\(detail))" }
        if let range = detail.range(of: #"line \d+"#, options: .regularExpression) {
            return "\(detail[range]): not JSON (\(detail))"
        }
        return "line 1: not JSON (\(detail))"
    }
}

/// Typed access to a JSON object's fields with errors that name the field.
private struct Fields {
    let object: [String: Any]
    let path: String
    var prefix: String = ""

    init(_ object: [String: Any], path: String, prefix: String = "") {
        self.object = object
        self.path = path
        self.prefix = prefix
    }

    private func fail(_ key: String, _ problem: String) -> PoseTrackFileError {
        PoseTrackFileError("\(prefix)\(path)\(key) \(problem)")
    }

    private func value(_ key: String) throws -> Any {
        guard let v = object[key], !(v is NSNull) else { throw fail(key, "missing") }
        return v
    }

    mutating func string(_ key: String) throws -> String {
        guard let s = try value(key) as? String else { throw fail(key, "is not a string") }
        return s
    }

    mutating func double(_ key: String) throws -> Double {
        guard let d = PoseTrackJSON.numberValue(try value(key)), d.isFinite else { throw fail(key, "is not a number") }
        return d
    }

    mutating func float(_ key: String) throws -> Float { Float(try double(key)) }

    mutating func int(_ key: String) throws -> Int {
        guard let d = PoseTrackJSON.numberValue(try value(key)), d.isFinite, d == d.rounded(),
              abs(d) < 9.0e15 else { throw fail(key, "is not an integer") }
        return Int(d)
    }

    mutating func bool(_ key: String) throws -> Bool {
        let v = try value(key)
        guard PoseTrackJSON.isBoolean(v), let b = v as? Bool else { throw fail(key, "is not true or false") }
        return b
    }

    mutating func object(_ key: String) throws -> [String: Any] {
        guard let o = try value(key) as? [String: Any] else { throw fail(key, "is not an object") }
        return o
    }

    mutating func optionalObject(_ key: String) throws -> [String: Any]? {
        guard let v = object[key], !(v is NSNull) else { return nil }
        guard let o = v as? [String: Any] else { throw fail(key, "is not an object or null") }
        return o
    }

    mutating func array(_ key: String) throws -> [Any] {
        guard let a = try value(key) as? [Any] else { throw fail(key, "is not an array") }
        return a
    }

    mutating func optionalArray(_ key: String) throws -> [Any]? {
        guard let v = object[key], !(v is NSNull) else { return nil }
        guard let a = v as? [Any] else { throw fail(key, "is not an array") }
        return a
    }
}

/// Streams a pose track to a `.track.json` file: `begin`, `append` per frame, `finish`.
///
/// Frames go to a temporary file beside the target as they come (one per line); `finish` renames
/// it onto the target. Any error, `abandon()`, or dropping the writer unfinished removes the
/// temporary file and leaves the target untouched. An existing target is an error unless
/// `overwrite` is set.
public final class PoseTrackJSONWriter {
    /// Where the file is written until `finish()` renames it onto the target.
    public var temporaryPath: String { output.file.workingPath }

    private let output: OutputFileWriter
    public let includeLandmarks: Bool
    private var metadata: TrackMetadata?
    private var landmarkCount = 0
    private var frameCountOffset: UInt64 = 0
    private var durationOffset: UInt64 = 0
    private var lastTime: Double?
    public private(set) var framesWritten = 0
    private var finished = false

    private static let frameCountWidth = 12
    private static let durationWidth = 20

    /// Creates the temporary file now, so a target that exists (without `overwrite`) or an
    /// unwritable folder fails before any tracking work.
    public init(path: String, overwrite: Bool = false, includeLandmarks: Bool = true) throws {
        output = try OutputFileWriter(path: path, overwrite: overwrite, standardOutput: "a track")
        self.includeLandmarks = includeLandmarks
    }

    public var path: String { output.path }

    private func failing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            output.abandon()
            throw error
        }
    }

    public func begin(_ metadata: TrackMetadata) throws {
        try failing {
            guard self.metadata == nil else { throw PoseTrackFileError(path: path, "begin called twice") }
            guard metadata.frameRateNumerator > 0, metadata.frameRateDenominator > 0 else {
                throw PoseTrackFileError(path: path, "metadata.frameRate must be positive")
            }
            self.metadata = metadata
            landmarkCount = includeLandmarks ? metadata.landmarkCount : 0
            var head = "{\"format\":\(JSONText.quoted(PoseTrackJSON.formatName)),\"version\":\(TrackMetadata.currentFormatVersion),\n"
            head += "\"metadata\":{\"sourceName\":\(JSONText.quoted(metadata.sourceName))"
            head += ",\"width\":\(metadata.width),\"height\":\(metadata.height)"
            head += ",\"frameRate\":{\"numerator\":\(metadata.frameRateNumerator),\"denominator\":\(metadata.frameRateDenominator)"
            head += ",\"fps\":\(CompactNumber.format(metadata.frameRate, decimals: 6))}"
            head += ",\"frameCount\":"
            try output.write(head)
            frameCountOffset = output.offset
            head = Self.padded("\(metadata.frameCount)", Self.frameCountWidth) + ",\"duration\":"
            try output.write(head)
            durationOffset = output.offset
            head = Self.padded(CompactNumber.format(metadata.duration, decimals: PoseTrackJSON.Precision.time), Self.durationWidth)
            head += ",\"tool\":{\"name\":\(JSONText.quoted(metadata.toolName)),\"version\":\(JSONText.quoted(metadata.toolVersion))}"
            head += ",\"modelChecksums\":{"
            head += metadata.modelChecksums.sorted { $0.key < $1.key }
                .map { "\(JSONText.quoted($0.key)):\(JSONText.quoted($0.value))" }.joined(separator: ",")
            head += "},\"landmarkCount\":\(landmarkCount),\"created\":\(JSONText.quoted(metadata.created))"
            if let neutral = metadata.neutral { head += ",\"neutral\":" + neutral.jsonText }
            head += "},\n"
            head += "\"blendshapeNames\":[" + Blendshape.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "],\n"
            head += "\"frames\":["
            try output.write(head)
        }
    }

    public func append(_ frame: FrameMotion) throws {
        try failing {
            guard metadata != nil, !finished else { throw PoseTrackFileError(path: path, "append before begin or after finish") }
            try output.write((framesWritten == 0 ? "\n" : ",\n") + (try encode(frame)))
            framesWritten += 1
            lastTime = frame.time
        }
    }

    /// Writes the end of the file, corrects `frameCount` (and `duration`, when the count differs
    /// from the one given to `begin`) and renames the file into place.
    public func finish() throws {
        try failing {
            guard let metadata, !finished else { throw PoseTrackFileError(path: path, "finish before begin or twice") }
            try output.write(framesWritten == 0 ? "]}\n" : "\n]}\n")
            if framesWritten != metadata.frameCount {
                try output.patch(at: frameCountOffset, with: Self.padded("\(framesWritten)", Self.frameCountWidth))
                let duration = lastTime.map { $0 + 1 / metadata.frameRate } ?? 0
                try output.patch(at: durationOffset, with: Self.padded(
                    CompactNumber.format(duration, decimals: PoseTrackJSON.Precision.time), Self.durationWidth))
            }
            try output.commit()
            finished = true
        }
    }

    /// Stops writing and removes the temporary file; the target is untouched.
    public func abandon() {
        output.abandon()
    }

    private static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    private func encode(_ frame: FrameMotion) throws -> String {
        typealias P = PoseTrackJSON.Precision
        guard frame.blendshapes.count == Blendshape.allCases.count else {
            throw PoseTrackFileError(path: path,
                "frame \(frame.index): blendshapes has \(frame.blendshapes.count) values, expected \(Blendshape.allCases.count)")
        }
        func n(_ v: Float, _ d: Int, _ field: String) throws -> String {
            guard v.isFinite else { throw PoseTrackFileError(path: path, "frame \(frame.index): \(field) is not finite") }
            return CompactNumber.format(v, decimals: d)
        }
        var s = "{\"index\":\(frame.index),\"time\":\(CompactNumber.format(frame.time, decimals: P.time))"
        s += ",\"faceFound\":\(frame.faceFound),\"confidence\":\(try n(frame.confidence, P.confidence, "confidence"))"
        if let p = frame.pose {
            s += ",\"pose\":{\"yaw\":\(try n(p.yaw, P.angle, "pose.yaw")),\"pitch\":\(try n(p.pitch, P.angle, "pose.pitch"))"
            s += ",\"roll\":\(try n(p.roll, P.angle, "pose.roll")),\"x\":\(try n(p.x, P.position, "pose.x"))"
            s += ",\"y\":\(try n(p.y, P.position, "pose.y")),\"scale\":\(try n(p.scale, P.scale, "pose.scale"))}"
        } else {
            s += ",\"pose\":null"
        }
        if let g = frame.gaze {
            s += ",\"gaze\":{\"leftYaw\":\(try n(g.leftYaw, P.angle, "gaze.leftYaw"))"
            s += ",\"leftPitch\":\(try n(g.leftPitch, P.angle, "gaze.leftPitch"))"
            s += ",\"rightYaw\":\(try n(g.rightYaw, P.angle, "gaze.rightYaw"))"
            s += ",\"rightPitch\":\(try n(g.rightPitch, P.angle, "gaze.rightPitch"))}"
        } else {
            s += ",\"gaze\":null"
        }
        s += ",\"blendshapes\":["
        for (k, v) in frame.blendshapes.enumerated() {
            if k > 0 { s += "," }
            s += try n(v, P.blendshape, "blendshapes[\(k)]")
        }
        s += "]"
        if includeLandmarks, landmarkCount > 0, let points = frame.landmarks {
            guard points.count == landmarkCount else {
                throw PoseTrackFileError(path: path,
                    "frame \(frame.index): landmarks has \(points.count) points, expected \(landmarkCount) (metadata.landmarkCount)")
            }
            s += ",\"landmarks\":["
            s.reserveCapacity(s.utf8.count + points.count * 30)
            for (k, p) in points.enumerated() {
                if k > 0 { s += "," }
                s += "[\(try n(p.x, P.landmark, "landmarks[\(k)]")),\(try n(p.y, P.landmark, "landmarks[\(k)]")),\(try n(p.z, P.landmark, "landmarks[\(k)]"))]"
            }
            s += "]"
        }
        return s + "}"
    }
}
