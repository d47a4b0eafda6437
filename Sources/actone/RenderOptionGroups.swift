import ActOne
import ArgumentParser

// `actone render`'s own options, in the groups its `--help` shows under titles. Checks that
// involve one group only are the group's `validate()`; those across groups are RenderCommand's.

/// Where the video goes and how it is framed.
struct RenderOutputOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Where to write the video (default: <driving>_<character>.mp4 here, .webm with --keep-alpha).",
            valueName: "out.mp4"))
    var output: String?

    @Option(help: "Output framing: the whole character image (full) or a square around the face (face).")
    var crop: RenderPipeline.OutputCrop = .full

    @Option(
        help: ArgumentHelp(
            "With --crop face: the output's side in pixels (default: the face crop's own, at least 512).",
            valueName: "pixels"))
    var size: Int?

    @Flag(help: "Write driver | character | result side by side, for review.")
    var compare = false

    @Flag(help: "Keep the character image's transparency: write VP9 with alpha in WebM (.webm) instead of an MP4 over white.")
    var keepAlpha = false

    @Flag(help: "Overwrite an existing output file.")
    var force = false
}

/// How a character that is a video is played, and the output's sound.
struct CharacterClipOptions: ParsableArguments {
    @Option(
        help:
            "With a character video: keep its own head motion (character), or turn its head further by the driver's (driver)."
    )
    var pose: CharacterClipSettings.Pose = .character

    @Option(help: "A character video shorter than the driver plays forwards and backwards (pingpong) or from the start again (repeat).")
    var loop: CharacterClipSettings.Loop = .pingpong

    @Option(help: "The output is as long as the driver (driver) or stops at the end of the character video (character).")
    var length: CharacterClipSettings.Length = .driver

    @Option(help: "The output's sound: the driver's, the character video's own (character), or none.")
    var audio: CharacterClipSettings.Audio = .driver

    var settings: CharacterClipSettings {
        var clip = CharacterClipSettings()
        clip.pose = pose
        clip.loop = loop
        clip.length = length
        clip.audio = audio
        return clip
    }
}

/// How the parts the still does not show are drawn.
struct RenderLookOptions: ParsableArguments {
    @Option(
        help:
            "Inside of an opening mouth: the driver's own, recoloured (driver), one drawn in the still's style (synth), or chosen from the still (auto)."
    )
    var mouth: RenderPipeline.MouthChoice = .auto

    @Option(
        help: ArgumentHelp(
            "Draw the driver's expression creases (forehead lines, smile folds) on the character: 0 off, 1 as performed, up to 2. Suits photographs; needs a driving video.",
            valueName: "strength"))
    var detail: Float = 0

    func validate() throws {
        guard detail.isFinite, (0...2).contains(detail) else { throw ValidationError("--detail must be between 0 and 2.") }
    }
}

/// Where the character's face is, for stills the face finder cannot read.
struct CharacterFaceOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Where the character's face is when it is not found: x,y,width,height in pixels.",
            valueName: "x,y,w,h"))
    var faceBox: String?

    @Option(
        help: ArgumentHelp("The character's 478 landmarks as a JSON array of [x, y, z] in its pixels.", valueName: "file"),
        completion: .file(extensions: ["json"]))
    var characterLandmarks: String?

    @Option(
        help: ArgumentHelp(
            "In a character image or video with several faces, the one to animate: its number, left to right, or all of them (default: the largest).",
            valueName: "n|all"))
    var face: String?

    /// `--face`: a face's number, or every face.
    enum Choice: Equatable {
        case number(Int)
        case all

        init?(_ argument: String) {
            if argument == "all" {
                self = .all
            } else if argument.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(argument), n >= 1 {
                self = .number(n)
            } else {
                return nil
            }
        }
    }

    /// `--face` parsed (checked in `validate()`).
    var choice: Choice? { face.flatMap(Choice.init) }

    func validate() throws {
        if [faceBox != nil, characterLandmarks != nil, face != nil].filter({ $0 }).count > 1 {
            throw ValidationError("give one of --face, --face-box and --character-landmarks.")
        }
        if let face, Choice(face) == nil {
            throw ValidationError("--face takes a face number from 1 (the faces left to right, as actone inspect lists them) or all.")
        }
        _ = try hint()
    }

    /// What the options say about the face, for `RenderPipeline.Settings.faceHint`.
    func hint() throws -> CharacterAnalysis.FaceHint {
        if let characterLandmarks { return .landmarksFile(characterLandmarks) }
        switch choice {
        case .number(let n)?: return .number(n)
        case .all?: return .all
        case nil: break
        }
        guard let faceBox else { return .none }
        let parts = faceBox.split(separator: ",").map { Float($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, let x = parts[0], let y = parts[1], let w = parts[2], let h = parts[3],
            [x, y, w, h].allSatisfy(\.isFinite), w > 0, h > 0
        else {
            throw ValidationError("--face-box takes x,y,width,height in pixels, e.g. 120,80,200,220.")
        }
        return .box(Rect(x: x, y: y, width: w, height: h))
    }
}
