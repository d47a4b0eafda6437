import Imaging
import NeuralRuntime

/// Errors from the segmentation model.
public enum SegmentationError: Error, CustomStringConvertible, Sendable {
    /// The model's input or output is not the one this wrapper feeds or reads.
    case unexpectedModel(path: String, detail: String)

    public var description: String {
        switch self {
        case let .unexpectedModel(path, detail): "\(path) is not the expected selfie segmentation model: \(detail)"
        }
    }
}

/// MediaPipe's selfie segmentation, general model (`selfie_segmentation_cpu.pbtxt` with
/// model_selection 0): a person matte of a whole still, 1 on the person, 0 on the background.
///
/// As MediaPipe's graph does it: the whole image is stretched to the model's 256×256 input, not
/// letterboxed (ImageToTensorCalculator with keep_aspect_ratio false, BORDER_ZERO, range [0, 1];
/// see `StretchedImageInput`); the model ends in a sigmoid, so its output is the matte already
/// (TensorsToSegmentationCalculator with activation NONE), and that 256×256 plane is resized back
/// to the image's size with OpenCV's bilinear resize (`FloatPlane.resizedBilinear`).
///
/// Not thread-safe: one segmenter per thread.
public final class SelfieSegmenter {
    public static let inputSize = 256
    public let modelPath: String
    private let interpreter: Interpreter
    private let inputName: String
    private let outputName: String

    /// - Parameter modelPath: `selfie_segmentation.tflite` (the general model; the landscape one
    ///   has a 256×144 input and is refused).
    public init(modelPath: String) throws {
        self.modelPath = modelPath
        interpreter = try Interpreter(modelPath: modelPath)
        let n = Self.inputSize
        guard let input = interpreter.inputNames.first, try interpreter.shape(of: input) == [1, n, n, 3] else {
            throw SegmentationError.unexpectedModel(path: modelPath, detail: "input is not [1, \(n), \(n), 3]")
        }
        guard interpreter.outputNames.count == 1, let output = interpreter.outputNames.first,
            try interpreter.shape(of: output) == [1, n, n, 1]
        else {
            throw SegmentationError.unexpectedModel(path: modelPath, detail: "output is not one [1, \(n), \(n), 1] mask")
        }
        inputName = input
        outputName = output
    }

    /// The person matte of `image` at the image's size: per pixel, the model's probability that
    /// it shows a person, in 0...1.
    public func personMatte(of image: RGBImage) throws -> FloatPlane {
        try modelMask(of: image).resizedBilinear(width: image.width, height: image.height)
    }

    /// One model call on the whole image stretched to the model's input, its 256×256 mask.
    /// Input `input_1` [1, 256, 256, 3]: RGB bytes / 255, row-major. Output `activation_10`
    /// [1, 256, 256, 1]: the probability of a person at each input pixel (after the model's own
    /// sigmoid).
    public func modelMask(of image: RGBImage) throws -> FloatPlane {
        let n = Self.inputSize
        try interpreter.withInput(inputName) { input in
            StretchedImageInput.write(image, width: n, height: n, into: input)
        }
        interpreter.invoke()
        return FloatPlane(width: n, height: n, values: try interpreter.output(outputName))
    }
}
