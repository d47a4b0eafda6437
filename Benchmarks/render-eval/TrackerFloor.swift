import Foundation
import Imaging
import MediaIO

/// How much the re-tracker alone makes a character's landmarks move: the still image held for two
/// seconds with fresh pixel noise in every frame (about what H.264 leaves), tracked like an output.
/// The jitter check compares output with driver, but the output is tracked on a painting or a
/// cartoon, where the mesh model is less steady than on the driver's photo; a render whose jitter
/// is near this floor is as still as the tracker can tell.
enum TrackerFloor {
    static func jitter(character: String, workspace: Workspace, models: String?) throws -> Double? {
        let still = try ImageLoader.load(path: character).rgb
        let video = workspace.path("cross", "\(name(character)).still-noise.mp4")
        let writer = try VideoWriter(
            path: video, width: still.width, height: still.height, frameRate: Rational(25, 1),
            overwrite: true)
        // A fixed seed: the floor is the same number on every run.
        var generator = SplitMix64(seed: 5)
        for _ in 0..<50 {
            var frame = still
            for i in frame.pixels.indices {
                let noise = Int(generator.next() % 9) - 4  // uniform in -4...4 grey levels
                frame.pixels[i] = UInt8(clamping: Int(frame.pixels[i]) + noise)
            }
            try writer.write(frame)
        }
        try writer.finish()
        let clip = try TrackedClip.track(
            video, to: workspace.path("cross", "\(name(character)).still-noise.track.json"),
            models: models)
        return Jitter.percentPerFrame(clip, over: 0..<clip.frameCount)
    }
}

/// A small deterministic generator (Steele et al.'s SplitMix64), so no run depends on the system's.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
