/// Which face a track's blendshapes and gaze are measured from, as `actone track --neutral`
/// chose it, with the calibration itself so that another track can reuse it exactly
/// (`--neutral other.track.json`). Stored in the track's metadata as `neutral`.
public struct TrackNeutral: Sendable, Hashable {
    public enum Source: String, Sendable, CaseIterable {
        /// Found in the clip by `NeutralCalibration`.
        case auto
        /// One frame of the clip (`--neutral N`).
        case frame
        /// A still image of the performer or another track (`--neutral FILE`).
        case file
    }

    public var source: Source
    /// `frame`: the frame index in the clip.
    public var frame: Int?
    /// `file`: the file's name (no folders).
    public var file: String?
    /// `auto`: how many faces the lips-together medians were taken over (`NeutralCalibration.quietCount`).
    public var calmFaces: Int?
    public var calibration: PerformanceCalibration

    public init(
        source: Source, frame: Int? = nil, file: String? = nil, calmFaces: Int? = nil,
        calibration: PerformanceCalibration
    ) {
        self.source = source
        self.frame = frame
        self.file = file
        self.calmFaces = calmFaces
        self.calibration = calibration
    }

    /// One line for people: "auto (lips-together median of 312 faces)", "frame 120", "file me.png".
    public var summary: String {
        switch source {
        case .auto: calmFaces.map { "auto, the median of the \($0) calmest faces" } ?? "auto"
        case .frame: "frame \(frame ?? 0)"
        case .file: "file \(file ?? "?")"
        }
    }

    /// Decimals of the stored measures and gains: finer than any measure moves from noise.
    static let decimals = 6

    /// The JSON object written as `metadata.neutral` (docs/pose-track.md).
    var jsonText: String {
        func n(_ v: Float) -> String { CompactNumber.format(v, decimals: Self.decimals) }
        var s = "{\"source\":\"\(source.rawValue)\""
        if let frame { s += ",\"frame\":\(frame)" }
        if let file { s += ",\"file\":\(JSONText.quoted(file))" }
        if let calmFaces { s += ",\"calmFaces\":\(calmFaces)" }
        // NaN measures (a neutral without irises has no gaze) are left out.
        let measures = FaceMeasure.allCases.filter { calibration.neutral[$0].isFinite }
            .map { "\"\($0)\":\(n(calibration.neutral[$0]))" }
        s += ",\"measures\":{" + measures.joined(separator: ",") + "}"
        let eyes = calibration.eyes
        s += ",\"eyes\":{\"restLeftYaw\":\(n(eyes.neutral.leftYaw)),\"restLeftPitch\":\(n(eyes.neutral.leftPitch))"
        s += ",\"restRightYaw\":\(n(eyes.neutral.rightYaw)),\"restRightPitch\":\(n(eyes.neutral.rightPitch))"
        s += ",\"yawGainLeft\":\(n(eyes.yawGainLeft)),\"yawGainRight\":\(n(eyes.yawGainRight))}}"
        return s
    }
}
