import FaceGeometry
import Imaging
import Motion

/// A face for tests made from the project's canonical face: 468 points projected into an image
/// (frontal, `scale` pixels per canonical unit, centred at `centre`) plus five iris points per eye.
enum SyntheticFace {
    static func landmarks(centre: Point2 = Point2(128, 128), scale: Float = 90) -> [LandmarkPoint] {
        var points = CanonicalFace.points.map { v in
            LandmarkPoint(x: centre.x + scale * Float(v.x), y: centre.y - scale * Float(v.y), z: -scale * Float(v.z))
        }
        for eye in FaceIndex.eyes {
            let contour = eye.upperLid + eye.lowerLid
            let c = contour.reduce(Point2(0, 0)) { $0 + points[$1].xy } / Float(contour.count)
            let z = contour.reduce(Float(0)) { $0 + points[$1].z } / Float(contour.count)
            let r = scale * 0.06
            for (dx, dy) in [(Float(0), Float(0)), (r, 0), (0, -r), (-r, 0), (0, r)] {
                points.append(LandmarkPoint(x: c.x + dx, y: c.y + dy, z: z))
            }
        }
        return points
    }

    /// `points` turned about their centroid by `yawDegrees` (towards the image's right).
    static func rotated(_ points: [LandmarkPoint], yawDegrees: Double) -> [LandmarkPoint] {
        let c = points.reduce(Vec3(repeating: 0)) { $0 + HeadFrame.flipped($1) } / Double(points.count)
        let r = HeadPoseEstimator.rotation(yaw: yawDegrees, pitch: 0, roll: 0)
        return points.map { HeadFrame.landmark(r * (HeadFrame.flipped($0) - c) + c) }
    }

    /// A textured image with a face-coloured oval, darker eyes and lips where `points` put them,
    /// so that warps and the palette have something to read.
    static func image(_ points: [LandmarkPoint], width: Int = 256, height: Int = 256) -> RGBImage {
        var image = RGBImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                let stripe: UInt8 = ((x / 3 + y / 5) % 2 == 0) ? 20 : 0
                image[x, y] = RGB(60 + stripe, 90 + UInt8(y * 60 / height), 70 + UInt8(x * 60 / width))
            }
        }
        let xy = points.map(\.xy)
        func fill(_ polygon: [Int], _ colour: RGB) {
            var copy = image
            let shape = polygon.map { xy[$0] }
            let box = Rect.bounding(shape)!
            for y in max(0, Int(box.y))..<min(height, Int(box.y + box.height) + 1) {
                for x in max(0, Int(box.x))..<min(width, Int(box.x + box.width) + 1) where contains(shape, Point2(Float(x), Float(y))) {
                    let shade = UInt8((x + 2 * y) % 17)
                    copy[x, y] = RGB(colour.r &- shade, colour.g &- shade, colour.b &- shade)
                }
            }
            image = copy
        }
        fill(FaceIndex.faceOval, RGB(225, 180, 160))
        fill(FaceIndex.outerLips, RGB(190, 80, 90))
        for eye in FaceIndex.eyes {
            fill(eye.opening, RGB(240, 240, 235))
            let c = xy[eye.iris[0]], r = xy[eye.iris[1]].distance(to: c)
            for y in max(0, Int(c.y - r))...min(height - 1, Int(c.y + r) + 1) {
                for x in max(0, Int(c.x - r))...min(width - 1, Int(c.x + r) + 1)
                where Point2(Float(x), Float(y)).distance(to: c) < r
                    && contains(eye.opening.map { xy[$0] }, Point2(Float(x), Float(y)))
                {
                    image[x, y] = RGB(60, 90, 140)
                }
            }
        }
        return image
    }

    /// Even–odd point-in-polygon.
    static func contains(_ polygon: [Point2], _ p: Point2) -> Bool {
        var inside = false
        var j = polygon.count - 1
        for i in polygon.indices {
            let a = polygon[i], b = polygon[j]
            if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
            j = i
        }
        return inside
    }
}
