import FaceGeometry
import FaceTracking
import Foundation
import Imaging
import MediaIO
import Motion

/// The character image made ready to animate: loaded, flattened (or, to keep its transparency,
/// its colour and alpha kept apart), sized for output, and its face found once (still-image mode).
public struct CharacterAnalysis: Sendable {
    /// Larger character images are refused (they would be scaled down to `outputSide` anyway,
    /// and one that big is more often a mistake than a wish).
    public static let maximumSide = 8000
    /// Output frames are at most this long on their long side.
    public static let outputSide = 1920
    /// Transparent pixels are composited over this.
    public static let background = RGB(255, 255, 255)

    /// The picture to animate: flattened over `background`, or with `keepAlpha` the straight
    /// colour, continued a few pixels under the transparent parts (see `bleedingColour`).
    public var image: RGBImage
    /// With `keepAlpha`, the image's alpha, scaled and cropped with it; nil otherwise.
    public var alpha: GrayImage?
    /// The face to animate (with `--face all`, the largest).
    public var face: CharacterFace
    /// How the face was found: "detected", "face box" or "landmarks file".
    public var method: String
    /// With `--face all`: the picture's other human faces, animated beside `face`.
    public var otherFaces: [CharacterFace] = []
    /// How many faces the detector found in the picture (1 when the face was given).
    public var facesFound = 1

    /// Where to look for the face when the detector cannot (`--face-box`), or landmarks to use as
    /// they are, or which of the faces the detector finds (`--face N`, left to right), or all
    /// of them (`--face all`).
    public enum FaceHint: Sendable {
        case none
        case box(Rect)
        case landmarksFile(String)
        case number(Int)
        case all
    }

    /// - Parameter keepAlpha: keep the image's transparency in `alpha` (and the straight colour
    ///   in `image`); throws `RenderError.characterHasNoAlpha` when it has none.
    public static func analyse(
        path: String, hint: FaceHint, models: FaceModelFiles,
        keepAlpha: Bool = false
    ) throws -> CharacterAnalysis {
        let loaded = try ImageLoader.load(path: path)
        guard loaded.width <= maximumSide, loaded.height <= maximumSide else {
            throw RenderError.characterTooLarge(path: path, width: loaded.width, height: loaded.height)
        }
        if keepAlpha && loaded.alpha == nil { throw RenderError.characterHasNoAlpha(path: path) }
        // The face is always found on the flattened picture: the detector and mesh were trained
        // on opaque photographs, and a transparent pixel's stored colour is arbitrary.
        var flat = loaded.rgb
        if let alpha = loaded.alpha {
            flat = RGBImage(
                width: flat.width, height: flat.height,
                pixels: [UInt8](repeating: background.r, count: flat.width * flat.height * 3))
            flat.composite(loaded.rgb, alpha: alpha, atX: 0, y: 0)
        }
        // Landmarks from a file are in the original image's pixels; everything is scaled together.
        let factor = min(1, Float(outputSide) / Float(max(flat.width, flat.height)))
        let fitted = FittedSize(width: flat.width, height: flat.height, factor: factor)
        let detectable = fitted.apply(flat)
        var image = detectable
        var keptAlpha: GrayImage?
        if keepAlpha, let alpha = loaded.alpha {
            keptAlpha = fitted.apply(alpha)
            // Bled before resizing, which filters the colour like any warp does.
            image = fitted.apply(loaded.rgb.bleedingColour(under: alpha, fill: background))
        }
        func scaled(_ p: LandmarkPoint) -> LandmarkPoint { LandmarkPoint(x: p.x * factor, y: p.y * factor, z: p.z * factor) }

        let finder = StillImageFaceFinder(
            detector: try StillImageFaceDetector(shortRangeModelPath: models.shortRange, fullRangeModelPath: models.fullRange),
            mesh: try FaceMesh(modelPath: models.attentionMesh, attentionModel: true))
        switch hint {
        case .landmarksFile(let file):
            let points = try readLandmarks(file).map(scaled)
            return CharacterAnalysis(image: image, alpha: keptAlpha, face: CharacterFace(landmarks: points), method: "landmarks file")
        case .box(let box):
            // The box is in the image's own pixels; one off the picture, or of no size, would send
            // the mesh into a region with no pixels, whose landmarks are noise or not numbers.
            let longSide = Float(max(flat.width, flat.height))
            guard box.width >= 8, box.height >= 8, box.width <= longSide, box.height <= longSide,
                box.x + box.width > 0, box.y + box.height > 0, box.x < Float(flat.width), box.y < Float(flat.height)
            else {
                throw RenderError.faceBoxOutsideImage(path: path, width: flat.width, height: flat.height)
            }
            let b = Rect(x: box.x * factor, y: box.y * factor, width: box.width * factor, height: box.height * factor)
            let found = try finder.face(in: detectable, box: b)
            let reach = longSide * factor * 2
            guard found.points.allSatisfy({ $0.x.isFinite && $0.y.isFinite && $0.z.isFinite && abs($0.x) < reach && abs($0.y) < reach })
            else {
                throw RenderError.noFaceInBox(path: path)
            }
            return CharacterAnalysis(image: image, alpha: keptAlpha, face: CharacterFace(landmarks: found.points), method: "face box")
        case .all:
            return try everyFace(finder: finder, in: detectable, path: path, image: image, alpha: keptAlpha)
        case .none, .number:
            var faces: [StillImageFaceFinder.DetectedFace]?
            let detected: StillImageFaceFinder.DetectedFace?
            if case .number(let n) = hint {
                faces = try finder.facesLeftToRight(in: detectable)
                detected = try numberedFace(n, among: faces!, path: path)
            } else {
                detected = try finder.largestFace(in: detectable)
            }
            guard let found = detected else { throw RenderError.noCharacterFace(path: path) }
            try checkHuman(found, in: detectable, path: path)
            // Counted for the summary, which says when there were others.
            let count = try faces?.count ?? finder.facesLeftToRight(in: detectable).count
            return CharacterAnalysis(
                image: image, alpha: keptAlpha, face: CharacterFace(landmarks: found.landmarks.points),
                method: "detected", facesFound: max(count, 1))
        }
    }

