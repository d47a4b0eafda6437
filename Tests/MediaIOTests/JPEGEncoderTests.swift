import Foundation
import Imaging
import Testing

@testable import MediaIO

/// `JPEGEncoder`, read back by FFmpeg's own JPEG decoder through `ImageLoader`.
@Suite struct JPEGEncoderTests {
    @Test(arguments: [(64, 48), (201, 151)])
    func encodesAJPEGFileThatDecodesToThePicture(width: Int, height: Int) throws {
        let folder = TemporaryFolder()
        let encoder = try JPEGEncoder(width: width, height: height)
        // Two different pictures through the same encoder: the reused frame and packet must not mix them up.
        for frame in [0, 7] {
            let image = syntheticFrame(frame, width: width, height: height)
            let bytes = try encoder.encode(image)
            #expect(bytes.prefix(2) == [0xFF, 0xD8] && bytes.suffix(2) == [0xFF, 0xD9])
            #expect(bytes.count < width * height * 3 / 2)
            let path = folder.file("frame\(frame).jpg")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let loaded = try ImageLoader.load(path: path)
            #expect(loaded.codec == "mjpeg")
            #expect(loaded.width == width && loaded.height == height)
            #expect(psnr(loaded.rgb, image) > 30, "frame \(frame): \(psnr(loaded.rgb, image)) dB")
        }
    }

    @Test func refusesAPictureOfAnotherSizeAndBadSettings() throws {
        let encoder = try JPEGEncoder(width: 32, height: 32)
        #expect(throws: MediaError.self) { try encoder.encode(RGBImage(width: 16, height: 32)) }
        #expect(throws: MediaError.self) { try JPEGEncoder(width: 0, height: 32) }
        #expect(throws: MediaError.self) { try JPEGEncoder(width: 32, height: 32, quality: 1) }
    }
}
