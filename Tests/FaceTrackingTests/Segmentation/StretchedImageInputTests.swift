import Imaging
import Testing

@testable import FaceTracking

@Suite struct StretchedImageInputTests {
    func tensor(_ image: RGBImage, width: Int, height: Int) -> [Float] {
        var buffer = [Float](repeating: .nan, count: width * height * 3)
        buffer.withUnsafeMutableBufferPointer { StretchedImageInput.write(image, width: width, height: height, into: $0) }
        return buffer
    }

    @Test("an image of the tensor's size is copied, bytes × Float(1 / 255)")
    func sameSizeIsACopy() {
        let image = RGBImage(width: 3, height: 2, pixels: [0, 1, 2, 50, 100, 150, 200, 250, 255, 7, 8, 9, 10, 11, 12, 13, 14, 15])
        let scale: Float = 1.0 / 255
        #expect(tensor(image, width: 3, height: 2) == image.pixels.map { Float($0) * scale })
    }

    @Test("enlarging samples at u·W/width, and reads black past the last pixel (BORDER_ZERO)")
    func enlargingBlendsWithBlackAtTheEnd() {
        // A 2x1 row, red 0 and 200, stretched to 4x1: samples at x = 0, 0.5, 1 and 1.5; at 1.5
        // the right neighbour is outside the image and reads 0: 200 · 0.5 = 100.
        let image = RGBImage(width: 2, height: 1, pixels: [0, 0, 0, 200, 0, 0])
        let red = stride(from: 0, to: 12, by: 3).map { (tensor(image, width: 4, height: 1)[$0] * 255).rounded() }
        #expect(red == [0, 100, 200, 100])
    }

    @Test("shrinking samples every W/width pixels from the first, and rounds each sample to a byte")
    func shrinkingTakesEveryOtherPixelAndRounds() {
        // A 4x2 grey ramp to 2x1: samples at x = 0 and 2 of row 0. Then a 3x1 ramp to 2x1:
        // samples at 0 and 1.5, the latter (10 + 21) / 2 = 15.5, rounded to 16.
        let levels: [UInt8] = [0, 10, 20, 30, 40, 50, 60, 70]
        let ramp = RGBImage(width: 4, height: 2, pixels: levels.flatMap { [$0, $0, $0] })
        #expect(tensor(ramp, width: 2, height: 1).map { ($0 * 255).rounded() } == [0, 0, 0, 20, 20, 20])
        let odd = RGBImage(width: 3, height: 1, pixels: [0, 0, 0, 10, 10, 10, 21, 21, 21])
        #expect((tensor(odd, width: 2, height: 1)[3] * 255).rounded() == 16)
    }
}
