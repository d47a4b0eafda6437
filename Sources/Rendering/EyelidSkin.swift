import FaceGeometry
import Imaging
import Motion

/// Shut eyes drawn as lid skin. The warp alone squeezes the still's open eye into a dark slit
/// (lashes, the shadow of the lid fold and the eyeball pressed together), which neither looks nor
/// tracks like a closed eye: the skin that covers a shut eye is hidden in the fold while the eye
/// is open, so the still never shows it. Each eye therefore also gets a closed version, made
/// once: its upper lid and opening repainted in lid-skin colour, with a thin lash line along
/// the lid's edge. As an eye closes past `fadeStart` of its opening, the closed version is
/// warped over it with the same mesh, fully from `fadeEnd` on.
struct EyelidSkin: Sendable {
    /// Share of the still's lid gap lost where the closed lid starts to show, and where it is opaque.
    static let fadeStart: Float = 0.5, fadeEnd: Float = 0.9
    /// Lash line thickness, as a fraction of the eye's width.
    static let lashWidth: Float = 0.045
    /// How far the shut lid's colour goes from the skin above the lid towards the face's skin.
    /// 0: the socket's own shade. Lifted halfway (0.5, before), the shut lid was a pale almond
    /// inside the darker socket, which reads as an open eye: dlib's blink r on the default
    /// spread was 0.596/0.571 at 0.5 and 0.744/0.701 at 0 (`docs/render.md`).
    static let lidLift: Float = 0

    struct Eye: Sendable {
        var contour: FaceIndex.Eye
        /// Mean gap of the three middle lid pairs in the still, in pixels.
        var stillGap: Float
        /// The rig triangles over the repainted area: everywhere the closed version may differ.
        var triangles: [IndexTriangle]
    }

    /// The warped texture with both eyes shut.
    let closedTexture: RGBImage
    let eyes: [Eye]

    /// - Parameters:
    ///   - texture: what the mesh warps (the still, irises lifted out).
    ///   - points: the still's 478 landmarks in pixels.
    ///   - vertices: the rig's vertices in the still (vertex i is landmark i for i < 468).
    ///   - triangles: the rig's triangles.
    ///   - palette: the character's colours (skin; eye white and irises, which shut lids hide).
    ///   - irisColours: each eye's iris colour (`FaceIndex.eyes` order).
    init(
        texture: RGBImage, points: [Point2], vertices: [Point2], triangles: [IndexTriangle], palette: CharacterPalette,
        irisColours: [FloatRGB]
    ) {
        var closed = texture
        eyes = zip(FaceIndex.eyes, irisColours).map { eye, iris in
            let area = Self.paintClosed(eye, points: points, from: texture, palette: palette, iris: iris, into: &closed)
            return Eye(
                contour: eye, stillGap: Self.gap(points, eye),
                triangles: triangles.filter { Self.bounds($0, vertices).intersection(area) != nil })
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
        }
    }

    static func opacity(closure: Float) -> Float { min(max((closure - fadeStart) / (fadeEnd - fadeStart), 0), 1) }

    static func gap(_ p: [Point2], _ eye: FaceIndex.Eye) -> Float {
        (2...4).map { p[eye.upperLid[$0]].distance(to: p[eye.lowerLid[$0]]) }.reduce(0, +) / 3
    }

