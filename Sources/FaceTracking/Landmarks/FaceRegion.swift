import FaceGeometry
import Foundation
import Imaging

/// Region-of-interest maths for the face mesh and iris models, as MediaPipe's graphs compute it:
///
/// - face from a detection (`face_detection_front_detection_to_roi.pbtxt`): DetectionsToRects with
///   the rotation from keypoint 0 (right eye) to keypoint 1 (left eye), target angle 0, then
///   RectTransformation with scale 1.5 and `square_long`;
/// - face from the previous frame's mesh (`face_landmark_landmarks_to_roi.pbtxt`): the axis-aligned
///   bounding box of all landmarks, rotation from landmark 33 to landmark 263, scale 1.5, square long;
/// - eye from its two corners (`iris_landmark_landmarks_to_roi.pbtxt`): the corners' box, rotation
///   from the first corner to the second, scale 2.3, square long.
///
/// Everything is in image pixels (MediaPipe works in normalised coordinates, but `square_long`
/// squares in pixels, so the result is the same).
public enum FaceRegion {
    /// Scale MediaPipe applies to the face box (from a detection or from landmarks).
    public static let faceScale: Float = 1.5
    /// Scale MediaPipe applies to the eye-corner box for the iris model.
    public static let eyeScale: Float = 2.3
    /// Mesh landmarks that set the tracking ROI's rotation (outer corners of the two eyes).
    public static let rotationLandmarks = (start: 33, end: 263)

    /// MediaPipe's NormalizeRadians: the angle mapped into [-π, π).
    public static func normalizeRadians(_ angle: Float) -> Float {
        let twoPi = 2 * Float.pi
        return angle - twoPi * ((angle + Float.pi) / twoPi).rounded(.down)
    }

    /// DetectionsToRectsCalculator's rotation: `target − atan2(−(y1 − y0), x1 − x0)`, normalised.
    /// Positive means clockwise on screen (image y points down), like `RegionOfInterest.rotation`.
    public static func rotation(from start: Point2, to end: Point2, targetAngle: Float = 0) -> Float {
        normalizeRadians(targetAngle - atan2(-(end.y - start.y), end.x - start.x))
    }

    /// RectTransformationCalculator with no shift: optionally square on the long side, then scale.
    public static func transformed(
        center: Point2, width: Float, height: Float, rotation: Float,
        scale: Float, squareLong: Bool = true
    ) -> RegionOfInterest {
        var w = width
        var h = height
        if squareLong {
            let side = max(w, h)
            w = side
            h = side
        }
        return RegionOfInterest(
            center: center, width: w * scale, height: h * scale,
            rotation: normalizeRadians(rotation))
    }

    /// The face ROI for the mesh model from a detection: centre of the detection box, rotation
    /// from keypoint 0 to keypoint 1 (eyes level), square on the long side, scaled 1.5.
    public static func region(for detection: FaceDetection) -> RegionOfInterest {
        let box = detection.box
        var angle: Float = 0
        if detection.keypoints.count >= 2 {
            angle = rotation(from: detection.keypoints[0], to: detection.keypoints[1])
        }
        return transformed(
            center: box.center, width: box.width, height: box.height,
            rotation: angle, scale: faceScale)
    }

    /// The face ROI for the next frame from this frame's mesh (468 or 478 points): the bounding box
    /// of all landmarks, rotation from landmark 33 to landmark 263, square long side, scaled 1.5.
    public static func region(forLandmarks points: [LandmarkPoint]) -> RegionOfInterest? {
        guard points.count > rotationLandmarks.end,
            let box = Rect.bounding(points.map(\.xy))
        else { return nil }
        let angle = rotation(from: points[rotationLandmarks.start].xy, to: points[rotationLandmarks.end].xy)
        return transformed(
            center: box.center, width: box.width, height: box.height,
            rotation: angle, scale: faceScale)
    }

    /// The iris model's eye ROI from the eye's two corners (MediaPipe passes 33, 133 for the first
    /// eye and 362, 263 for the second): box centre, rotation corner → corner, square, scaled 2.3.
    public static func eyeRegion(from corner0: Point2, to corner1: Point2) -> RegionOfInterest {
        let box = Rect(
            minX: min(corner0.x, corner1.x), minY: min(corner0.y, corner1.y),
            maxX: max(corner0.x, corner1.x), maxY: max(corner0.y, corner1.y))
        return transformed(
            center: box.center, width: box.width, height: box.height,
            rotation: rotation(from: corner0, to: corner1), scale: eyeScale)
    }

    /// The transform from a `size`×`size` crop's pixel index (u, v) to the image point it samples,
    /// as MediaPipe's ImageToTensor does it (OpenCV: the rotated rectangle's corners map to the
    /// crop's corners (0, 0) … (size, size)). Use with `RGBImage.warped(width:height:sourceFromOutput:)`.
    /// With `flipped`, the crop is mirrored left-right (MediaPipe's right-eye flip for the iris model).
    public static func cropTransform(for region: RegionOfInterest, size: Int, flipped: Bool = false) -> Affine2D {
        let n = Float(size)
        let sx = region.width / n
        let sy = region.height / n
        // Crop index (u, v) → offset from the region's top-left corner in the region's own frame.
        var local = Affine2D.scale(sx, sy).then(.translation(-region.width / 2, -region.height / 2))
        if flipped {
            // new[u] = old[size - 1 - u]
            local = Affine2D(a: -1, b: 0, c: 0, d: 1, tx: n - 1, ty: 0).then(local)
        }
        return local.then(.rotation(region.rotation)).then(.translation(region.center))
    }

    /// LandmarkProjectionCalculator: a point in crop coordinates (0…size on each axis, continuous)
    /// mapped to the image: rotated about the region's centre and scaled by its size.
    @inlinable
    public static func project(x: Float, y: Float, from region: RegionOfInterest, size: Float) -> Point2 {
        let nx = x / size - 0.5
        let ny = y / size - 0.5
        let c = cos(region.rotation)
        let s = sin(region.rotation)
        return Point2(
            (c * nx - s * ny) * region.width + region.center.x,
            (s * nx + c * ny) * region.height + region.center.y)
    }

    /// The inverse of `project`: an image point in the region's crop coordinates (0…size).
    public static func unproject(_ p: Point2, into region: RegionOfInterest, size: Float) -> Point2 {
        let d = p - region.center
        let c = cos(region.rotation)
        let s = sin(region.rotation)
        let nx = (c * d.x + s * d.y) / region.width
        let ny = (-s * d.x + c * d.y) / region.height
        return Point2((nx + 0.5) * size, (ny + 0.5) * size)
    }
}
