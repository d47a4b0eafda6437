import FaceGeometry
import Imaging
import Motion

/// Shut eyes drawn as lid skin. The warp alone squeezes the still's open eye into a dark slit
/// (lashes, the shadow of the lid fold and the eyeball pressed together), which neither looks nor
/// tracks like a closed eye: the skin that covers a shut eye is hidden in the fold while the eye
/// is open, so the still never shows it. Each eye therefore also gets a closed version, made
/// once: its upper lid, opening and lower rim filled smoothly from the skin around them. As an
/// eye closes past `fadeStart` of its opening, the closed version is warped over it with the
/// same mesh, fully from `fadeEnd` on, and a dark crescent of lashes is drawn along the lid's
/// edge in the frame (`LashLine`).
struct EyelidSkin: Sendable {
    /// Share of the still's lid gap lost where the closed lid starts to show, and where it is opaque.
    static let fadeStart: Float = 0.5, fadeEnd: Float = 0.9
    /// The lash line's thickness at its middle, as a fraction of the eye's width; it thins to
    /// `1 - lashTaper` of that at the corners. dlib reads a shut eye by its lash line: at 4.5 %,
    /// untapered, its upper eye points stayed on the top edge of whatever was darker above it;
    /// at 13.5 % they come down to the line (16 pairs, `docs/render.md`).
    static let lashWidth: Float = 0.135, lashTaper: Float = 0.6
    /// Share of the way from the repainted area's top line down to the lid over which the fill
    /// fades in, so the socket above keeps its own shading.
    static let topFade: Float = 0.35

    struct Eye: Sendable {
        var contour: FaceIndex.Eye
        /// Mean gap of the three middle lid pairs in the still, in pixels.
        var stillGap: Float
        /// The rig triangles over the repainted area: everywhere the closed version may differ.
        var triangles: [IndexTriangle]
        var lashes: LashLine
    }

    /// The warped texture with both eyes shut.
    let closedTexture: RGBImage
    let eyes: [Eye]

    /// - Parameters:
    ///   - texture: what the mesh warps (the still, irises lifted out).
    ///   - points: the still's 478 landmarks in pixels.
    ///   - vertices: the rig's vertices in the still (vertex i is landmark i for i < 468).
    ///   - triangles: the rig's triangles.
    ///   - palette: the character's colours (its grain).
    init(
        texture: RGBImage, points: [Point2], vertices: [Point2], triangles: [IndexTriangle], palette: CharacterPalette
    ) {
        var closed = texture
        eyes = FaceIndex.eyes.map { eye in
            let area = Self.paintClosed(eye, points: points, from: texture, palette: palette, into: &closed)
            let lid = ([eye.outerCorner] + eye.upperLid + [eye.innerCorner]).map { points[$0] }
            let ring = ([eye.outerCorner] + eye.upperRing + [eye.innerCorner]).map { points[$0] }
            let width = points[eye.outerCorner].distance(to: points[eye.innerCorner])
            return Eye(
                contour: eye, stillGap: Self.gap(points, eye),
                triangles: triangles.filter { Self.bounds($0, vertices).intersection(area) != nil },
                lashes: LashLine(colour: Self.lashColour(lid: lid, ring: ring, texture: texture), half: max(0.5, width * Self.lashWidth / 2)))
        }
        closedTexture = closed
    }

    /// A triangle's bounding box, in whole pixels.
    static func bounds(_ t: IndexTriangle, _ v: [Point2]) -> IntRect {
        let xs = [v[t.a].x, v[t.b].x, v[t.c].x], ys = [v[t.a].y, v[t.b].y, v[t.c].y]
        let x0 = Int(xs.min()!.rounded(.down)), y0 = Int(ys.min()!.rounded(.down))
        return IntRect(x: x0, y: y0, width: Int(xs.max()!.rounded(.up)) - x0 + 1, height: Int(ys.max()!.rounded(.up)) - y0 + 1)
    }

    /// Warps the closed eyes over `out` as far as each eye has shut. `sourcePoints`/`vertices`:
    /// the rig's still and target vertices; `points`: the frame's 478 target landmarks.
    func draw(into out: inout RGBImage, sourcePoints: [Point2], vertices: [Point2], points: [Point2], headScale: Float) {
        for eye in eyes {
            let opacity = Self.opacity(closure: 1 - Self.gap(points, eye.contour) / max(eye.stillGap * headScale, 1e-3))
            guard opacity > 0 else { continue }
            MeshWarp.draw(
                source: closedTexture, sourcePoints: sourcePoints, targetPoints: vertices,
                triangles: eye.triangles, into: &out, opacity: opacity)
            let c = eye.contour
            eye.lashes.draw(
                into: &out, lid: ([c.outerCorner] + c.upperLid + [c.innerCorner]).map { points[$0] },
                below: points[c.lowerRing[c.lowerRing.count / 2]], opacity: opacity, scale: headScale)
        }
    }

