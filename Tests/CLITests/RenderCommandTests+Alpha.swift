import Foundation
import Imaging
import MediaIO
import Testing

/// `actone render ... --keep-alpha`: a character with transparency, kept (VP9 with alpha in
/// WebM) or flattened over white (MP4).
extension RenderCommandTests {
    static let astronaut = root.appendingPathComponent("Samples/astronaut.png").path

    /// Samples/astronaut.png on a larger transparent canvas: opaque where the portrait is,
    /// transparent in a margin around it.
    static func writeCutout(to path: String) throws -> (width: Int, height: Int, portrait: IntRect) {
        let portrait = try ImageLoader.load(path: astronaut).rgb
        let (width, height) = (portrait.width + 64, portrait.height + 48)
        let place = IntRect(x: 32, y: 24, width: portrait.width, height: portrait.height)
        var canvas = RGBImage(width: width, height: height)
        canvas.composite(portrait, atX: place.x, y: place.y)
        var alpha = GrayImage(width: width, height: height)
        for y in place.minY..<place.maxY { for x in place.minX..<place.maxX { alpha[x, y] = 255 } }
        try ImageWriter.writePNG(canvas, alpha: alpha, to: path)
        return (width, height, place)
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func keepAlphaWritesVP9WithAlphaElseFlattensOverWhite() throws {
        let folder = ScratchFolder()
        let cutout = try Self.writeCutout(to: folder.file("cutout.png"))
        let source = try MediaProbe.inspectVideo(path: Self.driving)
        let sourceVideo = try #require(source.primaryVideoStream.map { source.streams[$0] })

        let kept = try runActone([Self.driving, "cutout.png", "--keep-alpha"], in: folder.path)
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(kept.stderr.contains("audio re-encoded as Opus"), "\(kept.stderr)")
        #expect(folder.contents == ["cutout.png", "driving_cutout.webm"])
        let info = try MediaProbe.inspectVideo(path: folder.file("driving_cutout.webm"))
        let video = try #require(info.primaryVideoStream.map { info.streams[$0] })
        #expect(video.codec == "vp9" && video.hasAlpha == true)
        #expect(video.frameCount == sourceVideo.frameCount)
        #expect(video.width == cutout.width && video.height == cutout.height)
        #expect(info.streams.first { $0.kind == .audio }?.codec == "opus")
        let reader = try VideoReader(path: folder.file("driving_cutout.webm"), alpha: true)
        let first = try #require(try reader.nextFrame())
        let alpha = try #require(first.alpha)
        #expect(alpha[4, 4] <= 4 && alpha[cutout.width - 5, cutout.height - 5] <= 4, "the margin is not transparent")
        #expect(alpha[cutout.width / 2, cutout.height / 2] >= 251, "the portrait is not opaque")

        let flat = try runActone([Self.driving, "cutout.png", "-o", "flat.mp4"], in: folder.path)
        #expect(flat.status == 0, "\(flat.stderr)")
        let flatInfo = try MediaProbe.inspectVideo(path: folder.file("flat.mp4"))
        let flatVideo = try #require(flatInfo.primaryVideoStream.map { flatInfo.streams[$0] })
        #expect(flatVideo.codec == "h264" && flatVideo.hasAlpha == nil)
        #expect(flatVideo.frameCount == sourceVideo.frameCount)
        let flatFrame = try #require(try VideoReader(path: folder.file("flat.mp4")).nextFrame()).image
        let corner = flatFrame[4, 4]
        #expect(min(corner.r, corner.g, corner.b) >= 245, "the margin is \(corner), not white")
        #expect(folder.contents == ["cutout.png", "driving_cutout.webm", "flat.mp4"])
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func keepAlphaNeedsTransparency() throws {
        let folder = ScratchFolder()
        let result = try runActone([Self.driving, Self.character, "--keep-alpha"], in: folder.path)
        #expect(result.status == 1)
        #expect(result.errorLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("has no transparency; --keep-alpha needs an image with an alpha channel"), "\(result.stderr)")
        #expect(folder.contents.isEmpty, "left behind: \(folder.contents)")
    }

    @Test func keepAlphaUsageErrors() throws {
        let folder = ScratchFolder()
        let cases: [([String], String)] = [
            (["--keep-alpha", "-o", "out.mp4"], "with --keep-alpha the output is a WebM file"),
            (["-o", "out.webm"], "the output is an MP4 file"),
            (["--keep-alpha", "--compare"], "--compare cannot be combined with --keep-alpha"),
        ]
        for (options, message) in cases {
            let result = try runActone([Self.driving, Self.astronaut] + options, in: folder.path)
            #expect(result.status == 64, "\(options): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(options): \(result.stderr)")
        }
        #expect(folder.contents.isEmpty)
    }
}
