import FaceGeometry
import FaceTracking
import Foundation
import Testing

@testable import Motion

/// The neutral recorded in a track's metadata, and frames rounded as a file stores them.
@Suite struct TrackNeutralFileTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("actone-neutral-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func metadata(neutral: TrackNeutral?) -> TrackMetadata {
        TrackMetadata(
            sourceName: "clip.mp4", width: 64, height: 48, frameRateNumerator: 25, frameCount: 1, duration: 0.04,
            toolName: "actone", toolVersion: "test", landmarkCount: 0, created: "2026-01-01T00:00:00Z", neutral: neutral)
    }

    static let frame = FrameMotion(
        index: 0, time: 1.0 / 3, faceFound: true, confidence: 0.987654321,
        pose: HeadPose(yaw: 12.3456789, pitch: -0.00004, roll: 1e-9, x: 320.12345, y: 240.98765, scale: 123.456789),
        gaze: Gaze(leftYaw: 1.23456, leftPitch: -2.34567, rightYaw: 3.45678, rightPitch: -4.56789),
        blendshapes: (0..<52).map { Float($0) / 7 / 52 }, landmarks: nil)

    @Test func neutralRoundTripsThroughTheFile() throws {
        var measures = NeutralCalibration.canonicalNeutral
        measures[.jawDrop] = 1.234567
        measures[.gazeYawLeft] = .nan  // a neutral without irises keeps no gaze
        let eyes = BinocularGaze(
            neutral: Gaze(leftYaw: 9.5, leftPitch: -1, rightYaw: -12.25, rightPitch: 2), yawGainLeft: 0.8, yawGainRight: 1.25)
        for neutral in [
            TrackNeutral(source: .auto, calmFaces: 118, calibration: PerformanceCalibration(neutral: measures, eyes: eyes)),
            TrackNeutral(source: .frame, frame: 40, calibration: PerformanceCalibration(neutral: measures, eyes: eyes)),
            TrackNeutral(source: .file, file: "me \"at rest\".png", calibration: PerformanceCalibration(neutral: measures, eyes: eyes)),
        ] {
            let dir = try Self.folder()
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = dir.appendingPathComponent("t.track.json").path
            try PoseTrackJSON.write(path: path, metadata: Self.metadata(neutral: neutral), frames: [Self.frame])
            let read = try #require(try PoseTrackJSON.read(path: path).0.neutral)
            #expect(
                read.source == neutral.source && read.frame == neutral.frame && read.file == neutral.file
                    && read.calmFaces == neutral.calmFaces)
            #expect(read.calibration.eyes == eyes)
            #expect(read.calibration.neutral[.jawDrop] == 1.234567 && read.calibration.neutral[.gazeYawLeft].isNaN)
            for m in FaceMeasure.allCases where m != .gazeYawLeft {
                #expect(abs(read.calibration.neutral[m] - measures[m]) <= 5e-7, "\(m)")
            }
        }
        // A track written before the neutral was recorded reads as nil.
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("old.track.json").path
        try PoseTrackJSON.write(path: path, metadata: Self.metadata(neutral: nil), frames: [Self.frame])
        #expect(try PoseTrackJSON.read(path: path).0.neutral == nil)
    }

    @Test func aBadNeutralNamesTheField() throws {
        let good = TrackNeutral(source: .auto, calibration: .canonical).jsonText
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("t.track.json").path
        try PoseTrackJSON.write(
            path: path, metadata: Self.metadata(neutral: TrackNeutral(source: .auto, calibration: .canonical)), frames: [Self.frame])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for (bad, field) in [
            (good.replacingOccurrences(of: "\"auto\"", with: "\"guess\""), "metadata.neutral.source"),
            (good.replacingOccurrences(of: "\"yawGainLeft\":1", with: "\"yawGainLeft\":\"x\""), "metadata.neutral.eyes.yawGainLeft"),
            (good.replacingOccurrences(of: "\"yawGainLeft\":1", with: "\"yawGainLeft\":0"), "metadata.neutral.eyes.yawGainLeft"),
            (good.replacingOccurrences(of: "\"jawDrop\":", with: "\"jawDrop\":\"1\",\"x\":"), "metadata.neutral.measures.jawDrop"),
        ] {
            #expect(bad != good)
            let broken = text.replacingOccurrences(of: good, with: bad)
            #expect(throws: PoseTrackFileError.self) { try PoseTrackJSON.read(data: Data(broken.utf8)) }
            do { _ = try PoseTrackJSON.read(data: Data(broken.utf8)) } catch let error as PoseTrackFileError {
                #expect(error.message.contains(field), "\(error)")
            }
        }
    }

    /// What `roundedAsStored` gives is exactly what the file reads back as.
    @Test func roundedFramesEqualFramesReadBack() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("t.track.json").path
        var frame = Self.frame
        frame.landmarks = (0..<478).map { LandmarkPoint(x: 100.123456 + Float($0), y: -0.0004, z: Float($0) / 3) }
        var meta = Self.metadata(neutral: nil)
        meta.landmarkCount = 478
        try PoseTrackJSON.write(path: path, metadata: meta, frames: [frame])
        let read = try PoseTrackJSON.read(path: path).1[0]
        #expect(read == PoseTrackJSON.roundedAsStored(frame))
    }
}
