import FaceGeometry
import FaceTracking
import Motion

/// Synthetic performances for the summary and chart tests: every value is chosen by the test.
enum SyntheticTrack {
    static func metadata(frames: Int, fps: Int = 30, landmarkCount: Int = 0, duration: Double? = nil) -> TrackMetadata {
        TrackMetadata(
            sourceName: "synthetic.mp4", width: 400, height: 400, frameRateNumerator: fps,
            frameCount: frames, duration: duration ?? Double(frames) / Double(fps),
            toolName: "actone", toolVersion: "test", landmarkCount: landmarkCount,
            created: "2025-01-31T12:00:00Z")
    }

    /// Frame `index` at `fps`; without a face it has no pose and all-zero blendshapes, as a tracker writes it.
    static func frame(
        _ index: Int, fps: Double = 30, found: Bool = true, yaw: Float = 0, pitch: Float = 0, roll: Float = 0,
        shapes: [Blendshape: Float] = [:], landmarks: [LandmarkPoint]? = nil
    ) -> FrameMotion {
        var weights = [Float](repeating: 0, count: Blendshape.allCases.count)
        if found { for (shape, value) in shapes { weights[shape.index] = value } }
        return FrameMotion(
            index: index, time: Double(index) / fps, faceFound: found, confidence: found ? 0.9 : 0,
            pose: found ? HeadPose(yaw: yaw, pitch: pitch, roll: roll, x: 200, y: 200, scale: 100) : nil,
            gaze: nil, blendshapes: weights, landmarks: found ? landmarks : nil)
    }

    /// 478 landmarks on a grid, with the outer eye corners (33, 263) 100 px apart, shifted by (dx, dy).
    static func landmarks(dx: Float = 0, dy: Float = 0) -> [LandmarkPoint] {
        var points = (0..<478).map { k in LandmarkPoint(x: Float(k % 22) * 8 + 100 + dx, y: Float(k / 22) * 8 + 100 + dy, z: 0) }
        points[33] = LandmarkPoint(x: 150 + dx, y: 180 + dy, z: 0)
        points[263] = LandmarkPoint(x: 250 + dx, y: 180 + dy, z: 0)
        return points
    }
}
