import FaceTracking
import Foundation
import MediaIO
import Motion
import OutputFiles
import Rendering

/// `actone live SOURCE [CHARACTER]`: a performance captured as it happens, from a camera, a
/// network stream or a file played in real time, and given to the character (or drawn over the
/// source) live, recorded as a pose track, and streamed to other programs.
///
/// Two threads. The capture thread (`LiveCapture`) decodes the source's frames as they arrive
/// into a queue of `LiveSettings.queueCapacity` frames, dropping the oldest when the work falls
/// behind. This thread takes them one at a time (`LiveSession`): tracks the face, measures it
/// against the performer's rest, sends it, renders and encodes it, records it. A frame's latency
/// runs from its arrival to the end of that work.
///
/// The session ends when the source ends or `control.stop()` is called (Ctrl-C): the frames
/// already captured are finished, then every output is completed (files renamed into place,
/// streams closed with their trailer, sockets closed).
public struct LivePipeline {
    public var source: LiveSource
    public var characterPath: String?
    public var settings: LiveSettings

    public init(source: LiveSource, characterPath: String?, settings: LiveSettings) {
        self.source = source
        self.characterPath = characterPath
        self.settings = settings
    }

    public struct Summary: Sendable {
        public var frames: Int
        public var dropped: Int
        public var framesWithFace: Int
        public var latencyMedianMilliseconds: Double
        public var latencyP95Milliseconds: Double
        /// The output's size and rate, when there is a video output.
        public var width: Int
        public var height: Int
        public var frameRate: Rational
        /// What the session measured expressions from first, as the recorded track's header holds
        /// it (nil when it saw no face).
        public var neutral: String?
        /// The frames from which a new neutral, asked for mid-session, was in use.
        public var neutralChanges: [Int]
        /// Where the outputs went, for the report.
        public var videoOutput: String?
        /// A stream output whose receiver took nothing for `LiveControl.streamStopGraceSeconds`
        /// after the stop: it was cut off (the other outputs were finished).
        public var videoOutputCutOff: String?
        public var recording: String?
        public var sentTo: [String]
        /// The most frames the video encoder held back (0: each frame's packet was out before the next frame).
        public var encoderDelayFrames: Int
        /// Datagrams the kernel had no room for.
        public var datagramsLost: Int
        /// The source failed mid-session (the outputs were still finished): its message.
        public var sourceFailure: String?
        /// The final line: `live: N frames, D dropped, latency median X ms, p95 Y ms`.
        public var line: String {
            String(
                format: "live: %d frames, %d dropped, latency median %.1f ms, p95 %.1f ms", frames, dropped,
                latencyMedianMilliseconds, latencyP95Milliseconds)
        }
    }

    /// Runs the session until the source ends or `control` stops it. Stopped while the source or
    /// an output was still being opened (a camera or a client that never came), it ends with no
    /// frames and no output, as a session that had not begun.
    ///
    /// `events` is told, on the calling thread, what the user should know as the session goes:
    /// the preview page's address, the start of the capture, a new neutral measured and in use.
    @discardableResult
    public func run(control: LiveControl = LiveControl(), events: @escaping (LiveEvent) -> Void = { _ in }) throws -> Summary {
        do {
            return try runSession(control: control, events: events)
        } catch MediaError.interrupted where control.isStopped {
            return Summary(
                frames: 0, dropped: 0, framesWithFace: 0, latencyMedianMilliseconds: 0, latencyP95Milliseconds: 0, width: 0,
                height: 0, frameRate: Rational(0, 1), neutral: nil, neutralChanges: [], videoOutput: nil, videoOutputCutOff: nil,
                recording: nil, sentTo: [],
                encoderDelayFrames: 0, datagramsLost: 0, sourceFailure: nil)
        }
    }

