import Imaging
import Testing

@Suite struct BoxBlurTests {
    @Test func aConstantPlaneStaysConstantUpToItsBorders() {
        let plane = FloatPlane(width: 9, height: 7, fill: 3.5)
        let blurred = BoxBlur.plain(plane, radius: 3)
        #expect(blurred.values.allSatisfy { abs($0 - 3.5) < 1e-5 })
    }

    @Test func anImpulseSpreadsAsATentThatKeepsItsSum() {
        var plane = FloatPlane(width: 21, height: 21)
        plane[10, 10] = 1
        let blurred = BoxBlur.plain(plane, radius: 2)
        // Two passes of a 5-wide box: weights 1,2,3,4,5,4,3,2,1 over 25 along each axis.
        #expect(abs(blurred[10, 10] - 0.2 * 0.2) < 1e-6)
        #expect(abs(blurred[14, 10] - 0.04 * 0.2) < 1e-6)
        #expect(blurred[15, 10] == 0 && blurred[10, 5] == 0)
        #expect(abs(blurred.values.reduce(0, +) - 1) < 1e-5)
    }

    @Test func aWeightedBlurIgnoresZeroWeightPixels() {
        var plane = FloatPlane(width: 12, height: 8, fill: 0)
        var weight = FloatPlane(width: 12, height: 8, fill: 0)
        for y in 0..<8 { for x in 0..<6 { plane[x, y] = 100; weight[x, y] = 1 } }
        let blurred = BoxBlur.weighted(plane, weight: weight, radius: 2)
        // Next to the edge of the weighted half the mean is still 100, not pulled towards the 0s.
        for y in 0..<8 { for x in 0..<10 { #expect(abs(blurred[x, y] - 100) < 1e-3) } }
        // Two passes reach 2 × radius; beyond that nothing carries weight.
        #expect(blurred[10, 4] == 0 && blurred[11, 4] == 0)
    }
}
