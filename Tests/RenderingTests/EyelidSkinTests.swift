import FaceGeometry
import Imaging
import Motion
import Testing

@testable import Rendering

/// A shut eye is drawn as lid skin with a lash line, not as the open eye squeezed into a slit.
@Suite struct EyelidSkinTests {
    let landmarks = SyntheticFace.landmarks()

    /// The synthetic face with a dark band of lashes and lid-fold shadow above each eye, as a
    /// real open eye has: squeezing the eye shut by warping alone would stretch that band over
    /// the whole closed eye.
    var image: RGBImage {
        var image = SyntheticFace.image(landmarks)
        let xy = landmarks.map(\.xy)
        for eye in FaceIndex.eyes {
            let band = [eye.outerCorner] + eye.upperRing + [eye.innerCorner] + eye.upperLid.reversed()
            let mask = CoverageMask(polygon: band.map { xy[$0] }, width: image.width, height: image.height)
            for y in mask.rect.y..<(mask.rect.y + mask.rect.height) {
                for x in mask.rect.x..<(mask.rect.x + mask.rect.width) where mask[x, y] > 0.5 { image[x, y] = RGB(40, 30, 30) }
            }
        }
        return image
    }

    func closing(by fraction: Float) -> [LandmarkPoint] {
        var points = landmarks
        for eye in FaceIndex.eyes {
            for (u, l) in zip(eye.upperLid, eye.lowerLid) {
                points[u].x += (points[l].x - points[u].x) * fraction
                points[u].y += (points[l].y - points[u].y) * fraction
            }
        }
        return points
    }

    @Test func aShutEyeShowsLidSkinAndALashLine() {
        let still = image
        let face = CharacterFace(landmarks: landmarks)
        let renderer = FaceRenderer(image: still, face: face)
        let frame = Retargeter(character: face, driverReference: landmarks).retarget(closing(by: 1))
        let out = renderer.render(frame)
        let skin = FloatRGB(225, 180, 160)
        for eye in FaceIndex.eyes {
            // Over the still's dark band above the eye and its opening, the shut lid:
            // skin-coloured on average away from the lash line and its shadow (together about a
            // quarter of the eye's width above the lids' meeting line, once the lid is stretched
            // down).
            let band = [eye.outerCorner] + eye.upperRing + [eye.innerCorner] + eye.lowerLid.reversed()
            let opening = CoverageMask(polygon: band.map { landmarks[$0].xy }, width: out.width, height: out.height)
            let shutLid = ([eye.outerCorner] + eye.upperLid + [eye.innerCorner]).map { frame.landmarks[$0].xy }
            let clear = 0.25 * landmarks[eye.outerCorner].xy.distance(to: landmarks[eye.innerCorner].xy)
            var sum: Float = 0, n: Float = 0
            for y in opening.rect.y..<(opening.rect.y + opening.rect.height) {
                for x in opening.rect.x..<(opening.rect.x + opening.rect.width)
                where opening[x, y] > 0.99 && EyelidSkin.distance(Point2(Float(x), Float(y)), polyline: shutLid) > clear {
                    sum += luma(CharacterPalette.colour(out[x, y]))
                    n += 1
                }
            }
            #expect(n > 20, "\(n) pixels")
            #expect(sum / n > luma(skin) - 45, "mean luma \(sum / n) over the shut eye; skin \(luma(skin))")
            // Where the lids meet: a dark lash line.
            let meet = frame.landmarks[eye.upperLid[3]].xy
            let darkest = (-3...3).map { luma(CharacterPalette.colour(out[Int(meet.x), Int(meet.y) + $0])) }.min()!
            #expect(darkest < luma(skin) - 60, "darkest \(darkest) at the lids' meeting line")
        }
    }

    @Test func aHalfClosedEyeIsOnlyWarped() {
        #expect(EyelidSkin.opacity(closure: 0.3) == 0)
        #expect(EyelidSkin.opacity(closure: EyelidSkin.fadeEnd) == 1)
        let still = image
        let face = CharacterFace(landmarks: landmarks)
        let renderer = FaceRenderer(image: still, face: face)
        let geometry = renderer.geometry(for: Retargeter(character: face, driverReference: landmarks).retarget(closing(by: 0.3)))
        var warped = renderer.texture
        MeshWarp.draw(
            source: renderer.texture, sourcePoints: renderer.rig.points, targetPoints: geometry.vertices,
            triangles: geometry.order, into: &warped, skipUnmoved: true)
        var lidded = warped
        renderer.lids.draw(
            into: &lidded, sourcePoints: renderer.rig.points, vertices: geometry.vertices,
            points: geometry.points, headScale: geometry.headScale)
        #expect(lidded == warped)
    }

