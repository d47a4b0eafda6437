import FaceGeometry
import Imaging
import Motion

/// The character's own colours, sampled once from the still image, so that what the still never
/// showed (mouth interior, the white of an eye under the iris) is drawn in its palette: a
/// painting gets painted-looking teeth, a grey photo grey ones.
public struct CharacterPalette: Sendable {
    /// Median colour of the lips (between the outer and inner lip contours).
    public var lips: FloatRGB
    /// Median colour of the eye whites (the brighter half of the eye openings outside the irises).
    public var sclera: FloatRGB
    /// Median skin colour of the cheeks.
    public var skin: FloatRGB
    /// The picture's grain: the standard deviation, in levels, of what the cheeks' brightness
    /// differs from its neighbours' (film grain, sensor noise, a painting's brush texture).
    public var grain: Float

    /// Teeth: the eye whites' tone pulled a little towards the skin, and at least a tenth
    /// brighter than the skin. Teeth take the face's light as the eyes do, but the whites
    /// sampled between lids and lashes are often in their shade (narrow or hooded eyes read
    /// grey), and grey teeth under the lips read as a row of stones.
    public var teeth: FloatRGB {
        let tone = mix(sclera, skin, 0.15)
        let floor = min(1.1 * luma(skin), 235)
        let l = luma(tone)
        return l >= floor || l <= 0 ? tone : scale(tone, floor / l)
    }
    /// The mouth cavity: the lip colour, very dark.
    public var cavity: FloatRGB { scale(lips, 0.22) }
    /// The tongue: the lip colour, a little darker.
    public var tongue: FloatRGB { scale(lips, 0.78) }

    public init(lips: FloatRGB, sclera: FloatRGB, skin: FloatRGB, grain: Float = 0) {
        self.lips = lips
        self.sclera = sclera
        self.skin = skin
        self.grain = grain
    }

    public init(image: RGBImage, face: CharacterFace) {
        self.init(image: image, points: face.landmarks.map(\.xy))
    }

    /// The palette of a face whose 478 landmarks are `points`, in `image` pixels.
    public init(image: RGBImage, points: [Point2]) {
        let outer = CoverageMask(polygon: FaceIndex.outerLips.map { points[$0] }, width: image.width, height: image.height)
        let inner = CoverageMask(polygon: FaceIndex.innerLips.map { points[$0] }, width: image.width, height: image.height)
        var lipPixels: [FloatRGB] = []
        for y in outer.rect.y..<(outer.rect.y + outer.rect.height) {
            for x in outer.rect.x..<(outer.rect.x + outer.rect.width) where outer[x, y] > 0.9 && inner[x, y] < 0.1 {
                lipPixels.append(Self.colour(image[x, y]))
            }
        }
        var white: [FloatRGB] = []
        for eye in FaceIndex.eyes {
            let opening = CoverageMask(polygon: eye.opening.map { points[$0] }, width: image.width, height: image.height)
            let centre = points[eye.iris[0]]
            let radius = IrisGeometry.radius(points, eye)
            for y in opening.rect.y..<(opening.rect.y + opening.rect.height) {
                for x in opening.rect.x..<(opening.rect.x + opening.rect.width)
                where opening[x, y] > 0.9 && Point2(Float(x), Float(y)).distance(to: centre) > radius * 1.1 {
                    white.append(Self.colour(image[x, y]))
                }
            }
        }
        // The brighter half: lids, lashes and shadow at the opening's edge are dark.
        white.sort { luma($0) < luma($1) }
        white = Array(white.suffix(max(1, white.count / 2)))
        var skinPixels: [FloatRGB] = []
        var detail: [Float] = []
        for (a, b) in [(50, 205), (280, 425)] {  // under each eye, over the cheekbone
            let p = points[a].interpolated(to: points[b], 0.5)
            let r = max(1, Int(points[a].distance(to: points[b]) / 4))
            for y in (Int(p.y) - r)...(Int(p.y) + r) where y >= 0 && y < image.height {
                for x in (Int(p.x) - r)...(Int(p.x) + r) where x >= 0 && x < image.width {
                    skinPixels.append(Self.colour(image[x, y]))
                    if x > 0, y > 0, x + 1 < image.width, y + 1 < image.height {
                        let around = [image[x - 1, y], image[x + 1, y], image[x, y - 1], image[x, y + 1]]
                        detail.append(luma(Self.colour(image[x, y])) - around.map { luma(Self.colour($0)) }.reduce(0, +) / 4)
                    }
                }
            }
        }
        let skin = Self.median(skinPixels) ?? FloatRGB(200, 160, 140)
        self.init(
            lips: Self.median(lipPixels) ?? scale(skin, 0.8),
            // As measured, even when dark: behind tinted glasses or in a dim painting the
            // whites are dark too, and brightened whites glare.
            sclera: Self.median(white) ?? scale(skin, 1.1),
            skin: skin,
            grain: Self.grain(detail))
    }

    /// The noise level behind differences from the 4-neighbour mean: white noise of deviation σ
    /// gives differences of deviation σ·√(5/4). The median absolute difference keeps an edge or a
    /// mole in the patch from counting as grain.
    static func grain(_ differences: [Float]) -> Float {
        guard differences.count >= 9 else { return 0 }
        let mad = differences.map(abs).sorted()[differences.count / 2]
        return min(mad * 1.4826 / 1.118, 12)
    }

    static func colour(_ c: RGB) -> FloatRGB { FloatRGB(Float(c.r), Float(c.g), Float(c.b)) }

    /// Per-channel median.
    static func median(_ colours: [FloatRGB]) -> FloatRGB? {
        guard !colours.isEmpty else { return nil }
        func mid(_ v: [Float]) -> Float { v.sorted()[v.count / 2] }
        return FloatRGB(mid(colours.map(\.r)), mid(colours.map(\.g)), mid(colours.map(\.b)))
    }
}

/// Iris size and position from the five iris landmarks (centre, then four edge points).
enum IrisGeometry {
    static func radius(_ points: [Point2], _ eye: FaceIndex.Eye) -> Float {
        let c = points[eye.iris[0]]
        return eye.iris.dropFirst().map { points[$0].distance(to: c) }.reduce(0, +) / 4
    }
}

@inline(__always) func luma(_ c: FloatRGB) -> Float { 0.299 * c.r + 0.587 * c.g + 0.114 * c.b }
@inline(__always) func mix(_ a: FloatRGB, _ b: FloatRGB, _ t: Float) -> FloatRGB {
    FloatRGB(a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t)
}
@inline(__always) func scale(_ a: FloatRGB, _ s: Float) -> FloatRGB { FloatRGB(a.r * s, a.g * s, a.b * s) }
