import Foundation

/// Streams a track as the CSV the Live Link Face app (Epic Games) records, which Unreal's and
/// Blender's importers read.
///
/// Header: `Timecode,BlendShapeCount`, the 52 ARKit shapes in PascalCase in ARKit order, then
/// `HeadYaw,HeadPitch,HeadRoll,LeftEyeYaw,LeftEyePitch,LeftEyeRoll,RightEyeYaw,RightEyePitch,RightEyeRoll`:
/// 63 columns. `BlendShapeCount` is 61 on every row (52 shapes + 9 rotations).
///
/// Timecode is `HH:MM:SS:FF.mmm` (see `timecode(frameTime:)`). Head and eye rotations are written
/// in radians by default (`angleUnit`); eye roll is always 0. A frame without a face writes zeros.
/// The app records at 60 fps and the importers assume it: `actone track` resamples to that rate
/// first (`TrackResampler`), so the rate given here is the rate of the rows.
public final class LiveLinkCSVWriter {
    /// Where the file is written until `finish()` renames it onto the target.
    public var temporaryPath: String { file.output.file.workingPath }

    /// How head and eye angles are written. What each importer expects (docs/pose-track.md):
    /// the Blender importers read radians; Unreal's ARKit face code reads degrees / 180.
    public enum AngleUnit: String, Sendable, CaseIterable {
        case radians, degrees
        /// Degrees / 180: ±1 is a half turn.
        case unit
    }

    public static let blendShapeCount = 61

    private let file: CSVRowFile
    public let frameRateNumerator: Int
    public let frameRateDenominator: Int
    public let angleUnit: AngleUnit
    public var framesWritten: Int { file.rowsWritten }

    public init(
        path: String, frameRateNumerator: Int, frameRateDenominator: Int = 1,
        angleUnit: AngleUnit = .radians, overwrite: Bool = false
    ) throws {
        guard frameRateNumerator > 0, frameRateDenominator > 0 else {
            throw PoseTrackFileError(path: path, "frame rate must be positive")
        }
        file = try CSVRowFile(path: path, overwrite: overwrite, header: LiveLinkCSVWriter.header)
        self.frameRateNumerator = frameRateNumerator
        self.frameRateDenominator = frameRateDenominator
        self.angleUnit = angleUnit
    }

    public var path: String { file.output.path }

    public static let header: [String] =
        ["Timecode", "BlendShapeCount"] + Blendshape.allCases.map(\.pascalCaseName)
        + [
            "HeadYaw", "HeadPitch", "HeadRoll", "LeftEyeYaw", "LeftEyePitch", "LeftEyeRoll",
            "RightEyeYaw", "RightEyePitch", "RightEyeRoll",
        ]

    /// Live Link Face timecode for a time in seconds at `numerator/denominator` fps:
    /// `HH:MM:SS:FF.mmm`. The time is first converted to a frame position (time × fps); its whole
    /// part is counted as non-drop-frame timecode at the nominal rate (fps rounded up: 30 for 29.97,
    /// so FF runs 00…29), and `.mmm` is the sub-frame part in thousandths of a frame (Unreal's
    /// `FQualifiedFrameTime` sub-frame), `.000` for a time on the frame grid.
    public static func timecode(time: Double, frameRateNumerator: Int, frameRateDenominator: Int = 1) -> String {
        let fps = Double(frameRateNumerator) / Double(frameRateDenominator)
        let position = max(0, time) * fps
        var frame = Int((position + 1e-6).rounded(.down))
        var thousandths = Int(((position - Double(frame)) * 1000).rounded())
        if thousandths < 0 { thousandths = 0 }
        if thousandths >= 1000 { frame += 1; thousandths = 0 }
        return timecode(frame: frame, thousandths: thousandths, nominalRate: Int(fps.rounded(.up)))
    }

    /// Timecode of frame `index` exactly (sub-frame .000).
    public static func timecode(frame index: Int, frameRateNumerator: Int, frameRateDenominator: Int = 1) -> String {
        let fps = Double(frameRateNumerator) / Double(frameRateDenominator)
        return timecode(frame: max(0, index), thousandths: 0, nominalRate: Int(fps.rounded(.up)))
    }

    private static func timecode(frame: Int, thousandths: Int, nominalRate: Int) -> String {
        let rate = max(1, nominalRate)
        let ff = frame % rate
        let totalSeconds = frame / rate
        let ss = totalSeconds % 60, mm = (totalSeconds / 60) % 60, hh = totalSeconds / 3600
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let mmm = thousandths < 10 ? "00\(thousandths)" : thousandths < 100 ? "0\(thousandths)" : "\(thousandths)"
        return "\(two(hh)):\(two(mm)):\(two(ss)):\(two(ff)).\(mmm)"
    }

    public func append(_ frame: FrameMotion) throws { try file.append { try row(frame) } }

    public func finish() throws { try file.finish() }

    public func abandon() { file.abandon() }

    /// One row (no newline) for `frame`.
    public func row(_ frame: FrameMotion) throws -> String {
        guard frame.blendshapes.count == Blendshape.allCases.count else {
            throw PoseTrackFileError(
                path: path,
                "frame \(frame.index): blendshapes has \(frame.blendshapes.count) values, expected \(Blendshape.allCases.count)")
        }
        let scale: Float =
            switch angleUnit {
            case .radians: .pi / 180
            case .degrees: 1
            case .unit: 1 / 180
            }
        func a(_ degrees: Float?) -> String { CompactNumber.format((degrees ?? 0) * scale, decimals: 6) }
        var cells = [
            LiveLinkCSVWriter.timecode(
                time: frame.time, frameRateNumerator: frameRateNumerator,
                frameRateDenominator: frameRateDenominator),
            "\(LiveLinkCSVWriter.blendShapeCount)",
        ]
        cells += frame.blendshapes.map { CompactNumber.format($0, decimals: PoseTrackJSON.Precision.blendshape) }
        cells += [
            a(frame.pose?.yaw), a(frame.pose?.pitch), a(frame.pose?.roll),
            a(frame.gaze?.leftYaw), a(frame.gaze?.leftPitch), "0",
            a(frame.gaze?.rightYaw), a(frame.gaze?.rightPitch), "0",
        ]
        return cells.joined(separator: ",")
    }
}
