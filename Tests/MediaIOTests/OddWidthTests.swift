import Imaging
import Testing

@testable import MediaIO

/// Pictures whose width is not a multiple of 8 convert to RGB to their last column. swscale's
/// fast unscaled YUV -> RGB converter works in blocks of 8 pixels and, in the FFmpeg Debian 12
/// ships, left the remaining `width mod 8` columns black (every output of a 852- or 375-pixel
/// wide still had a black band at its right edge). Fixtures: flat 0x3080C0 pictures
/// (Scripts/make-test-fixtures, Fixtures/widths/).
@Suite struct OddWidthTests {
    static let colour = RGB(0x30, 0x80, 0xC0)

    /// The column of `image` furthest from `colour` (its largest channel difference, over all rows).
    static func worstColumn(_ image: RGBImage) -> (x: Int, difference: Int) {
        var worst = (x: 0, difference: 0)
        for x in 0..<image.width {
            for y in 0..<image.height {
                let p = image[x, y]
                let d = max(abs(Int(p.r) - Int(colour.r)), abs(Int(p.g) - Int(colour.g)), abs(Int(p.b) - Int(colour.b)))
                if d > worst.difference { worst = (x, d) }
            }
        }
        return worst
    }

    @Test(arguments: Array(17...33))
    func jpegLoadsToItsLastColumn(width: Int) throws {
        let image = try ImageLoader.load(path: fixture("widths/w\(width).jpg")).rgb
        #expect(image.width == width && image.height == 16)
        let worst = Self.worstColumn(image)
        #expect(worst.difference <= 8, "column \(worst.x) of \(width) is off by \(worst.difference)")
    }

    @Test(arguments: ["widths/w20-h264.mp4", "widths/w36-h264.mp4"])
    func videoDecodesToItsLastColumn(name: String) throws {
        let reader = try VideoReader(path: fixture(name))
        var frames = 0
        while let frame = try reader.nextFrame() {
            frames += 1
            let worst = Self.worstColumn(frame.image)
            #expect(
                worst.difference <= 8,
                "\(name) frame \(frame.index): column \(worst.x) of \(frame.image.width) is off by \(worst.difference)")
        }
        #expect(frames == 3)
    }
}
