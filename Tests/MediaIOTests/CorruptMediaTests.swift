import Foundation
import Testing

@testable import MediaIO

/// Damaged files (bytes overwritten, as a bad disk or a broken download leaves them) must give
/// frames or a typed error, never a crash or a hang. Deterministic: the damage comes from a fixed
/// seed, so a failure reproduces.
@Suite struct CorruptMediaTests {
    /// A small xorshift generator, so the damage is the same on every run and machine.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }

    @Test(arguments: ["hevc.mkv", "vp9.webm", "pcm-audio.mov", "pattern.png", "pattern.jpg"])
    func damagedCopiesFailCleanly(name: String) throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: fixture(name)))
        let folder = TemporaryFolder()
        var random = SeededGenerator(state: 0x9E37_79B9_7F4A_7C15 ^ UInt64(name.utf8.count))
        for variant in 0..<24 {
            var bytes = [UInt8](original)
            // Overwrite 1 to 16 runs of 1 to 8 bytes; every fourth copy is also cut short.
            for _ in 0..<Int.random(in: 1...16, using: &random) {
                let start = Int.random(in: 0..<bytes.count, using: &random)
                for i in start..<min(start + Int.random(in: 1...8, using: &random), bytes.count) {
                    bytes[i] = UInt8.random(in: 0...255, using: &random)
                }
            }
            if variant % 4 == 3 { bytes.removeLast(Int.random(in: 1..<bytes.count, using: &random)) }
            let path = folder.file("damaged-\(variant)-\(name)")
            try Data(bytes).write(to: URL(fileURLWithPath: path))

            if name.hasPrefix("pattern") {
                _ = try? ImageLoader.load(path: path)
            } else {
                do {
                    let reader = try VideoReader(path: path)
                    var frames = 0
                    while let frame = try reader.nextFrame() {
                        #expect(frame.image.width == reader.width && frame.image.height == reader.height)
                        frames += 1
                        if frames > 1000 { Issue.record("\(path): endless frames"); break }
                    }
                } catch {
                    #expect(!error.description.contains("\n"))
                }
                _ = try? MediaProbe.inspectVideo(path: path)
            }
        }
    }
}