    static func opacity(closure: Float) -> Float { min(max((closure - fadeStart) / (fadeEnd - fadeStart), 0), 1) }

    static func gap(_ p: [Point2], _ eye: FaceIndex.Eye) -> Float {
        (2...4).map { p[eye.upperLid[$0]].distance(to: p[eye.lowerLid[$0]]) }.reduce(0, +) / 3
    }

    /// Repaints one eye of `closed`: everything from the lower lid's skin ring up to as far again
    /// beyond the upper one (`top`) is filled with a smooth surface spanned by the skin around it
    /// (`membrane`), so no outline of the open eye is left: a flat fill (the socket's median
    /// shade, before) was a dark almond with the lash line through it, which dlib read as an
    /// open eye. The fill fades in from the top line and carries the picture's grain. Returns
    /// the pixels it may have changed.
    @discardableResult
    static func paintClosed(
        _ eye: FaceIndex.Eye, points p: [Point2], from texture: RGBImage, palette: CharacterPalette, into closed: inout RGBImage
    ) -> IntRect {
        let width = p[eye.outerCorner].distance(to: p[eye.innerCorner])
        guard width >= 2 else { return IntRect(x: 0, y: 0, width: 0, height: 0) }
        let lid = ([eye.outerCorner] + eye.upperLid + [eye.innerCorner]).map { p[$0] }
        let top = [p[eye.outerCorner]] + zip(eye.upperRing, eye.upperLid).map { p[$0] + (p[$0] - p[$1]) } + [p[eye.innerCorner]]
        let lowLid = ([eye.outerCorner] + eye.lowerLid + [eye.innerCorner]).map { p[$0] }
        let lowRing = ([eye.outerCorner] + eye.lowerRing + [eye.innerCorner]).map { p[$0] }
        let size = (width: texture.width, height: texture.height)
        let area = CoverageMask(polygon: top + lowRing.reversed(), width: size.width, height: size.height)
        let opening = CoverageMask(polygon: eye.opening.map { p[$0] }, width: size.width, height: size.height)
        let skin = membrane(texture, over: area)
        for y in area.rect.y..<(area.rect.y + area.rect.height) {
            for x in area.rect.x..<(area.rect.x + area.rect.width) {
                let coverage = area[x, y]
                guard coverage > 0 else { continue }
                let q = Point2(Float(x), Float(y))
                let toLid = distance(q, polyline: lid)
                let inOpening = opening[x, y] > 0.5
                // The lower rim (under the opening) is all repainted; above the lid, easing in
                // from none at the top line.
                let lowerRim = !inOpening && distance(q, polyline: lowLid) < toLid
                let toTop = distance(q, polyline: top)
                let share = toTop / max(toTop + toLid, 1e-3)
                let u = lowerRim ? 1 : min(max(share / topFade, 0), 1)
                let weight = coverage * max(opening[x, y], u * u * (3 - 2 * u))
                // The lashes' shadow is drawn in the frame with them (`LashLine`): painted here
                // it lay on the band of lid a blink stretches over the whole eye.
                var colour = skin[y - area.rect.y][x - area.rect.x]
                // The picture's own grain, so the lid is not smoother than the skin around it.
                let n = palette.grain * grainNoise(x, y)
                colour = FloatRGB(colour.r + n, colour.g + n, colour.b + n)
                closed[x, y] = mix(CharacterPalette.colour(texture[x, y]), colour, weight).rgb
            }
        }
        return area.rect
    }

    /// The lash line's half-thickness `along` the lid (0 and 1 at the corners, clamped) for a
    /// line `half` thick at its middle: `1 - lashTaper` of that at the corners.
    static func taperedHalf(_ half: Float, along: Float) -> Float {
        let t = min(max(along, 0), 1)
        return half * (1 - lashTaper + lashTaper * 4 * t * (1 - t))
    }

    /// How much of a pixel the lash line covers, from its signed distance above the lid's edge
    /// and where along the lid it lies (0 and 1 at the corners): a crescent, `half` thick on
    /// each side at the middle and thinner towards the corners, centred half its thickness
    /// above the edge. Centred on the edge, its lower half lay in the opening, which the warp
    /// squeezes five-fold, and came out as a hard, stepped edge. Its edges ramp over 2 pixels.
    static func lashCover(aboveLid: Float, along: Float, half lashHalf: Float) -> Float {
        let half = taperedHalf(lashHalf, along: along)
        return min(max((half + 0.75 - abs(aboveLid - half / 2)) / 2, 0), 1)
    }

