import FaceGeometry
import FaceTracking
import Foundation
import Imaging
import MediaIO
import Motion
import Rendering

/// The work done on each captured frame, in order: find the face, measure it, and feed every
/// output. Runs on one thread (the pipeline's), so it holds the trackers' and filters' state.
///
/// The performer's rest (the neutral) is measured from the first faces, or read from a file;
/// a new one can be asked for at any time (`LiveControl.recalibrate()`): the faces of the next
/// `calibrationSeconds` are measured while the neutral in use stays, then the new one takes over
/// for everything that follows (what is sent, the character, the frames recorded). The recorded
/// track's header keeps the session's first neutral: it is written before any frame.
final class LiveSession {
    /// The character and what moves it; nil without a character (the output shows the source
    /// with the face mesh drawn on it).
    struct Character {
        var analysis: CharacterAnalysis
        var renderer: FaceRenderer
    }

    /// A frame seen before the neutral is known: recorded once it is.
    private struct WaitingFrame {
        var index: Int
        var time: Double
        var landmarks: FaceLandmarks?
        var estimate: MotionEstimate?
    }

    private let tracker: FaceTracker
    private let estimator = MotionEstimator()
    private let character: Character?
    private let video: LiveVideoOutput?
    private let recorder: LiveRecorder?
    private let senders: [CaptureSender]
    private let preview: LivePreview?
    private let control: LiveControl
    private let events: (LiveEvent) -> Void
    private let calibrationSeconds: Double
    /// The faces being measured for a neutral: the session's first, or a new one asked for.
    private var calibration: LiveCalibration?
    /// Whether the neutral being measured was asked for (the user is told when it is in use).
    private var calibrationAsked = false
    private var neutral: LiveNeutral?
    private var waiting: [WaitingFrame] = []
    private var smoother = MotionSmoother(settings: LiveSmoothing.motion)
    private var motion: PerformanceMotion?
    private let frameRate: Double
    private var firstTime: Double?

    private(set) var frames = 0
    private(set) var framesWithFace = 0
    private(set) var latency = LatencyRecord()
    /// The neutral the recorded track's header holds: the session's first.
    private(set) var firstNeutral: TrackNeutral?
    /// The frames from which a new neutral, asked for mid-session, was in use.
    private(set) var neutralChanges: [Int] = []

    init(
        tracker: FaceTracker, character: Character?, video: LiveVideoOutput?, recorder: LiveRecorder?, senders: [CaptureSender],
        preview: LivePreview?, neutral: LiveNeutral?, calibrationSeconds: Double, frameRate: Double, control: LiveControl,
        events: @escaping (LiveEvent) -> Void
    ) throws {
        self.preview = preview
        self.control = control
        self.events = events
        self.calibrationSeconds = calibrationSeconds
        self.tracker = tracker
        self.character = character
        self.video = video
        self.recorder = recorder
        self.senders = senders
        self.frameRate = frameRate
        if let neutral {
            try settle(neutral, frame: nil)
        } else {
            calibration = LiveCalibration(seconds: calibrationSeconds)
        }
    }

