// BlazeFace face detection as MediaPipe's face_detection graphs run it
// (mediapipe/modules/face_detection/face_detection.pbtxt with the options of
// face_detection_short_range.pbtxt / face_detection_full_range.pbtxt).

import Imaging
import NeuralRuntime

public enum FaceDetectorError: Error, Sendable, CustomStringConvertible {
    case unexpectedModel(path: String, reason: String)

    public var description: String {
        switch self {
        case .unexpectedModel(let path, let reason): "\(path) is not a BlazeFace face detector: \(reason)"
        }
    }
}

public final class FaceDetector {
    public enum Model: Sendable, Hashable {
        /// face_detection_short_range.tflite: 128×128, faces within about 2 m.
        case shortRange
        /// face_detection_full_range(_sparse).tflite: 192×192, faces within about 5 m.
        case fullRange

        // MediaPipe's options. Per model (face_detection_short_range.pbtxt,
        // face_detection_full_range.pbtxt): tensor size, strides, interpolated scale aspect ratio,
        // anchor count, x/y/w/h scales, min score threshold. Shared (face_detection.pbtxt):
        // min/max scale 0.1484375/0.75, anchor offsets 0.5, aspect ratio 1.0, fixed anchor size;
        // 16 coords, box at 0 (x, y, w, h: reverse_output_order), 6 keypoints at 4, sigmoid
        // scores clipped at ±100; weighted NMS, IoU, threshold 0.3.
        var tensorSize: Int { self == .shortRange ? 128 : 192 }

        var anchorOptions: SSDAnchorOptions {
            switch self {
            case .shortRange:
                SSDAnchorOptions(
                    inputWidth: 128, inputHeight: 128, minScale: 0.1484375, maxScale: 0.75,
                    strides: [8, 16, 16, 16], aspectRatios: [1.0],
                    interpolatedScaleAspectRatio: 1.0, fixedAnchorSize: true)
            case .fullRange:
                SSDAnchorOptions(
                    inputWidth: 192, inputHeight: 192, minScale: 0.1484375, maxScale: 0.75,
                    strides: [4], aspectRatios: [1.0],
                    interpolatedScaleAspectRatio: 0.0, fixedAnchorSize: true)
            }
        }

        var anchorCount: Int { self == .shortRange ? 896 : 2304 }

        var decodingOptions: DetectionDecodingOptions {
            let s = Float(tensorSize)
            return DetectionDecodingOptions(
                xScale: s, yScale: s, wScale: s, hScale: s,
                minScoreThreshold: self == .shortRange ? 0.5 : 0.6)
        }
    }

    /// MediaPipe's NonMaxSuppressionCalculator threshold in the face graphs (IoU, weighted).
    public static let minSuppressionThreshold: Float = 0.3

    public let model: Model
    /// Detections below this score are dropped before suppression (0.5 short range, 0.6 full).
    public var minScore: Float
    let anchors: [SSDAnchor]
    private let interpreter: Interpreter
    private let inputName: String
    private let regressorsName: String
    private let scoresName: String

    public init(modelPath: String, model: Model) throws {
        self.model = model
        self.anchors = SSDAnchors.generate(model.anchorOptions)
        self.minScore = model.decodingOptions.minScoreThreshold
        let interpreter = try Interpreter(modelPath: modelPath)
        self.interpreter = interpreter
        guard let input = interpreter.inputNames.first,
            try interpreter.shape(of: input) == [1, model.tensorSize, model.tensorSize, 3]
        else {
            throw FaceDetectorError.unexpectedModel(
                path: modelPath,
                reason: "expected one input of shape [1, \(model.tensorSize), \(model.tensorSize), 3]")
        }
        inputName = input
        var regressors: String?, scores: String?
        for name in interpreter.outputNames {
            let shape = try interpreter.shape(of: name)
            if shape == [1, model.anchorCount, 16] { regressors = name }
            if shape == [1, model.anchorCount, 1] { scores = name }
        }
        guard let regressors, let scores else {
            throw FaceDetectorError.unexpectedModel(
                path: modelPath,
                reason: "expected outputs [1, \(model.anchorCount), 16] and [1, \(model.anchorCount), 1]")
        }
        regressorsName = regressors
        scoresName = scores
    }

    /// Faces in the whole image (letterboxed), highest score first, in image pixels.
    public func detect(in image: RGBImage) throws -> [FaceDetection] {
        try detect(
            in: image,
            region: Letterbox(
                imageWidth: image.width, height: image.height,
                tensorSize: model.tensorSize))
    }

    /// Faces in one square region of the image (which may overhang it), in image pixels.
    public func detect(in image: RGBImage, region: Letterbox) throws -> [FaceDetection] {
        try detectRaw(in: image, region: region).map(Self.faceDetection)
    }

    /// Weighted-NMS'd detections projected to image pixels (before conversion to `FaceDetection`).
    func detectRaw(in image: RGBImage, region: Letterbox) throws -> [RawDetection] {
        var region = region
        region.tensorSize = model.tensorSize
        try interpreter.withInput(inputName) { region.write(image, into: $0) }
        interpreter.invoke()
        var options = model.decodingOptions
        options.minScoreThreshold = minScore
        let anchors = self.anchors
        let decoded = try interpreter.withOutput(regressorsName) { regressors in
            try interpreter.withOutput(scoresName) { scores in
                DetectionDecoder.decode(regressors: regressors, scores: scores, anchors: anchors, options: options)
            }
        }
        return WeightedNonMaxSuppression.apply(decoded, threshold: Self.minSuppressionThreshold)
            .map { Self.project($0, through: region) }
    }

    /// Maps a detection in normalized tensor coordinates to image pixels.
    static func project(_ d: RawDetection, through region: Letterbox) -> RawDetection {
        var out = d
        let p0 = region.imagePoint(normalized: Point2(d.xMin, d.yMin))
        let p1 = region.imagePoint(normalized: Point2(d.xMax, d.yMax))
        out.xMin = p0.x; out.yMin = p0.y; out.xMax = p1.x; out.yMax = p1.y
        for k in stride(from: 0, to: d.keypoints.count - 1, by: 2) {
            let p = region.imagePoint(normalized: Point2(d.keypoints[k], d.keypoints[k + 1]))
            out.keypoints[k] = p.x
            out.keypoints[k + 1] = p.y
        }
        return out
    }

    static func faceDetection(_ d: RawDetection) -> FaceDetection {
        var points: [Point2] = []
        points.reserveCapacity(d.keypoints.count / 2)
        for k in stride(from: 0, to: d.keypoints.count - 1, by: 2) {
            points.append(Point2(d.keypoints[k], d.keypoints[k + 1]))
        }
        return FaceDetection(
            box: Rect(minX: d.xMin, minY: d.yMin, maxX: d.xMax, maxY: d.yMax),
            keypoints: points, score: d.score)
    }
}
