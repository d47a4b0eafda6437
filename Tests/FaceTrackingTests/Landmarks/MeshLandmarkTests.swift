import FaceGeometry
import Foundation
import Imaging
import MediaIO
import Testing

@testable import FaceTracking

/// The package root, from this file's path (Tests/FaceTrackingTests/Landmarks/<file>).
private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private func modelPath(_ name: String) -> String { packageRoot.appendingPathComponent("models/\(name)").path }
private let samplePath = packageRoot.appendingPathComponent("Samples/character.jpg").path
private func available(_ names: String...) -> Bool {
    FileManager.default.fileExists(atPath: samplePath)
        && names.allSatisfy { FileManager.default.fileExists(atPath: modelPath($0)) }
}

/// Mean distance between two landmark sets (x, y).
private func meanMove(_ a: [LandmarkPoint], _ b: [LandmarkPoint]) -> Float {
    zip(a, b).reduce(Float(0)) { $0 + $1.0.xy.distance(to: $1.1.xy) } / Float(a.count)
}

private func expectPlausibleFace(_ face: FaceLandmarks) {
    let p = face.points
    #expect(face.presence > 0.9)
    let rightCorner = p[33], leftCorner = p[263], nose = p[1]
    #expect(rightCorner.x < leftCorner.x, "33 is on the image's left")
    #expect(
        (180...210).contains(rightCorner.y) && (180...210).contains(leftCorner.y),
        "eye corners at y \(rightCorner.y), \(leftCorner.y)")
    #expect(nose.x > rightCorner.x && nose.x < leftCorner.x)
    #expect(nose.y > max(rightCorner.y, leftCorner.y))
}

private func expectIrisesBetweenCorners(_ face: FaceLandmarks) {
    let p = face.points
    #expect(p.count == 478)
    for (centre, corners) in [(468, MeshTopology.rightEyeCorners), (473, MeshTopology.leftEyeCorners)] {
        let a = p[corners.0], b = p[corners.1]
        #expect(p[centre].x > min(a.x, b.x) && p[centre].x < max(a.x, b.x), "iris \(centre) x \(p[centre].x) between \(a.x) and \(b.x)")
        #expect(abs(p[centre].y - (a.y + b.y) / 2) < a.xy.distance(to: b.xy) / 2)
    }
}

@Suite(.serialized) struct MeshLandmarkTests {
    static let handRegion = RegionOfInterest(center: Point2(260, 240), width: 300, height: 300, rotation: 0)

    @Test(.enabled(if: available("face_landmark.tflite", "iris_landmark.tflite")))
    func meshOnSampleThenTrackedRegionThenIrises() throws {
        let image = try ImageLoader.load(path: samplePath).rgb
        let mesh = try FaceMesh(modelPath: modelPath("face_landmark.tflite"))
        let first = try mesh.landmarks(in: image, region: Self.handRegion)
        #expect(first.points.count == 468)
        expectPlausibleFace(first)

        // Tracking: the next region comes from these landmarks. The hand-made region differs from
        // the tracked one (size, rotation), so the first step moves a little; after that the
        // region is a fixed point and the landmarks stay put.
        let interOcular = first.points[33].xy.distance(to: first.points[263].xy)
        let second = try mesh.landmarks(in: image, region: try #require(FaceRegion.region(forLandmarks: first.points)))
        expectPlausibleFace(second)
        let third = try mesh.landmarks(in: image, region: try #require(FaceRegion.region(forLandmarks: second.points)))
        let firstMove = meanMove(first.points, second.points)
        let move = meanMove(second.points, third.points)
        print("mesh: tracked region \(second.region); moves \(firstMove) then \(move) px; inter-ocular \(interOcular) px")
        #expect(firstMove < 0.02 * interOcular, "mean move \(firstMove) px, inter-ocular \(interOcular) px")
        #expect(move < 0.01 * interOcular, "mean move \(move) px, inter-ocular \(interOcular) px")
        // z is in pixels, on the scale of x: the nose tip is in front of (more negative than) the eye corners.
        #expect(second.points[1].z < second.points[33].z)

        let iris = try IrisLandmarker(modelPath: modelPath("iris_landmark.tflite"))
        let refined = try iris.refined(second, in: image)
        expectIrisesBetweenCorners(refined)
        #expect(Array(refined.points.prefix(468)) == second.points)
    }

    @Test(.enabled(if: available("face_landmark_with_attention.tflite")))
    func attentionMeshGivesRefined478() throws {
        let image = try ImageLoader.load(path: samplePath).rgb
        let mesh = try FaceMesh(modelPath: modelPath("face_landmark_with_attention.tflite"), attentionModel: true)
        let first = try mesh.landmarks(in: image, region: Self.handRegion)
        expectPlausibleFace(first)
        expectIrisesBetweenCorners(first)
        let interOcular = first.points[33].xy.distance(to: first.points[263].xy)
        let second = try mesh.landmarks(in: image, region: try #require(FaceRegion.region(forLandmarks: first.points)))
        let third = try mesh.landmarks(in: image, region: try #require(FaceRegion.region(forLandmarks: second.points)))
        let firstMove = meanMove(first.points, second.points)
        let move = meanMove(second.points, third.points)
        print("attention: tracked region \(second.region); moves \(firstMove) then \(move) px; inter-ocular \(interOcular) px")
        #expect(firstMove < 0.02 * interOcular)
        #expect(move < 0.01 * interOcular)
        // Iris z is the mean z of the eye's 16 contour points.
        let contourZ = MeshTopology.rightEyeContour.reduce(Float(0)) { $0 + second.points[$1].z } / 16
        #expect(abs(second.points[468].z - contourZ) < 1e-3)
    }

    @Test(.enabled(if: available("face_landmark.tflite")))
    func trackerDetectsOnceThenTracks() throws {
        let image = try ImageLoader.load(path: samplePath).rgb
        let mesh = try FaceMesh(modelPath: modelPath("face_landmark.tflite"))
        var detectorCalls = 0
        let tracker = FaceTracker(mesh: mesh) { _ in
            detectorCalls += 1
            return [
                FaceDetection(
                    box: Rect(x: 160, y: 140, width: 200, height: 200),
                    keypoints: [
                        Point2(215, 195), Point2(300, 195), Point2(258, 240),
                        Point2(258, 280), Point2(170, 210), Point2(350, 210),
                    ], score: 0.9)
            ]
        }
        let a = try #require(try tracker.track(image))
        let b = try #require(try tracker.track(image))
        #expect(detectorCalls == 1)
        expectPlausibleFace(b)
        #expect(meanMove(a.points, b.points) < 0.02 * a.points[33].xy.distance(to: a.points[263].xy))
        // No face from the detector: nothing, and no crash.
        tracker.reset()
        let empty = FaceTracker(mesh: mesh) { _ in [] }
        #expect(try empty.track(image) == nil)
    }
}
