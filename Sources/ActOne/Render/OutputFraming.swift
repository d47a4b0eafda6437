import FaceGeometry
import Imaging
import Motion
import Rendering

/// What an output frame shows: the whole rendered character image, or a square around its face
/// (scaled to a useful size); with `--compare`, the driver's frame and the still beside it.
struct OutputFraming {
    let width: Int
    let height: Int
    /// The part of the rendered image that is output (a character clip's face crop moves with
    /// the face, `FaceCropFollower`; its size does not change).
    var crop: IntRect
    /// The side each panel is scaled to (the crop's own size unless a face crop is scaled).
    let panelWidth: Int, panelHeight: Int
    let compare: Bool
    let hasDriverPixels: Bool

    /// A face crop spans this many face-oval radii around the face centre.
    static let faceCropRadii: Float = 2.4
    /// A face crop smaller than this is scaled up to it: a small face in a large picture would
    /// otherwise give a 168-288 px video.
    static let minimumFaceSide = 512
    /// The largest `faceSize` (as for stills, `CharacterAnalysis.outputSide`).
    static let maximumFaceSide = CharacterAnalysis.outputSide

    init(
        crop mode: RenderPipeline.OutputCrop, faceSize: Int? = nil, compare: Bool, character: CharacterAnalysis,
        hasDriverPixels: Bool
    ) {
        self.init(
            crop: mode, faceSize: faceSize, compare: compare, imageWidth: character.image.width,
            imageHeight: character.image.height, face: character.face, hasDriverPixels: hasDriverPixels)
    }

    /// Framing for character pictures `imageWidth`×`imageHeight` whose face is `face` (for a
    /// character clip, its rest face: where a face crop starts, and its size).
    init(
        crop mode: RenderPipeline.OutputCrop, faceSize: Int? = nil, compare: Bool, imageWidth: Int, imageHeight: Int,
        face: CharacterFace, hasDriverPixels: Bool
    ) {
        let image = (width: imageWidth, height: imageHeight)
        switch mode {
        case .full:
            crop = IntRect(x: 0, y: 0, width: image.width, height: image.height)
        case .face:
            let oval = FaceIndex.faceOval.map { face.landmarks[$0].xy }
            let centre = oval.reduce(Point2(0, 0), +) / Float(oval.count)
            let radius = oval.map { $0.distance(to: centre) }.max() ?? 1
            var side = Int((radius * Self.faceCropRadii).rounded()) & ~1
            side = max(2, min(side, image.width & ~1, image.height & ~1))
            let x = min(max(0, Int(centre.x) - side / 2), image.width - side)
            let y = min(max(0, Int(centre.y) - side / 2), image.height - side)
            crop = IntRect(x: x, y: y, width: side, height: side)
        }
        if mode == .face {
            let side = faceSize.map { min(max($0, 2), Self.maximumFaceSide) } ?? max(crop.width, Self.minimumFaceSide)
            panelWidth = side & ~1
            panelHeight = side & ~1
        } else {
            panelWidth = crop.width
            panelHeight = crop.height
        }
        self.compare = compare
        self.hasDriverPixels = hasDriverPixels
        height = panelHeight
        // Compare: [driver |] still | result, each panel the output's height (driver panel square
        // to its own aspect, filled later; here the still panel's width is reused for it).
        width = compare ? panelWidth * (hasDriverPixels ? 3 : 2) : panelWidth
    }

    /// Whether panels are scaled from the crop.
    var scales: Bool { panelWidth != crop.width || panelHeight != crop.height }

    func frame(_ rendered: RGBImage, driver: RGBImage?, still: RGBImage) -> RGBImage {
        let result = panel(rendered)
        guard compare else { return result }
        var out = RGBImage(width: width, height: height)
        var x = 0
        if hasDriverPixels {
            if let driver { out.composite(Self.fitted(driver, width: panelWidth, height: panelHeight), atX: 0, y: 0) }
            x += panelWidth
        }
        out.composite(panel(still), atX: x, y: 0)
        out.composite(result, atX: x + panelWidth, y: 0)
        return out
    }

    /// The crop of `image`, scaled to the panel size.
    func panel(_ image: RGBImage) -> RGBImage {
        let cropped = crop == IntRect(x: 0, y: 0, width: image.width, height: image.height) ? image : image.cropped(to: crop)
        return scales ? cropped.resized(width: panelWidth, height: panelHeight) : cropped
    }

    /// The rendered alpha framed as `frame` frames the colour (the same crop); compare
    /// framing has no alpha.
    func alpha(_ rendered: GrayImage) -> GrayImage {
        precondition(!compare, "compare framing carries no alpha")
        let cropped = crop == IntRect(x: 0, y: 0, width: rendered.width, height: rendered.height) ? rendered : rendered.cropped(to: crop)
        return scales ? cropped.resized(width: panelWidth, height: panelHeight) : cropped
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
