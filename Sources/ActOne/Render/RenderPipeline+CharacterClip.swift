import FaceGeometry
import Foundation
import Imaging
import MediaIO
import Motion
import OutputFiles
import Rendering

/// `actone DRIVER CHARACTER.mp4`: the person in the character clip performs the driver's
/// expressions on their own face, keeping their own head motion, body, camera and background.
///
/// Three threads: the driver decoded, tracked and smoothed; the character clip played
/// (`ClipPlayback`), tracked and smoothed (`CharacterClip`); and here, for each driver frame,
/// the character frame showing at its time, the driver's expression retargeted onto that
/// frame's face, rendered on the frame's own pixels and encoded.
extension RenderPipeline {
    func runWithCharacterClip(progress: ProgressReporter, started: Date) throws -> Summary {
        if settings.keepAlpha { throw RenderError.needsStillCharacter(option: "--keep-alpha", path: characterPath) }
        switch settings.faceHint {
        case .none: break
        case .box: throw RenderError.needsStillCharacter(option: "--face-box", path: characterPath)
        case .landmarksFile: throw RenderError.needsStillCharacter(option: "--character-landmarks", path: characterPath)
        case .number, .all: break
        }
        let clipFace: FaceChoice =
            switch settings.faceHint {
            case .number(let n): .number(n)
            case .all: .all
            default: .largest
            }
        let models = try FaceModelFiles(modelsDirectory: settings.modelsDirectory)
        let fileReference = try settings.neutralFile.map {
            try NeutralFile.landmarks(path: $0, modelsDirectory: settings.modelsDirectory)
        }
        let clipSettings = settings.clip
        // With the clip's own pose only the expression moves: the rig stops at two face radii and
        // the background is the clip's own pixels.
        let rings = clipSettings.pose == .character ? CharacterRig.clipRings : CharacterRig.rings
        // Where the eyes follow the driver, the clip's own blinks are taken out.
        let keepEyesOpen = settings.retarget.regions.contains(.eyes)
        // The clip's first seconds are tracked ahead beside the driver's.
        let clipLoading = Background { [characterPath] in
            try CharacterClip(
                path: characterPath, models: models, loop: clipSettings.length == .character ? nil : clipSettings.loop,
                rings: rings, face: clipFace, keepEyesOpen: keepEyesOpen)
        }
        let lookahead = min(settings.reference ?? 0, Int.max - 1) + 1
        let performance: DrivingPerformance
        do {
            performance =
                Self.isTrackFile(drivingPath)
                ? try TrackPerformance(path: drivingPath, lookaheadFrames: lookahead)
                : try VideoPerformance(path: drivingPath, models: models, lookaheadFrames: lookahead, face: settings.driverFace)
        } catch {
            _ = try? clipLoading.wait()
            throw error
        }
        let clip = try clipLoading.wait()
        let reference = fileReference == nil ? try chooseReference(performance) : nil
        let mouth = resolveMouth(hasDriverPixels: !Self.isTrackFile(drivingPath))
        let audio = try outputAudio(performance, clipAudio: clip.audio)

        let eyes = driverEyeOpenings(performance)
        let driverReference = fileReference ?? performance.lookahead[reference!]!
        var retargetSettings = settings.retarget
        if clipSettings.pose == .character { retargetSettings.regions.remove(.pose) }
        // One retargeter per face of the clip, made when the face first shows.
        var retargeters: [Int: Retargeter] = [:]
        func retargeter(for face: CharacterClipFace) -> Retargeter {
            if let made = retargeters[face.number] { return made }
            let made = Retargeter(
                character: face.rest, driverReference: driverReference, settings: retargetSettings, driverEyeOpenings: eyes)
            retargeters[face.number] = made
            return made
        }
        let putsMouth = retargetSettings.regions.contains(.mouth)
        var framing = OutputFraming(
            crop: settings.crop, faceSize: settings.faceSize, compare: settings.compare, imageWidth: clip.width,
            imageHeight: clip.height, face: clip.rest, hasDriverPixels: !Self.isTrackFile(drivingPath))
        var cropFollower =
            settings.crop == .face ? FaceCropFollower(crop: framing.crop, imageWidth: clip.width, imageHeight: clip.height) : nil
        let writer = try VideoWriter(
            path: outputPath, width: framing.width, height: framing.height,
            frameRate: performance.outputFrameRate, settings: settings.encoder, format: .h264MP4,
            audio: audio, overwrite: overwrite)

        let drivers = FramePipe<(frame: DrivingFrame, smoothed: [LandmarkPoint]?)>(capacity: 4)
        let characters = FramePipe<CharacterClipFrame>(capacity: 3)
        Self.producer(drivers, UnsafeTransfer((performance, settings.smoothing))) { state, pipe in
            var smoother = state.1.map(LandmarkSmoother.init)
            while let frame = try state.0.next() {
                var smoothed: [LandmarkPoint]?
                if let points = frame.landmarks {
                    smoothed = smoother?.smooth(points, at: frame.time) ?? points
                } else {
                    smoother?.reset()
                }
                guard pipe.put((frame, smoothed)) else { return }
            }
        }
        Self.producer(characters, UnsafeTransfer(clip)) { clip, pipe in
            while let frame = try clip.next() {
                guard pipe.put(frame) else { return }
            }
        }
        // Both threads are gone before this returns, whichever way it ends.
        func stopProducers() {
            drivers.cancel()
            characters.cancel()
            drivers.waitUntilFinished()
            characters.waitUntilFinished()
        }

        var frames = 0, withFace = 0, characterFramesWithoutFace = 0
        var lost = LostDriverFace(reference: driverReference, frameRate: performance.frameRate.doubleValue)
        var showing: CharacterClipFrame?, upcoming: CharacterClipFrame?
        var startTime: Double?
        progress.begin("render", total: performance.frameCount)
        defer { progress.end() }
        do {
            upcoming = try characters.take()
            while let (frame, smoothed) = try drivers.take() {
                let t = frame.time - (startTime ?? frame.time)
                if startTime == nil { startTime = frame.time }
                // The character frame showing at the driver frame's time.
                while let next = upcoming, next.start <= t + 1e-6 {
                    showing = next
                    upcoming = try characters.take()
                    if next.isCut { cropFollower?.reset() }
                }
                guard let character = showing else { break }
                // Played once, the clip's last frame shows for one frame at its rate.
                if upcoming == nil, clipSettings.length == .character,
                    t >= character.start + 1 / max(clip.frameRate.doubleValue, 1) - 1e-6
                {
                    break
                }
                if smoothed != nil { withFace += 1 }
                let rendered: RGBImage
                if !character.faces.isEmpty {
                    let driver = lost.landmarks(smoothed, time: frame.time)
                    let driverMouth = frame.image.flatMap { image in
                        frame.landmarks.map { DriverMouth(image: image, points: $0.map(\.xy)) }
                    }
                    let layers = character.faces.map { face in
                        let target = retargeter(for: face).retarget(
                            driver, onto: face.face, mouthRest: putsMouth ? face.rest : nil, eyeRest: face.rest)
                        return face.renderer.render(target, mouth: mouth, driver: driverMouth)
                    }
                    rendered =
                        layers.count == 1
                        ? layers[0]
                        : FaceGroupRenderer.layer(layers, scales: character.faces.map(\.face.transform.scale), over: character.image)
                } else {
                    // A frame of the clip without a face is written as it is.
                    characterFramesWithoutFace += 1
                    rendered = character.image
                }
                if cropFollower != nil {
                    // The nearest face (the largest head) is the one framed.
                    let framed = character.faces.max { $0.face.transform.scale < $1.face.transform.scale }?.face
                    framing.crop = cropFollower!.next(face: framed, time: frame.time)
                }
                try writer.write(
                    framing.frame(rendered, driver: frame.image, still: character.image), alpha: nil, sourceTime: frame.time)
                frames += 1
                progress.advance(to: frames)
            }
            stopProducers()
            try writer.finish()
        } catch {
            stopProducers()
            writer.cancel()
            throw error
        }
        var summary = Summary(
            frames: frames, framesWithFace: withFace, framing: framing, referenceFrame: reference, mouth: mouth,
            writer: writer, started: started)
        summary.noteDriverFaces(performance)
        summary.facesFound = clip.facesFound
        summary.facesAnimated = max(retargeters.count, 1)
        summary.characterClip = Summary.CharacterClipSummary(
            framesWithoutFace: characterFramesWithoutFace, restFrame: clip.restIndex, frameCount: clip.frameCount)
        return summary
    }

