import FaceGeometry
import FaceTracking
import Foundation
import Testing

@testable import Motion

@Suite struct SimilarityFitFeatureTests {
    @Test func jacobiEigenOfSymmetric4x4() {
        let a: [[Double]] = [[4, 1, 0.5, 0], [1, 3, 0, 0.2], [0.5, 0, 2, 0.1], [0, 0.2, 0.1, 1]]
        let (values, vectors) = symmetricEigen4(a)
        for k in 0..<4 {
            for r in 0..<4 {
                let av = (0..<4).reduce(0.0) { $0 + a[r][$1] * vectors[k][$1] }
                #expect(abs(av - values[k] * vectors[k][r]) < 1e-9)
            }
        }
        #expect(abs(values.reduce(0, +) - 10) < 1e-9, "trace preserved")
    }

    @Test func recoversKnownSimilarity() {
        var rng = SystemRandomNumberGenerator()
        let source = (0..<30).map { _ in
            Vec3(Double.random(in: -1...1, using: &rng), Double.random(in: -1...1, using: &rng), Double.random(in: -1...1, using: &rng))
        }
        let r = Mat3.rotationZ(0.4) * Mat3.rotationY(-1.1) * Mat3.rotationX(2.0)
        let t = Vec3(10, -4, 3)
        let target = source.map { 2.5 * (r * $0) + t }
        let fit = SimilarityTransform.fit(source: source, target: target)
        #expect(abs(fit.scale - 2.5) < 1e-9)
        #expect(fit.rmsError < 1e-9)
        for i in 0..<3 { for j in 0..<3 { #expect(abs(fit.rotation[i, j] - r[i, j]) < 1e-9) } }
        #expect(abs(fit.rotation.determinant - 1) < 1e-9)
        #expect(abs(fit.inverse(target[3]).x - source[3].x) < 1e-9)
    }
}

@Suite struct HeadPoseFeatureTests {
    static let cases: [(Double, Double, Double)] = [
        (0, 0, 0), (30, 0, 0), (-30, 0, 0), (0, 20, 0), (0, -20, 0), (0, 0, 25), (0, 0, -25),
        (40, -15, 10), (-35, 25, -20), (60, 10, 5),
    ]

    @Test func eulerRoundTrip() {
        for (y, p, r) in Self.cases {
            let e = HeadPoseEstimator.eulerDegrees(HeadPoseEstimator.rotation(yaw: y, pitch: p, roll: r))
            #expect(abs(e.yaw - y) < 1e-9 && abs(e.pitch - p) < 1e-9 && abs(e.roll - r) < 1e-9)
        }
    }

    /// Signs as `HeadPose` documents them, checked on the image: yaw > 0 moves the nose tip to
    /// the image's right, pitch > 0 moves it up (smaller y), roll > 0 (clockwise) puts the
    /// subject's left eye corner (image right) lower (larger y).
    @Test func signConventionsInTheImage() {
        let head = CanonicalFace.points
        let front = posed(head, yaw: 0, pitch: 0, roll: 0)
        let nose = FaceIndex.noseTip
        #expect(posed(head, yaw: 20, pitch: 0, roll: 0)[nose].x > front[nose].x + 10)
        #expect(posed(head, yaw: 0, pitch: 20, roll: 0)[nose].y < front[nose].y - 10)
        let rolled = posed(head, yaw: 0, pitch: 0, roll: 20)
        #expect(rolled[263].y > rolled[33].y + 10)
    }

    @Test func recoversPoseWithinHalfADegree() {
        let estimator = HeadPoseEstimator()
        for (y, p, r) in Self.cases {
            // Noise of about 0.3 % of the face size on every point, and a deformed mouth (not in the fit).
            var head = CanonicalFace.points
            for i in head.indices { head[i] += Vec3(sin(Double(i) * 1.7), cos(Double(i) * 2.3), sin(Double(i) * 0.7)) * 0.003 }
            head[FaceIndex.chin].y -= 0.2
            let points = posed(head, yaw: y, pitch: p, roll: r, scale: 150, centre: Vec3(400, -300, 5))
            let pose = estimator.estimate(points)
            #expect(abs(Double(pose.yaw) - y) < 0.5, "yaw \(pose.yaw) for \(y)")
            #expect(abs(Double(pose.pitch) - p) < 0.5, "pitch \(pose.pitch) for \(p)")
            #expect(abs(Double(pose.roll) - r) < 0.5, "roll \(pose.roll) for \(r)")
            #expect(abs(pose.scale - 150) < 1.5)
            #expect(abs(pose.x - 400) < 1 && abs(pose.y - 300) < 1)
        }
    }

    /// A mirror image (x → width − x, and each point takes its mirror partner's index) turns the
    /// other way and rolls the other way; pitch is unchanged.
    @Test func mirroredFaceGivesMirroredYawAndRoll() {
        let estimator = HeadPoseEstimator()
        for (y, p, r) in [(25.0, 10.0, 8.0), (-40.0, -12.0, 15.0)] {
            let points = posed(CanonicalFace.points, yaw: y, pitch: p, roll: r)
            let mirrored = (0..<468).map { i -> LandmarkPoint in
                let q = points[CanonicalFace.mirror[i]]
                return LandmarkPoint(x: 640 - q.x, y: q.y, z: q.z)
            }
            let a = estimator.estimate(points), b = estimator.estimate(mirrored)
            #expect(
                abs(b.yaw + a.yaw) < 0.1 && abs(b.roll + a.roll) < 0.1 && abs(b.pitch - a.pitch) < 0.1,
                "\(a) vs \(b)")
            #expect(abs(a.yaw - Float(y)) < 0.1)
        }
    }
}

@Suite struct CanonicalFaceFeatureTests {
    @Test func symmetricCentredUnitScale() {
        let p = CanonicalFace.points, m = CanonicalFace.mirror
        #expect(p.count == 468 && m.count == 468)
        #expect(m.indices.allSatisfy { m[m[$0]] == $0 })
        for i in p.indices {
            #expect(abs(p[i].x + p[m[i]].x) < 1e-4 && abs(p[i].y - p[m[i]].y) < 1e-4 && abs(p[i].z - p[m[i]].z) < 1e-4)
        }
        let d = p[263] - p[33]
        #expect(abs((d * d).sum().squareRoot() - 1) < 1e-4)
        let centroid = p.reduce(Vec3(repeating: 0), +) / 468
        #expect((centroid * centroid).sum().squareRoot() < 1e-3)
        // Orientation: x towards the image's right, y up, z towards the camera.
        #expect(p[263].x > 0 && p[10].y > p[152].y && p[1].z > p[234].z)
        // The pairing found from the geometry agrees with what the mesh's layout implies.
        for i in [1, 4, 6, 8, 9, 10, 151, 152, 168, 0, 17] { #expect(m[i] == i) }
        for (a, b) in [(33, 263), (133, 362), (61, 291), (234, 454), (127, 356), (98, 327), (50, 280), (116, 345)] { #expect(m[a] == b) }
    }

    @Test func fitToItselfIsIdentity() {
        let pose = HeadPoseEstimator().estimate(CanonicalFace.points.map(HeadFrame.landmark))
        #expect(abs(pose.yaw) < 1e-3 && abs(pose.pitch) < 1e-3 && abs(pose.roll) < 1e-3 && abs(pose.scale - 1) < 1e-4)
    }
}
