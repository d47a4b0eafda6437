import FaceGeometry
import Imaging
import Motion
import Testing

@testable import Rendering

/// A still that shows its mouth open keeps its own teeth as the mouth opens further: the upper
/// teeth stay their own height under the upper lip, and the dark opens below them.
@Suite struct OpenMouthInteriorTests {
    /// The synthetic face with its lips 10 px apart: a 4 px row of white teeth under the upper
    /// lip, a 3 px row over the lower, and dark grey between.
    static let teethRows = 4
    static let lowerTeethRows = 3
    static func openStill() -> (landmarks: [LandmarkPoint], image: RGBImage) {
        var landmarks = SyntheticFace.landmarks()
        for i in FaceIndex.innerLips[11...19] { landmarks[i].y += 10 }
        var image = SyntheticFace.image(landmarks)
        let points = landmarks.map(\.xy)
        let opening = FaceIndex.innerLips.map { points[$0] }
        let frame = MouthRenderer.MouthFrame(points[FaceIndex.innerMouthCorners.right], points[FaceIndex.innerMouthCorners.left])
        let (upper, lower) = MouthRenderer.lipCurves(points, frame: frame)
        for y in 0..<image.height {
            for x in 0..<image.width where SyntheticFace.contains(opening, Point2(Float(x), Float(y))) {
                let p = frame.local(Point2(Float(x), Float(y)))
                let belowLip = p.y - MouthRenderer.height(of: upper, at: p.x)
                let aboveLip = MouthRenderer.height(of: lower, at: p.x) - p.y
                let teeth = belowLip < Float(teethRows) || aboveLip < Float(lowerTeethRows)
                image[x, y] = teeth ? RGB(245, 245, 240) : RGB(50, 40, 40)
            }
        }
        return (landmarks, image)
    }

    /// The rows of white teeth in the mouth's middle column, under the upper lip and over the
    /// lower, and whether the rows between them are dark.
    static func teeth(in image: RGBImage, points: [Point2]) -> (upper: Int, lower: Int, darkBetween: Bool) {
        let top = points[FaceIndex.upperLipInner], bottom = points[FaceIndex.lowerLipInner]
        let x = Int(((top.x + bottom.x) / 2).rounded())
        let rows = (Int(top.y.rounded(.up))..<Int(bottom.y)).map { y in
            let c = image[x, y]
            return (Int(c.r) * 299 + Int(c.g) * 587 + Int(c.b) * 114) / 1000
        }
        let upper = rows.prefix { $0 > 200 }.count
        let lower = rows.reversed().prefix { $0 > 200 }.count
        let between = rows.dropFirst(upper + 1).dropLast(lower + 1)
        return (upper, lower, !between.isEmpty && between.allSatisfy { $0 < 90 })
    }

    @Test func theStillsTeethKeepTheirHeightAsTheMouthOpensFurther() {
        let (landmarks, image) = Self.openStill()
        let face = CharacterFace(landmarks: landmarks)
        let renderer = FaceRenderer(image: image, face: face)
        #expect(renderer.stillMouthOpen)
        var wider = landmarks
        for i in FaceIndex.innerLips[11...19] { wider[i].y += 14 }
        let out = renderer.render(RetargetedFace(landmarks: wider, transform: face.transform))
        let teeth = Self.teeth(in: out, points: wider.map(\.xy))
        // Stretched with the gap (24 px against 10), the lower row would be about 7 px tall.
        #expect(abs(teeth.upper - Self.teethRows) <= 1, "upper teeth \(teeth.upper) px")
        #expect(abs(teeth.lower - Self.lowerTeethRows) <= 1, "lower teeth \(teeth.lower) px")
        #expect(teeth.darkBetween)
    }

    @Test func aClosingMouthBringsTheTeethTogetherWithoutAStretch() {
        let (landmarks, image) = Self.openStill()
        let face = CharacterFace(landmarks: landmarks)
        let renderer = FaceRenderer(image: image, face: face)
        let same = renderer.render(RetargetedFace(landmarks: landmarks, transform: face.transform))
        // At the still's own opening the interior is the still's own.
        #expect(ImageMetrics.psnr(same, image) > 40)
        var narrower = landmarks
        for i in FaceIndex.innerLips[11...19] { narrower[i].y -= 4 }
        let out = renderer.render(RetargetedFace(landmarks: narrower, transform: face.transform))
        // 6 px left: the upper teeth keep their 4 rows, the lower show 2, nothing squeezed.
        let teeth = Self.teeth(in: out, points: narrower.map(\.xy))
        #expect(abs(teeth.upper - Self.teethRows) <= 1, "upper teeth \(teeth.upper) px")
        #expect(teeth.upper + teeth.lower >= 5, "teeth \(teeth) px")
    }

