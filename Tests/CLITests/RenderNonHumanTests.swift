import Foundation
import Imaging
import MediaIO
import Testing

/// A character whose "face" the detector finds only weakly is refused, not given a human mesh.
@Suite struct RenderNonHumanTests {
    @Test(.enabled(if: RenderCommandTests.modelsInstalled, "models/ not installed"))
    func aWeakFaceIsRefusedWithAWayOut() throws {
        let folder = ScratchFolder()
        // The sample portrait blurred to a smudge (shrunk 13x and enlarged back): BlazeFace still
        // fires on it, below the score a real face gets.
        let portrait = try ImageLoader.load(path: RenderCommandTests.character).rgb
        let smudge = portrait.resized(width: portrait.width / 13, height: portrait.height / 13)
            .resized(width: portrait.width, height: portrait.height)
        try ImageWriter.writePNG(smudge, to: folder.file("smudge.png"))
        let result = try runActone([RenderCommandTests.driving, "smudge.png", "-o", "out.mp4"], in: folder.path)
        #expect(result.status == 1)
        #expect(result.errorLines.count == 1)
        #expect(result.stderr.contains("does not look like a human face") && result.stderr.contains("--face-box"))
        #expect(folder.contents == ["smudge.png"])
    }
}
