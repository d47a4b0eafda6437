/// The largest picture actone accepts from a file, checked against the size a file declares
/// before anything is decoded: a 12000x12000 PNG is a few hundred KB on disk and 430 MB decoded.
struct PictureSizeLimit: Sendable {
    var maximumSide: Int
    var maximumPixels: Int

    /// How the limit reads in a message: "at most 8192 pixels a side".
    var description: String {
        maximumPixels >= maximumSide * maximumSide
            ? "at most \(maximumSide) pixels a side"
            : "at most \(maximumSide) pixels a side and \(maximumPixels / 1_000_000) megapixels"
    }

    func allows(width: Int, height: Int) -> Bool {
        width > 0 && height > 0 && width <= maximumSide && height <= maximumSide && width * height <= maximumPixels
    }

    /// Throws `.unsupportedSize` unless the size is within the limit; a size of 0 (not known
    /// yet) passes when `allowUnknown`.
    func check(path: String, width: Int, height: Int, allowUnknown: Bool) throws(MediaError) {
        if allowUnknown && (width == 0 || height == 0) { return }
        guard allows(width: width, height: height) else {
            throw .unsupportedSize(path: path, width: width, height: height, limit: description)
        }
    }
}