    @Test func aTargetPointTakesTheStillsRowByItsDistanceFromTheNearerLip() {
        // A straight 40 px mouth, lips 10 px apart in the still; the target is twice as large.
        var points = [Point2](repeating: Point2(0, 0), count: 478)
        let contour = FaceIndex.innerLips
        for (k, i) in contour[0...10].enumerated() { points[i] = Point2(Float(k) * 4, 0) }
        for (k, i) in contour[10...].enumerated() { points[i] = Point2(40 - Float(k) * 4, 10) }
        points[contour[10]] = Point2(40, 5)
        points[contour[0]] = Point2(0, 5)
        let interior = OpenMouthInterior(
            stillPoints: points,
            palette: CharacterPalette(lips: FloatRGB(150, 60, 70), sclera: FloatRGB(230, 230, 225), skin: FloatRGB(200, 160, 140)))
        // 2 target px below the upper lip, at half scale: 1 still px below it.
        guard case .still(let a) = interior.source(u: 40, fromUpper: 2, fromLower: 30, scale: 0.5) else {
            Issue.record("expected the still's pixel")
            return
        }
        #expect(abs(a.x - 20) < 1e-3)
        #expect(abs(a.y - (interior.frame.origin.y + MouthRenderer.height(of: interior.upper, at: 20) + 1)) < 1e-3)
        // 20 target px from each lip, 10 still px: past the still's half-gap, in the cavity.
        guard case .cavity(let depth, let into, _) = interior.source(u: 40, fromUpper: 20, fromLower: 20, scale: 0.5) else {
            Issue.record("expected the cavity")
            return
        }
        #expect(abs(depth - 0.5) < 1e-3)
        #expect(into == 1)
    }
}

/// The drawn interior: teeth of their own sizes with gaps, and the picture's grain.
@Suite struct SyntheticMouthTests {
    @Test func teethNarrowTowardsTheCornersAsTheArchTurnsAway() {
        // Width of each tooth across the mouth, from the middle out.
        var widths: [Int: Float] = [:]
        let steps = 2000
        for k in (steps / 2)..<steps {
            let s = Float(k) / Float(steps)
            widths[MouthRenderer.tooth(at: s).index, default: 0] += 1 / Float(steps)
        }
        #expect(widths.count == MouthRenderer.toothHeights.count)
        #expect(widths[0]! > 1.5 * widths[widths.count - 1]!)
        #expect(MouthRenderer.tooth(at: 0.5).index == 0)
        #expect(MouthRenderer.tooth(at: 0.999).index == MouthRenderer.toothHeights.count - 1)
    }

    @Test func theRowOfTeethHasDarkGapsBetweenTeeth() {
        var canvas = RGBImage(width: 256, height: 256, pixels: [UInt8](repeating: 128, count: 256 * 256 * 3))
        var points = SyntheticFace.landmarks(scale: 180).map(\.xy)
        for i in FaceIndex.innerLips[11...19] { points[i].y += 40 }
        let palette = CharacterPalette(lips: FloatRGB(190, 80, 90), sclera: FloatRGB(240, 240, 235), skin: FloatRGB(225, 180, 160))
        MouthRenderer.synthetic(into: &canvas, points: points, palette: palette, opacity: 1)
        // A row through the teeth, a quarter of their height under the upper lip's middle.
        let top = points[FaceIndex.upperLipInner]
        let y = Int(top.y + 3)
        let left = Int(points[FaceIndex.innerMouthCorners.right].x) + 4, right = Int(points[FaceIndex.innerMouthCorners.left].x) - 4
        let row = (left...right).map { Float(canvas[$0, y].g) }
        // Count the gaps: dips of at least 12 % under the brighter of the two sides.
        var gaps = 0, x = 1
        while x < row.count - 1 {
            let before = row[max(0, x - 4)..<x].max()!, after = row[(x + 1)...min(row.count - 1, x + 4)].max()!
            if row[x] < 0.88 * min(before, after), row[x] <= row[x - 1], row[x] <= row[x + 1] {
                gaps += 1
                x += 3
            } else {
                x += 1
            }
        }
        #expect(gaps >= 6, "gaps \(gaps)")
    }

