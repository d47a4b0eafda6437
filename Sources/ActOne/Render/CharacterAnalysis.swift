import FaceTracking
import Foundation
import Imaging
import MediaIO
import Motion

/// The character image made ready to animate: loaded, flattened, sized for output, and its face
/// found once (still-image mode).
public struct CharacterAnalysis {
    /// Larger character images are refused (they would be scaled down to `outputSide` anyway,
    /// and one that big is more often a mistake than a wish).
    public static let maximumSide = 8000
    /// Output frames are at most this long on their long side.
    public static let outputSide = 1920
    /// Transparent pixels are composited over this.
    public static let background = RGB(255, 255, 255)

    public var image: RGBImage
    public var face: CharacterFace
    /// How the face was found: "detected", "face box" or "landmarks file".
    public var method: String

    /// Where to look for the face when the detector cannot (`--face-box`), or landmarks to use as they are.
    public enum FaceHint: Sendable {
        case none
        case box(Rect)
        case landmarksFile(String)
    }

    public static func analyse(path: String, hint: FaceHint, models: FaceModelFiles) throws -> CharacterAnalysis {
        let loaded = try ImageLoader.load(path: path)
        guard loaded.width <= maximumSide, loaded.height <= maximumSide else {
            throw RenderError.characterTooLarge(path: path, width: loaded.width, height: loaded.height)
        }
        var image = loaded.rgb
        if let alpha = loaded.alpha {
            var flat = RGBImage(width: image.width, height: image.height,
                                pixels: [UInt8](repeating: background.r, count: image.width * image.height * 3))
            flat.composite(image, alpha: alpha, atX: 0, y: 0)
            image = flat
        }
        // Landmarks from a file are in the original image's pixels; everything is scaled together.
        let factor = min(1, Float(outputSide) / Float(max(image.width, image.height)))
        let width = evenDown(Int((Float(image.width) * factor).rounded())), height = evenDown(Int((Float(image.height) * factor).rounded()))
        if width != image.width || height != image.height {
            let resized = factor < 1 ? image.resized(width: Int((Float(image.width) * factor).rounded()),
                                                    height: Int((Float(image.height) * factor).rounded())) : image
            image = resized.cropped(to: IntRect(x: 0, y: 0, width: width, height: height))
        }
        func scaled(_ p: LandmarkPoint) -> LandmarkPoint { LandmarkPoint(x: p.x * factor, y: p.y * factor, z: p.z * factor) }

        let mesh = try FaceMesh(modelPath: models.attentionMesh, attentionModel: true)
        switch hint {
        case .landmarksFile(let file):
            let points = try readLandmarks(file).map(scaled)
            return CharacterAnalysis(image: image, face: CharacterFace(landmarks: points), method: "landmarks file")
        case .box(let box):
            let b = Rect(x: box.x * factor, y: box.y * factor, width: box.width * factor, height: box.height * factor)
            let side = max(b.width, b.height) * FaceRegion.faceScale
            let region = RegionOfInterest(center: Point2(b.x + b.width / 2, b.y + b.height / 2), width: side, height: side, rotation: 0)
            let found = try refine(mesh.landmarks(in: image, region: region), mesh: mesh, image: image)
            return CharacterAnalysis(image: image, face: CharacterFace(landmarks: found.points), method: "face box")
        case .none:
            let detector = try StillImageFaceDetector(shortRangeModelPath: models.shortRange, fullRangeModelPath: models.fullRange)
            // The biggest confident face is the character (a portrait may show small faces behind).
            let detections = try detector.detect(in: image)
            guard let best = detections.max(by: { $0.box.width * $0.box.height < $1.box.width * $1.box.height }) else {
                throw RenderError.noCharacterFace(path: path)
            }
            let first = try mesh.landmarks(in: image, region: FaceRegion.region(for: best))
            let found = try refine(first, mesh: mesh, image: image)
            guard found.presence >= 0.5 else { throw RenderError.noCharacterFace(path: path) }
            return CharacterAnalysis(image: image, face: CharacterFace(landmarks: found.points), method: "detected")
        }
    }

    /// A second mesh pass in the region the first pass's landmarks give: the detector's box is
    /// coarse, the landmarks' region is what tracking would use on the next frame.
    static func refine(_ first: FaceLandmarks, mesh: FaceMesh, image: RGBImage) throws -> FaceLandmarks {
        guard let region = FaceRegion.region(forLandmarks: first.points) else { return first }
        let second = try mesh.landmarks(in: image, region: region)
        return second.presence >= first.presence * 0.9 ? second : first
    }

    static func evenDown(_ v: Int) -> Int { max(2, v - v % 2) }

    /// A JSON array of 478 `[x, y, z]` in the character image's pixels.
    static func readLandmarks(_ path: String) throws -> [LandmarkPoint] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RenderError.badCharacterLandmarks(path: path, reason: "cannot read the file")
        }
        guard let array = (try? JSONSerialization.jsonObject(with: data)) as? [[Double]] else {
            throw RenderError.badCharacterLandmarks(path: path, reason: "expected a JSON array of [x, y, z] points")
        }
        guard array.count == 478 else {
            throw RenderError.badCharacterLandmarks(path: path, reason: "expected 478 points, found \(array.count)")
        }
        return try array.enumerated().map { i, p in
            guard p.count == 3, p.allSatisfy(\.isFinite) else {
                throw RenderError.badCharacterLandmarks(path: path, reason: "point \(i) is not three finite numbers")
            }
            return LandmarkPoint(x: Float(p[0]), y: Float(p[1]), z: Float(p[2]))
        }
    }
}

/// The model files a render needs, resolved once.
public struct FaceModelFiles: Sendable {
    public var shortRange: String
    public var fullRange: String
    public var attentionMesh: String

    public static let used: [FaceModel] = [.faceDetectionShortRange, .faceDetectionFullRangeSparse, .faceLandmarkWithAttention]

    public init(modelsDirectory: String?) throws {
        let locator = try ModelLocator(explicitDirectory: modelsDirectory)
        shortRange = try locator.resolve(.faceDetectionShortRange).path
        fullRange = try locator.resolve(.faceDetectionFullRangeSparse).path
        attentionMesh = try locator.resolve(.faceLandmarkWithAttention).path
    }

    /// A tracker for video: short range first, full range when it finds nothing.
    public func videoTracker() throws -> FaceTracker {
        let near = try FaceDetector(modelPath: shortRange, model: .shortRange)
        let far = try FaceDetector(modelPath: fullRange, model: .fullRange)
        return FaceTracker(mesh: try FaceMesh(modelPath: attentionMesh, attentionModel: true)) { image in
            let found = try near.detect(in: image)
            return found.isEmpty ? try far.detect(in: image) : found
        }
    }
}