    /// Starts a thread that runs `body` with `state`, putting its items into `pipe`, and finishes
    /// the pipe with `body`'s error, if any.
    static func producer<State, Item>(
        _ pipe: FramePipe<Item>, _ state: UnsafeTransfer<State>, _ body: @escaping (State, FramePipe<Item>) throws -> Void
    ) {
        let body = UnsafeTransfer(body)
        let thread = Thread {
            do {
                try body.value(state.value, pipe)
                pipe.finish()
            } catch {
                pipe.finish(throwing: error)
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

/// The driver's landmarks for a frame where the driver's face may be lost: the last face found
/// is held, and eases to the driver's rest over `PerformanceMotion.easeSeconds`, so the
/// character's expression fades to its own rather than snapping; before any face, the rest.
struct LostDriverFace {
    let reference: [LandmarkPoint]
    let framesToEase: Double
    private var last: [LandmarkPoint]?
    private var framesLost = 0

    init(reference: [LandmarkPoint], frameRate: Double) {
        self.reference = reference
        let fps = frameRate.isFinite && frameRate > 0 ? frameRate : 25
        framesToEase = max(1, PerformanceMotion.easeSeconds * fps)
    }

    mutating func landmarks(_ found: [LandmarkPoint]?, time: Double) -> [LandmarkPoint] {
        if let found {
            last = found
            framesLost = 0
            return found
        }
        guard let last else { return reference }
        framesLost += 1
        let t = Float(min(Double(framesLost) / framesToEase, 1))
        let s = t * t * (3 - 2 * t)
        return zip(last, reference).map { p, q in
            LandmarkPoint(x: p.x + (q.x - p.x) * s, y: p.y + (q.y - p.y) * s, z: p.z + (q.z - p.z) * s)
        }
    }
}

/// Runs a piece of work on another thread; `wait` gives its result.
final class Background<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, Error>?

    init(_ work: @escaping () throws -> Value) {
        let work = UnsafeTransfer(work)
        let thread = Thread { [self] in
            result = Result { try work.value() }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    func wait() throws -> Value {
        done.wait()
        done.signal()
        return try result!.get()
    }
}
