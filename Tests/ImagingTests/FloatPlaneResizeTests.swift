import Testing

@testable import Imaging

@Suite struct FloatPlaneResizeTests {
    @Test("doubling: output centres fall a quarter pixel either side of the input's, the ends clamp")
    func enlargingByTwo() {
        // Output x = 0...3 sits at input (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25.
        let row = FloatPlane(width: 2, height: 1, values: [0, 1]).resizedBilinear(width: 4, height: 1)
        #expect(row.values == [0, 0.25, 0.75, 1])
    }

    @Test("halving reads the midpoint of each pair, not an average over a wider area")
    func shrinkingByTwo() {
        let row = FloatPlane(width: 4, height: 1, values: [0, 2, 10, 30]).resizedBilinear(width: 2, height: 1)
        #expect(row.values == [1, 20])
        // By four, still two taps: output 0 sits at input 1.5 (between 8 and 4), not the mean of 0...3.
        let wide = FloatPlane(width: 8, height: 1, values: [0, 8, 4, 100, 0, 0, 0, 0]).resizedBilinear(width: 2, height: 1)
        #expect(wide.values[0] == 6)
    }

    @Test("both axes: rows first, then columns, hand-computed on a 2x2")
    func bothAxes() {
        // 0 4 / 8 12 to 4x4: columns interpolate as above, then rows.
        let plane = FloatPlane(width: 2, height: 2, values: [0, 4, 8, 12]).resizedBilinear(width: 4, height: 4)
        #expect(
            plane.values == [
                0, 1, 3, 4,
                2, 3, 5, 6,
                6, 7, 9, 10,
                8, 9, 11, 12,
            ])
    }

    @Test("the same size is the same plane; an empty size is an empty plane")
    func identityAndEmpty() {
        let plane = FloatPlane(width: 3, height: 2, values: [1, 2, 3, 4, 5, 6])
        #expect(plane.resizedBilinear(width: 3, height: 2) == plane)
        #expect(plane.resizedBilinear(width: 0, height: 5).values.isEmpty)
        #expect(FloatPlane(width: 0, height: 0).resizedBilinear(width: 2, height: 2).values == [0, 0, 0, 0])
    }

    @Test("a constant plane stays constant at any size, and values stay within the input's range")
    func constantsAndRange() {
        let constant = FloatPlane(width: 5, height: 3, fill: 0.625).resizedBilinear(width: 17, height: 11)
        #expect(constant.values.allSatisfy { $0 == 0.625 })
        let ramp = FloatPlane(width: 7, height: 5, values: (0..<35).map { Float($0) / 34 })
        let resized = ramp.resizedBilinear(width: 23, height: 3)
        #expect(resized.width == 23 && resized.height == 3)
        #expect(resized.values.allSatisfy { $0 >= 0 && $0 <= 1 })
    }
}
