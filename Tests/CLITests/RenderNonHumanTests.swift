import FaceTracking
import Foundation
import Imaging
import MediaIO
import Testing

/// The character gate judges the mesh, not one detector threshold (`HumanFaceCheck`): a face the
/// detector finds only weakly is refused when its nose is an animal's dark pad, in one line that
/// says why, and nothing is written.
@Suite struct RenderNonHumanTests {
    static let shortRange = RenderCommandTests.root.appendingPathComponent("models/face_detection_short_range.tflite").path

    @Test(.enabled(if: RenderCommandTests.modelsInstalled, "models/ not installed"))
    func aWeakFaceWithAnAnimalsNoseIsRefusedWithItsReason() throws {
        let folder = ScratchFolder()
        // The sample portrait blurred to a smudge (shrunk 13x and enlarged back), on which BlazeFace
        // fires below a confident score, with a dark pad over its nose tip.
        let portrait = try ImageLoader.load(path: RenderCommandTests.character).rgb
        var muzzle = portrait.resized(width: portrait.width / 13, height: portrait.height / 13)
            .resized(width: portrait.width, height: portrait.height)
        let face = try #require(try FaceDetector(modelPath: Self.shortRange, model: .shortRange).detect(in: portrait).first)
        let nose = face.keypoints[2], radius = face.keypoints[0].distance(to: face.keypoints[1]) * 0.25
        for y in 0..<muzzle.height {
            for x in 0..<muzzle.width where Point2(Float(x), Float(y)).distance(to: nose) < radius {
                muzzle[x, y] = RGB(25, 20, 20)
            }
        }
        try ImageWriter.writePNG(muzzle, to: folder.file("muzzle.png"))
        let result = try runActone([RenderCommandTests.driving, "muzzle.png", "-o", "out.mp4"], in: folder.path)
        #expect(result.status == 1)
        #expect(result.errorLines.count == 1)
        #expect(
            result.stderr.contains("does not look like a human face") && result.stderr.contains("animal")
                && result.stderr.contains("--face-box"), "\(result.stderr)")
        #expect(folder.contents == ["muzzle.png"])
    }
}
