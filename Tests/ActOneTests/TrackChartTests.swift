import Imaging
import Motion
import Testing

@testable import ActOne

@Suite struct TrackChartTests {
    typealias S = SyntheticTrack

    /// 2 s at 30 fps; no face on frames 20…29 (0.667–1 s); yaw 10°, jawOpen 0.8 throughout.
    static let metadata = S.metadata(frames: 60)
    static let frames = (0..<60).map { i in
        S.frame(i, found: !(20..<30).contains(i), yaw: 10, shapes: [.jawOpen: 0.8, .browInnerUp: 0.3])
    }
    static let image = TrackChart.render(metadata: metadata, frames: frames)

    private func count(_ color: RGB, in image: RGBImage, xs: ClosedRange<Int>? = nil, ys: ClosedRange<Int>? = nil) -> Int {
        var n = 0
        for y in ys ?? 0...(image.height - 1) {
            for x in xs ?? 0...(image.width - 1) where image[x, y] == color { n += 1 }
        }
        return n
    }

    /// Whether `color` is within 2 pixels of (x, y).
    private func near(_ color: RGB, _ x: Float, _ y: Float, in image: RGBImage) -> Bool {
        let cx = Int(x.rounded()), cy = Int(y.rounded())
        return count(color, in: image, xs: (cx - 2)...(cx + 2), ys: (cy - 2)...(cy + 2)) > 0
    }

    @Test func sizeAndLegend() {
        #expect(Self.image.width == 1200 && Self.image.height == 800)
        // Every legend swatch (24×12) is there in its series' colour, and the no-face swatch too.
        for signal in TrackChart.headSignals + TrackChart.expressionSignals {
            #expect(count(signal.color, in: Self.image) >= 24 * 12, "no \(signal.name) swatch")
        }
        #expect(count(ChartPanel.shade, in: Self.image, xs: 950...1199) >= 2 * 22 * 10)
    }

    @Test func linesAreWhereTheValuesAre() {
        let (head, expressions) = TrackChart.panels(metadata: Self.metadata, frames: Self.frames)
        let yaw = TrackChart.headSignals[0].color, jaw = TrackChart.expressionSignals[0].color
        let brow = TrackChart.expressionSignals[5].color
        #expect(near(yaw, head.x(0.3), head.y(10), in: Self.image))
        #expect(!near(yaw, head.x(0.3), head.y(0), in: Self.image))
        #expect(near(jaw, expressions.x(1.5), expressions.y(0.8), in: Self.image))
        #expect(near(brow, expressions.x(1.5), expressions.y(0.3), in: Self.image))
        // Both panels share the time axis and the angles' axis reaches past 10°.
        #expect(head.x(1.2) == expressions.x(1.2) && head.value.range.upperBound >= 10)
    }

    @Test func framesWithoutAFaceAreShadedAndBreakTheLines() {
        let (head, expressions) = TrackChart.panels(metadata: Self.metadata, frames: Self.frames)
        let ys = head.plotArea.minY...(head.plotArea.maxY - 1)
        let inGap = Int(head.x(0.85).rounded()), beforeGap = Int(head.x(0.3).rounded())
        // Most of the column in the gap is shade (grid lines and nothing else cross it).
        #expect(count(ChartPanel.shade, in: Self.image, xs: inGap...inGap, ys: ys) > head.plotArea.height * 3 / 4)
        #expect(count(ChartPanel.shade, in: Self.image, xs: beforeGap...beforeGap, ys: ys) == 0)
        let gap = Int(expressions.x(0.72).rounded())...Int(expressions.x(0.95).rounded())
        let jaw = TrackChart.expressionSignals[0].color
        #expect(count(jaw, in: Self.image, xs: gap, ys: expressions.plotArea.minY...(expressions.plotArea.maxY - 1)) == 0)
    }

    @Test func shadedSpansMergeConsecutiveFrames() {
        let spans = TrackChart.faceless(Self.frames, frameDuration: 1.0 / 30)
        #expect(spans.count == 1)
        #expect(abs(spans[0].lowerBound - 20.0 / 30) < 1e-9 && abs(spans[0].upperBound - 1) < 1e-9)
    }
}