    /// Pixels around the lid darker than this share of the bright skin beside them
    /// (`skinQuantile` of the lumas just outside the repainted area) are brow hair, lashes,
    /// eyeliner or the shadow under a brow: they do not colour the lid. Spanned by them, the shut
    /// lid came out as a flat brown block under bushy or low brows (hallo_older_man, Frida) and
    /// as a dark stripe on a low-key photo.
    static let darkShare: Float = 0.75, skinQuantile: Float = 0.7

    /// The colours of `area`'s pixels (row by row over `area.rect`) as a smooth surface spanned
    /// by the skin just outside it (`BackgroundFill`'s push-pull; not its dark pixels,
    /// `darkShare`), so a fill in them has no edge against the skin around it, above and below
    /// the eye alike.
    static func membrane(_ texture: RGBImage, over area: CoverageMask) -> [[FloatRGB]] {
        let pad = 2
        let x0 = max(area.rect.x - pad, 0), y0 = max(area.rect.y - pad, 0)
        let x1 = min(area.rect.x + area.rect.width + pad, texture.width)
        let y1 = min(area.rect.y + area.rect.height + pad, texture.height)
        let w = max(x1 - x0, 0), h = max(y1 - y0, 0)
        var crop = RGBImage(width: w, height: h)
        var known = [Bool](repeating: true, count: w * h)
        var lumas: [Float] = []
        for y in 0..<h {
            for x in 0..<w {
                crop[x, y] = texture[x0 + x, y0 + y]
                known[y * w + x] = area[x0 + x, y0 + y] == 0
                if known[y * w + x] { lumas.append(luma(CharacterPalette.colour(crop[x, y]))) }
            }
        }
        if !lumas.isEmpty {
            lumas.sort()
            let floor = darkShare * lumas[min(Int(skinQuantile * Float(lumas.count)), lumas.count - 1)]
            var skin = known
            for i in 0..<(w * h) where known[i] && luma(CharacterPalette.colour(crop[i % w, i / w])) < floor {
                skin[i] = false
            }
            // A lid surrounded by dark (a picture dark all round) keeps every pixel.
            if skin.lazy.filter({ $0 }).count * 4 >= lumas.count { known = skin }
        }
        let filled = BackgroundFill.filled(crop, known: known)
        return (0..<area.rect.height).map { y in
            (0..<area.rect.width).map { x in CharacterPalette.colour(filled[area.rect.x + x - x0, area.rect.y + y - y0]) }
        }
    }

    /// How far from the upper lid's edge towards its skin ring the lashes are sampled: on the lid
    /// line itself. At the edge, on a drawn eye whose mesh lid lies a little inside the drawn one,
    /// the samples fell on the iris's dark top and the shut lid's lash line came out navy (s7).
    static let lashSampleShare: Float = 0.25

    /// The darker fifth of the colours along the lid line, `lashSampleShare` of the way from the
    /// upper lid's edge (`lid`) to its skin ring (`ring`, paired point by point): the lashes.
    static func lashColour(lid: [Point2], ring: [Point2], texture: RGBImage) -> FloatRGB {
        let line = zip(lid, ring).map { $0.interpolated(to: $1, lashSampleShare) }
        var samples: [FloatRGB] = []
        for (a, b) in zip(line, line.dropFirst()) {
            for k in 0..<4 {
                let q = a.interpolated(to: b, Float(k) / 4)
                let x = Int(q.x.rounded()), y = Int(q.y.rounded())
                guard x >= 0, y >= 0, x < texture.width, y < texture.height else { continue }
                samples.append(CharacterPalette.colour(texture[x, y]))
            }
        }
        samples.sort { luma($0) < luma($1) }
        return samples.isEmpty ? FloatRGB(40, 30, 30) : samples[samples.count / 5]
    }

    /// Distance from `q` to an open polyline, and how far along it (0 at its start, 1 at its end,
    /// by length) its nearest point lies.
    static func nearest(_ q: Point2, polyline: [Point2]) -> (distance: Float, along: Float) {
        var best = Float.infinity, bestAt: Float = 0, walked: Float = 0
        for (a, b) in zip(polyline, polyline.dropFirst()) {
            let ab = b - a, len2 = ab.lengthSquared, len = len2.squareRoot()
            let t = len2 > 0 ? min(max((q - a).dot(ab) / len2, 0), 1) : 0
            let d = q.distance(to: a + ab * t)
            if d < best { (best, bestAt) = (d, walked + t * len) }
            walked += len
        }
        return (best, walked > 0 ? bestAt / walked : 0)
    }

    /// Distance from `q` to the nearest segment of an open polyline.
    static func distance(_ q: Point2, polyline: [Point2]) -> Float { nearest(q, polyline: polyline).distance }
}
