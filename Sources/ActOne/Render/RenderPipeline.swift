import FaceGeometry
import FaceTracking
import Foundation
import Imaging
import MediaIO
import Motion
import OutputFiles
import Rendering

/// `actone render DRIVER CHARACTER`: the character image giving the driver's performance, as an
/// H.264 MP4 (or, keeping the character's transparency, a VP9 WebM with alpha) at the driver's
/// frame rate with the driver's audio, one output frame per driver frame.
///
/// Streams: a frame is decoded, tracked, retargeted, rendered and encoded before the next is
/// read; only the first frames' landmarks are read ahead, to choose the reference frame.
public struct RenderPipeline {
    public struct Settings: Sendable {
        public var retarget = RetargetSettings()
        public var mouth: MouthChoice = .auto
        /// The driver frame the still image is taken to show (`--neutral N`); nil picks the calmest
        /// face near the start (`ReferenceFrame`).
        public var reference: Int?
        /// `--neutral FILE`: a still image or pose track of the performer at rest, whose face the
        /// still image is taken to show instead of a frame of the driver.
        public var neutralFile: String?
        public var crop: OutputCrop = .full
        /// With `crop == .face`: the output's side in pixels (even); nil: the face crop's own side,
        /// scaled up to at least `OutputFraming.minimumFaceSide`.
        public var faceSize: Int?
        /// Writes driver | character | result side by side.
        public var compare = false
        /// Keeps the character image's transparency: the alpha moves with the face and the
        /// output is VP9 with alpha in WebM (`VideoOutputFormat.vp9AlphaWebM`). The image must
        /// have an alpha channel; not with `compare`.
        public var keepAlpha = false
        public var encoder = VideoEncoderSettings()
        public var modelsDirectory: String?
        public var faceHint: CharacterAnalysis.FaceHint = .none
        /// One-Euro smoothing of the driver's landmarks (jitter at rest, little lag in motion).
        public var smoothing: OneEuroParameters? = RenderPipeline.standardSmoothing
        /// The sound for a driver that is a pose track made from a video: `actone batch` renders
        /// every clip from its cached track and takes the audio from the clip itself. A driving
        /// video's own audio is always used instead.
        public var trackAudio: AudioSource?
        /// How strongly the driver's expression creases are drawn on the character
        /// (`ExpressionDetail`; 0: not at all, 1: as in the driver). They need the driving video's
        /// pixels, so a pose-track drive has none.
        public var detail: Float = 0
        /// Shared by the renders of a batch, so each character is analysed once (a face hint
        /// bypasses it: hints are per render).
        public var characterCache: CharacterAnalysisCache?
        /// How a character that is a video is played; `audio` applies to still characters too.
        public var clip = CharacterClipSettings()
        /// `--driver-face N`: the driving video's face to follow, numbered as `track` and
        /// `inspect` number them; nil follows the one face `FaceTracker` finds.
        public var driverFace: Int?
        public init() {}
    }

    public static let standardSmoothing = OneEuroParameters(minCutoff: 2.0, beta: 0.1, derivativeCutoff: 1.0)

    /// `--mouth`: where the inside of an opening mouth comes from.
    public enum MouthChoice: String, CaseIterable, Sendable {
        case auto, driver, synth
    }

    /// `--crop`: the whole character image, or a square around its face.
    public enum OutputCrop: String, CaseIterable, Sendable {
        case full, face
    }

