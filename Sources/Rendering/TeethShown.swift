import FaceGeometry
import Imaging

/// How much of its teeth the driver shows in its open mouth, so the drawn interior shows teeth
/// where the performer does and not where the lips cover them (an "oh", a yawn, a jaw dropped
/// with the lips over the teeth): from 0 (none) to 1 (full rows).
///
/// Measured on the driver's frame inside its inner-lip contour: a pixel is tooth where it is
/// brighter than the driver's lips by 30 % of the way to its eye whites (at least 15 levels).
/// Teeth in a dim room or under the upper lip's shadow are often only a little brighter than
/// the lips (hellomeme_man_speech_xzy: teeth about 140, lips 120); halfway to the whites missed
/// them and drew his talking mouth as a black slot. A tooth share of the opening of 5 % or less
/// counts as none, 30 % or more as full rows (tongue, throat and lip edges fill the rest of a real grin's opening). One share for
/// both rows: where in the opening the mesh puts the teeth is not reliable (on a lip drawn up
/// over long incisors the upper teeth fill the opening's lower half).
public struct TeethShown: Sendable, Hashable {
    public var share: Float

    public static let full = TeethShown(share: 1)

    /// The tooth share of the opening at and below which no teeth show, and from which they all do.
    static let hiddenShare: Float = 0.05, fullShare: Float = 0.3
    /// An opening of fewer pixels than this is too small to tell.
    static let minimumPixels = 24

    public init(share: Float) {
        self.share = min(max(share, 0), 1)
    }

    /// The teeth shown in `image`, a face whose 478 landmarks are `points`; nil when the opening
    /// is too small to tell.
    public init?(image: RGBImage, points: [Point2]) {
        let mask = CoverageMask(polygon: FaceIndex.innerLips.map { points[$0] }, width: image.width, height: image.height)
        guard mask.rect.width > 0 else { return nil }
        let palette = CharacterPalette(image: image, points: points)
        let lips = luma(palette.lips), whites = luma(palette.sclera)
        let threshold = lips + max(0.3 * (whites - lips), 15)
        var teeth = 0, all = 0
        for y in mask.rect.y..<(mask.rect.y + mask.rect.height) {
            for x in mask.rect.x..<(mask.rect.x + mask.rect.width) where mask[x, y] > 0.5 {
                all += 1
                if luma(CharacterPalette.colour(image[x, y])) >= threshold { teeth += 1 }
            }
        }
        guard all >= Self.minimumPixels else { return nil }
        let share = Float(teeth) / Float(all)
        self.init(share: (share - Self.hiddenShare) / (Self.fullShare - Self.hiddenShare))
    }
}
