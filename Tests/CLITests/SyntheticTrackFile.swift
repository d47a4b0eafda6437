import Foundation
import Motion

/// Pose-track files whose every value the test chose, so `inspect TRACK` tests need no models.
enum SyntheticTrackFile {
    /// 60 frames at 30 fps of a 400×400 clip named `sourceName`: yaw sweeps −10…19.5°, one blink
    /// (frames 20–22), the jaw open on frames 30–44, and no face on frames 50–54. No landmarks.
    static func write(to path: String, sourceName: String = "clip.mp4") throws {
        let metadata = TrackMetadata(
            sourceName: sourceName, width: 400, height: 400, frameRateNumerator: 30,
            frameCount: 60, duration: 2, toolName: "actone", toolVersion: "test",
            landmarkCount: 0, created: "2025-01-31T12:00:00Z")
        let frames = (0..<60).map { i -> FrameMotion in
            let found = !(50..<55).contains(i)
            var shapes = [Float](repeating: 0, count: Blendshape.allCases.count)
            if found {
                let blink: Float = (20...22).contains(i) ? 0.9 : 0.05
                shapes[Blendshape.eyeBlinkLeft.index] = blink
                shapes[Blendshape.eyeBlinkRight.index] = blink
                shapes[Blendshape.jawOpen.index] = (30..<45).contains(i) ? 0.7 : 0.1
            }
            return FrameMotion(
                index: i, time: Double(i) / 30, faceFound: found, confidence: found ? 0.9 : 0,
                pose: found ? HeadPose(yaw: Float(i) / 2 - 10, pitch: 1, roll: -2, x: 200, y: 200, scale: 120) : nil,
                gaze: nil, blendshapes: shapes, landmarks: nil)
        }
        try PoseTrackJSON.write(path: path, metadata: metadata, frames: frames, includeLandmarks: false)
    }
}