    /// The shut lid's fill is spanned by the pixels around the eye: it meets them without an edge
    /// and runs smoothly between the skin above and the skin below.
    @Test func theFillIsASmoothSurfaceOverTheSkinAroundIt() {
        var image = RGBImage(width: 80, height: 60)
        for y in 0..<60 {
            for x in 0..<80 { image[x, y] = RGB(UInt8(40 + 3 * y), 120, 90) }
        }
        // Something dark where the eye is, which the fill must not show.
        let eye = [Point2(18, 30), Point2(26, 22), Point2(54, 22), Point2(62, 30), Point2(54, 38), Point2(26, 38)]
        let area = CoverageMask(polygon: eye, width: 80, height: 60)
        for y in area.rect.y..<(area.rect.y + area.rect.height) {
            for x in area.rect.x..<(area.rect.x + area.rect.width) where area[x, y] > 0 { image[x, y] = RGB(10, 10, 10) }
        }
        let fill = EyelidSkin.membrane(image, over: area)
        func at(_ x: Int, _ y: Int) -> FloatRGB { fill[y - area.rect.y][x - area.rect.x] }
        // Brighter going down, as the skin around it is, and between the rows above and below.
        #expect(at(40, 24).r < at(40, 30).r && at(40, 30).r < at(40, 36).r)
        #expect(at(40, 30).r > 40 + 3 * 21 && at(40, 30).r < 40 + 3 * 39)
        #expect(abs(at(40, 30).g - 120) < 2 && abs(at(40, 30).b - 90) < 2)
        // At the area's edge, within a few levels of the skin just outside.
        #expect(abs(at(40, 22).r - Float(40 + 3 * 21)) < 12, "top edge \(at(40, 22).r)")
        #expect(abs(at(40, 37).r - Float(40 + 3 * 38)) < 12, "bottom edge \(at(40, 37).r)")
    }

    @Test func aBrowAboveTheLidDoesNotColourIt() {
        // Skin (200, 160, 140) with a dark brow (45, 35, 30) down to the area's top edge, as a
        // low or bushy brow is: the fill stays skin, not a brown block.
        var image = RGBImage(width: 80, height: 60)
        for y in 0..<60 {
            for x in 0..<80 { image[x, y] = y < 23 ? RGB(45, 35, 30) : RGB(200, 160, 140) }
        }
        let eye = [Point2(18, 30), Point2(26, 22), Point2(54, 22), Point2(62, 30), Point2(54, 38), Point2(26, 38)]
        let area = CoverageMask(polygon: eye, width: 80, height: 60)
        let fill = EyelidSkin.membrane(image, over: area)
        for (x, y) in [(40, 24), (40, 30), (30, 30)] {
            let c = fill[y - area.rect.y][x - area.rect.x]
            #expect(abs(c.r - 200) < 10 && abs(c.g - 160) < 10, "(\(x), \(y)): \(c)")
        }
    }

    /// The lash line is a crescent lying just above the lid's edge: thickest at the middle,
    /// thinner towards the corners, and not reaching far into the opening below the edge.
    @Test func theLashLineIsACrescentAboveTheLidsEdge() {
        let half: Float = 4
        #expect(EyelidSkin.lashCover(aboveLid: half / 2, along: 0.5, half: half) == 1)
        #expect(EyelidSkin.lashCover(aboveLid: -half, along: 0.5, half: half) < 0.5)
        #expect(EyelidSkin.lashCover(aboveLid: 1.5 * half + 1, along: 0.5, half: half) == 0)
        let thickness = { (along: Float) in
            stride(from: Float(-10), through: 10, by: 0.1).map { EyelidSkin.lashCover(aboveLid: $0, along: along, half: half) }
                .reduce(0, +) * 0.1
        }
        #expect(thickness(0.5) > 2 * thickness(0.02))
        #expect(abs(thickness(0.3) - thickness(0.7)) < 1e-3)
    }

    @Test func nearestSaysHowFarAlongThePolyline() {
        let line = [Point2(0, 0), Point2(10, 0), Point2(30, 0)]
        let (d, along) = EyelidSkin.nearest(Point2(20, 3), polyline: line)
        #expect(abs(d - 3) < 1e-4 && abs(along - 2.0 / 3) < 1e-4)
        #expect(EyelidSkin.nearest(Point2(-5, 0), polyline: line).along == 0)
    }
    /// The closed texture is not darkened along the lid's edge: the lashes' shadow is drawn in
    /// the frame with the lash line. Painted here, it lay on the band of lid that a blink
    /// stretches over the whole eye and darkened most of the shut lid.
    @Test func theClosedTextureCarriesNoShadowAlongTheLid() {
        let skin = RGB(200, 160, 140)
        let xy = landmarks.map(\.xy)
        var still = RGBImage(width: 256, height: 256)
        for y in 0..<256 { for x in 0..<256 { still[x, y] = skin } }
        var closed = still
        let palette = CharacterPalette(image: still, face: CharacterFace(landmarks: landmarks))
        for eye in FaceIndex.eyes {
            EyelidSkin.paintClosed(eye, points: xy, from: still, palette: palette, into: &closed)
            // Just above the middle of the upper lid's edge.
            let edge = xy[eye.upperLid[3]], ring = xy[eye.upperRing[3]]
            let above = edge + (ring - edge) * 0.25
            let c = CharacterPalette.colour(closed[Int(above.x.rounded()), Int(above.y.rounded())])
            let k = luma(CharacterPalette.colour(skin))
            #expect(abs(luma(c) - k) < 0.05 * k, "lid \(luma(c)) against skin \(k) just above the edge")
        }
    }
}
