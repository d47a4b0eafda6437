import FaceGeometry
import FaceTracking
import Foundation
import Imaging
import MediaIO

@testable import Motion

/// The package root, from this file's path (Tests/MotionTests/Features/<file>).
let featurePackageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let featureSamplePath = featurePackageRoot.appendingPathComponent("Samples/character.jpg").path
let featureAttentionModel = featurePackageRoot.appendingPathComponent("models/face_landmark_with_attention.tflite").path
let featureSampleAvailable =
    FileManager.default.fileExists(atPath: featureSamplePath)
    && FileManager.default.fileExists(atPath: featureAttentionModel)

/// The 478 landmarks of `Samples/character.jpg`: the attention mesh from a hand-placed region
/// around the face, then twice more from the tracked region (as the mesh tests do).
func sampleLandmarks() throws -> FaceLandmarks {
    let image = try ImageLoader.load(path: featureSamplePath).rgb
    let mesh = try FaceMesh(modelPath: featureAttentionModel, attentionModel: true)
    var face = try mesh.landmarks(in: image, region: RegionOfInterest(center: Point2(260, 240), width: 300, height: 300, rotation: 0))
    for _ in 0..<2 {
        guard let region = FaceRegion.region(forLandmarks: face.points) else { break }
        face = try mesh.landmarks(in: image, region: region)
    }
    return face
}

/// Image landmarks (flipped frame) of head-frame points under a pose: `s·R·p + t`.
func posed(
    _ head: [Vec3], yaw: Double, pitch: Double, roll: Double, scale: Double = 180,
    centre: Vec3 = Vec3(320, -240, 0)
) -> [LandmarkPoint] {
    let r = HeadPoseEstimator.rotation(yaw: yaw, pitch: pitch, roll: roll)
    return head.map { HeadFrame.landmark(scale * (r * $0) + centre) }
}

/// The canonical face plus a neutral iris in each eye (478 head-frame points); the shifts move
/// each iris by (x, y) half eye widths in the head frame (+x: towards the subject's left).
func canonicalWithIrises(leftShift: (Double, Double) = (0, 0), rightShift: (Double, Double) = (0, 0)) -> [Vec3] {
    var p = CanonicalFace.points
    let blocks: [(FaceIndex.Eye, (Double, Double), Double)] = [(FaceIndex.rightEye, rightShift, -1), (FaceIndex.leftEye, leftShift, 1)]
    for (eye, shift, outwardSign) in blocks {
        let outer = p[eye.outerCorner], inner = p[eye.innerCorner]
        let half = ((outer.x - inner.x) * (outer.x - inner.x) + (outer.y - inner.y) * (outer.y - inner.y)).squareRoot() / 2
        let mid = (outer + inner) / 2
        let n = CanonicalFace.neutralIrisOffset
        let centre =
            mid
            + Vec3(
                outwardSign * Double(n.outward) * half + shift.0 * half,
                Double(n.up) * half + shift.1 * half, 0.02)
        let radius = 0.2 * half
        p += [centre, centre + Vec3(radius, 0, 0), centre + Vec3(0, radius, 0), centre - Vec3(radius, 0, 0), centre - Vec3(0, radius, 0)]
    }
    return p
}
