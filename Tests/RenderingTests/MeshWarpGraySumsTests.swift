import Imaging
import Testing

@testable import Rendering

/// A matte warped with its sums fills solid stretches without sampling: the bytes must be the
/// ones sampling gives.
@Suite struct MeshWarpGraySumsTests {
    /// A person-like matte: a solid disc with a soft edge, clear around it.
    static func matte(_ width: Int, _ height: Int) -> GrayImage {
        var image = GrayImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                let d = ((Float(x) - 40) * (Float(x) - 40) + (Float(y) - 36) * (Float(y) - 36)).squareRoot()
                image.pixels[y * width + x] = UInt8(min(max((30 - d) / 4, 0), 1) * 255)
            }
        }
        return image
    }

    @Test func solidStretchesAreFilledWithTheBytesSamplingGives() throws {
        let source = Self.matte(80, 72)
        let sums = try #require(SummedAreaTable(source))
        // A fixed jitter (a small linear congruential sequence), so a failure reproduces.
        var state: UInt32 = 11
        func jitter() -> Float {
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(state >> 8) / Float(1 << 24) * 6 - 3
        }
        // A grid over the picture, its inner points jittered for the target.
        var from: [Point2] = [], to: [Point2] = []
        for gy in 0...6 {
            for gx in 0...8 {
                let p = Point2(Float(gx) * 10, Float(gy) * 12)
                from.append(p)
                let inner = gx > 0 && gx < 8 && gy > 0 && gy < 6
                to.append(inner ? p + Point2(jitter(), jitter()) : p)
            }
        }
        let triangles = DelaunayTriangulation.triangles(to)
        var sampled = GrayImage(width: 80, height: 72, fill: 255), filled = sampled
        let drawn = MeshWarp.draw(source: source, sourcePoints: from, targetPoints: to, triangles: triangles, into: &sampled)
        MeshWarp.draw(source: source, sourcePoints: from, targetPoints: to, triangles: triangles, into: &filled, sums: sums)
        #expect(drawn > 50)
        #expect(filled == sampled)
        // Both the solid inside and the clear outside were met, and the soft edge between.
        #expect(sampled.pixels.contains(0) && sampled.pixels.contains(255) && sampled.pixels.contains { $0 > 0 && $0 < 255 })
    }

    /// A triangle is solid only if every pixel its bilinear reads touch is: a corner a tenth of
    /// a pixel past a clear pixel reads it.
    @Test func aTriangleIsSolidOnlyWhereEveryReadIs() throws {
        var image = GrayImage(width: 32, height: 32, fill: 255)
        image.pixels[10 * 32 + 10] = 0
        let sums = try #require(SummedAreaTable(image))
        let near = MeshWarp.uniformRead(over: (Point2(10.9, 10.9), Point2(20, 10.9), Point2(10.9, 20)), in: sums)
        #expect(near == nil)
        let clear = MeshWarp.uniformRead(over: (Point2(14, 14), Point2(20, 14), Point2(14, 20)), in: sums)
        #expect(clear == 255)
        let across = MeshWarp.uniformRead(over: (Point2(20, 20), Point2(9.5, 9.8), Point2(25, 12)), in: sums)
        #expect(across == nil)
    }
}
