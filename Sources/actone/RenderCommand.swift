import ActOne
import ArgumentParser
import Foundation
import OutputFiles

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a character image giving the performance in a driving video (the default command).",
        discussion: """
        The character's face is found once; every driver frame's head motion, gaze and \
        expression, relative to a neutral reference frame, is put on it. The MP4 has the \
        driver's frame rate, frame count and audio.

        Examples:
          actone drive.mp4 character.png                    # writes drive_character.mp4 here
          actone render drive.track.json character.png      # from a pose track (no driver pixels)
          actone drive.mp4 painting.jpg --crop face --compare
          actone drive.mp4 cartoon.png --face-box 120,80,200,220
          actone drive.mp4 cutout.png --keep-alpha          # drive_cutout.webm: VP9 with alpha
          actone drive.mp4 portrait.jpg --animate mouth,eyes --expression-scale 1.2
          actone drive.mp4 photo.jpg --detail 1 --mouth driver   # a photograph: the driver's creases and mouth
        """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var encoding: EncodingOptions
    @OptionGroup var motion: MotionTransferOptions
    @OptionGroup var neutral: NeutralOption

    @Argument(help: "The driving video, or a pose track (.track.json) made by `actone track`.", completion: .file())
    var driving: String

    @Argument(help: "The character image (PNG, JPEG, WebP, ...).", completion: .file())
    var character: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the video (default: <driving>_<character>.mp4 here, .webm with --keep-alpha).",
                                                    valueName: "out.mp4"))
    var output: String?

    @Option(help: "Inside of an opening mouth: auto, driver (the driver's, recoloured) or synth (drawn).")
    var mouth: String = "auto"

    @Option(help: ArgumentHelp("Draw the driver's expression creases (forehead lines, smile folds) on the character: 0 off, 1 as performed, up to 2. Suits photographs; needs a driving video.",
                               valueName: "strength"))
    var detail: Float = 0

    @Option(help: "Output framing: full (the whole character image) or face (a square around the face).")
    var crop: String = "full"

    @Option(help: ArgumentHelp("With --crop face: the output's side in pixels (default: the face crop's own, at least 512).",
                               valueName: "pixels"))
    var size: Int?

    @Flag(help: "Write driver | character | result side by side, for review.")
    var compare = false

    @Flag(help: "Keep the character image's transparency: write VP9 with alpha in WebM (.webm) instead of an MP4 over white.")
    var keepAlpha = false

    @Option(help: ArgumentHelp("Where the character's face is when it is not found: x,y,width,height in pixels.",
                               valueName: "x,y,w,h"))
    var faceBox: String?

    @Option(help: ArgumentHelp("The character's 478 landmarks as a JSON array of [x, y, z] in its pixels.", valueName: "file"),
            completion: .file(extensions: ["json"]))
    var characterLandmarks: String?

    @Option(help: ArgumentHelp("Look for the face models in this folder first.", valueName: "dir"), completion: .directory)
    var models: String?

    @Flag(help: "Overwrite an existing output file.")
    var force = false

    func validate() throws {
        if neutral.neutral != nil && motion.reference != nil {
            throw ValidationError("--reference is another name for --neutral N: give one of them.")
        }
        if let output, keepAlpha, !output.lowercased().hasSuffix(".webm"), !OutputDestination.isStream(output) {
            throw ValidationError("with --keep-alpha the output is a WebM file (VP9 with alpha): give it a name ending in .webm.")
        }
        if let output, !keepAlpha, !output.lowercased().hasSuffix(".mp4"), !OutputDestination.isStream(output) {
            throw ValidationError("the output is an MP4 file: give it a name ending in .mp4 (or use --keep-alpha for .webm).")
        }
        if keepAlpha && compare {
            throw ValidationError("--compare cannot be combined with --keep-alpha: the side-by-side review is an opaque MP4.")
        }
        guard RenderPipeline.MouthChoice(rawValue: mouth) != nil else {
            throw ValidationError("--mouth must be one of: auto, driver, synth.")
        }
        guard RenderPipeline.OutputCrop(rawValue: crop) != nil else { throw ValidationError("--crop must be full or face.") }
        if let size {
            guard crop == "face" else { throw ValidationError("--size sets the side of a --crop face video; add --crop face.") }
            guard (64...CharacterAnalysis.outputSide).contains(size) else {
                throw ValidationError("--size must be between 64 and \(CharacterAnalysis.outputSide) pixels.")
            }
        }
        guard detail.isFinite, (0...2).contains(detail) else { throw ValidationError("--detail must be between 0 and 2.") }
        if faceBox != nil { _ = try box() }
        if faceBox != nil && characterLandmarks != nil {
            throw ValidationError("give either --face-box or --character-landmarks, not both.")
        }
    }

    func box() throws -> Rect {
        let parts = (faceBox ?? "").split(separator: ",").map { Float($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, let x = parts[0], let y = parts[1], let w = parts[2], let h = parts[3],
              [x, y, w, h].allSatisfy(\.isFinite), w > 0, h > 0 else {
            throw ValidationError("--face-box takes x,y,width,height in pixels, e.g. 120,80,200,220.")
        }
        return Rect(x: x, y: y, width: w, height: h)
    }

    var outputPath: String {
        if let output { return output }
        func stem(_ path: String) -> String {
            var name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            if name.hasSuffix(".track") { name.removeLast(".track".count) }
            return name
        }
        return "\(stem(driving))_\(stem(character)).\(keepAlpha ? "webm" : "mp4")"
    }

    /// How a user knows an audio codec by FFmpeg's name.
    static func codecLabel(_ codec: String?) -> String {
        switch codec {
        case "aac": "AAC"
        case "opus": "Opus"
        case "vorbis": "Vorbis"
        case "mp3": "MP3"
        case let other?: other
        case nil: "audio"
        }
    }

    func run() throws {
        global.apply()
        try reportingFailure {
            var settings = RenderPipeline.Settings()
            try motion.apply(to: &settings)
            switch neutral.choice {
            case .auto: break
            case .frame(let n): settings.reference = n
            case .file(let path): settings.neutralFile = path
            }
            settings.mouth = RenderPipeline.MouthChoice(rawValue: mouth) ?? .auto
            settings.crop = RenderPipeline.OutputCrop(rawValue: crop) ?? .full
            settings.faceSize = size
            settings.detail = detail
            settings.compare = compare
            settings.keepAlpha = keepAlpha
            settings.encoder = encoding.settings
            settings.modelsDirectory = models
            if faceBox != nil { settings.faceHint = .box(try box()) }
            if let characterLandmarks { settings.faceHint = .landmarksFile(characterLandmarks) }
            let pipeline = RenderPipeline(drivingPath: driving, characterPath: character, outputPath: outputPath,
                                          overwrite: force, settings: settings)
            let summary = try pipeline.run(progress: global.progress())
            let rate = Double(summary.frames) / max(summary.seconds, 1e-6)
            let audio = summary.audioCopied.map { $0 ? ", audio copied" : ", audio re-encoded as \(Self.codecLabel(summary.audioCodec))" } ?? ""
            // A variable-rate driver's frames were held or dropped to keep their times: say so.
            let retimed = summary.framesRepeated + summary.framesDropped > 0
                ? " (\(summary.framesWritten) at \(summary.frameRate) fps: \(summary.framesRepeated) held over gaps, \(summary.framesDropped) dropped, to keep the driver's timing)"
                : ""
            let message = "actone: wrote \(outputPath) (\(summary.width)x\(summary.height), \(summary.frames) frames\(retimed), "
                + (summary.referenceFrame.map { "reference frame \($0)" } ?? "neutral \(neutral.choice)") + ", mouth \(summary.mouth.rawValue)\(audio), "
                + String(format: "%.1f frames/s)\n", rate)
            StandardError.write(message)
        }
    }
}
