import FaceGeometry
import Imaging
import Motion

/// Several faces of one picture giving the same performance (`--face all`): one `FaceRenderer`
/// per face, each rendered on the whole picture, and each one's changed pixels laid over the
/// picture, smallest face first, so where two faces' regions meet the larger (nearer) face wins.
///
/// Each face's rig must stop short of the picture's edges (`CharacterRig.clipRings`): with the
/// still's wide rings a face's head motion would drag its neighbours with it, and every pixel
/// would count as changed.
public final class FaceGroupRenderer {
    /// Smallest face first: the order the layers are laid down.
    public let renderers: [FaceRenderer]
    public let still: RGBImage

    /// - Parameter faces: the faces of `image`, in any order.
    public init(image: RGBImage, faces: [CharacterFace], rings: [CharacterRig.Ring] = CharacterRig.clipRings) {
        still = image
        renderers =
            faces
            // The head's size in the picture: how near the camera it is, roughly.
            .sorted { $0.transform.scale < $1.transform.scale }
            .map { FaceRenderer(image: image, face: $0, rings: rings) }
    }

    /// One output frame at the picture's size: `geometries[i]` is renderer `i`'s (in
    /// `renderers`' order).
    public func render(
        _ geometries: [FaceRenderer.FrameGeometry], mouth: MouthSource = .synth, driver: DriverMouth? = nil
    ) -> RGBImage {
        precondition(geometries.count == renderers.count, "one geometry per face")
        var out = still
        for (renderer, geometry) in zip(renderers, geometries) {
            out.layChanges(of: renderer.render(geometry, mouth: mouth, driver: driver), from: still)
        }
        return out
    }

    /// Frames of the same picture, each with one face rendered, laid over it as one: each
    /// frame's changed pixels, the smallest head (`scales`) first.
    public static func layer(_ frames: [RGBImage], scales: [Double], over picture: RGBImage) -> RGBImage {
        var out = picture
        for i in frames.indices.sorted(by: { scales[$0] < scales[$1] }) { out.layChanges(of: frames[i], from: picture) }
        return out
    }

    /// The alpha plane to go with `render`: each face's warped alpha laid over `stillAlpha` the same way.
    public func renderAlpha(_ stillAlpha: GrayImage, geometries: [FaceRenderer.FrameGeometry]) -> GrayImage {
        var out = stillAlpha
        for (renderer, geometry) in zip(renderers, geometries) {
            out.layChanges(of: renderer.renderAlpha(stillAlpha, geometry: geometry), from: stillAlpha)
        }
        return out
    }
}

extension RGBImage {
    /// Copies every pixel where `layer` differs from `base` (the picture both started from).
    /// A renderer leaves unmoved triangles untouched, so its changed pixels are its face's region.
    mutating func layChanges(of layer: RGBImage, from base: RGBImage) {
        precondition(layer.width == width && layer.height == height && base.width == width && base.height == height)
        layer.pixels.withUnsafeBufferPointer { layerPixels in
            base.pixels.withUnsafeBufferPointer { basePixels in
                pixels.withUnsafeMutableBufferPointer { out in
                    var i = 0
                    while i < out.count {
                        if layerPixels[i] != basePixels[i] || layerPixels[i + 1] != basePixels[i + 1]
                            || layerPixels[i + 2] != basePixels[i + 2]
                        {
                            out[i] = layerPixels[i]
                            out[i + 1] = layerPixels[i + 1]
                            out[i + 2] = layerPixels[i + 2]
                        }
                        i += 3
                    }
                }
            }
        }
    }
}

extension GrayImage {
    /// Copies every pixel where `layer` differs from `base`.
    mutating func layChanges(of layer: GrayImage, from base: GrayImage) {
        precondition(layer.width == width && layer.height == height && base.width == width && base.height == height)
        for i in pixels.indices where layer.pixels[i] != base.pixels[i] { pixels[i] = layer.pixels[i] }
    }
}