    /// Tracks one frame and feeds every output; its latency ends when all of them have it.
    func process(_ captured: CapturedFrame) throws {
        let frame = captured.frame
        // Times count from the session's first frame: a camera's or a stream's clock starts anywhere.
        let start = firstTime ?? frame.time
        firstTime = start
        let time = frame.time - start
        if control.takeRecalibrationRequest() {
            // A request during a calibration starts it again: the performer says they are at rest now.
            calibration = LiveCalibration(seconds: calibrationSeconds)
            calibrationAsked = true
            events(.recalibrating(frame: frame.index, seconds: calibrationSeconds))
        }
        let face = try tracker.track(frame.image)
        let points = face.map(\.points)
        let estimate = points.map { estimator.estimate(points: $0) }
        if face != nil { framesWithFace += 1 }

        var measured: FrameMotion?
        // Before the first neutral, frames wait for it (and are recorded when it comes).
        let waits = neutral == nil
        if var calibration {
            if waits { waiting.append(WaitingFrame(index: frame.index, time: time, landmarks: face, estimate: estimate)) }
            let complete = calibration.add(points: points, estimate: estimate, time: time)
            self.calibration = calibration
            if complete { try settle(calibration.neutral, frame: frame.index) }
        }
        if let neutral, !waits {
            let raw = FrameMotion(
                index: frame.index, time: time, points: points, presence: face?.presence ?? 0, estimate: estimate,
                calibration: neutral.track.calibration, includeLandmarks: true)
            measured = smoother.smooth(raw)
        }

        if let measured { for sender in senders { try sender.send(measured) } }
        if video != nil || preview != nil {
            // The character's motion advances every frame (its filters and its ease back to rest
            // count frames); the picture is made only for a frame an output takes: every frame
            // for -o, up to LivePreview.maximumRate a second for a preview someone watches.
            let face = nextCharacterFace(points: points, time: time)
            let previewed = preview?.wantsPicture() ?? false
            if video != nil || previewed {
                let picture = picture(for: frame.image, characterFace: face, points: points, estimate: estimate)
                try video?.write(picture, time: time)
                if let preview, previewed {
                    // The source's mesh is drawn on the preview's thread, not here.
                    let source = preview.showsSource ? MeshedFrame(image: frame.image, points: points, pose: estimate?.pose) : nil
                    preview.show(PreviewPicture(picture: picture, source: source))
                }
            }
        }
        if let measured { try recorder?.append(measured) }
        frames += 1
        let frameLatency = LiveClock.now() - captured.arrival
        latency.add(frameLatency)
        preview?.record(latency: frameLatency, faceFound: face != nil, measured: measured, calibrating: calibration != nil)
    }

    /// At the end: a session stopped before its first calibration finished takes its neutral
    /// from the faces it saw, so the recording still has every frame. A new neutral still being
    /// measured is dropped: every frame was measured from the one in use.
    func finishCalibration() throws {
        if neutral == nil, let calibration { try settle(calibration.neutral, frame: nil) }
    }

    /// A neutral is known, in use from `frame` on (nil: from the start). The first one writes the
    /// track's header and records the frames that waited for it; any one makes the character
    /// move from its rest.
    private func settle(_ found: LiveNeutral, frame: Int?) throws {
        let first = neutral == nil
        neutral = found
        calibration = nil
        if first {
            firstNeutral = found.track
            try recorder?.begin(neutral: found.track)
            for frame in waiting {
                let raw = FrameMotion(
                    index: frame.index, time: frame.time, points: frame.landmarks?.points, presence: frame.landmarks?.presence ?? 0,
                    estimate: frame.estimate, calibration: found.track.calibration, includeLandmarks: true)
                try recorder?.append(smoother.smooth(raw))
            }
            waiting.removeAll()
        } else if let frame {
            neutralChanges.append(frame)
        }
        if calibrationAsked, let frame { events(.neutralChanged(frame: frame, neutral: found.track.summary)) }
        calibrationAsked = false
        if let character, let reference = found.reference {
            let retargeter = Retargeter(
                character: character.analysis.face, driverReference: reference, settings: RetargetSettings(),
                driverEyeOpenings: found.eyeOpenings)
            motion = PerformanceMotion(
                still: character.analysis.face, retargeter: retargeter, smoothing: LiveSmoothing.landmarks, frameRate: frameRate)
        }
    }

    /// The character's face for this frame; nil without a character or until the performer's
    /// rest is known (the character shows its still).
    private func nextCharacterFace(points: [LandmarkPoint]?, time: Double) -> RetargetedFace? {
        guard character != nil, motion != nil else { return nil }
        return motion!.next(landmarks: points.flatMap { $0.count == 478 ? $0 : nil }, time: time)
    }

    /// The picture to encode or show: the character giving the performance (its still until the
    /// performer's rest is known), or the source with the face mesh, irises and head axes.
    private func picture(
        for image: RGBImage, characterFace: RetargetedFace?, points: [LandmarkPoint]?, estimate: MotionEstimate?
    ) -> RGBImage {
        if let character {
            guard let characterFace else { return character.analysis.image }
            return character.renderer.render(characterFace, mouth: .synth)
        }
        return MeshedFrame(image: image, points: points, pose: estimate?.pose).drawn()
    }
}
