import FaceGeometry

extension PoseTrackJSON {
    /// `frame` with every number rounded as a track file stores it (`Precision`), so that what is
    /// computed from frames in memory (`inspect VIDEO`) equals what is computed from the same
    /// frames read back from their file (`inspect TRACK`): the values read back are exactly these.
    public static func roundedAsStored(_ frame: FrameMotion) -> FrameMotion {
        typealias P = Precision
        var f = frame
        f.time = stored(frame.time, P.time)
        f.confidence = stored(frame.confidence, P.confidence)
        if let p = frame.pose {
            f.pose = HeadPose(
                yaw: stored(p.yaw, P.angle), pitch: stored(p.pitch, P.angle), roll: stored(p.roll, P.angle),
                x: stored(p.x, P.position), y: stored(p.y, P.position), scale: stored(p.scale, P.scale))
        }
        if let g = frame.gaze {
            f.gaze = Gaze(
                leftYaw: stored(g.leftYaw, P.angle), leftPitch: stored(g.leftPitch, P.angle),
                rightYaw: stored(g.rightYaw, P.angle), rightPitch: stored(g.rightPitch, P.angle))
        }
        f.blendshapes = frame.blendshapes.map { stored($0, P.blendshape) }
        f.landmarks = frame.landmarks?.map {
            LandmarkPoint(x: stored($0.x, P.landmark), y: stored($0.y, P.landmark), z: stored($0.z, P.landmark))
        }
        return f
    }

    /// Seconds (a time or a duration) as a track file stores them.
    public static func roundedTime(_ seconds: Double) -> Double { stored(seconds, Precision.time) }

    /// The value a file holding `value` to `decimals` places reads back as: the decimal text is
    /// parsed as the nearest Double, which is exactly `units / 10^decimals` computed in Double.
    static func stored(_ value: Double, _ decimals: Int) -> Double {
        guard value.isFinite else { return value }
        let scaled = (value * CompactNumber.powers[decimals]).rounded()
        // CompactNumber writes such values in full.
        if abs(scaled) >= 9.0e15 { return value }
        return scaled == 0 ? 0 : scaled / CompactNumber.powers[decimals]
    }

    static func stored(_ value: Float, _ decimals: Int) -> Float { Float(stored(Double(value), decimals)) }
}
