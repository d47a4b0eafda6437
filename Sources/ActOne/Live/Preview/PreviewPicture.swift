import Imaging

/// What the session hands the preview for one picture: the picture `-o` encodes and, with
/// `--preview-source`, the source frame and the face found on it. Drawing the mesh, scaling and
/// setting the two side by side (`shown`) is left to the preview's encoder thread: the session
/// only passes references, so the side-by-side layout costs it nothing.
struct PreviewPicture {
    var picture: RGBImage
    var source: MeshedFrame?

    /// What the stream shows: the picture alone, or the source with the mesh on the left and the
    /// picture on the right, the source scaled to the picture's height (its width kept even, as
    /// JPEG's 4:2:0 chroma likes), so the two faces are seen at a like size.
    var shown: RGBImage {
        guard let source, picture.height > 0, source.image.height > 0 else { return picture }
        let drawn = source.drawn()
        let height = picture.height
        let width = max(2, Int((Double(drawn.width) * Double(height) / Double(drawn.height) / 2).rounded()) * 2)
        let pane = drawn.width == width && drawn.height == height ? drawn : drawn.resized(width: width, height: height)
        var both = RGBImage(width: width + picture.width, height: height)
        both.composite(pane, atX: 0, y: 0)
        both.composite(picture, atX: width, y: 0)
        return both
    }
}