    /// Repaints one eye of `closed`: the opening and the lid above it, up to as far again beyond
    /// the skin ring over the lid (fading in from that line, so no edge shows), in the colour of
    /// the skin there (`lidLift` of the way to the face's own), a little darker towards the
    /// lashes, with the lash line along the
    /// lid's edge; below the lower lid's landmarks, the rim fading out towards the skin ring, and
    /// any pixel of eye white or iris colour there (on drawn eyes the mesh often puts the lower
    /// lid above the drawn one). Returns the pixels it may have changed.
    @discardableResult
    static func paintClosed(
        _ eye: FaceIndex.Eye, points p: [Point2], from texture: RGBImage, palette: CharacterPalette,
        iris: FloatRGB, into closed: inout RGBImage
    ) -> IntRect {
        let faceSkin = palette.skin
        let width = p[eye.outerCorner].distance(to: p[eye.innerCorner])
        guard width >= 2 else { return IntRect(x: 0, y: 0, width: 0, height: 0) }
        let lid = ([eye.outerCorner] + eye.upperLid + [eye.innerCorner]).map { p[$0] }
        let ring = eye.upperRing.map { p[$0] }
        let top = [p[eye.outerCorner]] + zip(eye.upperRing, eye.upperLid).map { p[$0] + (p[$0] - p[$1]) } + [p[eye.innerCorner]]
        let size = (width: texture.width, height: texture.height)
        let socket = CoverageMask(polygon: top + ring.reversed(), width: size.width, height: size.height)
        var socketPixels: [FloatRGB] = []
        for y in socket.rect.y..<(socket.rect.y + socket.rect.height) {
            for x in socket.rect.x..<(socket.rect.x + socket.rect.width) where socket[x, y] > 0.5 {
                socketPixels.append(CharacterPalette.colour(texture[x, y]))
            }
        }
        let skin = mix(CharacterPalette.median(socketPixels) ?? faceSkin, faceSkin, lidLift)
        let lash = lashColour(lid, texture: texture)
        let region = CoverageMask(polygon: top + eye.lowerLid.reversed().map { p[$0] }, width: size.width, height: size.height)
        let opening = CoverageMask(polygon: eye.opening.map { p[$0] }, width: size.width, height: size.height)
        let lashHalf = max(0.5, width * lashWidth / 2)
        for y in region.rect.y..<(region.rect.y + region.rect.height) {
            for x in region.rect.x..<(region.rect.x + region.rect.width) {
                let coverage = region[x, y]
                guard coverage > 0 else { continue }
                let q = Point2(Float(x), Float(y))
                let toLid = distance(q, polyline: lid), toTop = distance(q, polyline: top)
                // Inside the opening all lid; above it, easing in from none at the top line.
                let u = min(max(toTop / max(toTop + toLid, 1e-3) / 0.7, 0), 1)
                let weight = coverage * max(opening[x, y], u * u * (3 - 2 * u))
                let lashCover = min(max((lashHalf + 0.75 - toLid) / 1.5, 0), 1)
                let shade: Float = 0.9 + 0.1 * min(toLid / (0.15 * width), 1)
                var colour = mix(scale(skin, shade), lash, lashCover)
                // The picture's own grain, so the lid is not smoother than the skin around it.
                let n = palette.grain * grainNoise(x, y)
                colour = FloatRGB(colour.r + n, colour.g + n, colour.b + n)
                closed[x, y] = mix(CharacterPalette.colour(texture[x, y]), colour, weight).rgb
            }
        }
        let lowLid = ([eye.outerCorner] + eye.lowerLid + [eye.innerCorner]).map { p[$0] }
        let lowRing = ([eye.outerCorner] + eye.lowerRing + [eye.innerCorner]).map { p[$0] }
        let lower = CoverageMask(polygon: lowLid + lowRing.reversed(), width: size.width, height: size.height)
        for y in lower.rect.y..<(lower.rect.y + lower.rect.height) {
            for x in lower.rect.x..<(lower.rect.x + lower.rect.width) where lower[x, y] > 0 && opening[x, y] < 1 {
                let c = CharacterPalette.colour(texture[x, y])
                let q = Point2(Float(x), Float(y))
                let toLid = distance(q, polyline: lowLid), toRing = distance(q, polyline: lowRing)
                // The lower lid's rim under the shut lid, fading out by two thirds of the way to the ring;
                // any eye white or iris in the band, wherever it is.
                let rim = min(max(1 - 1.5 * toLid / max(toLid + toRing, 1e-3), 0), 1)
                let eyeLike = max(likeness(c, palette.sclera, apart: skin), likeness(c, iris, apart: skin))
                let weight = max(rim, eyeLike) * lower[x, y] * (1 - opening[x, y])
                guard weight > 0 else { continue }
                closed[x, y] = mix(c, skin, weight).rgb
            }
        }
        return region.rect.union(lower.rect)
    }

    /// 1 when `c` is within half the way from `target` to `other`, falling to 0 at `other`'s
    /// distance: how surely a pixel shows `target` rather than `other`.
    static func likeness(_ c: FloatRGB, _ target: FloatRGB, apart other: FloatRGB) -> Float {
        func d(_ a: FloatRGB, _ b: FloatRGB) -> Float {
            ((a.r - b.r) * (a.r - b.r) + (a.g - b.g) * (a.g - b.g) + (a.b - b.b) * (a.b - b.b)).squareRoot()
        }
        let span = max(d(target, other), 1)
        return min(max((1 - d(c, target) / span) * 2, 0), 1)
    }

    /// The darker fifth of the colours along the upper lid's edge: the lashes.
    static func lashColour(_ lid: [Point2], texture: RGBImage) -> FloatRGB {
        var samples: [FloatRGB] = []
        for (a, b) in zip(lid, lid.dropFirst()) {
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

    /// Distance from `q` to the nearest segment of an open polyline.
    static func distance(_ q: Point2, polyline: [Point2]) -> Float {
        var best = Float.infinity
        for (a, b) in zip(polyline, polyline.dropFirst()) {
            let ab = b - a, len2 = ab.lengthSquared
            let t = len2 > 0 ? min(max((q - a).dot(ab) / len2, 0), 1) : 0
            best = min(best, q.distance(to: a + ab * t))
        }
        return best
    }
}
