import Foundation
import Imaging
import MediaIO

/// `-o FILE|URL`: the live picture encoded as it comes, with x264's low-latency settings: no
/// look-ahead or B-frames (`tune=zerolatency`), a key frame every `LiveSettings.keyframeSeconds`.
/// A file is written under a temporary name and renamed when the session ends (MP4 unless
/// `--output-format` names another container); a URL is streamed as it goes.
final class LiveVideoOutput {
    let target: String
    let writer: VideoWriter
    /// Raised (by `LiveControl`) to cut off a stream whose receiver stopped taking it.
    private let interrupt: InterruptFlag
    /// Whether the stream was cut off after a stop: its writes waited on a receiver that took
    /// nothing for `LiveControl.streamStopGraceSeconds`. The frames after it are not sent, and
    /// the stream ends without its trailer.
    private(set) var cutOff = false

    init(
        target: String, muxer: String?, width: Int, height: Int, frameRate: Rational, settings: VideoEncoderSettings,
        overwrite: Bool, interrupt: InterruptFlag
    ) throws {
        self.target = target
        self.interrupt = interrupt
        var encoder = settings
        encoder.lowLatency = true
        encoder.keyframeInterval = max(1, Int((frameRate.doubleValue * LiveSettings.keyframeSeconds).rounded()))
        let destination: VideoDestination
        if LiveSettings.isURL(target) {
            guard let muxer = muxer ?? LiveSettings.defaultMuxer(forURL: target) else { throw LiveError.outputFormatNeeded(url: target) }
            destination = .url(muxer: muxer, protocolOptions: LiveSettings.protocolOptions(forURL: target, muxer: muxer))
        } else {
            destination = .file(muxer: muxer)
        }
        writer = try VideoWriter(
            path: target, width: width, height: height, frameRate: frameRate, settings: encoder,
            overwrite: overwrite, destination: destination, interrupt: interrupt)
    }

    /// Encodes a frame shown at `time` seconds from the start of the session (a gap left by
    /// dropped frames holds the previous picture, so the output keeps real time).
    func write(_ image: RGBImage, time: Double) throws {
        guard !cutOff else { return }
        do {
            try writer.write(image, sourceTime: time)
        } catch  where interrupt.isRaised {
            // Only a stop raises the flag once the output is open: the session goes on to finish
            // the other outputs.
            cutOff = true
            return
        }
        encoderDelay = max(encoderDelay, writer.framesWritten - writer.packetsWritten)
    }

    /// The most frames the encoder held back after a write: 0 means every frame's packet was
    /// written before the next frame came, so a latency measured to the end of `write` is to
    /// the encoded output.
    private(set) var encoderDelay = 0

    func finish() throws {
        guard writer.framesWritten > 0, !cutOff else {
            writer.cancel()
            return
        }
        do {
            try writer.finish()
        } catch  where interrupt.isRaised {
            // The trailer waited on a receiver that took nothing.
            cutOff = true
        }
    }

    func cancel() { writer.cancel() }
}
