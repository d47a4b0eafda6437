import ActOne
import ArgumentParser
import Foundation

// `actone live`'s own options, in the groups its `--help` shows under titles. Checks that
// involve one group only are the group's `validate()`; those across groups are LiveCommand's.

/// What the source is and how it is read.
struct LiveSourceOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "FFmpeg's input format or device for the source: v4l2 (Linux cameras), avfoundation (macOS), dshow (Windows), ...",
            valueName: "name"))
    var inputFormat: String?

    @Option(
        help: ArgumentHelp(
            "Options for the input, comma-separated, by FFmpeg's names: e.g. video_size=640x480,framerate=30 or rtsp_transport=tcp.",
            valueName: "key=value,..."))
    var inputOptions: String?

    @Flag(help: "Play a file at its own rate, each frame arriving at its time as from a camera (for demos, tests and measuring).")
    var realtime = false

    func validate() throws {
        if let inputFormat, inputFormat.isEmpty { throw ValidationError("--input-format needs a name, e.g. v4l2.") }
        if let inputOptions, InputOptions.parse(inputOptions) == nil {
            throw ValidationError("--input-options takes key=value pairs separated by commas, e.g. video_size=640x480,framerate=30.")
        }
    }

    func source(_ location: String) -> LiveSource {
        LiveSource(
            location: location,
            input: InputOptions(format: inputFormat, options: inputOptions.flatMap(InputOptions.parse) ?? [:]),
            realtime: realtime)
    }
}

/// Where the live performance goes.
struct LiveOutputOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Encode the character (without one: the source with the face mesh) live into a file (.mp4) or a stream URL "
                + "(udp://, srt://, rtmp://, tcp://).",
            valueName: "file|url"))
    var output: String?

    @Option(
        help: ArgumentHelp(
            "FFmpeg's container for -o (default: mp4 for a file, mpegts for udp:// srt:// tcp://, flv for rtmp://).",
            valueName: "muxer"))
    var outputFormat: String?

    @Option(help: ArgumentHelp("Write the pose track as it is captured (finished when the session ends).", valueName: "track.json"))
    var record: String?

    @Option(
        help: ArgumentHelp(
            "Stream the capture to another program: vmc://HOST:PORT (VSeeFace, VMagicMirror, Warudo, ...; usually port 39539) "
                + "or livelink://HOST:PORT (Unreal's Live Link, as the Live Link Face app; port 11111). Repeatable.",
            valueName: "vmc|livelink://host:port"))
    var send: [String] = []

    @Option(
        help: ArgumentHelp(
            "Serve a web page of the live picture and figures on this port: open http://127.0.0.1:PORT/ in a browser.",
            valueName: "port"))
    var preview: Int?

    @Option(
        help: ArgumentHelp(
            "The address --preview listens on: 127.0.0.1 (default) is this machine only; 0.0.0.0 lets the network in.",
            valueName: "address"))
    var previewHost: String?

    @Flag(help: "Show the source with the face mesh beside the character on the --preview page.")
    var previewSource = false

    @Flag(help: "Overwrite existing output files.")
    var force = false

    /// Where `--preview` listens, if asked.
    var previewAddress: LiveSettings.PreviewAddress? {
        preview.map { LiveSettings.PreviewAddress(host: previewHost ?? "127.0.0.1", port: $0) }
    }

    func validate() throws {
        for target in send where SendTarget(argument: target) == nil {
            throw ValidationError(
                "--send takes vmc://HOST:PORT or livelink://HOST:PORT with a port from 1 to 65535, e.g. vmc://127.0.0.1:39539 (got '\(target)')."
            )
        }
        if let record, !record.lowercased().hasSuffix(".json") {
            throw ValidationError("--record writes actone's JSON pose track: give it a name ending in .json.")
        }
        if let output {
            if LiveSettings.isURL(output) {
                guard let scheme = output.range(of: "://").map({ output[..<$0.lowerBound] }), !scheme.isEmpty,
                    output[output.range(of: "://")!.upperBound...].isEmpty == false
                else { throw ValidationError("-o \(output): not a URL (e.g. udp://127.0.0.1:5000).") }
                if outputFormat == nil, LiveSettings.defaultMuxer(forURL: output) == nil {
                    throw ValidationError("-o \(output): say which container to stream with --output-format (e.g. mpegts).")
                }
            } else if outputFormat == nil, !output.lowercased().hasSuffix(".mp4") {
                throw ValidationError("-o writes an MP4 file: give it a name ending in .mp4, or name the container with --output-format.")
            }
        } else if outputFormat != nil {
            throw ValidationError("--output-format is for -o: give an output.")
        }
        if let preview, !(1...65535).contains(preview) { throw ValidationError("--preview takes a port from 1 to 65535.") }
        if let previewHost {
            if preview == nil { throw ValidationError("--preview-host is for --preview: give a port.") }
            if previewHost.isEmpty { throw ValidationError("--preview-host needs an address, e.g. 127.0.0.1.") }
        }
        if previewSource && preview == nil { throw ValidationError("--preview-source is for --preview: give a port.") }
        if output == nil && record == nil && send.isEmpty && preview == nil {
            throw ValidationError("give at least one output: -o FILE|URL, --record TRACK.json, --send vmc://HOST:PORT or --preview PORT.")
        }
    }
}

/// The performer's rest.
struct LiveNeutralOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Seconds from the first face whose faces are the performer's rest (median measures; the calmest face for the character), "
                + "at the start and for a new neutral asked for with the n key. Default 1.",
            valueName: "seconds"))
    var calibrate: Double?

    @Option(
        help: ArgumentHelp(
            "The performer's rest from a file instead: a pose track or a still of them at rest (the n key still measures a new one).",
            valueName: "file"),
        completion: .file())
    var neutral: String?

    func validate() throws {
        if let calibrate, !(calibrate.isFinite && (0...60).contains(calibrate)) {
            throw ValidationError("--calibrate must be between 0 and 60 seconds.")
        }
        if let neutral, neutral.isEmpty { throw ValidationError("--neutral needs a file.") }
    }
}

/// x264 for the live output.
struct LiveEncodingOptions: ParsableArguments {
    @Option(help: "x264 quality: 0 lossless, 18 transparent, 23 x264's default, 51 worst.")
    var crf: Double = 23

    @Option(help: "x264 speed preset (live: fast presets keep the latency down).")
    var preset: EncoderPreset = EncoderPreset(argument: "veryfast")!

    func validate() throws {
        guard (0...51).contains(crf) else { throw ValidationError("--crf must be between 0 and 51.") }
    }

    var settings: VideoEncoderSettings { VideoEncoderSettings(crf: crf, preset: preset.name) }
}
