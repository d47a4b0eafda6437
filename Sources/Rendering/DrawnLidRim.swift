import FaceGeometry
import Imaging

/// How far a drawn eye's opening reaches below the mesh's lower lid.
///
/// On a 3D cartoon's eye the mesh puts the lower lid a few pixels inside the drawn outline:
/// between the two lie the iris's lower rim and a pale rim of wet lid, then the dark lid line.
/// The irises are lifted out and drawn back inside the opening, so that strip stayed behind
/// when an iris moved (a blue crescent under s7's irises looking aside). `EyeRenderer` takes
/// the opening down by these offsets, for the irises only: the mesh keeps its lid (moving the
/// mesh's lid points instead folded the lid triangles against the skin ring and made the shut
/// lid's line wavy).
///
/// Each lower lid point's offset is the distance, along the line from its upper partner
/// through it, to just before a dark line found within `reach` iris radii beyond a pale band;
/// 0 where there is none: photographs, paintings and the other drawn faces of
/// `../shared/eval`, whose mesh lid lies on the lid's margin, show no such pattern.
struct DrawnLidRim: Sendable {
    /// Per `eye.lowerLid` point: how far the drawn opening reaches beyond it, in still pixels.
    var offsets: [Float]

    /// How far out the lid line is looked for, in iris radii (s7's lies 6.5-9.5 px, 0.3-0.43 radii, out).
    static let reach: Float = 0.45
    /// A pale band: at least this share of the eye white's brightness (the 80th percentile over
    /// the opening outside the iris).
    static let paleShare: Float = 0.85
    /// The lid line: at most this share of the skin ring's brightness (its median).
    static let darkShare: Float = 0.55

    var isEmpty: Bool { offsets.allSatisfy { $0 == 0 } }

    /// The rim of `eye` in `image`, whose 478 landmarks are `points`. The middle lower lid points
    /// are measured; the two by the corners take half their neighbour's offset.
    init(_ eye: FaceIndex.Eye, points: [Point2], image: RGBImage) {
        offsets = Self.measure(eye, points: points, image: image)
    }

    init(offsets: [Float]) { self.offsets = offsets }

    static func measure(_ eye: FaceIndex.Eye, points p: [Point2], image: RGBImage) -> [Float] {
        var shifts = [Float](repeating: 0, count: eye.lowerLid.count)
        guard eye.lowerLid.count >= 3 else { return shifts }
        let centre = p[eye.iris[0]]
        let radius = eye.iris.dropFirst().map { p[$0].distance(to: centre) }.reduce(0, +) / Float(eye.iris.count - 1)
        guard radius >= 2 else { return shifts }
        let white = Self.eyeWhite(eye, points: p, image: image, irisRadius: radius)
        let ringLumas = eye.lowerRing.map { luma(image.sampleBilinear(at: p[$0])) }.sorted()
        let ring = ringLumas[ringLumas.count / 2]
        for j in 1..<(eye.lowerLid.count - 1) {
            let direction = Self.direction(eye, j, points: p)
            shifts[j] =
                Self.lineDistance(
                    from: p[eye.lowerLid[j]], direction: direction, limit: Self.reach * radius, image: image,
                    pale: Self.paleShare * white, dark: Self.darkShare * ring) ?? 0
        }
        shifts[0] = shifts[1] / 2
        shifts[shifts.count - 1] = shifts[shifts.count - 2] / 2
        return shifts
    }

    /// The unit direction from lower lid point `j`'s upper partner through it (down, out of the eye).
    static func direction(_ eye: FaceIndex.Eye, _ j: Int, points p: [Point2]) -> Point2 {
        let lid = p[eye.lowerLid[j]], upper = p[eye.upperLid[j]]
        let length = lid.distance(to: upper)
        return length > 1e-3 ? (lid - upper) * (1 / length) : Point2(0, 1)
    }

    /// `eye.opening`'s polygon from `points` with each lower lid point moved out by its offset
    /// times `scale`.
    func opening(_ eye: FaceIndex.Eye, points p: [Point2], scale: Float) -> [Point2] {
        var moved = p
        for (j, i) in eye.lowerLid.enumerated() where offsets[j] > 0 {
            moved[i] = p[i] + Self.direction(eye, j, points: p) * (offsets[j] * scale)
        }
        return eye.opening.map { moved[$0] }
    }

    /// Walking out from `start` in half-pixel steps up to `limit`: where the first sample at or
    /// under `dark` lies, less a step, provided a sample at or over `pale` came before it (from
    /// a pixel out: the lid point itself shares its pixel with the eye white).
    static func lineDistance(from start: Point2, direction: Point2, limit: Float, image: RGBImage, pale: Float, dark: Float) -> Float? {
        var paleSeen = false
        var t: Float = 0
        while t <= limit {
            let q = start + direction * t
            guard q.x >= 0, q.y >= 0, q.x < Float(image.width - 1), q.y < Float(image.height - 1) else { return nil }
            let v = luma(image.sampleBilinear(at: q))
            if v >= pale && t >= 1 { paleSeen = true }
            if paleSeen && v <= dark { return max(t - 0.5, 0) }
            t += 0.5
        }
        return nil
    }

    /// The eye white's brightness: the 80th percentile luma over the opening, outside the iris.
    static func eyeWhite(_ eye: FaceIndex.Eye, points p: [Point2], image: RGBImage, irisRadius: Float) -> Float {
        let opening = CoverageMask(polygon: eye.opening.map { p[$0] }, width: image.width, height: image.height)
        let centre = p[eye.iris[0]]
        var lumas: [Float] = []
        for y in opening.rect.y..<(opening.rect.y + opening.rect.height) {
            for x in opening.rect.x..<(opening.rect.x + opening.rect.width)
            where opening[x, y] > 0.99 && Point2(Float(x), Float(y)).distance(to: centre) > irisRadius * 1.15 {
                lumas.append(luma(CharacterPalette.colour(image[x, y])))
            }
        }
        guard !lumas.isEmpty else { return 255 }
        lumas.sort()
        return lumas[min(Int(0.8 * Float(lumas.count)), lumas.count - 1)]
    }
}
