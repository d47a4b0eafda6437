import Testing

@testable import MediaIO

/// The rate a clip was shot at, from its frames' times.
@Suite struct BaseFrameRateTests {
    @Test func aConstantClipKeepsItsRate() {
        let times = (0..<100).map { Double($0) * 1001 / 30000 }
        #expect(BaseFrameRate.estimate(times: times, average: Rational(30000, 1001)) == Rational(30000, 1001))
    }

    @Test func aClipWithAGapIsAtTheRateOfItsFrames() {
        // 30 fps, frames 30...49 missing: the average is 70/3.
        let times = (0..<90).filter { !(30...49).contains($0) }.map { Double($0) / 30 }
        #expect(BaseFrameRate.estimate(times: times, average: Rational(70, 3)) == Rational(30, 1))
    }

    @Test func ntscRatesAreToldFromWholeOnes() {
        let times = (0..<90).filter { !(30...49).contains($0) }.map { Double($0) * 1001 / 30000 }
        #expect(BaseFrameRate.estimate(times: times, average: Rational(23, 1)) == Rational(30000, 1001))
    }

    @Test func intervalsOfNoCameraRateKeepTheAverage() {
        let times = (0..<50).map { Double($0) / 37.3 }
        #expect(BaseFrameRate.estimate(times: times, average: Rational(30, 1)) == Rational(30, 1))
    }

    @Test func tooFewOrUnorderedTimesKeepTheAverage() {
        #expect(BaseFrameRate.estimate(times: [], average: Rational(25, 1)) == Rational(25, 1))
        #expect(BaseFrameRate.estimate(times: [0.5], average: Rational(25, 1)) == Rational(25, 1))
        #expect(BaseFrameRate.estimate(times: [0.3, 0.2, 0.1], average: Rational(25, 1)) == Rational(25, 1))
    }
}
