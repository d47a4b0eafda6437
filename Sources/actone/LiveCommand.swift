import ActOne
import ArgumentParser
import Foundation
import OutputFiles

struct LiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Capture a performance live from a camera or stream and give it to a character, record it or stream it.",
        discussion: """
            Frames are taken as they arrive; when the work falls behind, the oldest waiting frame \
            is dropped and counted. The performer's rest is calibrated from the first second of \
            their face (--calibrate) or read from a file (--neutral). Ctrl-C, or the end of the \
            source, ends the session: outputs are finished, and the last line reports frames, \
            drops and latency (from a frame's arrival to its outputs written).

            Keys, in the terminal while the session runs: n measures a new neutral over the next \
            --calibrate seconds (look at the camera calmly), q stops as Ctrl-C does. From a pipe, \
            one a line: (sleep 5; echo n) | actone live ...

            Examples (camera to file, to a UDP stream, to VSeeFace, a file played live):
              actone live /dev/video0 --input-format v4l2 char.png -o take.mp4
              actone live /dev/video0 --input-format v4l2 char.png -o udp://127.0.0.1:5000
              actone live /dev/video0 --input-format v4l2 --send vmc://127.0.0.1:39539
              actone live clip.mp4 --realtime char.png -o out.mp4 --record take.json
              actone live rtsp://cam.local/live -o mesh.mp4   # the mesh over the stream
              actone live /dev/video0 --input-format v4l2 char.png --preview 8080   # watch at http://127.0.0.1:8080/
            """
    )

    @Argument(help: "The source: a camera device, a stream URL, or a file (with --realtime, played at its own rate).")
    var source: String

    @Argument(help: "The character image; without one, -o shows the source with the face mesh.", completion: .file())
    var character: String?

    @OptionGroup(title: "Source") var input: LiveSourceOptions
    @OptionGroup(title: "Outputs") var out: LiveOutputOptions
    @OptionGroup(title: "Neutral face") var neutral: LiveNeutralOptions
    @OptionGroup(title: "The character's face") var face: CharacterFaceOptions
    @OptionGroup(title: "Encoding") var encoding: LiveEncodingOptions
    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Look for the face models in this folder first.", valueName: "dir"), completion: .directory)
    var models: String?

    func validate() throws {
        if source.isEmpty { throw ValidationError("give a source: a camera, a stream URL or a file.") }
        if character == nil, face.faceBox != nil || face.characterLandmarks != nil || face.face != nil {
            throw ValidationError("--face, --face-box and --character-landmarks are for a character: give one.")
        }
        if character == nil, out.previewSource {
            throw ValidationError(
                "--preview-source sets the source beside the character: give one (without, the preview shows the source).")
        }
        if face.choice == .all { throw ValidationError("live animates one face of the character: give --face N, or none for the largest.") }
    }

    func run() throws {
        global.apply()
        let control = LiveControl()
        // Ctrl-C ends the session cleanly; a second Ctrl-C exits at once.
        SignalCleanup.onStopRequest { control.stop() }
        try reportingFailure {
            var settings = LiveSettings()
            settings.output = out.output
            settings.outputFormat = out.outputFormat
            settings.record = out.record
            settings.send = out.send.compactMap(SendTarget.init(argument:))
            settings.preview = out.previewAddress
            settings.previewShowsSource = out.previewSource
            settings.calibrationSeconds = neutral.calibrate ?? 1
            settings.neutralFile = neutral.neutral
            settings.overwrite = out.force
            settings.modelsDirectory = models
            settings.encoder = encoding.settings
            settings.faceHint = try face.hint()
            let pipeline = LivePipeline(source: input.source(source), characterPath: character, settings: settings)
            let keys = LiveKeyReader.start { key in
                switch key {
                case .newNeutral: control.recalibrate()
                case .stop:
                    // As the first Ctrl-C: the next one exits at once.
                    SignalCleanup.onStopRequest(nil)
                    control.stop()
                case .unknown(let typed): StandardError.write("actone: keys: \(LiveKey.help) (not '\(typed)')\n")
                }
            }
            // The terminal is put back however the session ends (and at exit, for a second Ctrl-C).
            defer { keys?.finish() }
            // The stop handler stays: a Ctrl-C while the summary is printed changes nothing.
            let summary = try pipeline.run(control: control) { event in
                if let message = event.message { StandardError.write("actone: \(message)\n") }
                if event == .capturing, keys?.fromTerminal == true { StandardError.write("actone: keys: \(LiveKey.help)\n") }
            }
            keys?.finish()
            if let output = summary.videoOutput {
                StandardError.write(
                    "actone: wrote \(output) (\(summary.width)x\(summary.height) at \(summary.frameRate) fps, encoder delay \(summary.encoderDelayFrames) frames)\n"
                )
            }
            if let stream = summary.videoOutputCutOff {
                StandardError.write(
                    "actone: \(stream): the receiver took nothing for \(Int(LiveControl.streamStopGraceSeconds)) s after the stop; the stream was cut off without its end\n"
                )
            }
            if let recording = summary.recording {
                let changes =
                    summary.neutralChanges.isEmpty
                    ? "" : "; new neutral from frame " + summary.neutralChanges.map(String.init).joined(separator: ", ")
                StandardError.write("actone: recorded \(recording) (neutral \(summary.neutral ?? "none: no face seen")\(changes))\n")
            }
            for target in summary.sentTo {
                StandardError.write(
                    "actone: sent to \(target)"
                        + (summary.datagramsLost > 0 ? " (\(summary.datagramsLost) datagrams lost)" : "") + "\n")
            }
            if let failure = summary.sourceFailure { StandardError.write("actone: the source stopped: \(failure)\n") }
            StandardError.write(summary.line + "\n")
            // Something did not end as it should: the source broke off, or a stream was cut off.
            if summary.sourceFailure != nil || summary.videoOutputCutOff != nil { throw ExitCode.failure }
        }
    }
}
