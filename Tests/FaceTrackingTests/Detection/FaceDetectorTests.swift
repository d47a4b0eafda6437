import Foundation
import Imaging
import MediaIO
import Testing

@testable import FaceTracking

enum DetectionModelFiles {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let shortRange = packageRoot.appendingPathComponent("models/face_detection_short_range.tflite").path
    static let fullRange = packageRoot.appendingPathComponent("models/face_detection_full_range_sparse.tflite").path
    static let sample = packageRoot.appendingPathComponent("Samples/character.jpg").path
    static var available: Bool {
        FileManager.default.fileExists(atPath: shortRange) && FileManager.default.fileExists(atPath: fullRange)
    }
    static var stillDetector: StillImageFaceDetector? {
        guard available else { return nil }
        return try? StillImageFaceDetector(shortRangeModelPath: shortRange, fullRangeModelPath: fullRange)
    }
}

@Suite(.enabled(if: DetectionModelFiles.available && FileManager.default.fileExists(atPath: DetectionModelFiles.sample)))
struct FaceDetectorDetectionTests {
    let image: RGBImage

    init() throws {
        image = try ImageLoader.load(path: DetectionModelFiles.sample).rgb
    }

    func checkPortrait(_ faces: [FaceDetection], offset: Point2 = .zero) {
        #expect(faces.count == 1)
        guard let face = faces.first else { return }
        let box = face.box
        #expect(box.minX >= 150 + offset.x && box.maxX <= 370 + offset.x, "box \(box)")
        #expect(box.minY >= 100 + offset.y && box.maxY <= 380 + offset.y, "box \(box)")
        #expect(face.keypoints.count == 6)
        #expect(face.keypoints[0].x < face.keypoints[1].x)
        #expect(face.score > 0.7, "score \(face.score)")
    }

    @Test func shortRangeFindsThePortrait() throws {
        let detector = try FaceDetector(modelPath: DetectionModelFiles.shortRange, model: .shortRange)
        #expect(image.width == 512 && image.height == 600)
        let faces = try detector.detect(in: image)
        checkPortrait(faces)
        // The same interpreter gives the same answer again.
        #expect(try detector.detect(in: image) == faces)
    }

    @Test func fullRangeFindsThePortrait() throws {
        let detector = try FaceDetector(modelPath: DetectionModelFiles.fullRange, model: .fullRange)
        checkPortrait(try detector.detect(in: image))
    }

    /// mediapipe==0.10.14's Python FaceDetection on Samples/character.jpg (decoded with Pillow),
    /// relative coordinates × image size: (score, box x, y, w, h, keypoints).
    static let mediaPipeReference: [FaceDetector.Model: (Float, [Float], [Float])] = [
        .shortRange: (
            0.9354, [171.35, 146.92, 194.49, 194.48],
            [221.81, 194.73, 308.00, 184.97, 268.36, 225.95, 272.76, 274.31, 178.61, 233.41, 358.84, 214.80]
        ),
        .fullRange: (
            0.8744, [165.85, 128.39, 200.41, 200.37],
            [226.77, 192.00, 305.99, 191.35, 271.08, 235.20, 271.27, 274.24, 180.65, 214.69, 344.94, 213.86]
        ),
    ]

    @Test(arguments: [FaceDetector.Model.shortRange, .fullRange])
    func matchesMediaPipe(model: FaceDetector.Model) throws {
        let path = model == .shortRange ? DetectionModelFiles.shortRange : DetectionModelFiles.fullRange
        let face = try #require(try FaceDetector(modelPath: path, model: model).detect(in: image).first)
        let (score, box, keypoints) = try #require(Self.mediaPipeReference[model])
        #expect(abs(face.score - score) < 0.01, "score \(face.score)")
        let ours = [face.box.x, face.box.y, face.box.width, face.box.height]
        for k in 0..<4 { #expect(abs(ours[k] - box[k]) < 1.5, "box \(face.box)") }
        for k in 0..<6 {
            #expect(
                face.keypoints[k].distance(to: Point2(keypoints[2 * k], keypoints[2 * k + 1])) < 1.5,
                "keypoint \(k): \(face.keypoints[k])")
        }
    }

    @Test func noFaceInFlatOrGradientImages() throws {
        let detector = try FaceDetector(modelPath: DetectionModelFiles.shortRange, model: .shortRange)
        let gray = RGBImage(width: 320, height: 240, pixels: [UInt8](repeating: 128, count: 320 * 240 * 3))
        #expect(try detector.detect(in: gray).isEmpty)
        var gradient = RGBImage(width: 300, height: 200)
        for y in 0..<200 {
            for x in 0..<300 {
                let i = (y * 300 + x) * 3
                gradient.pixels[i] = UInt8(x * 255 / 299)
                gradient.pixels[i + 1] = UInt8(y * 255 / 199)
                gradient.pixels[i + 2] = 90
            }
        }
        #expect(try detector.detect(in: gradient).isEmpty)
        let still = try #require(DetectionModelFiles.stillDetector)
        #expect(try still.detect(in: gray).isEmpty)
    }

    @Test func smallFaceInLargeCanvas() throws {
        // The portrait at its own size on a mid-gray canvas four times as large: the face is
        // about a tenth of the canvas.
        let w = image.width * 4, h = image.height * 4
        var canvas = RGBImage(width: w, height: h)
        for i in canvas.pixels.indices { canvas.pixels[i] = 110 }
        let ox = image.width * 2, oy = image.height
        canvas.composite(image, atX: ox, y: oy)
        let still = try #require(DetectionModelFiles.stillDetector)
        let faces = try still.detect(in: canvas)
        checkPortrait(faces, offset: Point2(Float(ox), Float(oy)))
        // The tiled pass alone finds it as well (one scale here, to keep the test quick: 3×3 tiles).
        still.tileFractions = [0.5]
        #expect(still.tiles(width: w, height: h).count == 9)
        checkPortrait(try still.detectTiled(in: canvas), offset: Point2(Float(ox), Float(oy)))
    }
}
