import Testing

@testable import ActOne

@Suite struct AxisTicksTests {
    @Test func weightsGetTenthsInSteps() {
        let ticks = AxisTicks(covering: 0...1, target: 5)
        #expect(ticks.range == 0...1 && ticks.step == 0.2)
        #expect(ticks.values.map(ticks.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    @Test func rangesWidenToWholeSteps() {
        let angles = AxisTicks(covering: -5.4...1.4, target: 6)
        #expect(angles.step == 2 && angles.range == -6...2)
        #expect(angles.values.map(angles.label) == ["-6", "-4", "-2", "0", "2"])
        let time = AxisTicks(covering: 0...4, target: 10)
        #expect(time.step == 0.5 && time.range == 0...4 && time.values.count == 9)
        let short = AxisTicks(covering: 0...0.5, target: 10)
        #expect(short.step == 0.05 && short.label(0.35) == "0.35")
    }

    @Test func aConstantSignalStillGetsAnAxis() {
        let ticks = AxisTicks(covering: 3...3)
        #expect(ticks.range.lowerBound <= 2 && ticks.range.upperBound >= 4 && ticks.values.count >= 2)
    }

    @Test func zeroNeverPrintsWithASign() {
        let ticks = AxisTicks(covering: -0.3...0.3, target: 6)
        #expect(ticks.values.map(ticks.label).contains("0.0"))
        #expect(!ticks.values.map(ticks.label).contains("-0.0"))
    }
}