    /// `--face all`: every face the detector finds that passes as human (a dog beside its owner
    /// is left as it is); `face` is the largest of them.
    static func everyFace(
        finder: StillImageFaceFinder, in detectable: RGBImage, path: String, image: RGBImage, alpha: GrayImage?
    ) throws -> CharacterAnalysis {
        var found = try finder.facesLeftToRight(in: detectable)
        // A face the numbering's presence test turns away (a painted face the mesh is unsure of)
        // is still the one face when the detector sees nothing else.
        if found.isEmpty, let largest = try finder.largestFace(in: detectable) { found = [largest] }
        guard !found.isEmpty else { throw RenderError.noCharacterFace(path: path) }
        var human: [CharacterFace] = []
        var firstRefusal: Error?
        for face in found {
            do {
                try checkHuman(face, in: detectable, path: path)
                human.append(CharacterFace(landmarks: face.landmarks.points))
            } catch {
                firstRefusal = firstRefusal ?? error
            }
        }
        guard !human.isEmpty else { throw firstRefusal ?? RenderError.noCharacterFace(path: path) }
        human.sort { $0.transform.scale > $1.transform.scale }
        return CharacterAnalysis(
            image: image, alpha: alpha, face: human[0], method: "detected", otherFaces: Array(human.dropFirst()),
            facesFound: found.count)
    }

    /// Refuses a face that is not one to animate as a human face.
    static func checkHuman(_ found: StillImageFaceFinder.DetectedFace, in image: RGBImage, path: String) throws {
        switch HumanFaceCheck.judge(
            image: image, points: found.landmarks.points, detectorScore: found.detectorScore,
            presence: found.landmarks.presence)
        {
        case .human: break
        case .noFace: throw RenderError.noCharacterFace(path: path)
        case .notHuman(let reason): throw RenderError.notAHumanFace(path: path, reason: reason)
        }
    }

    static func evenDown(_ v: Int) -> Int { max(2, v - v % 2) }

    /// The output size for a character image: scaled by `factor` (≤ 1), then cropped to even
    /// dimensions; colour and alpha go through the same steps.
    struct FittedSize {
        let sourceWidth: Int, sourceHeight: Int
        let scaledWidth: Int, scaledHeight: Int
        let width: Int, height: Int

        init(width: Int, height: Int, factor: Float) {
            sourceWidth = width
            sourceHeight = height
            scaledWidth = factor < 1 ? Int((Float(width) * factor).rounded()) : width
            scaledHeight = factor < 1 ? Int((Float(height) * factor).rounded()) : height
            self.width = evenDown(Int((Float(width) * factor).rounded()))
            self.height = evenDown(Int((Float(height) * factor).rounded()))
        }

        var isIdentity: Bool { width == sourceWidth && height == sourceHeight }
        var crop: IntRect { IntRect(x: 0, y: 0, width: width, height: height) }
        var scales: Bool { scaledWidth != sourceWidth || scaledHeight != sourceHeight }

        func apply(_ image: RGBImage) -> RGBImage {
            guard !isIdentity else { return image }
            return (scales ? image.resized(width: scaledWidth, height: scaledHeight) : image).cropped(to: crop)
        }

        func apply(_ alpha: GrayImage) -> GrayImage {
            guard !isIdentity else { return alpha }
            return (scales ? alpha.resized(width: scaledWidth, height: scaledHeight) : alpha).cropped(to: crop)
        }
    }

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
            guard p.allSatisfy({ abs($0) <= Double(maximumSide) * 4 }) else {
                throw RenderError.badCharacterLandmarks(
                    path: path,
                    reason: "point \(i) lies far outside any picture (\(p.map { String(format: "%g", $0) }.joined(separator: ", ")))")
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

    /// A tracker for video (`track`, `inspect`, `render`): short range first, which covers faces
    /// filling much of the frame; full range, which finds smaller ones, when it finds nothing.
    public func videoTracker() throws -> FaceTracker {
        FaceTracker(mesh: try FaceMesh(modelPath: attentionMesh, attentionModel: true), detector: try videoDetector())
    }

    /// The detector of video trackers: short range, then full range when it finds nothing.
    func videoDetector() throws -> FaceTracker.Detector {
        let near = try FaceDetector(modelPath: shortRange, model: .shortRange)
        let far = try FaceDetector(modelPath: fullRange, model: .fullRange)
        return { image in
            let found = try near.detect(in: image)
            return found.isEmpty ? try far.detect(in: image) : found
        }
    }
}
