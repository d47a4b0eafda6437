import Foundation
import Imaging
import MediaIO

/// The inputs of a batch, made in a scratch folder: `clips/a.mp4` (with sound) and `clips/b.mp4`,
/// the Samples portrait at 160 px moving a pixel a frame; `clips/broken.mp4`, an MP4 cut short
/// before its index; `cast/astronaut.png` and `cast/character.png`, the two Samples portraits
/// at 200 px; with `facelessCharacter`, `cast/wall.png` too, a plain grey picture.
final class BatchFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var modelsInstalled: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("models/face_landmark_with_attention.tflite").path)
    }
    static let frames = 12

    let folder = ScratchFolder()
    var path: String { folder.path }

    init(frames: Int = BatchFixture.frames, facelessCharacter: Bool = false) throws {
        let manager = FileManager.default
        for sub in ["clips", "cast"] { try manager.createDirectory(atPath: folder.file(sub), withIntermediateDirectories: true) }
        let portrait = try Self.sample("character.jpg", width: 160)
        try Self.writeClip(portrait, frames: frames, to: folder.file("clips/a.mp4"), audio: mediaFixture("audio-only.m4a"))
        try Self.writeClip(portrait, frames: frames, to: folder.file("clips/b.mp4"), audio: nil)
        try manager.copyItem(atPath: mediaFixture("truncated-moov-at-end.mp4"), toPath: folder.file("clips/broken.mp4"))
        try ImageWriter.writePNG(try Self.sample("astronaut.png", width: 200), to: folder.file("cast/astronaut.png"))
        try ImageWriter.writePNG(try Self.sample("character.jpg", width: 200), to: folder.file("cast/character.png"))
        if facelessCharacter {
            var wall = RGBImage(width: 200, height: 200)
            wall.fillRect(IntRect(x: 0, y: 0, width: 200, height: 200), color: RGB(120, 130, 140))
            try ImageWriter.writePNG(wall, to: folder.file("cast/wall.png"))
        }
    }

    /// A Samples image scaled to `width`, height to match (even).
    static func sample(_ name: String, width: Int) throws -> RGBImage {
        let image = try ImageLoader.load(path: root.appendingPathComponent("Samples/" + name).path).rgb
        let height = (image.height * width / image.width) & ~1
        return image.resized(width: width, height: height)
    }

    static func writeClip(_ image: RGBImage, frames: Int, to path: String, audio: String?) throws {
        let writer = try VideoWriter(
            path: path, width: image.width, height: image.height, frameRate: Rational(25, 1),
            settings: VideoEncoderSettings(crf: 18, preset: "ultrafast"),
            audio: audio.map { AudioSource(path: $0) })
        for i in 0..<frames {
            var moved = image
            for y in 0..<image.height { for x in 0..<image.width { moved[x, y] = image[max(0, x - i), y] } }
            try writer.write(moved)
        }
        try writer.finish()
    }

    /// Every file under `relative`, hidden ones included, as paths inside it, sorted.
    func files(under relative: String) -> [String] {
        let base = folder.file(relative)
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        return walker.compactMap { $0 as? String }.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: base + "/" + name, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }

    /// The MP4s the batch wrote into `out`.
    func outputs(_ out: String = "out") -> [String] { files(under: out).filter { !$0.hasPrefix(".") && $0.hasSuffix(".mp4") } }

    func report(_ name: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder.file(name)))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return object?["items"] as? [[String: Any]] ?? []
    }

    static let allOutputs = ["a_astronaut.mp4", "a_character.mp4", "b_astronaut.mp4", "b_character.mp4"]
}
