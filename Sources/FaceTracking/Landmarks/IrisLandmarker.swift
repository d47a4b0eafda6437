import FaceGeometry
import Foundation
import Imaging
import NeuralRuntime

/// MediaPipe's iris model (`iris_landmark_cpu.pbtxt`, `iris_landmark_left_and_right_cpu.pbtxt`):
/// a 64×64 crop per eye around its two corners (square, scaled 2.3, rotated corner → corner),
/// the right eye (362/263) mirrored left-right because the model knows only one eye, the 5 iris
/// points and 71 eye-contour points projected back to image pixels.
///
/// `refined(_:in:)` appends both irises to a 468-point mesh in MediaPipe's refined order
/// (468…472 the iris of the eye at 33/133, 473…477 the one at 362/263). Their z is set as
/// MediaPipe's LandmarksRefinementCalculator sets it for the attention model: the mean z of the
/// eye's 16 contour mesh points, so the 478 points match what `FaceMesh` gives with attention.
public final class IrisLandmarker {
    public static let inputSize = 64

    /// One eye's result, in image pixels.
    public struct Eye: Sendable, Hashable {
        /// Centre, then the iris's right, top, left and bottom edge points; z from the iris model
        /// (its crop z scaled by the eye region's width / 64, as MediaPipe's projection does).
        public var iris: [LandmarkPoint]
        /// The model's 71 eye-contour and brow points, in the order of `MeshTopology.rightEyeRefinement`.
        public var contour: [LandmarkPoint]
        public var region: RegionOfInterest
    }

    public let modelPath: String
    private let interpreter: Interpreter
    private let inputName: String

    public init(modelPath: String) throws {
        self.modelPath = modelPath
        interpreter = try Interpreter(modelPath: modelPath)
        guard let input = interpreter.inputNames.first,
            try interpreter.shape(of: input) == [1, Self.inputSize, Self.inputSize, 3]
        else {
            throw LandmarkError.unexpectedModel(path: modelPath, detail: "input is not [1, 64, 64, 3]")
        }
        inputName = input
        for (name, count) in [("output_eyes_contours_and_brows", 213), ("output_iris", 15)] {
            guard let shape = try? interpreter.shape(of: name), shape.reduce(1, *) == count else {
                throw LandmarkError.unexpectedModel(path: modelPath, detail: "no output '\(name)' of \(count) values")
            }
        }
    }

    /// Runs the iris model on the eye between `corner0` and `corner1` (MediaPipe: 33 → 133 for the
    /// eye on the image's left, 362 → 263 with `isRightEye` for the other).
    public func eye(in image: RGBImage, from corner0: Point2, to corner1: Point2, isRightEye: Bool) throws -> Eye {
        let n = Self.inputSize
        let region = FaceRegion.eyeRegion(from: corner0, to: corner1)
        let crop = image.warped(
            width: n, height: n,
            sourceFromOutput: FaceRegion.cropTransform(for: region, size: n, flipped: isRightEye))
        try interpreter.withInput(inputName) { input in
            crop.pixels.withUnsafeBufferPointer { px in
                let scale: Float = 1.0 / 255
                for i in 0..<px.count { input[i] = Float(px[i]) * scale }
            }
        }
        interpreter.invoke()
        let size = Float(n)
        let zScale = region.width / size
        func decode(_ v: UnsafeBufferPointer<Float>) -> [LandmarkPoint] {
            stride(from: 0, to: v.count, by: 3).map { i in
                // TensorsToLandmarks with FLIP_HORIZONTALLY: x = width − x.
                let x = isRightEye ? size - v[i] : v[i]
                let p = FaceRegion.project(x: x, y: v[i + 1], from: region, size: size)
                return LandmarkPoint(x: p.x, y: p.y, z: v[i + 2] * zScale)
            }
        }
        let iris = try interpreter.withOutput("output_iris", decode)
        let contour = try interpreter.withOutput("output_eyes_contours_and_brows", decode)
        return Eye(iris: iris, contour: contour, region: region)
    }

    /// Both eyes of a 468-point mesh, named from the image as the iris model is: (the eye at
    /// 33/133 on the image's left, the subject's right; the eye at 362/263).
    public func eyes(in image: RGBImage, mesh: FaceLandmarks) throws -> (left: Eye, right: Eye) {
        let p = mesh.points
        let l = MeshTopology.rightEyeCorners
        let r = MeshTopology.leftEyeCorners
        let left = try eye(in: image, from: p[l.0].xy, to: p[l.1].xy, isRightEye: false)
        let right = try eye(in: image, from: p[r.0].xy, to: p[r.1].xy, isRightEye: true)
        return (left, right)
    }

    /// The mesh with both irises appended (478 points, MediaPipe's refined order). The 468 mesh
    /// points are kept as they are; a mesh that already has irises is returned unchanged.
    public func refined(_ mesh: FaceLandmarks, in image: RGBImage) throws -> FaceLandmarks {
        guard mesh.points.count == MeshTopology.meshCount else { return mesh }
        let (left, right) = try eyes(in: image, mesh: mesh)
        var result = mesh
        for (eye, contour) in [(left, MeshTopology.rightEyeContour), (right, MeshTopology.leftEyeContour)] {
            let z = contour.reduce(Float(0)) { $0 + mesh.points[$1].z } / Float(contour.count)
            result.points += eye.iris.map { LandmarkPoint(x: $0.x, y: $0.y, z: z) }
        }
        return result
    }
}
