import ActOne
import ArgumentParser
import Foundation
import OutputFiles

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a character image or video giving the performance in a driving video (the default command).",
        discussion: """
            The character's face is found once; every driver frame's head motion, gaze and \
            expression, relative to a neutral reference frame, is put on it. The MP4 has the \
            driver's frame rate, frame count and audio.

            A character video keeps its own head motion, body, camera and background; its \
            person performs the driver's expressions (--animate mouth: lip-sync only). Its \
            frames are taken by time; a shorter one loops (--loop) or ends the output (--length \
            character).

            Examples:
              actone drive.mp4 character.png                    # writes drive_character.mp4 here
              actone render drive.track.json character.png      # from a pose track (no driver pixels)
              actone drive.mp4 painting.jpg --crop face --compare
              actone drive.mp4 cartoon.png --face-box 120,80,200,220
              actone drive.mp4 cutout.png --keep-alpha          # drive_cutout.webm: VP9 with alpha
              actone drive.mp4 portrait.jpg --animate mouth,eyes --expression-scale 1.2
              actone drive.mp4 photo.jpg --detail 1 --mouth driver   # a photograph: the driver's creases and mouth
              actone drive.mp4 take.mp4 --animate mouth              # a video character: dub its lips
            """
    )

    @Argument(help: "The driving video, or a pose track (.track.json) made by `actone track`.", completion: .file())
    var driving: String

    @Argument(help: "The character image (PNG, JPEG, WebP, ...) or video (MP4, MOV, ...).", completion: .file())
    var character: String

    @OptionGroup(title: "Output") var out: RenderOutputOptions
    @OptionGroup(title: "Motion") var motion: MotionTransferOptions
    @OptionGroup(title: "Neutral face") var neutral: NeutralOption
    @OptionGroup(title: "Look") var look: RenderLookOptions
    @OptionGroup(title: "The character's face") var face: CharacterFaceOptions
    @OptionGroup(title: "Character video, sound") var clip: CharacterClipOptions
    @OptionGroup(title: "The driver's face") var driverFace: DriverFaceOption
    @OptionGroup(title: "Encoding") var encoding: EncodingOptions
    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Look for the face models in this folder first.", valueName: "dir"), completion: .directory)
    var models: String?

    func validate() throws {
        if let hint = CommandHint.swappedArguments(driving: driving, character: character) {
            throw ValidationError(hint)
        }
        try driverFace.validate(driving: driving)
        if neutral.neutral != nil && motion.reference != nil {
            throw ValidationError("--reference is another name for --neutral N: give one of them.")
        }
        if let output = out.output, out.keepAlpha, !output.lowercased().hasSuffix(".webm"), !OutputDestination.isStream(output) {
            throw ValidationError("with --keep-alpha the output is a WebM file (VP9 with alpha): give it a name ending in .webm.")
        }
        if let output = out.output, !out.keepAlpha, !output.lowercased().hasSuffix(".mp4"), !OutputDestination.isStream(output) {
            throw ValidationError("the output is an MP4 file: give it a name ending in .mp4 (or use --keep-alpha for .webm).")
        }
        if out.keepAlpha && out.compare {
            throw ValidationError("--compare cannot be combined with --keep-alpha: the side-by-side review is an opaque MP4.")
        }
        if let size = out.size {
            guard out.crop == .face else { throw ValidationError("--size sets the side of a --crop face video; add --crop face.") }
            guard (64...CharacterAnalysis.outputSide).contains(size) else {
                throw ValidationError("--size must be between 64 and \(CharacterAnalysis.outputSide) pixels.")
            }
        }
    }

    var outputPath: String {
        if let output = out.output { return output }
        func stem(_ path: String) -> String {
            var name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            if name.hasSuffix(".track") { name.removeLast(".track".count) }
            return name
        }
        return "\(stem(driving))_\(stem(character)).\(out.keepAlpha ? "webm" : "mp4")"
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
            settings.mouth = look.mouth
            settings.detail = look.detail
            settings.crop = out.crop
            settings.faceSize = out.size
            settings.compare = out.compare
            settings.keepAlpha = out.keepAlpha
            settings.encoder = encoding.settings
            settings.modelsDirectory = models
            settings.faceHint = try face.hint()
            settings.clip = clip.settings
            settings.driverFace = driverFace.driverFace
            let pipeline = RenderPipeline(
                drivingPath: driving, characterPath: character, outputPath: outputPath,
                overwrite: out.force, settings: settings)
            let summary = try pipeline.run(progress: global.progress())
            let rate = Double(summary.frames) / max(summary.seconds, 1e-6)
            let audio =
                summary.audioCopied.map { $0 ? ", audio copied" : ", audio re-encoded as \(Self.codecLabel(summary.audioCodec))" } ?? ""
            // A variable-rate driver's frames were held or dropped to keep their times: say so.
            let retimed =
                summary.framesRepeated + summary.framesDropped > 0
                ? " (\(summary.framesWritten) at \(summary.frameRate) fps: \(summary.framesRepeated) held over gaps, \(summary.framesDropped) dropped, to keep the driver's timing)"
                : ""
            // A character video: its calm face, and the frames of it without a face, passed through.
            let clipNote =
                summary.characterClip.map { clip in
                    ", character's rest frame \(clip.restFrame)"
                        + (clip.framesWithoutFace > 0 ? ", \(clip.framesWithoutFace) frames of it without a face kept as they were" : "")
                } ?? ""
            let message =
                "actone: wrote \(outputPath) (\(summary.width)x\(summary.height), \(summary.frames) frames\(retimed), "
                + (summary.referenceFrame.map { "reference frame \($0)" } ?? "neutral \(neutral.choice)")
                + clipNote + Self.facesNote(summary, chosen: face.choice) + Self.driverFacesNote(summary, chosen: driverFace.driverFace)
                + ", mouth \(summary.mouth.rawValue)\(audio), "
                + String(format: "%.1f frames/s)\n", rate)
            StandardError.write(message)
        }
    }

    /// What the summary line says about the character's faces: nothing when it has one.
    static func facesNote(_ summary: RenderPipeline.Summary, chosen: CharacterFaceOptions.Choice?) -> String {
        if summary.facesAnimated > 1 { return ", \(summary.facesAnimated) faces animated" }
        guard summary.facesFound > 1 else { return "" }
        let others = summary.facesFound - 1
        let which: String
        switch chosen {
        case .number(let n)?: which = "face \(n)"
        case .all?: which = "the one human face"
        case nil: which = "the largest face"
        }
        return ", \(which) of \(summary.facesFound) animated (\(others) other\(others == 1 ? "" : "s"): --face N or all)"
    }

    /// What the summary line says about the driver's faces: nothing when it has one.
    static func driverFacesNote(_ summary: RenderPipeline.Summary, chosen: Int?) -> String {
        guard summary.driverFacesFound > 1 else { return "" }
        let which = chosen == nil ? "the largest, face \(summary.driverFace)" : "face \(summary.driverFace)"
        return ", driven by \(which) of the driver's \(summary.driverFacesFound) (--driver-face N picks another)"
    }
}
