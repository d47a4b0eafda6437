import Imaging
import Motion
import Rendering

/// What an output frame shows: the whole rendered character image, or a square around its face;
/// with `--compare`, the driver's frame and the still beside it.
struct OutputFraming {
    let width: Int
    let height: Int
    /// The part of the rendered image that is output.
    let crop: IntRect
    let compare: Bool
    let hasDriverPixels: Bool

    /// A face crop spans this many face-oval radii around the face centre.
    static let faceCropRadii: Float = 2.4

    init(crop mode: RenderPipeline.OutputCrop, compare: Bool, character: CharacterAnalysis, hasDriverPixels: Bool) {
        let image = character.image
        switch mode {
        case .full:
            crop = IntRect(x: 0, y: 0, width: image.width, height: image.height)
        case .face:
            let oval = FaceParts.faceOval.map { character.face.landmarks[$0].xy }
            let centre = oval.reduce(Point2(0, 0), +) / Float(oval.count)
            let radius = oval.map { $0.distance(to: centre) }.max() ?? 1
            var side = Int((radius * Self.faceCropRadii).rounded()) & ~1
            side = max(2, min(side, image.width & ~1, image.height & ~1))
            let x = min(max(0, Int(centre.x) - side / 2), image.width - side)
            let y = min(max(0, Int(centre.y) - side / 2), image.height - side)
            crop = IntRect(x: x, y: y, width: side, height: side)
        }
        self.compare = compare
        self.hasDriverPixels = hasDriverPixels
        height = crop.height
        // Compare: [driver |] still | result, each panel the output's height (driver panel square
        // to its own aspect, filled later; here the still crop's width is reused for it).
        width = compare ? crop.width * (hasDriverPixels ? 3 : 2) : crop.width
    }

    func frame(_ rendered: RGBImage, driver: RGBImage?, still: RGBImage) -> RGBImage {
        let result = crop == IntRect(x: 0, y: 0, width: rendered.width, height: rendered.height) ? rendered : rendered.cropped(to: crop)
        guard compare else { return result }
        var out = RGBImage(width: width, height: height)
        var x = 0
        if hasDriverPixels {
            if let driver { out.composite(Self.fitted(driver, width: crop.width, height: crop.height), atX: 0, y: 0) }
            x += crop.width
        }
        out.composite(still.cropped(to: crop), atX: x, y: 0)
        out.composite(result, atX: x + crop.width, y: 0)
        return out
    }

    /// The rendered alpha framed as `frame` frames the colour (the same crop); compare
    /// framing has no alpha.
    func alpha(_ rendered: GrayImage) -> GrayImage {
        precondition(!compare, "compare framing carries no alpha")
        return crop == IntRect(x: 0, y: 0, width: rendered.width, height: rendered.height) ? rendered : rendered.cropped(to: crop)
    }

    /// `image` scaled to fit `width`×`height`, centred on black.
    static func fitted(_ image: RGBImage, width: Int, height: Int) -> RGBImage {
        let s = min(Float(width) / Float(image.width), Float(height) / Float(image.height))
        let w = max(1, Int(Float(image.width) * s)), h = max(1, Int(Float(image.height) * s))
        var out = RGBImage(width: width, height: height)
        out.composite(image.resized(width: w, height: h), atX: (width - w) / 2, y: (height - h) / 2)
        return out
    }
}
