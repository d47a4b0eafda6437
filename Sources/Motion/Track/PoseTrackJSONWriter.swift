import FaceGeometry
import Foundation
import OutputFiles

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
                try output.patch(
                    at: durationOffset,
                    with: Self.padded(
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
            throw PoseTrackFileError(
                path: path,
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
                throw PoseTrackFileError(
                    path: path,
                    "frame \(frame.index): landmarks has \(points.count) points, expected \(landmarkCount) (metadata.landmarkCount)")
            }
            s += ",\"landmarks\":["
            s.reserveCapacity(s.utf8.count + points.count * 30)
            for (k, p) in points.enumerated() {
                if k > 0 { s += "," }
                s +=
                    "[\(try n(p.x, P.landmark, "landmarks[\(k)]")),\(try n(p.y, P.landmark, "landmarks[\(k)]")),\(try n(p.z, P.landmark, "landmarks[\(k)]"))]"
            }
            s += "]"
        }
        return s + "}"
    }
}
