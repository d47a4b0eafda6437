import FaceGeometry
import FaceTracking
import Imaging
import Testing

@testable import Motion

/// The character gate judges the mesh, not one detector score: a weakly detected human face is
/// taken, a weakly detected animal (its dark nose pad) and a mesh not shaped like a face are not.
@Suite struct HumanFaceCheckFeatureTests {
    /// The canonical face with irises, frontal, 180 px per canonical unit, centred in a 640x480 image.
    static let points = posed(canonicalWithIrises(), yaw: 0, pitch: 0, roll: 0)
    static let skin = RGB(200, 160, 130)

    /// A skin-coloured picture whose nose-tip squares are `noseShare` as bright as the rest.
    static func picture(noseShare: Float) -> RGBImage {
        var image = RGBImage(width: 640, height: 480)
        for y in 0..<image.height { for x in 0..<image.width { image[x, y] = skin } }
        let eyes = points[FaceIndex.rightEye.outerCorner].xy.distance(to: points[FaceIndex.leftEye.outerCorner].xy)
        let r = Int(eyes * 0.08)
        func scaled(_ v: UInt8) -> UInt8 { UInt8(min(255, (Float(v) * noseShare).rounded())) }
        for i in HumanFaceCheck.noseTip {
            let cx = Int(points[i].x.rounded()), cy = Int(points[i].y.rounded())
            for y in cy - r...cy + r { for x in cx - r...cx + r { image[x, y] = RGB(scaled(skin.r), scaled(skin.g), scaled(skin.b)) } }
        }
        return image
    }

    @Test func theNoseIsMeasuredAgainstTheCheeks() {
        #expect(abs(HumanFaceCheck.noseBrightness(image: Self.picture(noseShare: 1), points: Self.points) - 1) < 0.01)
        #expect(abs(HumanFaceCheck.noseBrightness(image: Self.picture(noseShare: 0.5), points: Self.points) - 0.5) < 0.03)
    }

    @Test func aWeakDetectionOfAHumanFaceIsTaken() {
        // Anime girl: detector 0.55, nose tip as bright as the cheeks.
        #expect(HumanFaceCheck.judge(image: Self.picture(noseShare: 1), points: Self.points, detectorScore: 0.55, presence: 1) == .human)
    }

    @Test func aWeakDetectionWithAnAnimalsNoseIsRefusedWithItsReason() {
        let verdict = HumanFaceCheck.judge(image: Self.picture(noseShare: 0.6), points: Self.points, detectorScore: 0.80, presence: 1)
        guard case .notHuman(let reason) = verdict else { Issue.record("taken: \(verdict)"); return }
        #expect(reason.contains("animal") && reason.contains("60 %") && reason.contains("0.80"), "\(reason)")
    }

    @Test func aConfidentDetectionIsTakenWhateverItsNose() {
        #expect(HumanFaceCheck.judge(image: Self.picture(noseShare: 0.6), points: Self.points, detectorScore: 0.9, presence: 1) == .human)
    }

    @Test func aMeshWithoutPresenceIsNoFace() {
        #expect(HumanFaceCheck.judge(image: Self.picture(noseShare: 1), points: Self.points, detectorScore: 0.9, presence: 0.2) == .noFace)
    }

    @Test func aMeshNotShapedLikeAFaceIsRefused() {
        // Every rigid point pulled 40 % of the way to the face's centre along x: a squashed layout
        // no head pose explains.
        var squashed = Self.points
        let cx = squashed.map(\.x).reduce(0, +) / Float(squashed.count)
        for i in FaceIndex.rigid where i % 2 == 0 { squashed[i].x = cx + (squashed[i].x - cx) * 0.4 }
        #expect(FaceShape.rigidError(Self.points) < 0.01)
        #expect(FaceShape.rigidError(squashed) > HumanFaceCheck.maximumShapeError)
        let verdict = HumanFaceCheck.judge(image: Self.picture(noseShare: 1), points: squashed, detectorScore: 0.95, presence: 1)
        guard case .notHuman(let reason) = verdict else { Issue.record("taken: \(verdict)"); return }
        #expect(reason.contains("shape error"), "\(reason)")
    }
}
