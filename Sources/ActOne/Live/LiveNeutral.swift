import FaceGeometry
import Foundation
import Motion

/// The performer's rest in a live session: what expressions are measured from (the track's
/// neutral) and, for a character, the driver face the still image is taken to show.
struct LiveNeutral {
    var track: TrackNeutral
    /// The driver's landmarks at rest (the character's still shows this face); nil without a face.
    var reference: [LandmarkPoint]?
    /// The driver's usual open-eye lid gaps (`Retargeter.typicalEyeOpenings`); nil: the reference's own.
    var eyeOpenings: [Double]?

    /// `--neutral FILE`: a pose track (its recorded neutral, or its calmest face) or a still of
    /// the performer. `needsReference`: a character is rendered, so the file must give landmarks.
    static func fromFile(_ path: String, needsReference: Bool, modelsDirectory: String?) throws -> LiveNeutral {
        let measures = try NeutralFile.measures(path: path, modelsDirectory: modelsDirectory)
        let reference = needsReference ? try NeutralFile.landmarks(path: path, modelsDirectory: modelsDirectory) : nil
        let track = TrackNeutral(
            source: .file, file: URL(fileURLWithPath: path).lastPathComponent,
            calibration: PerformanceCalibration(neutral: measures, samples: []))
        return LiveNeutral(track: track, reference: reference, eyeOpenings: nil)
    }
}

/// `--calibrate SECONDS`: the performer's rest from the first seconds after their face appears.
/// The neutral measures are `NeutralCalibration`'s medians over those faces (lips-together
/// faces for the mouth, all of them for eyes, brows and gaze), as `actone track` takes them over a
/// whole clip; the character's rest is the calmest of those faces (`ReferenceFrame.calmest`), as
/// `render` chooses it, since a median of landmarks is no face the performer made.
struct LiveCalibration {
    let seconds: Double
    private(set) var firstFaceTime: Double?
    private var measures = NeutralCalibration()
    private var faces: [[LandmarkPoint]?] = []

    init(seconds: Double) { self.seconds = max(0, seconds) }

    /// Adds a frame (`points` nil without a face); true once the window is complete, with this frame.
    mutating func add(points: [LandmarkPoint]?, estimate: MotionEstimate?, time: Double) -> Bool {
        if let points, let estimate {
            if firstFaceTime == nil { firstFaceTime = time }
            measures.add(estimate.measures)
            faces.append(points.count == 478 ? points : nil)
        } else if firstFaceTime != nil {
            faces.append(nil)
        }
        guard let first = firstFaceTime else { return false }
        return time - first >= seconds
    }

    /// The rest from the faces seen so far (the canonical face's measures when none was seen).
    var neutral: LiveNeutral {
        let track = TrackNeutral(source: .auto, calmFaces: measures.quietCount, calibration: PerformanceCalibration(measures))
        let reference = ReferenceFrame.calmest(faces).flatMap { faces[$0] }
        return LiveNeutral(track: track, reference: reference, eyeOpenings: Retargeter.typicalEyeOpenings(faces))
    }
}
