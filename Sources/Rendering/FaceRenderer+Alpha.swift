import FaceGeometry
import Imaging
import Motion

extension FaceRenderer {
    /// The character's alpha plane for one frame, moved with the face: `stillAlpha` (the
    /// character's own, the still image's size) warped with the colour's vertices and painting
    /// order, so every output pixel's alpha comes from the same place as its colour.
    ///
    /// What the renderer draws rather than warps is opaque: the eye openings (the irises are
    /// drawn inside them) and the mouth interior, as far as it is drawn. A character painted
    /// with see-through eyes or mouth would otherwise show the background through a drawn iris
    /// or through teeth.
    public func renderAlpha(_ stillAlpha: GrayImage, geometry: FrameGeometry) -> GrayImage {
        precondition(
            stillAlpha.width == still.width && stillAlpha.height == still.height,
            "alpha is \(stillAlpha.width)x\(stillAlpha.height), the still \(still.width)x\(still.height)")
        var out = stillAlpha
        MeshWarp.draw(
            source: stillAlpha, sourcePoints: rig.points, targetPoints: geometry.vertices,
            triangles: geometry.order, into: &out, skipUnmoved: true)
        let points = geometry.points
        for eye in FaceIndex.eyes {
            out.makeOpaque(CoverageMask(polygon: eye.opening.map { points[$0] }, width: out.width, height: out.height))
        }
        if geometry.mouthOpacity > 0 {
            out.makeOpaque(
                CoverageMask(polygon: FaceIndex.innerLips.map { points[$0] }, width: out.width, height: out.height),
                opacity: geometry.mouthOpacity)
        }
        return out
    }
}

extension GrayImage {
    /// Raises alpha towards opaque by the mask's coverage × `opacity`, as drawing an opaque
    /// colour over the pixel with that weight would: `a + (255 − a) × weight`.
    mutating func makeOpaque(_ mask: CoverageMask, opacity: Float = 1) {
        guard mask.rect.width > 0 else { return }
        for y in mask.rect.y..<(mask.rect.y + mask.rect.height) {
            for x in mask.rect.x..<(mask.rect.x + mask.rect.width) {
                let weight = min(mask.values[(y - mask.rect.y) * mask.rect.width + (x - mask.rect.x)], 1) * opacity
                guard weight > 0.002 else { continue }
                self[x, y] = mixByte(self[x, y], 255, weight)
            }
        }
    }
}
