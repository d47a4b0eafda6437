import Imaging

/// Tells a cut from motion: each frame is reduced to the mean brightness of a 16×16 grid of
/// blocks (4×4 pixels sampled in each, so the cost is the same at any size, about 4,000 reads),
/// and a frame whose blocks differ from the last frame's by more than `threshold` on average
/// (0-255 scale) starts a new scene.
///
/// Only the multi-face tracker asks: a cut is where new faces are likely, so it runs the detector
/// there instead of waiting for its next pass. Missing a cut between similar shots costs at most
/// that wait; a flash or a whip pan taken for a cut costs one detector pass.
public struct SceneChange {
    static let grid = 16
    static let samples = 4
    /// Mean absolute change of a block's brightness that counts as a cut. Head and camera motion
    /// in the evaluation clips stays under 10; a cut between two shots is typically 30 or more.
    public var threshold: Float = 24
    private var last: [Float]?

    public init() {}

    /// Whether `image` starts a new scene (the first frame does not: there is nothing to compare).
    public mutating func isCut(_ image: RGBImage) -> Bool {
        let blocks = Self.blocks(image)
        defer { last = blocks }
        guard let last, last.count == blocks.count else { return false }
        var total: Float = 0
        for (a, b) in zip(last, blocks) { total += abs(a - b) }
        return total / Float(blocks.count) > threshold
    }

    /// Forgets the last frame.
    public mutating func reset() { last = nil }

    /// Mean luma (BT.601 weights) of each block, sampled on a regular lattice.
    static func blocks(_ image: RGBImage) -> [Float] {
        let n = grid, s = samples
        guard image.width > 0, image.height > 0 else { return [] }
        var result = [Float](repeating: 0, count: n * n)
        image.pixels.withUnsafeBufferPointer { pixels in
            for by in 0..<n {
                for bx in 0..<n {
                    var sum: Float = 0
                    for sy in 0..<s {
                        let y = min(image.height - 1, ((by * s + sy) * 2 + 1) * image.height / (2 * n * s))
                        for sx in 0..<s {
                            let x = min(image.width - 1, ((bx * s + sx) * 2 + 1) * image.width / (2 * n * s))
                            let i = (y * image.width + x) * 3
                            sum += 0.299 * Float(pixels[i]) + 0.587 * Float(pixels[i + 1]) + 0.114 * Float(pixels[i + 2])
                        }
                    }
                    result[by * n + bx] = sum / Float(s * s)
                }
            }
        }
        return result
    }
}