    public struct Summary: Sendable {
        /// Driver frames rendered.
        public var frames: Int
        /// Output frames and their constant rate: more than `frames` where the driver's frames
        /// were held over gaps in a variable-rate driver, fewer where some were dropped.
        public var framesWritten: Int = 0
        public var frameRate: Rational = Rational(0, 1)
        public var framesRepeated: Int = 0
        public var framesDropped: Int = 0
        public var framesWithFace: Int
        public var width: Int
        public var height: Int
        /// The driver frame taken as rest; nil when it came from `neutralFile`.
        public var referenceFrame: Int?
        public var mouth: MouthSource
        public var audioCopied: Bool?
        /// FFmpeg's name of the output's audio codec ("aac", "opus", ...); nil without audio.
        public var audioCodec: String?
        public var seconds: Double
        /// For a character clip: how it played.
        public var characterClip: CharacterClipSummary?
        /// The character's faces found (in a clip, in its first seconds), and how many of them
        /// were given the performance (more than one with `--face all`).
        public var facesFound = 1
        public var facesAnimated = 1
        /// The driving video's faces found in the frames read ahead, and the one that performed.
        public var driverFacesFound = 1
        public var driverFace = 1

        public struct CharacterClipSummary: Sendable {
            /// Output frames showing a frame of the clip in which no face was found (written as they were).
            public var framesWithoutFace: Int
            /// The clip frame taken as the character's calm face.
            public var restFrame: Int
            /// The clip's frame count, when it was played to its end.
            public var frameCount: Int?
        }
    }

    public var drivingPath: String
    public var characterPath: String
    public var outputPath: String
    public var overwrite: Bool
    public var settings: Settings

    public init(
        drivingPath: String, characterPath: String, outputPath: String, overwrite: Bool = false,
        settings: Settings = Settings()
    ) {
        self.drivingPath = drivingPath
        self.characterPath = characterPath
        self.outputPath = outputPath
        self.overwrite = overwrite
        self.settings = settings
    }

    /// True when `path` names a pose-track file rather than a video.
    public static func isTrackFile(_ path: String) -> Bool { path.lowercased().hasSuffix(".json") }

