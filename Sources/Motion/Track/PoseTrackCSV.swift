/// Streams a pose track as a wide CSV: one row per frame.
///
/// Columns: `index,time,face_found,confidence,head_yaw,head_pitch,head_roll,head_x,head_y,head_scale,
/// gaze_left_yaw,gaze_left_pitch,gaze_right_yaw,gaze_right_pitch`, the 52 blendshape names (ARKit
/// camelCase, ARKit order), then, when landmarks are written, `lm0_x,lm0_y,lm0_z,lm1_x,…`.
/// Head and gaze cells are empty when the frame has no pose or gaze; landmark cells are empty when the
/// frame has no landmarks. Same precision as the JSON file. Temporary file + rename, like the JSON writer.
public final class PoseTrackCSVWriter {
    /// Where the file is written until `finish()` renames it onto the target.
    public var temporaryPath: String { file.output.file.workingPath }

    private let file: CSVRowFile
    /// Landmark columns per row (0: none).
    public let landmarkCount: Int
    public var framesWritten: Int { file.rowsWritten }

    /// `landmarkCount` > 0 adds that many `lmK_x,lmK_y,lmK_z` column triples. Writes the header now.
    public init(path: String, overwrite: Bool = false, landmarkCount: Int = 0) throws {
        file = try CSVRowFile(path: path, overwrite: overwrite, header: PoseTrackCSVWriter.header(landmarkCount: landmarkCount))
        self.landmarkCount = landmarkCount
    }

    public var path: String { file.output.path }

    public static func header(landmarkCount: Int = 0) -> [String] {
        var columns = [
            "index", "time", "face_found", "confidence",
            "head_yaw", "head_pitch", "head_roll", "head_x", "head_y", "head_scale",
            "gaze_left_yaw", "gaze_left_pitch", "gaze_right_yaw", "gaze_right_pitch",
        ]
        columns += Blendshape.allCases.map(\.rawValue)
        for k in 0..<landmarkCount { columns += ["lm\(k)_x", "lm\(k)_y", "lm\(k)_z"] }
        return columns
    }

    public func append(_ frame: FrameMotion) throws { try file.append { try row(frame) } }

    public func finish() throws { try file.finish() }

    public func abandon() { file.abandon() }

    /// One CSV row (no newline) for `frame`.
    public func row(_ frame: FrameMotion) throws -> String {
        typealias P = PoseTrackJSON.Precision
        guard frame.blendshapes.count == Blendshape.allCases.count else {
            throw PoseTrackFileError(
                path: path,
                "frame \(frame.index): blendshapes has \(frame.blendshapes.count) values, expected \(Blendshape.allCases.count)")
        }
        func n(_ v: Float, _ d: Int) -> String { CompactNumber.format(v, decimals: d) }
        var cells = [
            "\(frame.index)", CompactNumber.format(frame.time, decimals: P.time), frame.faceFound ? "1" : "0",
            n(frame.confidence, P.confidence),
        ]
        if let p = frame.pose {
            cells += [
                n(p.yaw, P.angle), n(p.pitch, P.angle), n(p.roll, P.angle),
                n(p.x, P.position), n(p.y, P.position), n(p.scale, P.scale),
            ]
        } else {
            cells += Array(repeating: "", count: 6)
        }
        if let g = frame.gaze {
            cells += [n(g.leftYaw, P.angle), n(g.leftPitch, P.angle), n(g.rightYaw, P.angle), n(g.rightPitch, P.angle)]
        } else {
            cells += Array(repeating: "", count: 4)
        }
        cells += frame.blendshapes.map { n($0, P.blendshape) }
        if landmarkCount > 0 {
            if let points = frame.landmarks {
                guard points.count == landmarkCount else {
                    throw PoseTrackFileError(
                        path: path,
                        "frame \(frame.index): landmarks has \(points.count) points, expected \(landmarkCount)")
                }
                for p in points { cells += [n(p.x, P.landmark), n(p.y, P.landmark), n(p.z, P.landmark)] }
            } else {
                cells += Array(repeating: "", count: 3 * landmarkCount)
            }
        }
        return cells.joined(separator: ",")
    }
}
