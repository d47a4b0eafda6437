import FaceGeometry

/// How human a mesh's shape is: the distance of its stable points (`FaceIndex.rigid`: forehead,
/// nose bridge, eye corners, cheekbones) from the canonical human face's after the head-pose fit
/// (rotation, scale and position removed), in canonical units (outer eye corners about 1 apart).
///
/// The mesh model always answers with a face, whatever it is shown; on a human face, painted,
/// drawn or sculpted, those points keep the canonical layout up to a person's own proportions,
/// while on an animal or a faceless picture the regression has nothing to hold on to.
public enum FaceShape {
    /// Root-mean-square distance of the rigid points from the fitted canonical face.
    public static func rigidError(_ points: [LandmarkPoint]) -> Float {
        let estimator = HeadPoseEstimator()
        let transform = estimator.fit(points)
        var sum = 0.0
        for i in estimator.indices {
            let d = transform.inverse(HeadFrame.flipped(points[i])) - estimator.canonical[i]
            sum += (d * d).sum()
        }
        let rms = (sum / Double(max(estimator.indices.count, 1))).squareRoot()
        return rms.isFinite ? Float(rms) : .infinity
    }
}
