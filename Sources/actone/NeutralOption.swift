import ActOne
import ArgumentParser

/// `--neutral auto|N|FILE`, shared by `track`, `inspect` and `render`.
struct NeutralOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The performer's face at rest, which expressions are measured from: auto (the calmest faces of the clip), "
                + "a frame number of the clip, or a still image or pose track of the performer at rest.",
            valueName: "auto|N|file"), completion: .file())
    var neutral: String?

    var choice: NeutralChoice { neutral.map(NeutralChoice.init(argument:)) ?? .auto }

    func validate() throws {
        guard let neutral else { return }
        if neutral.isEmpty { throw ValidationError("--neutral needs a value: auto, a frame number or a file.") }
        if neutral.hasPrefix("-"), Int(neutral) != nil {
            throw ValidationError("--neutral must be auto, a frame number (0 or more) or a file.")
        }
    }
}
