import FaceGeometry
import Foundation
import Imaging
import Testing

@testable import FaceTracking

@Suite struct FaceRegionLandmarkTests {
    private func detection(rightEye: Point2, leftEye: Point2, box: Rect) -> FaceDetection {
        let mid = (rightEye + leftEye) / 2
        return FaceDetection(
            box: box,
            keypoints: [
                rightEye, leftEye, mid + Point2(0, 20), mid + Point2(0, 40),
                rightEye - Point2(30, 0), leftEye + Point2(30, 0),
            ], score: 0.9)
    }

    @Test func normalizeRadiansWrapsIntoMinusPiToPi() {
        #expect(abs(FaceRegion.normalizeRadians(0.5) - 0.5) < 1e-6)
        #expect(abs(FaceRegion.normalizeRadians(3 * .pi / 2) - (-.pi / 2)) < 1e-5)
        #expect(abs(FaceRegion.normalizeRadians(-3 * .pi / 2) - (.pi / 2)) < 1e-5)
        #expect(abs(FaceRegion.normalizeRadians(.pi) - (-.pi)) < 1e-5)
    }

    @Test func levelEyesGiveNoRotationAndSquareLongSide() {
        let box = Rect(x: 100, y: 50, width: 120, height: 80)
        let roi = FaceRegion.region(for: detection(rightEye: Point2(130, 80), leftEye: Point2(190, 80), box: box))
        #expect(abs(roi.rotation) < 1e-6)
        #expect(abs(roi.width - 180) < 1e-4)
        #expect(abs(roi.height - 180) < 1e-4)
        #expect(abs(roi.center.x - 160) < 1e-4 && abs(roi.center.y - 90) < 1e-4)
    }

    @Test func tiltedEyesGiveClockwiseRotation() {
        // The eye on the image's right is lower: the face is turned clockwise on screen by 30°.
        let angle = Float.pi / 6
        let c = Point2(200, 200)
        let d = Point2(cos(angle), sin(angle)) * 40
        let box = Rect(x: 140, y: 130, width: 120, height: 140)
        let roi = FaceRegion.region(for: detection(rightEye: c - d, leftEye: c + d, box: box))
        #expect(abs(roi.rotation - angle) < 1e-5)
        #expect(abs(roi.width - 210) < 1e-3 && abs(roi.height - 210) < 1e-3)
        // The other way round gives −30°.
        let mirrored = FaceRegion.region(for: detection(rightEye: c - Point2(d.x, -d.y), leftEye: c + Point2(d.x, -d.y), box: box))
        #expect(abs(mirrored.rotation + angle) < 1e-5)
        // An upside-down face (eye order reversed) is ±π.
        let flipped = FaceRegion.region(for: detection(rightEye: Point2(240, 200), leftEye: Point2(160, 200), box: box))
        #expect(abs(abs(flipped.rotation) - .pi) < 1e-5)
    }

    @Test func landmarksRegionUsesEyeCornersAndBoundingBox() {
        var points = (0..<468).map { i in LandmarkPoint(x: 100 + Float(i % 50), y: 100 + Float(i % 30), z: 0) }
        points[33] = LandmarkPoint(x: 110, y: 110, z: 0)
        points[263] = LandmarkPoint(x: 140, y: 110, z: 0)
        let roi = try! #require(FaceRegion.region(forLandmarks: points))
        #expect(abs(roi.rotation) < 1e-6)
        #expect(abs(roi.width - 49 * 1.5) < 1e-3)
        #expect(abs(roi.center.x - 124.5) < 1e-4 && abs(roi.center.y - 114.5) < 1e-4)
        #expect(FaceRegion.region(forLandmarks: Array(points.prefix(100))) == nil)
    }

    @Test func eyeRegionIsScaled2Point3() {
        let roi = FaceRegion.eyeRegion(from: Point2(100, 100), to: Point2(130, 110))
        let side = Float(30 * 2.3)
        #expect(abs(roi.width - side) < 1e-3 && abs(roi.height - side) < 1e-3)
        #expect(abs(roi.rotation - atan2(10, 30)) < 1e-5)
        #expect(abs(roi.center.x - 115) < 1e-4 && abs(roi.center.y - 105) < 1e-4)
    }

    @Test func cropTransformAndProjectionRoundTrip() {
        let roi = RegionOfInterest(center: Point2(250, 230), width: 300, height: 300, rotation: 0.4)
        let t = FaceRegion.cropTransform(for: roi, size: 192)
        // The crop's corners are the rotated square's corners.
        let corner = t.apply(Point2(0, 0))
        let expected = roi.center + Affine2D.rotation(0.4).apply(Point2(-150, -150))
        #expect(corner.distance(to: expected) < 1e-3)
        // Crop coordinates → image (projection) → crop coordinates.
        for p in [Point2(0, 0), Point2(96, 96), Point2(10, 180), Point2(150.5, 33.25)] {
            let image = FaceRegion.project(x: p.x, y: p.y, from: roi, size: 192)
            let back = FaceRegion.unproject(image, into: roi, size: 192)
            #expect(back.distance(to: p) < 1e-3)
            // The warp and the projection agree (same rotation, scale and corner).
            #expect(t.apply(p).distance(to: image) < 1e-3)
        }
        // The flipped crop mirrors u about the crop's middle.
        let f = FaceRegion.cropTransform(for: roi, size: 64, flipped: true)
        let g = FaceRegion.cropTransform(for: roi, size: 64)
        #expect(f.apply(Point2(0, 5)).distance(to: g.apply(Point2(63, 5))) < 1e-3)
    }
}
