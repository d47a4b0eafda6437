import Imaging
import Testing

@testable import MediaIO

/// JPEGs stored turned, as phones store portraits, with the EXIF orientation that turns them
/// back (Fixtures/orientation-N.jpg, Scripts/make-test-fixtures): each loads as upright.png,
/// 32x16 red with a blue top-left corner.
@Suite struct ExifOrientationTests {
    private func isBlue(_ p: RGB) -> Bool { p.b > 180 && p.r < 80 }
    private func isRed(_ p: RGB) -> Bool { p.r > 180 && p.b < 80 }

    @Test(arguments: 1...8)
    func storedTurnedComesOutUpright(orientation: Int) throws {
        let loaded = try ImageLoader.load(path: fixture("orientation-\(orientation).jpg"))
        #expect(loaded.exifOrientation == orientation)
        let image = loaded.rgb
        #expect(image.width == 32 && image.height == 16)
        #expect(isBlue(image[2, 2]), "top-left is \(image[2, 2])")
        #expect(isRed(image[29, 2]) && isRed(image[2, 13]) && isRed(image[29, 13]))
    }

    @Test func ffmpegsPaddedTagTextIsRead() {
        #expect(ImageLoader.exifOrientation(tag: "    6") == 6)
        #expect(ImageLoader.exifOrientation(tag: "8") == 8)
        #expect(ImageLoader.exifOrientation(tag: "    9") == 1)
        #expect(ImageLoader.exifOrientation(tag: "top-left") == 1)
    }
}
