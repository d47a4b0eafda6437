import Imaging
import Testing

@testable import Rendering

/// The warp's byte sampler in fixed point (`FixedBilinearTap`), against the float mix it replaced.
@Suite struct FixedBilinearTapTests {
    /// The float bilinear read the fixed-point one stands for, rounded half up.
    func floatRead(_ values: [UInt8], width: Int, height: Int, at p: Point2) -> Float {
        let t = BilinearTap(p, width: width, height: height)
        return t.mix(Float(values[t.i00]), Float(values[t.i10]), Float(values[t.i01]), Float(values[t.i11]))
    }

    func fixedRead(_ values: [UInt8], width: Int, height: Int, at p: Point2) -> UInt8 {
        let t = FixedBilinearTap(p, width: width, height: height)
        return t.mix(values[t.i00], values[t.i00 + t.right], values[t.i00 + t.down], values[t.i00 + t.down + t.right])
    }

    @Test func readsAnywhereAreWithinOneAndAHalfOfTheFloatMix() {
        let width = 9, height = 7
        // Neighbours far apart in value (a hash of the index), read on a fine lattice that
        // strays past every edge.
        let values = (0..<(width * height)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        var worst: Float = 0
        for j in 0..<230 {
            for i in 0..<270 {
                let p = Point2(Float(i) * 0.0413 - 1.5, Float(j) * 0.0397 - 1.5)
                let exact = floatRead(values, width: width, height: height, at: p)
                worst = max(worst, abs(Float(fixedRead(values, width: width, height: height, at: p)) - exact))
            }
        }
        // Rounding each position to 1/256 px moves a read by under 255/512 per axis; the byte's
        // own rounding adds up to 0.5.
        #expect(worst < 1.5)
        #expect(worst > 0.5)  // the lattice does reach reads the float mix rounds differently
    }

    @Test func pixelCentresAndEdgesReadTheirPixelExactly() {
        let width = 5, height = 4
        let values: [UInt8] = (0..<(width * height)).map { UInt8($0 * 13 % 256) }
        for y in 0..<height {
            for x in 0..<width {
                #expect(fixedRead(values, width: width, height: height, at: Point2(Float(x), Float(y))) == values[y * width + x])
            }
        }
        // Outside the grid (and NaN) the read is clamped to the edge, as the float tap does.
        #expect(fixedRead(values, width: width, height: height, at: Point2(-3, -3)) == values[0])
        #expect(fixedRead(values, width: width, height: height, at: Point2(40, 2)) == values[2 * width + width - 1])
        #expect(fixedRead(values, width: width, height: height, at: Point2(.nan, .nan)) == values[0])
        #expect(fixedRead(values, width: width, height: height, at: Point2(4, 3)) == values[width * height - 1])
    }

    @Test func extremesStayInRange() {
        // A half-way read between 0 and 255 in both directions rounds up; all 255 stays 255.
        #expect(fixedRead([0, 255, 255, 255], width: 2, height: 2, at: Point2(0.5, 0.5)) == 191)
        #expect(fixedRead([255, 255, 255, 255], width: 2, height: 2, at: Point2(0.999, 0.999)) == 255)
        #expect(fixedRead([0, 0, 0, 0], width: 2, height: 2, at: Point2(0.3, 0.7)) == 0)
    }
}
