import Foundation
import Imaging
import Testing

@testable import MediaIO

/// Every kind of still image a user may give as a character loads as the same picture.
/// The fixtures are Fixtures/pattern.png (eight flat colour bars, 48x32) stored in each kind
/// (Scripts/make-test-fixtures).
@Suite struct ImageLoaderTests {
    let reference: RGBImage

    init() throws {
        reference = try ImageLoader.load(path: fixture("pattern.png")).rgb
    }

    @Test func referenceHasTheEightBars() {
        #expect(reference.width == 48 && reference.height == 32)
        #expect(reference[0, 0] == RGB(255, 0, 0))
        #expect(reference[8, 10] == RGB(0, 255, 0))
        #expect(reference[14, 31] == RGB(0, 0, 255))
        #expect(reference[47, 0] == RGB(32, 32, 32))
    }

    @Test(arguments: [
        "pattern-rgb48.png", "pattern-pal8.png", "pattern-lossless.webp", "pattern.bmp",
        "pattern.tiff", "pattern-rgb48.tiff",
    ])
    func losslessKindsLoadExactly(name: String) throws {
        let image = try ImageLoader.load(path: fixture(name))
        #expect(image.alpha == nil)
        #expect(image.rgb == reference, "\(name) differs: PSNR \(psnr(image.rgb, reference)) dB")
    }

    @Test(arguments: [("pattern.jpg", 30.0), ("pattern-lossy.webp", 25.0)])
    func lossyKindsLoadClosely(name: String, minimumPSNR: Double) throws {
        let image = try ImageLoader.load(path: fixture(name))
        #expect(image.rgb.width == 48 && image.rgb.height == 32)
        #expect(psnr(image.rgb, reference) > minimumPSNR)
    }

    @Test(arguments: ["pattern-gray.png", "pattern-gray16.png"])
    func grayscaleBecomesNeutralRGB(name: String) throws {
        let image = try ImageLoader.load(path: fixture(name))
        #expect(image.rgb.width == 48 && image.rgb.height == 32)
        for i in stride(from: 0, to: image.rgb.pixels.count, by: 3) {
            #expect(image.rgb.pixels[i] == image.rgb.pixels[i + 1] && image.rgb.pixels[i + 1] == image.rgb.pixels[i + 2])
        }
        // Green is brighter than blue in every luma formula.
        #expect(image.rgb[8, 0].r > image.rgb[14, 0].r)
    }

    @Test(arguments: ["pattern-rgba.png", "pattern-rgba.webp"])
    func alphaIsKept(name: String) throws {
        let image = try ImageLoader.load(path: fixture(name))
        let alpha = try #require(image.alpha)
        #expect(image.rgb == reference)
        // Alpha falls from 255 on the top row to 0 on the bottom one.
        #expect(alpha[0, 0] == 255 && alpha[20, 31] == 0)
        #expect(alpha[5, 16] > 100 && alpha[5, 16] < 160)
    }

    @Test func pngRoundTripWithAndWithoutAlpha() throws {
        let folder = TemporaryFolder()
        let picture = syntheticFrame(3, width: 37, height: 21)
        try ImageWriter.writePNG(picture, to: folder.file("plain.png"))
        #expect(try ImageLoader.load(path: folder.file("plain.png")).rgb == picture)

        var alpha = GrayImage(width: 37, height: 21)
        for i in alpha.pixels.indices { alpha.pixels[i] = UInt8(i % 256) }
        try ImageWriter.writePNG(picture, alpha: alpha, to: folder.file("alpha.png"))
        let loaded = try ImageLoader.load(path: folder.file("alpha.png"))
        #expect(loaded.rgb == picture && loaded.alpha == alpha)
        #expect(folder.contents == ["alpha.png", "plain.png"])
    }

    @Test func exifOrientationsTurnThePictureUpright() {
        // A 3x2 picture with a distinct corner; orientation 6 means "rotate 90 clockwise to view".
        var image = RGBImage(width: 3, height: 2)
        image[0, 0] = RGB(255, 0, 0)
        let turned = ImageLoader.orient(image, exif: 6)
        #expect(turned.width == 2 && turned.height == 3)
        #expect(turned[1, 0] == RGB(255, 0, 0))
        #expect(ImageLoader.orient(image, exif: 1) == image)
        #expect(ImageLoader.orient(image, exif: 2)[2, 0] == RGB(255, 0, 0))
        #expect(ImageLoader.orient(image, exif: 3)[2, 1] == RGB(255, 0, 0))
        #expect(ImageLoader.orient(image, exif: 8)[0, 2] == RGB(255, 0, 0))
    }
}