    @discardableResult
    public func run(progress: ProgressReporter = SilentProgress()) throws -> Summary {
        let started = Date()
        if settings.keepAlpha && settings.compare { throw RenderError.compareWithAlpha }
        try OutputFile.check(
            outputPath, overwrite: overwrite,
            inputs: [drivingPath, characterPath] + [settings.neutralFile, settings.trackAudio?.path].compactMap { $0 })
        if try !MediaProbe.isStillImage(path: characterPath) {
            return try runWithCharacterClip(progress: progress, started: started)
        }
        let models = try FaceModelFiles(modelsDirectory: settings.modelsDirectory)
        // The performer's rest from a file is read before the character and the driver: a bad
        // file fails first.
        let fileReference = try settings.neutralFile.map {
            try NeutralFile.landmarks(path: $0, modelsDirectory: settings.modelsDirectory)
        }
        let character = try analyseCharacter(models: models)
        // Read ahead through the named rest frame (a number past the clip's end is refused once
        // the clip is read; `Int.max` must not overflow on the way).
        let lookahead = min(settings.reference ?? 0, Int.max - 1) + 1
        let performance: DrivingPerformance =
            Self.isTrackFile(drivingPath)
            ? try TrackPerformance(path: drivingPath, lookaheadFrames: lookahead)
            : try VideoPerformance(path: drivingPath, models: models, lookaheadFrames: lookahead, face: settings.driverFace)
        let reference = fileReference == nil ? try chooseReference(performance) : nil
        let mouth = resolveMouth(hasDriverPixels: !Self.isTrackFile(drivingPath))
        let audio = try outputAudio(performance, clipAudio: nil)

        // `--face all`: every face of the picture, each with its own rig bounded to its region.
        let group =
            character.otherFaces.isEmpty
            ? nil : FaceGroupRenderer(image: character.image, faces: [character.face] + character.otherFaces)
        let renderers = group?.renderers ?? [FaceRenderer(image: character.image, face: character.face)]
        // The background stays where it is: each frame's warp is laid over the still's own by
        // its person matte (`PersonLayer`). Not for several faces (each face's rig is bounded to
        // its region already) nor a transparent character (its alpha is its matte).
        if group == nil, !settings.keepAlpha {
            let segmenter = try SelfieSegmenter(modelsDirectory: settings.modelsDirectory)
            renderers[0].usePersonMatte(try segmenter.personMatte(of: character.image))
        }
        // Creases are found by comparing driver frames with the rest frame's pixels, so they need
        // the rest to be a frame of the same video (not a photo taken elsewhere).
        if settings.detail > 0, let reference, let video = performance as? VideoPerformance, let image = try video.image(at: reference) {
            let detail = ExpressionDetail(
                reference: image, points: performance.lookahead[reference]!.map(\.xy), strength: settings.detail)
            for renderer in renderers { renderer.detail = detail }
        }
        // A chosen reference frame is the character's still in every respect; an automatic one,
        // or a rest face from another recording, leaves the eyes to the driver's usual opening.
        let eyes = driverEyeOpenings(performance)
        let driverReference = fileReference ?? performance.lookahead[reference!]!
        let motions = renderers.map { renderer in
            PerformanceMotion(
                still: renderer.character,
                retargeter: Retargeter(
                    character: renderer.character, driverReference: driverReference, settings: settings.retarget,
                    driverEyeOpenings: eyes),
                smoothing: settings.smoothing, frameRate: performance.frameRate.doubleValue)
        }
        let framing = OutputFraming(
            crop: settings.crop, faceSize: settings.faceSize, compare: settings.compare, character: character,
            hasDriverPixels: !Self.isTrackFile(drivingPath))
        let writer = try VideoWriter(
            path: outputPath, width: framing.width, height: framing.height,
            frameRate: performance.outputFrameRate, settings: settings.encoder,
            format: settings.keepAlpha ? .vp9AlphaWebM : .h264MP4,
            audio: audio, overwrite: overwrite)
        var frames = 0, withFace = 0
        progress.begin("render", total: performance.frameCount)
        defer { progress.end() }
        // Two stages on two threads: decoding, tracking and retargeting on a producer thread;
        // rendering and encoding here. A few frames in flight keep both cores busy.
        let pipe = FramePipe<(faces: [RetargetedFace], frame: DrivingFrame)>(capacity: 4)
        let producer = UnsafeTransfer((performance, motions))
        let thread = Thread {
            var (performance, motions) = producer.value
            do {
                while let frame = try performance.next() {
                    let faces = motions.indices.map { motions[$0].next(landmarks: frame.landmarks, time: frame.time) }
                    guard pipe.put((faces, frame)) else { break }
                }
                pipe.finish()
            } catch {
                pipe.finish(throwing: error)
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
        do {
            while let (faces, frame) = try pipe.take() {
                if frame.landmarks != nil { withFace += 1 }
                let driverMouth = frame.image.flatMap { image in
                    frame.landmarks.map { DriverMouth(image: image, points: $0.map(\.xy)) }
                }
                // One geometry for colour and alpha, so the alpha stays on the pixels it belongs to.
                let geometries = zip(renderers, faces).map { $0.geometry(for: $1) }
                let rendered =
                    group?.render(geometries, mouth: mouth, driver: driverMouth)
                    ?? renderers[0].render(geometries[0], mouth: mouth, driver: driverMouth)
                let alpha = character.alpha.map { still in
                    framing.alpha(
                        group?.renderAlpha(still, geometries: geometries) ?? renderers[0].renderAlpha(still, geometry: geometries[0]))
                }
                try writer.write(
                    framing.frame(rendered, driver: frame.image, still: character.image), alpha: alpha,
                    sourceTime: frame.time)
                frames += 1
                progress.advance(to: frames)
            }
            try writer.finish()
        } catch {
            pipe.cancel()
            pipe.waitUntilFinished()
            writer.cancel()
            throw error
        }
        var summary = Summary(
            frames: frames, framesWithFace: withFace, framing: framing, referenceFrame: reference, mouth: mouth,
            writer: writer, started: started)
        summary.facesFound = character.facesFound
        summary.facesAnimated = renderers.count
        summary.noteDriverFaces(performance)
        return summary
    }

    /// The output's sound (`settings.clip.audio`): the driver's (or, for a pose track, the clip
    /// it was made from), the character clip's own (`clipAudio`; nil for a still or a silent
    /// clip, which is refused), or none.
    func outputAudio(_ performance: DrivingPerformance, clipAudio: AudioSource?) throws -> AudioSource? {
        switch settings.clip.audio {
        case .driver: return performance.audio ?? settings.trackAudio
        case .character:
            guard let clipAudio else { throw RenderError.characterHasNoAudio(path: characterPath) }
            return clipAudio
        case .none: return nil
        }
    }

    /// The driver's usual open-eye lid gaps for an automatic reference; nil for a chosen one (a
    /// chosen reference frame is the character's rest in every respect).
    func driverEyeOpenings(_ performance: DrivingPerformance) -> [Double]? {
        guard settings.reference == nil else { return nil }
        return Retargeter.typicalEyeOpenings(
            Array(ReferenceChoice.searchWindow(lookahead: performance.lookahead, frameRate: performance.frameRate.doubleValue)))
    }

    func analyseCharacter(models: FaceModelFiles) throws -> CharacterAnalysis {
        let analyse = {
            try CharacterAnalysis.analyse(path: characterPath, hint: settings.faceHint, models: models, keepAlpha: settings.keepAlpha)
        }
        guard let cache = settings.characterCache, case .none = settings.faceHint else { return try analyse() }
        return try cache.analysis(path: characterPath, keepAlpha: settings.keepAlpha, analyse: analyse)
    }

    func chooseReference(_ performance: DrivingPerformance) throws -> Int {
        do {
            return try ReferenceChoice.choose(
                lookahead: performance.lookahead, frameRate: performance.frameRate.doubleValue,
                requested: settings.reference, frameCount: performance.frameCount)
        } catch {
            switch error {
            case .noFace: throw RenderError.noDriverFace(path: drivingPath)
            case .outOfRange(let index, let frames): throw RenderError.referenceOutOfRange(index: index, frames: frames)
            case .noFaceInFrame(let index): throw RenderError.referenceHasNoFace(index: index)
            }
        }
    }

    /// `--mouth auto` draws the mouth in the character's palette (`synth`): it suits photographs,
    /// paintings and cartoons alike, while the driver's real mouth, even recoloured, keeps a
    /// photograph's texture that looks wrong in a painting or cartoon. Telling photographs from
    /// paintings by image statistics was tried and did not separate the evaluation set (fine-grain
    /// noise on the cheeks: a smooth retouched photo 0.4, paintings 0.6 to 5.5), so `driver` is
    /// the user's choice. Without driver pixels (a pose-track drive) it is always `synth`.
    func resolveMouth(hasDriverPixels: Bool) -> MouthSource {
        settings.mouth == .driver && hasDriverPixels ? .driver : .synth
    }
}

/// Hands a value that is not `Sendable` to one other thread, which from then on is its only user.
struct UnsafeTransfer<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

extension RenderPipeline.Summary {
    /// Records which of the driving video's faces performed, of how many.
    mutating func noteDriverFaces(_ performance: DrivingPerformance) {
        guard let video = performance as? VideoPerformance else { return }
        driverFacesFound = video.facesFound
        driverFace = video.face
    }

    /// The summary of a finished render, with the writer's figures.
    init(
        frames: Int, framesWithFace: Int, framing: OutputFraming, referenceFrame: Int?, mouth: MouthSource,
        writer: VideoWriter, started: Date
    ) {
        self.init(
            frames: frames, framesWithFace: framesWithFace, width: framing.width, height: framing.height,
            referenceFrame: referenceFrame, mouth: mouth, audioCopied: writer.audioIsCopied, audioCodec: writer.audioCodec,
            seconds: Date().timeIntervalSince(started))
        framesWritten = writer.framesWritten
        frameRate = writer.frameRate
        framesRepeated = writer.framesRepeated
        framesDropped = writer.framesDropped
    }
}
