import FaceGeometry

/// The checks and conversions from parsed JSON to a track's header and frames: every field is
/// checked, and an error names the field, frame or value that is wrong.
enum PoseTrackJSONDecoding {
    /// More frames than ten days at 120 fps: a count past it is a broken file, not a long take.
    static let maximumFrameCount = 100_000_000
    /// Seconds (about 116 days), for `duration` and frame times.
    static let maximumDuration = 10_000_000.0
    static let maximumFrameRate = 1000.0
    /// The largest numerator or denominator of a frame rate (90000 is a common timescale).
    static let maximumRateTerm = 1_000_000
    /// Pixels on a side.
    static let maximumSize = 65_536
    static let maximumLandmarkCount = 100_000

    /// The top-level fields before the frames: format, version, metadata and blendshapeNames.
    static func header(_ top: [String: JSONValue]) throws -> TrackMetadata {
        let fields = PoseTrackJSONFields(top, path: "")
        let format = try fields.string("format")
        guard format == PoseTrackJSON.formatName else {
            throw PoseTrackFileError("format is \(JSONText.quoted(format)), expected \(JSONText.quoted(PoseTrackJSON.formatName))")
        }
        let version = try fields.int("version")
        guard version == TrackMetadata.currentFormatVersion else {
            throw PoseTrackFileError(
                "version \(version) is not supported (this actone reads version \(TrackMetadata.currentFormatVersion))")
        }
        let metadata = try self.metadata(try fields.object("metadata"), version: version)

        let names = try fields.array("blendshapeNames")
        let expected = Blendshape.allCases.map(\.rawValue)
        guard names.count == expected.count else {
            throw PoseTrackFileError("blendshapeNames has \(names.count) names, expected \(expected.count)")
        }
        for (i, name) in names.enumerated() where name.string != expected[i] {
            throw PoseTrackFileError("blendshapeNames[\(i)] is \(name.described), expected \(JSONText.quoted(expected[i]))")
        }
        return metadata
    }

    static func metadata(_ object: [String: JSONValue], version: Int) throws -> TrackMetadata {
        let m = PoseTrackJSONFields(object, path: "metadata.")
        let rate = PoseTrackJSONFields(try m.object("frameRate"), path: "metadata.frameRate.")
        let numerator = try rate.int("numerator")
        let denominator = try rate.int("denominator")
        guard numerator > 0, denominator > 0 else {
            throw PoseTrackFileError("metadata.frameRate must be positive (\(numerator)/\(denominator))")
        }
        guard numerator <= maximumRateTerm, denominator <= maximumRateTerm,
            Double(numerator) / Double(denominator) <= maximumFrameRate
        else {
            throw PoseTrackFileError(
                "metadata.frameRate \(numerator)/\(denominator) is out of range "
                    + "(at most \(Int(maximumFrameRate)) fps, numerator and denominator at most \(maximumRateTerm))")
        }
        let tool = PoseTrackJSONFields(try m.object("tool"), path: "metadata.tool.")
        var checksums: [String: String] = [:]
        for (key, value) in try m.object("modelChecksums") {
            guard let text = value.string else { throw PoseTrackFileError("metadata.modelChecksums.\(key) is not a string") }
            checksums[key] = text
        }
        let frameCount = try m.int("frameCount")
        guard frameCount >= 0 else { throw PoseTrackFileError("metadata.frameCount is negative") }
        guard frameCount <= maximumFrameCount else {
            throw PoseTrackFileError("metadata.frameCount is \(frameCount), more than a track holds (at most \(maximumFrameCount))")
        }
        let landmarkCount = try m.int("landmarkCount")
        guard landmarkCount >= 0 else { throw PoseTrackFileError("metadata.landmarkCount is negative") }
        guard landmarkCount <= maximumLandmarkCount else {
            throw PoseTrackFileError("metadata.landmarkCount is \(landmarkCount), expected at most \(maximumLandmarkCount)")
        }
        let duration = try m.double("duration")
        guard duration >= 0, duration <= maximumDuration else {
            throw PoseTrackFileError("metadata.duration is \(duration) s, expected 0 to \(Int(maximumDuration))")
        }
        return TrackMetadata(
            sourceName: try m.string("sourceName"), width: try m.int("width", in: 0...maximumSize),
            height: try m.int("height", in: 0...maximumSize),
            frameRateNumerator: numerator, frameRateDenominator: denominator,
            frameCount: frameCount, duration: duration,
            toolName: try tool.string("name"), toolVersion: try tool.string("version"),
            modelChecksums: checksums, landmarkCount: landmarkCount, created: try m.string("created"),
            formatVersion: version, neutral: try m.optionalObject("neutral").map(neutral))
    }

