import FaceGeometry
import FaceTracking
import Imaging
import Motion

/// What a pose track says about one frame, drawn over that frame: the face mesh, both irises and
/// the head's axes. Line widths grow with the frame so a 4K overlay is as legible as a 480p one.
enum FaceOverlay {
    static let mesh = RGB(0, 230, 200)
    static let meshOpacity: Float = 0.35
    static let features = RGB(255, 255, 255)
    static let iris = RGB(255, 210, 0)
    /// The head's x (towards the subject's left), y (up) and z (out of the face) axes: red, green, blue.
    static let axes = [RGB(235, 50, 50), RGB(50, 205, 50), RGB(60, 130, 255)]
    /// Axis length in canonical units (1 = the distance between the outer eye corners).
    static let axisLength = 0.6

    static func draw(_ motion: FrameMotion, on image: inout RGBImage) {
        guard motion.faceFound else { return }
        let width = max(1, Float(min(image.width, image.height)) / 480)
        if let points = motion.landmarks, points.count >= MeshTopology.meshCount {
            drawMesh(points, on: &image, width: width)
            if points.count >= MeshTopology.refinedCount { drawIrises(points, on: &image, width: width) }
        }
        if let pose = motion.pose { drawAxes(pose, on: &image, width: width) }
    }

    static func drawMesh(_ points: [LandmarkPoint], on image: inout RGBImage, width: Float) {
        for (a, b) in FaceWireframe.edges {
            image.drawLine(from: points[a].xy, to: points[b].xy, color: mesh, thickness: width, opacity: meshOpacity)
        }
        for feature in FaceWireframe.features {
            image.drawPolyline(
                feature.points.map { points[$0].xy }, color: features, thickness: width,
                opacity: 0.8, closed: feature.closed)
        }
    }

    /// Each iris as a ring through its four edge points, and its centre.
    static func drawIrises(_ points: [LandmarkPoint], on image: inout RGBImage, width: Float) {
        for start in [MeshTopology.rightIrisStart, MeshTopology.leftIrisStart] {
            let centre = points[start].xy
            let radius = (1...4).map { points[start + $0].xy.distance(to: centre) }.reduce(0, +) / 4
            image.strokeCircle(center: centre, radius: radius, color: iris, thickness: width)
            image.fillCircle(center: centre, radius: 1.5 * width, color: iris)
        }
    }

    /// The head's axes from the face centre, rotated by the pose and projected straight onto the
    /// image (the pose's rotation maps head axes to x right, y up, z towards the camera).
    static func drawAxes(_ pose: HeadPose, on image: inout RGBImage, width: Float) {
        let rotation = HeadPoseEstimator.rotation(yaw: Double(pose.yaw), pitch: Double(pose.pitch), roll: Double(pose.roll))
        let origin = Point2(pose.x, pose.y)
        let length = axisLength * Double(pose.scale)
        let units = [Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1)]
        for (unit, color) in zip(units, axes) {
            let direction = rotation * unit
            // Image y grows downwards.
            let tip = origin + Point2(Float(direction.x * length), Float(-direction.y * length))
            image.drawLine(from: origin, to: tip, color: color, thickness: 2 * width)
        }
        image.fillCircle(center: origin, radius: 2 * width, color: .white)
    }
}