    /// The middle column of a drawn mouth whose lips are `gap` px apart, from the upper inner lip
    /// down to the lower: each pixel's green level.
    static func middleColumn(gap: Float, palette: CharacterPalette) -> [Float] {
        var canvas = RGBImage(width: 256, height: 256, pixels: [UInt8](repeating: 128, count: 256 * 256 * 3))
        var points = SyntheticFace.landmarks(scale: 180).map(\.xy)
        let top = points[FaceIndex.upperLipInner].y
        for i in FaceIndex.innerLips[11...19] { points[i].y = max(points[i].y, top) + gap }
        MouthRenderer.synthetic(into: &canvas, points: points, palette: palette, opacity: 1)
        let x = Int(points[FaceIndex.upperLipInner].x.rounded())
        let y0 = Int(top.rounded()) + 1, y1 = Int(points[FaceIndex.lowerLipInner].y.rounded()) - 1
        return (y0...y1).map { Float(canvas[x, $0].g) }
    }

    static let palette = CharacterPalette(lips: FloatRGB(190, 80, 90), sclera: FloatRGB(240, 240, 235), skin: FloatRGB(225, 180, 160))

    @Test func aSmileThatPartsTheLipsALittleShowsMostlyTeeth() {
        // The synthetic mouth is about 60 px wide inside: lips 10 px apart, as in a grin.
        let column = Self.middleColumn(gap: 10, palette: Self.palette)
        let bright = column.filter { $0 > 120 }.count
        #expect(Double(bright) >= 0.6 * Double(column.count), "teeth \(bright) of \(column.count) px: \(column)")
    }

    @Test func aDroppedJawShowsBothRowsWithTheDarkBetween() {
        // From the top: bright upper teeth, then a run of dark, then the lower teeth's tops.
        let column = Self.middleColumn(gap: 34, palette: Self.palette)
        let dark = column.indices.filter { column[$0] < 40 }
        #expect(dark.count >= 4, "no cavity: \(column)")
        guard let first = dark.first, let last = dark.last else { return }
        #expect(column[..<first].max() ?? 0 > 150, "upper teeth: \(column)")
        #expect(column[(last + 1)...].max() ?? 0 > 90, "lower teeth: \(column)")
        #expect(last - first + 1 == dark.count, "one dark run: \(column)")
    }

    @Test func teethAreNeverDarkerThanTheSkinEvenWhenTheWhitesReadGrey() {
        // Narrow, hooded eyes: the whites sampled between the lids are grey.
        let palette = CharacterPalette(lips: FloatRGB(190, 110, 110), sclera: FloatRGB(150, 140, 140), skin: FloatRGB(220, 170, 150))
        #expect(luma(palette.teeth) >= 1.1 * luma(palette.skin) - 0.01)
        // Bright whites are kept as they are.
        #expect(Self.palette.teeth == mix(Self.palette.sclera, Self.palette.skin, 0.15))
    }

    @Test func grainIsMeasuredFromTheCheeksAndZeroOnAFlatPicture() {
        let landmarks = SyntheticFace.landmarks()
        let face = CharacterFace(landmarks: landmarks)
        var flat = RGBImage(width: 256, height: 256, pixels: [UInt8](repeating: 150, count: 256 * 256 * 3))
        #expect(CharacterPalette(image: flat, face: face).grain == 0)
        // Nearly Gaussian noise of deviation 6 levels (three uniform draws summed).
        for y in 0..<256 {
            for x in 0..<256 {
                let n = (grainNoise(x &* 7 &+ 3, y) + grainNoise(x, y &* 5 &+ 1) + grainNoise(x &+ 911, y &+ 577)) / Float(3).squareRoot()
                let v = UInt8((150 + 6 * n).rounded())
                flat[x, y] = RGB(v, v, v)
            }
        }
        let grain = CharacterPalette(image: flat, face: face).grain
        #expect(abs(grain - 6) < 1.5, "grain \(grain)")
    }
}