    /// `metadata.neutral` (see `TrackNeutral.jsonText`).
    static func neutral(_ object: [String: JSONValue]) throws -> TrackNeutral {
        let n = PoseTrackJSONFields(object, path: "metadata.neutral.")
        let sourceName = try n.string("source")
        guard let source = TrackNeutral.Source(rawValue: sourceName) else {
            throw PoseTrackFileError(
                "metadata.neutral.source is \(JSONText.quoted(sourceName)), expected one of "
                    + TrackNeutral.Source.allCases.map(\.rawValue).joined(separator: ", "))
        }
        func optionalInt(_ key: String) throws -> Int? { object[key] == nil ? nil : try n.int(key) }
        let frame = try optionalInt("frame"), calmFaces = try optionalInt("calmFaces")
        let file = object["file"] == nil ? nil : try n.string("file")
        let rawMeasures = try n.object("measures")
        var measures = FaceMeasures(values: Array(repeating: .nan, count: FaceMeasure.allCases.count))
        let m = PoseTrackJSONFields(rawMeasures, path: "metadata.neutral.measures.")
        for measure in FaceMeasure.allCases where rawMeasures["\(measure)"] != nil {
            measures[measure] = try m.float("\(measure)")
        }
        let e = PoseTrackJSONFields(try n.object("eyes"), path: "metadata.neutral.eyes.")
        let rest = Gaze(
            leftYaw: try e.float("restLeftYaw"), leftPitch: try e.float("restLeftPitch"),
            rightYaw: try e.float("restRightYaw"), rightPitch: try e.float("restRightPitch"))
        func gain(_ key: String) throws -> Float {
            let g = try e.float(key)
            // Gains are near 1 (`BinocularGaze.gainLimit`); anything far off would blow the gaze up.
            guard g >= 0.1, g <= 10 else { throw PoseTrackFileError("metadata.neutral.eyes.\(key) is \(g), expected 0.1 to 10") }
            return g
        }
        let eyes = BinocularGaze(neutral: rest, yawGainLeft: try gain("yawGainLeft"), yawGainRight: try gain("yawGainRight"))
        return TrackNeutral(
            source: source, frame: frame, file: file, calmFaces: calmFaces,
            calibration: PerformanceCalibration(neutral: measures, eyes: eyes))
    }

    /// Frame `i` of the `frames` array (`i` counts from 0 in the file, whatever its `index` says).
    static func frame(_ value: JSONValue, position i: Int, landmarkCount: Int) throws -> FrameMotion {
        guard let object = value.object else { throw PoseTrackFileError("frame \(i): not a JSON object") }
        let f = PoseTrackJSONFields(object, path: "", prefix: "frame \(i): ")
        let index = try f.int("index")
        let time = try f.double("time")
        guard abs(time) <= maximumDuration else { throw f.fail("time", "is out of range (\(time) s)") }
        let faceFound = try f.bool("faceFound")
        let confidence = try f.float("confidence")

        var pose: HeadPose?
        if let p = try f.optionalObject("pose") {
            let pf = PoseTrackJSONFields(p, path: "pose.", prefix: f.prefix)
            pose = HeadPose(
                yaw: try pf.float("yaw"), pitch: try pf.float("pitch"), roll: try pf.float("roll"),
                x: try pf.float("x"), y: try pf.float("y"), scale: try pf.float("scale"))
        }
        var gaze: Gaze?
        if let g = try f.optionalObject("gaze") {
            let gf = PoseTrackJSONFields(g, path: "gaze.", prefix: f.prefix)
            gaze = Gaze(
                leftYaw: try gf.float("leftYaw"), leftPitch: try gf.float("leftPitch"),
                rightYaw: try gf.float("rightYaw"), rightPitch: try gf.float("rightPitch"))
        }

        let rawShapes = try f.array("blendshapes")
        guard rawShapes.count == Blendshape.allCases.count else {
            throw PoseTrackFileError("frame \(i): blendshapes has \(rawShapes.count) values, expected \(Blendshape.allCases.count)")
        }
        var shapes = [Float](repeating: 0, count: rawShapes.count)
        for (k, value) in rawShapes.enumerated() {
            let name = Blendshape.allCases[k].rawValue
            guard let number = value.number else { throw PoseTrackFileError("frame \(i): blendshapes[\(k)] (\(name)) is not a number") }
            guard number.isFinite, let float = PoseTrackJSONFields.float(number) else {
                throw PoseTrackFileError("frame \(i): blendshapes[\(k)] (\(name)) is out of range (\(number))")
            }
            shapes[k] = float
        }

        var landmarks: [LandmarkPoint]?
        if let rawLandmarks = try f.optionalArray("landmarks") {
            if landmarkCount > 0 && rawLandmarks.count != landmarkCount {
                throw PoseTrackFileError(
                    "frame \(i): landmarks has \(rawLandmarks.count) points, expected \(landmarkCount) (metadata.landmarkCount)")
            }
            landmarks = try rawLandmarks.enumerated().map { k, value in try landmark(value, k, frame: i) }
        }
        return FrameMotion(
            index: index, time: time, faceFound: faceFound, confidence: confidence, pose: pose,
            gaze: gaze, blendshapes: shapes, landmarks: landmarks)
    }

    private static func landmark(_ value: JSONValue, _ k: Int, frame i: Int) throws -> LandmarkPoint {
        guard let triple = value.array, triple.count == 3,
            let x = triple[0].number, let y = triple[1].number, let z = triple[2].number
        else {
            throw PoseTrackFileError("frame \(i): landmarks[\(k)] is not an [x, y, z] triple of numbers")
        }
        // Pixels of a video at most 8192 on a side: a million is past any picture, and the
        // renderer's arithmetic on such a point would overflow.
        func inPicture(_ c: Double) -> Bool { c.isFinite && abs(c) <= PoseTrackJSON.maximumCoordinate }
        guard inPicture(x), inPicture(y), inPicture(z) else {
            throw PoseTrackFileError("frame \(i): landmarks[\(k)] lies outside any picture (a coordinate beyond ±1e6 pixels)")
        }
        return LandmarkPoint(x: Float(x), y: Float(y), z: Float(z))
    }
}
