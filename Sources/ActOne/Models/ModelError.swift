/// Why a model cannot be used. `description` is the single line the CLI prints on stderr: it names
/// the file, says where actone looked, and says how to install the models.
public enum ModelError: Error, Sendable, Equatable {
    /// `--models DIR` or `$ACTONE_MODELS` names something that is not an existing directory.
    /// This is an error rather than a skipped candidate: a typo there would otherwise silently
    /// load models from somewhere else.
    case badSearchDirectory(ModelSearchLocation, reason: String)
    /// The file is in none of the searched directories (listed in search order).
    case missing(FaceModel, searched: [String])
    /// The file was found but its contents are not the released file's.
    case checksumMismatch(FaceModel, path: String, expected: String, actual: String)
    /// Something with the file's name exists but cannot be read.
    case unreadable(FaceModel, path: String, reason: String)

    /// How to get working models; the same wording everywhere so users learn one instruction.
    public static let installHint =
        "run Scripts/setup (or Scripts/install-models) from the actone checkout, or pass --models DIR / set ACTONE_MODELS"

    /// The model concerned, if the error is about one file.
    public var model: FaceModel? {
        switch self {
        case .badSearchDirectory: nil
        case .missing(let model, _), .checksumMismatch(let model, _, _, _), .unreadable(let model, _, _): model
        }
    }
}

extension ModelError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .badSearchDirectory(let location, let reason):
            "models directory \(location.path) (from \(location.origin.label)) \(reason); "
                + "to install the models: \(Self.installHint)"
        case .missing(let model, let searched):
            "model file \(model.fileName) not found (looked in: "
                + (searched.isEmpty ? "no directories" : searched.joined(separator: ", "))
                + "); to install: \(Self.installHint)"
        case .checksumMismatch(let model, let path, let expected, let actual):
            "model file \(path) is corrupt or the wrong version (sha256 \(actual), expected \(expected) "
                + "for \(model.fileName) from \(FaceModel.sourceDistribution)); to reinstall: \(Self.installHint)"
        case .unreadable(let model, let path, let reason):
            "model file \(model.fileName) at \(path) cannot be read (\(reason)); to reinstall: \(Self.installHint)"
        }
    }
}
