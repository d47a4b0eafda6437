import FaceGeometry
import FaceTracking
import Foundation
import Imaging
import MediaIO
import Motion
import Rendering

/// A frame of a character clip made ready to render on: its pixels at the output's size, the
/// character's faces in it (smoothed), and from when it shows.
struct CharacterClipFrame {
    var image: RGBImage
    /// The faces to animate; none where no face was found: the frame is written as it is.
    var faces: [CharacterClipFace]
    var index: Int
    var start: Double
    /// The clip jumped here (`repeat` back to its start): nothing carries over from the frame before.
    var isCut = false
}

/// One face of a character clip's frame.
struct CharacterClipFace {
    /// The face's number, as `track` and `inspect` number them.
    var number: Int
    var face: CharacterFace
    /// The renderer for this frame's face, built beside the driver's work (it is most of a
    /// character frame's cost).
    var renderer: FaceRenderer
    /// The face's calm shape, which the driver's mouth is put on.
    var rest: CharacterFace
}

/// A video as the character (`actone DRIVER CHARACTER.mp4`): played on the output's clock
/// (`ClipPlayback`), scaled as still characters are (at most `CharacterAnalysis.outputSide`,
/// even sizes), tracked with the video tracker and smoothed, so the character's own tracking
/// noise does not shake the expression put on it.
///
/// Before playing, the clip's first seconds are tracked ahead (landmarks only, every face
/// numbered) to find its faces, choose the one to animate (the largest, unless `--face` says
/// otherwise), check that it is a human one, and choose each face's calm shape (`rest`): the
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
    /// The chosen face's calmest shape in its first seconds, in output pixels (with `--face
    /// all`, the largest face's).
    let rest: CharacterFace
    /// The clip frame `rest` was taken from.
    let restIndex: Int
    /// The faces numbered in the clip's first seconds.
    let facesFound: Int
    let audio: AudioSource?

    private let playback: ClipPlayback
    private let fitted: CharacterAnalysis.FittedSize
    /// Follows the clip's faces once the look-ahead's frames are used up.
    private var tracker: VideoFaceTracker
    /// The face kept (nil: every face, `--face all`).
    private let kept: Int?
    private let rings: [CharacterRig.Ring]
    /// Per face number: its smoothing, the rig of its last frame, and its calm shape.
    private var smoothers: [Int: LandmarkSmoother] = [:]
    private var lastRigs: [Int: CharacterRig] = [:]
    private var rests: [Int: CharacterFace]
    /// Per face number: the eyes kept open where the clip shuts them (nil: the eyes are not
    /// animated, `--animate` without eyes, and stay the clip's own).
    private var openEyes: [Int: OpenEyes]?
    /// Faces of the first frames, tracked ahead; reused on the first pass.
    private var lookahead: [[(number: Int, points: [LandmarkPoint])]]

    /// - Parameters:
    ///   - rings: the rig's rings for each frame's renderer (`CharacterRig.clipRings` when the
    ///     clip keeps its own pose).
    ///   - face: which face to animate: the largest, face N (numbered as `track` and `inspect`
    ///     number them), or all.
    ///   - keepEyesOpen: open the eyes where the clip shuts them (`OpenEyes`), so that the
    ///     output blinks with the driver, not with the person in the clip.
    init(
        path: String, models: FaceModelFiles, loop: CharacterClipSettings.Loop?, rings: [CharacterRig.Ring],
        face: FaceChoice = .largest, keepEyesOpen: Bool = true
    ) throws {
        self.path = path
        self.rings = rings
        openEyes = keepEyesOpen ? [:] : nil
        playback = try ClipPlayback(path: path, loop: loop)
        frameRate = playback.frameRate
        let factor = min(1, Float(CharacterAnalysis.outputSide) / Float(max(playback.width, playback.height)))
        fitted = CharacterAnalysis.FittedSize(width: playback.width, height: playback.height, factor: factor)
        width = fitted.width
        height = fitted.height
        let multi = try models.multiFaceTracker()
        if case .number(let n) = face {
            tracker = .numbered(multi, face: n)
        } else {
            tracker = .every(multi)
        }

        // Ahead: on to the first face, then the reference search window after it.
        let ahead = try VideoReader(path: path)
        audio = ahead.audioStreams.isEmpty ? nil : AudioSource(path: path, startTime: ahead.startTime)
        let search = max(Int((Self.restSearchSeconds * min(frameRate.doubleValue, 240)).rounded()), 30)
        var firstFace: (index: Int, image: RGBImage)?
        var frames: [[(number: Int, points: [LandmarkPoint])]] = []
        while firstFace.map({ frames.count < $0.index + search }) ?? true, let frame = try ahead.nextFrame() {
            let image = fitted.apply(frame.image)
            let faces = try tracker.faces(in: image)
            if !faces.isEmpty, firstFace == nil { firstFace = (frames.count, image) }
            frames.append(faces)
        }
        guard let firstFace else {
            if case .numbered(_, let number) = tracker, let found = tracker.facesNumbered, found > 0 {
                throw FaceChoiceError.noSuchFace(path: path, number: number, found: found)
            }
            throw RenderError.noFaceInCharacterClip(path: path)
        }
        let window = frames[firstFace.index...]
        let chosen: Int
        switch face {
        case .number(let n): chosen = n
        case .largest, .all: chosen = VideoFaceTracker.largestFace(in: window)
        }
        kept = face == .all ? nil : chosen
        try Self.checkHuman(firstFace.image, path: path, models: models)

        // Each face's calm shape, from the frames of the window it is in.
        var rests: [Int: CharacterFace] = [:]
        var chosenRest: (index: Int, face: CharacterFace)?
        for number in Set(window.flatMap { $0.map(\.number) }) where kept == nil || kept == number {
            let series = window.map { faces in faces.first { $0.number == number }?.points }
            guard let calmest = ReferenceFrame.calmest(series) ?? series.firstIndex(where: { $0 != nil }) else { continue }
            rests[number] = CharacterFace(landmarks: series[calmest]!)
            if number == chosen { chosenRest = (window.startIndex + calmest, rests[number]!) }
        }
        self.rests = rests
        rest = chosenRest!.face
        restIndex = chosenRest!.index
        facesFound = multi.nextNumber - 1
        lookahead = frames
        // The fast path when the clip shows one face: `FaceTracker` from the first frame after
        // the look-ahead (it finds the same face again). Otherwise the look-ahead's tracker
        // carries on into the first pass, so the faces followed keep their numbers.
        if face == .largest, facesFound == 1 { tracker = .single(try models.videoTracker()) }
    }

    /// The next frame in playing order, or nil when the clip has ended (played once without a loop).
    func next() throws -> CharacterClipFrame? {
        guard let played = try playback.next() else { return nil }
        // `repeat` jumps back to the start: the faces are looked for afresh there.
        if played.isCut {
            tracker.reset()
            smoothers = [:]
            lastRigs = [:]
            if openEyes != nil { openEyes = [:] }
        }
        var image = fitted.apply(played.image)
        var found: [(number: Int, points: [LandmarkPoint])]
        if played.isFirstPass && played.index < lookahead.count {
            found = lookahead[played.index]
        } else {
            lookahead = []
            found = try tracker.faces(in: image)
            // `FaceTracker` does not number its one face: it is the one chosen.
            if case .single = tracker, let kept { found = found.map { (kept, $0.points) } }
        }
        if let kept { found = found.filter { $0.number == kept } }
        // A face not in this frame starts afresh when it comes back.
        for number in Set(smoothers.keys).subtracting(found.map(\.number)) {
            smoothers[number] = nil
            lastRigs[number] = nil
            openEyes?[number] = nil
        }
        var smoothed = found.map { number, points in
            var smoother = smoothers[number] ?? LandmarkSmoother(Self.smoothing)
            let face = CharacterFace(landmarks: smoother.smooth(points, at: played.start))
            smoothers[number] = smoother
            return (number: number, face: face)
        }
        // Every face's eyes are opened before any renderer takes the frame's pixels, so that each
        // face's layer starts from the same picture.
        if openEyes != nil {
            for k in smoothed.indices {
                var eyes = openEyes![smoothed[k].number] ?? OpenEyes()
                smoothed[k].face = eyes.apply(to: &image, face: smoothed[k].face, time: played.start)
                openEyes![smoothed[k].number] = eyes
            }
        }
        let faces = smoothed.map { number, face in
            let renderer = FaceRenderer(image: image, face: face, rings: rings, previousRig: lastRigs[number])
            lastRigs[number] = renderer.rig
            // A face first seen after the look-ahead rests as it first appears.
            let rest = rests[number] ?? face
            rests[number] = rest
            return CharacterClipFace(number: number, face: face, renderer: renderer, rest: rest)
        }
        return CharacterClipFrame(image: image, faces: faces, index: played.index, start: played.start, isCut: played.isCut)
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
