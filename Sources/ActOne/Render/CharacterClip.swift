import FaceGeometry
import FaceTracking
import Foundation
import Imaging
import MediaIO
import Motion
import Rendering

/// A frame of a character clip made ready to render on: its pixels at the output's size, the
/// character's face in it (smoothed), and from when it shows.
struct CharacterClipFrame {
    var image: RGBImage
    /// nil where no face was found: the frame is written as it is.
    var face: CharacterFace?
    /// The renderer for this frame's face, built beside the driver's work (it is most of a
    /// character frame's cost); nil with `face`.
    var renderer: FaceRenderer?
    var index: Int
    var start: Double
}

/// A video as the character (`actone DRIVER CHARACTER.mp4`): played on the output's clock
/// (`ClipPlayback`), scaled as still characters are (at most `CharacterAnalysis.outputSide`,
/// even sizes), tracked with the video tracker and smoothed, so the character's own tracking
/// noise does not shake the expression put on it.
///
/// Before playing, the clip's first seconds are tracked ahead (landmarks only) to find its first
/// face, check that it is a human one, and choose the character's calm face (`rest`): the
/// driver's mouth is put on that shape rather than on the character's own moving lips.
final class CharacterClip {
    /// Stronger at rest than the driver's smoothing: a still head must stay still, and a lagging
    /// character face costs little (the expression is placed on it, the pixels are its own).
    static let smoothing = OneEuroParameters(minCutoff: 1.0, beta: 0.1, derivativeCutoff: 1.0)
    /// The character's calm face is looked for in this many seconds from its first face (a
    /// driver's reference in ten): tracking ahead delays the start, and a clip's rest matters
    /// less, as the mouth alone is put on it.
    static let restSearchSeconds = 3.0

    let path: String
    /// The output size of a frame.
    let width: Int, height: Int
    let frameRate: Rational
    /// The character's calmest face of its first seconds, in output pixels.
    let rest: CharacterFace
    /// The clip frame `rest` was taken from.
    let restIndex: Int
    let audio: AudioSource?

    private let playback: ClipPlayback
    private let fitted: CharacterAnalysis.FittedSize
    /// The clip's face: the one `FaceTracker` follows, or face N of every face numbered (`--face N`).
    private let tracker: VideoFaceTracker
    private let rings: [CharacterRig.Ring]
    private var smoother = LandmarkSmoother(CharacterClip.smoothing)
    private var lastRig: CharacterRig?
    /// Landmarks of the first frames, tracked ahead (nil where no face); reused on the first pass.
    private var lookahead: [[LandmarkPoint]?]

    /// - Parameters:
    ///   - rings: the rig's rings for each frame's renderer (`CharacterRig.clipRings` when the
    ///     clip keeps its own pose).
    ///   - face: `--face N`: the clip's face N, numbered as `track` and `inspect` number them;
    ///     nil: the face the tracker finds.
    init(
        path: String, models: FaceModelFiles, loop: CharacterClipSettings.Loop?, rings: [CharacterRig.Ring], face: Int? = nil
    ) throws {
        self.path = path
        self.rings = rings
        playback = try ClipPlayback(path: path, loop: loop)
        frameRate = playback.frameRate
        let factor = min(1, Float(CharacterAnalysis.outputSide) / Float(max(playback.width, playback.height)))
        fitted = CharacterAnalysis.FittedSize(width: playback.width, height: playback.height, factor: factor)
        width = fitted.width
        height = fitted.height
        tracker = try VideoFaceTracker(models: models, face: face)

        // Ahead: on to the first face, then the reference search window after it.
        let ahead = try VideoReader(path: path)
        audio = ahead.audioStreams.isEmpty ? nil : AudioSource(path: path, startTime: ahead.startTime)
        let search = max(Int((Self.restSearchSeconds * min(frameRate.doubleValue, 240)).rounded()), 30)
        var firstFace: (index: Int, image: RGBImage)?
        var landmarks: [[LandmarkPoint]?] = []
        while firstFace.map({ landmarks.count < $0.index + search }) ?? true, let frame = try ahead.nextFrame() {
            let image = fitted.apply(frame.image)
            let points = try tracker.track(image)
            if points != nil, firstFace == nil { firstFace = (landmarks.count, image) }
            landmarks.append(points)
        }
        guard let firstFace else {
            if case .numbered(let multi, let number) = tracker, multi.nextNumber > 1 {
                throw FaceChoiceError.noSuchFace(path: path, number: number, found: multi.nextNumber - 1)
            }
            throw RenderError.noFaceInCharacterClip(path: path)
        }
        try Self.checkHuman(firstFace.image, path: path, models: models)
        lookahead = landmarks
        let window = landmarks[firstFace.index...]
        restIndex = window.startIndex + (ReferenceFrame.calmest(Array(window)) ?? 0)
        rest = CharacterFace(landmarks: landmarks[restIndex]!)
        // Not reset: the first pass goes on from the frame after the look-ahead's last, so the
        // faces followed (and their numbers) carry on.
    }

    /// The next frame in playing order, or nil when the clip has ended (played once without a loop).
    func next() throws -> CharacterClipFrame? {
        guard let played = try playback.next() else { return nil }
        // `repeat` jumps back to the start: the face is looked for afresh there.
        if played.isCut { tracker.reset() }
        let image = fitted.apply(played.image)
        let points: [LandmarkPoint]?
        if played.isFirstPass && played.index < lookahead.count {
            points = lookahead[played.index]
        } else {
            lookahead = []
            points = try tracker.track(image)
        }
        guard let points else {
            smoother.reset()
            lastRig = nil
            return CharacterClipFrame(image: image, face: nil, renderer: nil, index: played.index, start: played.start)
        }
        if played.isCut { smoother.reset() }
        let face = CharacterFace(landmarks: smoother.smooth(points, at: played.start))
        let renderer = FaceRenderer(image: image, face: face, rings: rings, previousRig: lastRig)
        lastRig = renderer.rig
        return CharacterClipFrame(image: image, face: face, renderer: renderer, index: played.index, start: played.start)
    }

    /// The clip's frame count, once it has been played through; nil before.
    var frameCount: Int? { playback.frameCount }

    /// Refuses a clip whose first face is not one to animate as a human face (an animal), as a
    /// still character is refused.
    static func checkHuman(_ image: RGBImage, path: String, models: FaceModelFiles) throws {
        let finder = StillImageFaceFinder(
            detector: try StillImageFaceDetector(shortRangeModelPath: models.shortRange, fullRangeModelPath: models.fullRange),
            mesh: try FaceMesh(modelPath: models.attentionMesh, attentionModel: true))
        guard let found = try finder.largestFace(in: image) else { return }
        if case .notHuman(let reason) = HumanFaceCheck.judge(
            image: image, points: found.landmarks.points, detectorScore: found.detectorScore,
            presence: found.landmarks.presence)
        {
            throw RenderError.notAHumanFace(path: path, reason: reason)
        }
    }
}
