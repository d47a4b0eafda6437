import Imaging
import MediaIO
import Motion
import OutputFiles

/// `actone inspect VIDEO --overlay OUT.mp4`: the clip re-encoded with what actone knows about each
/// frame drawn on it, and the original audio.
///
/// Always the frame number, its presentation time and a timeline bar, which is what you need to
/// find a frame by eye when comparing tools; given the frame's motion, also the face mesh, irises
/// and head axes (`FaceOverlay`).
public struct OverlayRender {
    /// The motion to draw on a frame, or nil for the caption alone. Called once per frame, in order,
    /// before the frame is drawn on (so it may track the frame itself).
    public typealias MotionSource = (VideoFrame) throws -> FrameMotion?

    public var inputPath: String
    public var outputPath: String
    public var overwrite: Bool
    public var encoder: VideoEncoderSettings

    public init(
        inputPath: String, outputPath: String, overwrite: Bool = false,
        encoder: VideoEncoderSettings = VideoEncoderSettings()
    ) {
        self.inputPath = inputPath
        self.outputPath = outputPath
        self.overwrite = overwrite
        self.encoder = encoder
    }

    public struct Summary: Sendable {
        public var frames: Int
        public var width: Int
        public var height: Int
        public var frameRate: Rational
        public var audioCopied: Bool?
    }

    /// Streams the video through, one frame in memory at a time.
    @discardableResult
    public func run(progress: ProgressReporter = SilentProgress(), motion: MotionSource? = nil) throws -> Summary {
        try run(progress: progress) { frame in try motion?(frame).map { [OverlayFace(motion: $0)] } ?? [] }
    }

    /// The same with any number of faces a frame, numbered and boxed where they have numbers.
    func run(progress: ProgressReporter, faces: (VideoFrame) throws -> [OverlayFace]) throws -> Summary {
        // Check the output before the (possibly long) work, so a typo fails at once.
        try OutputFile.check(outputPath, overwrite: overwrite, inputs: [inputPath])
        let reader = try VideoReader(path: inputPath)
        let audio = reader.audioStreams.isEmpty ? nil : AudioSource(path: inputPath, startTime: reader.startTime)
        let writer = try VideoWriter(
            path: outputPath, width: reader.width, height: reader.height,
            frameRate: reader.outputFrameRate, settings: encoder, audio: audio, overwrite: overwrite)
        progress.begin("overlay", total: reader.frameCount)
        defer { progress.end() }
        do {
            while let frame = try reader.nextFrame() {
                var image = frame.image
                NumberedFaceOverlay.draw(try faces(frame), on: &image)
                FrameCaption.draw(on: &image, index: frame.index, time: frame.time, total: reader.frameCount)
                try writer.write(image, sourceTime: frame.time)
                progress.advance(to: frame.index + 1)
            }
            try writer.finish()
        } catch {
            writer.cancel()
            throw error
        }
        return Summary(
            frames: writer.framesWritten, width: reader.width, height: reader.height,
            frameRate: reader.outputFrameRate, audioCopied: writer.audioIsCopied)
    }
}

/// The frame number, time and a timeline bar burned into a frame.
enum FrameCaption {
    static func draw(on image: inout RGBImage, index: Int, time: Double, total: Int?) {
        let scale = max(1, min(image.width, image.height) / 240)
        let totalText = total.map { "/\($0)" } ?? ""
        let text = "frame \(index)\(totalText)  \(Timecode.format(seconds: time))"
        image.drawLabel(
            text, x: 4 * scale, y: 4 * scale, color: .white, background: RGB(0, 0, 0),
            backgroundOpacity: 0.6, padding: 2 * scale, scale: scale)
        if let total, total > 1 {
            let barHeight = 3 * scale
            let y = image.height - barHeight
            image.fillRect(IntRect(x: 0, y: y, width: image.width, height: barHeight), color: RGB(0, 0, 0), opacity: 0.5)
            let filled = image.width * min(index + 1, total) / total
            image.fillRect(IntRect(x: 0, y: y, width: filled, height: barHeight), color: RGB(255, 196, 0))
        }
    }
}

/// Times as people read them in editors: `HH:MM:SS.mmm`.
public enum Timecode {
    /// The longest time written (about 285,000 years): past it the milliseconds would not fit an
    /// Int. Times come from files, so any Double can arrive here.
    static let maximumSeconds = 9.0e12

    public static func format(seconds: Double) -> String {
        guard !seconds.isNaN else { return "--:--:--.---" }
        let totalMilliseconds = Int((min(max(seconds, 0), maximumSeconds) * 1000).rounded())
        let ms = totalMilliseconds % 1000
        let s = totalMilliseconds / 1000 % 60
        let m = totalMilliseconds / 60_000 % 60
        let h = totalMilliseconds / 3_600_000
        return "\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2)).\(pad(ms, 3))"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
