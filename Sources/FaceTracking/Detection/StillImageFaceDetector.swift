// Faces in still images where they may be small (a full-length portrait, a group, a painting):
// MediaPipe's models see the whole image at 128 or 192 pixels, so a face a tenth of the image's
// height is only 13-19 pixels there. This tries the whole image with the short-range model, then
// the full-range model, then overlapping square tiles at two scales, mapping each tile's
// detections back to the image and merging them with the same weighted non-max suppression.

import Imaging

public final class StillImageFaceDetector {
    public let shortRange: FaceDetector
    public let fullRange: FaceDetector?
    /// Tile sides as fractions of the image's longer side; tiles overlap by half a tile.
    public var tileFractions: [Float] = [0.5, 0.25]
    /// Tiles are never smaller than this many image pixels (no point upsampling far past the model).
    public var minimumTileSide: Float = 96

    public init(shortRange: FaceDetector, fullRange: FaceDetector?) {
        precondition(shortRange.model == .shortRange, "shortRange must be the short-range model")
        precondition(fullRange?.model ?? .fullRange == .fullRange, "fullRange must be the full-range model")
        self.shortRange = shortRange
        self.fullRange = fullRange
    }

    public convenience init(shortRangeModelPath: String, fullRangeModelPath: String?) throws {
        try self.init(
            shortRange: FaceDetector(modelPath: shortRangeModelPath, model: .shortRange),
            fullRange: fullRangeModelPath.map { try FaceDetector(modelPath: $0, model: .fullRange) })
    }

    /// Faces in the image, highest score first, in image pixels. Stops at the first stage that
    /// finds any: whole image (short range), whole image (full range), tiles (short range).
    public func detect(in image: RGBImage) throws -> [FaceDetection] {
        let whole = try shortRange.detect(in: image)
        if !whole.isEmpty { return whole }
        if let fullRange {
            let far = try fullRange.detect(in: image)
            if !far.isEmpty { return far }
        }
        return try detectTiled(in: image)
    }

    /// Every stage's faces merged by weighted NMS: the whole image at both ranges and the tiles.
    /// `detect` stops at the first stage that finds a face, which is right for the one face of a
    /// portrait; numbering the faces of a group (`--face N`) needs all of them.
    public func detectAll(in image: RGBImage) throws -> [FaceDetection] {
        var found = try shortRange.detectRaw(
            in: image, region: Letterbox(imageWidth: image.width, height: image.height, tensorSize: shortRange.model.tensorSize))
        if let fullRange {
            found += try fullRange.detectRaw(
                in: image, region: Letterbox(imageWidth: image.width, height: image.height, tensorSize: fullRange.model.tensorSize))
        }
        for tile in tiles(width: image.width, height: image.height) {
            for d in try shortRange.detectRaw(in: image, region: tile.region) where tile.owns(d) {
                found.append(d)
            }
        }
        return WeightedNonMaxSuppression.apply(found, threshold: FaceDetector.minSuppressionThreshold)
            .map(FaceDetector.faceDetection)
    }

    /// Only the tiled pass: every tile with the short-range model, merged by weighted NMS.
    public func detectTiled(in image: RGBImage) throws -> [FaceDetection] {
        var found: [RawDetection] = []
        for tile in tiles(width: image.width, height: image.height) {
            for d in try shortRange.detectRaw(in: image, region: tile.region) where tile.owns(d) {
                found.append(d)
            }
        }
        return WeightedNonMaxSuppression.apply(found, threshold: FaceDetector.minSuppressionThreshold)
            .map(FaceDetector.faceDetection)
    }

    struct Tile {
        var region: Letterbox
        /// The part of the tile whose detections (by box centre) it reports: the points nearer
        /// its centre than a neighbour's, extended to the image's edge where the tile touches it.
        /// With tiles overlapping by at least half, a face smaller than a quarter tile that is
        /// cut by one tile's edge is reported by the neighbour that sees it whole.
        var keepMin: Point2
        var keepMax: Point2

        func owns(_ d: RawDetection) -> Bool {
            let cx = (d.xMin + d.xMax) / 2, cy = (d.yMin + d.yMax) / 2
            return cx >= keepMin.x && cx < keepMax.x && cy >= keepMin.y && cy < keepMax.y
        }
    }

    /// Overlapping square tiles (stride at most half a tile) at each scale.
    func tiles(width: Int, height: Int) -> [Tile] {
        let w = Float(width), h = Float(height)
        let longer = max(w, h)
        var result: [Tile] = []
        for fraction in tileFractions {
            let side = max(longer * fraction, minimumTileSide)
            guard side < longer else { continue }
            func starts(_ extent: Float) -> [Float] {
                guard extent > side else { return [(extent - side) / 2] }
                let count = Int((2 * (extent - side) / side).rounded(.up)) + 1
                let step = (extent - side) / Float(count - 1)
                return (0..<count).map { Float($0) * step }
            }
            let xs = starts(w), ys = starts(h)
            // Each tile keeps what lies nearer its centre than its neighbours', so every point of
            // the image belongs to exactly one tile per scale.
            func bounds(_ starts: [Float], _ k: Int) -> (Float, Float) {
                let lower = k == 0 ? -Float.infinity : (starts[k - 1] + starts[k] + side) / 2
                let upper = k == starts.count - 1 ? Float.infinity : (starts[k] + starts[k + 1] + side) / 2
                return (lower, upper)
            }
            for (j, y) in ys.enumerated() {
                for (i, x) in xs.enumerated() {
                    let (minX, maxX) = bounds(xs, i), (minY, maxY) = bounds(ys, j)
                    result.append(
                        Tile(
                            region: Letterbox(
                                corner: Point2(x, y), side: side,
                                tensorSize: FaceDetector.Model.shortRange.tensorSize),
                            keepMin: Point2(minX, minY), keepMax: Point2(maxX, maxY)))
                }
            }
        }
        return result
    }
}
