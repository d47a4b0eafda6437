import FaceGeometry
import FaceTracking
import Imaging
import Motion
import Testing

@testable import ActOne

@Suite struct FaceOverlayTests {
    @Test func wireframeCoversTheMeshWithoutBridgingTheEyes() {
        let edges = FaceWireframe.edges
        // A triangulated surface of 468 points has about 3 edges per point.
        #expect((1100...1400).contains(edges.count), "\(edges.count) edges")
        #expect(edges.allSatisfy { $0.0 < $0.1 && $0.1 < MeshTopology.meshCount })
        #expect(Set(edges.flatMap { [$0.0, $0.1] }).count == MeshTopology.meshCount)
        let pairs = Set(edges.map { [$0.0, $0.1] })
        // The middle of the upper and lower lids (159/145, 386/374) are not joined across the eye.
        #expect(!pairs.contains([145, 159]) && !pairs.contains([374, 386]))
        #expect(FaceWireframe.outline.count > 20)
        #expect(FaceWireframe.features.allSatisfy { $0.points.allSatisfy { $0 < MeshTopology.meshCount } })
    }

    /// The canonical face drawn 100 px per unit around (200, 200), with irises of radius 8, looking straight on.
    static func frontalFrame() -> FrameMotion {
        var points = CanonicalFace.points.map { LandmarkPoint(x: Float(200 + 100 * $0.x), y: Float(200 - 100 * $0.y), z: 0) }
        for eye in [(33, 133), (362, 263)] {
            let centre = Point2((points[eye.0].x + points[eye.1].x) / 2, (points[eye.0].y + points[eye.1].y) / 2)
            points.append(LandmarkPoint(x: centre.x, y: centre.y, z: 0))
            for (dx, dy) in [(8, 0), (0, -8), (-8, 0), (0, 8)] as [(Float, Float)] {
                points.append(LandmarkPoint(x: centre.x + dx, y: centre.y + dy, z: 0))
            }
        }
        return FrameMotion(
            index: 0, time: 0, faceFound: true, confidence: 1,
            pose: HeadPose(yaw: 0, pitch: 0, roll: 0, x: 200, y: 200, scale: 100), gaze: nil,
            blendshapes: [Float](repeating: 0, count: 52), landmarks: points)
    }

    @Test func drawsMeshIrisesAndAxes() {
        let frame = Self.frontalFrame()
        var image = RGBImage(width: 400, height: 400)
        FaceOverlay.draw(frame, on: &image)
        // The x axis (red) points right from the face centre, the y axis (green) up; each 60 px long.
        #expect(image[230, 200] == FaceOverlay.axes[0])
        #expect(image[200, 170] == FaceOverlay.axes[1])
        #expect(image[200, 255] != FaceOverlay.axes[1])
        // Each iris ring passes 8 px beside its centre (a 1-pixel anti-aliased ring: nearly the full
        // colour on the pixel nearest to it, give or take one).
        func isIris(_ c: RGB) -> Bool {
            abs(Int(c.r) - Int(FaceOverlay.iris.r)) + abs(Int(c.g) - Int(FaceOverlay.iris.g)) + abs(Int(c.b) - Int(FaceOverlay.iris.b)) < 60
        }
        for start in [MeshTopology.rightIrisStart, MeshTopology.leftIrisStart] {
            let iris = frame.landmarks![start]
            let (x, y) = (Int(iris.x.rounded()) + 8, Int(iris.y.rounded()))
            #expect((x - 1...x + 1).contains { isIris(image[$0, y]) })
            #expect(!isIris(image[x + 4, y]))
        }
        // Mesh lines tint many pixels across the face, none far outside it.
        let lit = (0..<400).flatMap { y in (0..<400).map { x in (x, y) } }.filter { image[$0.0, $0.1] != RGB(0, 0, 0) }
        #expect(lit.count > 5000)
        #expect(!lit.contains { $0.1 < 60 || $0.1 > 345 })
    }

    @Test func turningTheHeadTurnsItsAxes() {
        var frame = Self.frontalFrame()
        frame.pose?.yaw = 90
        var image = RGBImage(width: 400, height: 400)
        FaceOverlay.drawAxes(frame.pose!, on: &image, width: 1)
        // Turned 90° to the subject's left, the face's forward (blue) axis points to the image's right
        // and its x axis (red) straight at the camera.
        #expect(image[250, 200] == FaceOverlay.axes[2])
        #expect(image[230, 200] != FaceOverlay.axes[0])
    }

    @Test func framesWithoutAFaceAreLeftAlone() {
        var frame = Self.frontalFrame()
        frame.faceFound = false
        var image = RGBImage(width: 400, height: 400)
        FaceOverlay.draw(frame, on: &image)
        #expect(image == RGBImage(width: 400, height: 400))
    }
}
