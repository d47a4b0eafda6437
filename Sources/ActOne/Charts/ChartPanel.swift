import Imaging

/// One signal in a chart panel: a named, coloured line through (time, value) samples; a nil value
/// (a frame without a face) breaks the line.
struct ChartSeries {
    var name: String
    var color: RGB
    var samples: [(time: Double, value: Double?)]
}

/// A time chart drawn with the project's own raster primitives: a plot area with grid lines, tick
/// labels on both axes, axis titles, shaded time spans, lines for each series and a legend to the
/// right of the plot area.
struct ChartPanel {
    /// Where the data goes, in image pixels; labels and the legend are drawn around it.
    var plotArea: IntRect
    var time: AxisTicks
    var value: AxisTicks
    /// Drawn above the plot area's top-left corner, e.g. "head rotation (degrees)".
    var valueTitle: String
    var timeTitle = "time (s)"

    static let textScale = 2
    static let lineThickness: Float = 2
    static let ink = RGB(40, 40, 40)
    static let grid = RGB(0, 0, 0)
    static let gridOpacity: Float = 0.1
    static let shade = RGB(222, 222, 222)
    /// Room the legend needs to the right of the plot area.
    static let legendWidth = 220
    static let legendSwatch = IntSize(width: 24, height: 12)
    /// Below the plot area, clear of the lowest value label (centred on the bottom edge) at the left.
    static let timeLabelGap = 12

    /// The horizontal pixel position of `t` seconds (pixel centres, so it can be drawn at directly).
    func x(_ t: Double) -> Float {
        let span = time.range.upperBound - time.range.lowerBound
        return Float(plotArea.minX) + Float((t - time.range.lowerBound) / span) * Float(plotArea.width - 1)
    }

    /// The vertical pixel position of `v`: the top of the plot area is the largest value.
    func y(_ v: Double) -> Float {
        let span = value.range.upperBound - value.range.lowerBound
        return Float(plotArea.maxY - 1) - Float((v - value.range.lowerBound) / span) * Float(plotArea.height - 1)
    }

    /// Draws everything; `shaded` spans (seconds) are greyed and listed in the legend as `shadeLabel`.
    func draw(on image: inout RGBImage, series: [ChartSeries], shaded: [ClosedRange<Double>], shadeLabel: String) {
        let s = Self.textScale
        let glyph = RGBImage.measureText("0", scale: s)
        image.fillRect(plotArea, color: .white)
        for span in shaded {
            let left = Int(x(span.lowerBound).rounded(.down)), right = Int(x(span.upperBound).rounded(.up))
            image.fillRect(
                IntRect(x: left, y: plotArea.minY, width: max(1, right - left), height: plotArea.height),
                color: Self.shade)
        }
        // Grid lines and tick labels: values left of the plot, times below it.
        for v in value.values {
            let py = Int(y(v).rounded())
            image.fillRect(IntRect(x: plotArea.minX, y: py, width: plotArea.width, height: 1), color: Self.grid, opacity: Self.gridOpacity)
            let label = value.label(v)
            let size = RGBImage.measureText(label, scale: s)
            image.drawText(label, x: plotArea.minX - 8 - size.width, y: py - size.height / 2, color: Self.ink, scale: s)
        }
        for t in time.values {
            let px = Int(x(t).rounded())
            image.fillRect(IntRect(x: px, y: plotArea.minY, width: 1, height: plotArea.height), color: Self.grid, opacity: Self.gridOpacity)
            let label = time.label(t)
            let size = RGBImage.measureText(label, scale: s)
            image.drawText(label, x: px - size.width / 2, y: plotArea.maxY + Self.timeLabelGap, color: Self.ink, scale: s)
        }
        for line in series { plot(line, on: &image) }
        image.strokeRect(plotArea.grown(by: 1), color: Self.ink)  // the frame just outside the data

        image.drawText(valueTitle, x: plotArea.minX, y: plotArea.minY - glyph.height - 8, color: Self.ink, scale: s)
        let timeTitleSize = RGBImage.measureText(timeTitle, scale: s)
        image.drawText(
            timeTitle, x: plotArea.minX + (plotArea.width - timeTitleSize.width) / 2,
            y: plotArea.maxY + Self.timeLabelGap + glyph.height + 6, color: Self.ink, scale: s)

        var entries = series.map { (name: $0.name, color: $0.color) }
        if !shaded.isEmpty { entries.append((shadeLabel, Self.shade)) }
        drawLegend(entries, on: &image)
    }

    /// The series as polylines, one per run of samples with values.
    private func plot(_ line: ChartSeries, on image: inout RGBImage) {
        var run: [Point2] = []
        func flush() {
            if run.count == 1 {
                image.fillCircle(center: run[0], radius: Self.lineThickness, color: line.color)
            } else if run.count > 1 {
                image.drawPolyline(run, color: line.color, thickness: Self.lineThickness)
            }
            run.removeAll(keepingCapacity: true)
        }
        for sample in line.samples {
            if let v = sample.value { run.append(Point2(x(sample.time), y(v))) } else { flush() }
        }
        flush()
    }

    /// A colour swatch and the name of each entry, one per line, right of the plot area.
    private func drawLegend(_ entries: [(name: String, color: RGB)], on image: inout RGBImage) {
        let s = Self.textScale
        let lineHeight = RGBImage.measureText("0", scale: s).height + 10
        let left = plotArea.maxX + 20
        for (k, entry) in entries.enumerated() {
            let top = plotArea.minY + k * lineHeight
            let swatch = IntRect(
                x: left, y: top + (lineHeight - 10 - Self.legendSwatch.height) / 2,
                width: Self.legendSwatch.width, height: Self.legendSwatch.height)
            image.fillRect(swatch, color: entry.color)
            if entry.color == Self.shade { image.strokeRect(swatch, color: Self.ink) }
            image.drawText(entry.name, x: swatch.maxX + 8, y: top, color: Self.ink, scale: s)
        }
    }
}

private extension IntRect {
    /// The rectangle grown by `amount` pixels on every side.
    func grown(by amount: Int) -> IntRect {
        IntRect(x: x - amount, y: y - amount, width: width + 2 * amount, height: height + 2 * amount)
    }
}
