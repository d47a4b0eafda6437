import FaceGeometry
import Foundation
import Testing

@testable import Motion

/// Regenerates `Sources/Motion/Features/CanonicalFace.swift` when ACTONE_WRITE_CANONICAL_FACE=1
/// (`Scripts/make-canonical-face` sets it); otherwise does nothing.
@Suite struct CanonicalFaceGenerationFeatureTests {
    static let enabled = ProcessInfo.processInfo.environment["ACTONE_WRITE_CANONICAL_FACE"] == "1"

    @Test(.enabled(if: enabled && featureSampleAvailable))
    func writeCanonicalFace() throws {
        let face = try sampleLandmarks()
        let built = CanonicalFaceBuilder.build(from: face.points)
        let head = built.points + face.points[468..<478].map { built.head($0) }
        let l = GazeEstimator.irisOffset(head, eye: FaceIndex.leftEye)
        let r = GazeEstimator.irisOffset(head, eye: FaceIndex.rightEye)
        let selfPaired = built.mirror.indices.filter { built.mirror[$0] == $0 }.count
        let provenance = """
            Made from the project's own sample Samples/character.jpg (public-domain US Navy portrait):
            the attention face mesh (models/face_landmark_with_attention.tflite) on a hand-placed region
            (centre 260,240, side 300), refined twice from the tracked region; then
            CanonicalFaceBuilder.build: symmetry plane and left/right pairing found from the mesh
            itself, symmetrised, axes x right / y up / z towards the camera, centroid origin,
            outer-eye-corner distance 1. \(selfPaired) midline points. Regenerate: Scripts/make-canonical-face
            """
        let source = CanonicalFaceBuilder.swiftSource(
            built, irisOffset: ((l.outward + r.outward) / 2, (l.up + r.up) / 2),
            provenance: provenance)
        let path = featurePackageRoot.appendingPathComponent("Sources/Motion/Features/CanonicalFace.swift").path
        try source.write(toFile: path, atomically: true, encoding: .utf8)
        print("canonical face: \(selfPaired) midline points; iris offsets left \(l) right \(r); written to \(path)")
    }
}