    private func runSession(control: LiveControl, events: @escaping (LiveEvent) -> Void) throws -> Summary {
        guard settings.output != nil || settings.record != nil || !settings.send.isEmpty || settings.preview != nil else {
            throw LiveError.nothingToDo
        }
        let inputs = [characterPath, settings.neutralFile].compactMap { $0 } + (source.isPlainFile ? [source.location] : [])
        // Outputs are checked before anything is opened: a typo fails at once.
        if let output = settings.output, !LiveSettings.isURL(output) {
            try OutputFile.check(output, overwrite: settings.overwrite, inputs: inputs)
        }
        if let record = settings.record { try OutputFile.check(record, overwrite: settings.overwrite, inputs: inputs) }
        let queue = FramePipe<CapturedFrame>(capacity: settings.queueCapacity, dropsOldest: !source.isPlainFile)
        // The preview's port is taken before the source is opened: a port in use fails at once.
        let preview = try settings.preview.map { address in
            try LivePreview(
                host: address.host, port: address.port, showsSource: settings.previewShowsSource && characterPath != nil,
                dropped: { queue.dropped })
        }
        // Closed however the session ends: its connections and threads go with it.
        defer { preview?.close() }
        if let preview { events(.previewServed(url: preview.url)) }
        let capture = try LiveCapture(source: source, interrupt: control.interrupt)
        let reader = capture.reader
        let rate = reader.outputFrameRate
        guard rate.isValid, rate.doubleValue <= 1000 else { throw LiveError.frameRate(source: source.location) }
        let senders = try settings.send.map {
            try makeSender(for: $0, rateNumerator: rate.numerator, rateDenominator: rate.denominator)
        }

        let models = try FaceModelFiles(modelsDirectory: settings.modelsDirectory)
        let neutral = try settings.neutralFile.map {
            try LiveNeutral.fromFile($0, needsReference: characterPath != nil, modelsDirectory: settings.modelsDirectory)
        }
        let character = try characterPath.map { path in
            let analysis = try CharacterAnalysis.analyse(path: path, hint: settings.faceHint, models: models)
            let renderer = FaceRenderer(image: analysis.image, face: analysis.face)
            // The character's background stays put, as in `render` (`PersonLayer`).
            renderer.usePersonMatte(
                try SelfieSegmenter(modelsDirectory: settings.modelsDirectory).personMatte(of: analysis.image))
            return LiveSession.Character(analysis: analysis, renderer: renderer)
        }
        let width = character?.analysis.image.width ?? reader.width
        let height = character?.analysis.image.height ?? reader.height
        let recorder = try settings.record.map {
            try LiveRecorder(path: $0, overwrite: settings.overwrite, source: source, reader: reader)
        }
        let video: LiveVideoOutput?
        do {
            video = try settings.output.map { target in
                try control.opening(stream: LiveSettings.isURL(target)) { flag in
                    try LiveVideoOutput(
                        target: target, muxer: settings.outputFormat, width: width, height: height, frameRate: rate,
                        settings: settings.encoder, overwrite: settings.overwrite, interrupt: flag)
                }
            }
        } catch {
            recorder?.abandon()
            throw error
        }
        let session = try LiveSession(
            tracker: try models.videoTracker(), character: character, video: video, recorder: recorder, senders: senders,
            preview: preview, neutral: neutral, calibrationSeconds: settings.calibrationSeconds, frameRate: reader.frameRate.doubleValue,
            control: control, events: events)

        capture.start(into: queue)
        events(.capturing)
        var sourceFailure: String?
        do {
            while true {
                let captured: CapturedFrame?
                do {
                    captured = try queue.take()
                } catch {
                    // The source broke off: what was captured is kept, and the failure reported.
                    sourceFailure = String(describing: error)
                    break
                }
                guard let captured else { break }
                try session.process(captured)
            }
            try session.finishCalibration()
            try video?.finish()
            try recorder?.finish()
        } catch {
            capture.stop()
            queue.cancel()
            queue.waitUntilFinished()
            video?.cancel()
            recorder?.abandon()
            throw error
        }
        capture.stop()
        queue.waitUntilFinished()
        return Summary(
            frames: session.frames, dropped: queue.dropped, framesWithFace: session.framesWithFace,
            latencyMedianMilliseconds: session.latency.medianMilliseconds, latencyP95Milliseconds: session.latency.p95Milliseconds,
            width: width, height: height, frameRate: rate, neutral: session.firstNeutral?.summary, neutralChanges: session.neutralChanges,
            videoOutput: video.flatMap { $0.writer.framesWritten > 0 && !$0.cutOff ? $0.target : nil },
            videoOutputCutOff: video.flatMap { $0.cutOff ? $0.target : nil },
            recording: recorder?.path, sentTo: settings.send.map(\.description), encoderDelayFrames: video?.encoderDelay ?? 0,
            datagramsLost: senders.reduce(0) { $0 + $1.lost }, sourceFailure: sourceFailure)
    }
}
