import Imaging
import Testing

@testable import ActOne

/// The picture `--preview` shows: the output picture alone, or with `--preview-source` the
/// source (its mesh drawn) scaled to the picture's height on its left.
@Suite struct PreviewPictureTests {
    private func filled(_ width: Int, _ height: Int, _ value: UInt8) -> RGBImage {
        RGBImage(width: width, height: height, pixels: [UInt8](repeating: value, count: width * height * 3))
    }

    @Test func withoutTheSourceThePictureIsShownAsItIs() {
        let picture = filled(512, 512, 200)
        #expect(PreviewPicture(picture: picture, source: nil).shown.pixels == picture.pixels)
    }

    @Test func theSourceIsScaledToThePicturesHeightOnItsLeft() {
        let picture = filled(512, 512, 200)
        let source = MeshedFrame(image: filled(640, 480, 50), points: nil, pose: nil)
        let shown = PreviewPicture(picture: picture, source: source).shown
        // 640x480 at 512 high is 682.7 wide: 682, even.
        #expect(shown.width == 682 + 512 && shown.height == 512)
        #expect(shown.cropped(to: IntRect(x: 0, y: 0, width: 682, height: 512)).pixels.allSatisfy { $0 == 50 })
        #expect(shown.cropped(to: IntRect(x: 682, y: 0, width: 512, height: 512)).pixels == picture.pixels)
    }

    @Test func aSourceOfThePicturesHeightIsNotResampled() {
        var source = filled(200, 200, 0)
        source.pixels[3 * (100 * 200 + 100)] = 255
        let shown = PreviewPicture(picture: filled(300, 200, 9), source: MeshedFrame(image: source, points: nil, pose: nil)).shown
        #expect(shown.width == 500 && shown.cropped(to: IntRect(x: 0, y: 0, width: 200, height: 200)).pixels == source.pixels)
    }
}
