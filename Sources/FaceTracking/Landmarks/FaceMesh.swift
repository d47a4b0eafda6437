import FaceGeometry
import Foundation
import Imaging
import NeuralRuntime

/// Errors from the landmark models.
public enum LandmarkError: Error, CustomStringConvertible, Sendable {
    /// The model has no tensor with this name, or it has the wrong number of values.
    case unexpectedModel(path: String, detail: String)

    public var description: String {
        switch self {
        case let .unexpectedModel(path, detail): "\(path) is not the expected landmark model: \(detail)"
        }
    }
}

/// MediaPipe's face mesh (`face_landmark_cpu.pbtxt`): a rotated square region cropped to 192×192
/// ([0, 1] floats), the model, the 468 points (or, with the attention model, the refined 478)
/// projected back to image pixels, and the face-presence score (sigmoid of the face flag).
public final class FaceMesh {
    public static let inputSize = 192
    public let modelPath: String
    public let attentionModel: Bool
    private let interpreter: Interpreter
    private let inputName: String

    /// - Parameters:
    ///   - modelPath: `face_landmark.tflite`, or `face_landmark_with_attention.tflite` with
    ///     `attentionModel: true`.
    ///   - attentionModel: whether the model is the attention mesh (478 refined points).
    public init(modelPath: String, attentionModel: Bool = false) throws {
        self.modelPath = modelPath
        self.attentionModel = attentionModel
        interpreter = try Interpreter(modelPath: modelPath)
        guard let input = interpreter.inputNames.first,
            try interpreter.shape(of: input) == [1, Self.inputSize, Self.inputSize, 3]
        else {
            throw LandmarkError.unexpectedModel(path: modelPath, detail: "input is not [1, 192, 192, 3]")
        }
        inputName = input
        let needed: [(String, Int)] =
            attentionModel
            ? [
                ("output_mesh_identity", 1404), ("output_lips", 160), ("output_left_eye", 142),
                ("output_right_eye", 142), ("output_left_iris", 10), ("output_right_iris", 10), ("conv_faceflag", 1),
            ]
            : [("conv2d_21", 1404), ("conv2d_31", 1)]
        for (name, count) in needed {
            guard let shape = try? interpreter.shape(of: name), shape.reduce(1, *) == count else {
                throw LandmarkError.unexpectedModel(path: modelPath, detail: "no output '\(name)' of \(count) values")
            }
        }
    }

    /// The 468 (or, with the attention model, 478) landmarks in `region` of `image`.
    public func landmarks(in image: RGBImage, region: RegionOfInterest) throws -> FaceLandmarks {
        let n = Self.inputSize
        let crop = image.warped(
            width: n, height: n,
            sourceFromOutput: FaceRegion.cropTransform(for: region, size: n))
        try interpreter.withInput(inputName) { input in
            crop.pixels.withUnsafeBufferPointer { px in
                let scale: Float = 1.0 / 255
                for i in 0..<px.count { input[i] = Float(px[i]) * scale }
            }
        }
        interpreter.invoke()

        let size = Float(n)
        // LandmarkProjection: z is normalised by the crop width (TensorsToLandmarks) and scaled by
        // the region's width, so in pixels it is z × region.width / 192.
        let zScale = region.width / size
        func project(_ x: Float, _ y: Float, _ z: Float) -> LandmarkPoint {
            let p = FaceRegion.project(x: x, y: y, from: region, size: size)
            return LandmarkPoint(x: p.x, y: p.y, z: z * zScale)
        }

        let meshName = attentionModel ? "output_mesh_identity" : "conv2d_21"
        let flagName = attentionModel ? "conv_faceflag" : "conv2d_31"
        // Crop-space (x, y, z) of the mesh, refined below when the model has attention heads.
        var crop3 = try interpreter.output(meshName)
        let flag = try interpreter.withOutput(flagName) { $0[0] }

        if attentionModel {
            // LandmarksRefinementCalculator (tensors_to_face_landmarks_with_attention.pbtxt): the
            // lips and eye heads give x, y only and replace those mesh points (z kept: "none");
            // the irises are appended, z = mean z of the eye's 16 contour points ("assign_average").
            func refine(_ name: String, _ indices: [Int]) throws {
                try interpreter.withOutput(name) { v in
                    for (k, index) in indices.enumerated() {
                        crop3[index * 3] = v[k * 2]
                        crop3[index * 3 + 1] = v[k * 2 + 1]
                    }
                }
            }
            try refine("output_lips", MeshTopology.lipsRefinement)
            // The model names its outputs from the image: its left eye is the subject's right.
            try refine("output_left_eye", MeshTopology.rightEyeRefinement)
            try refine("output_right_eye", MeshTopology.leftEyeRefinement)
            for (name, contour) in [
                ("output_left_iris", MeshTopology.rightEyeContour),
                ("output_right_iris", MeshTopology.leftEyeContour),
            ] {
                let z = contour.reduce(Float(0)) { $0 + crop3[$1 * 3 + 2] } / Float(contour.count)
                try interpreter.withOutput(name) { v in
                    for k in 0..<5 { crop3 += [v[k * 2], v[k * 2 + 1], z] }
                }
            }
        }

        var points = [LandmarkPoint]()
        points.reserveCapacity(crop3.count / 3)
        for i in stride(from: 0, to: crop3.count, by: 3) {
            points.append(project(crop3[i], crop3[i + 1], crop3[i + 2]))
        }
        return FaceLandmarks(points: points, presence: 1 / (1 + exp(-flag)), region: region)
    }
}
