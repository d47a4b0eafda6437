/// What can go wrong loading or running a model. Each case names the file, operator or tensor
/// concerned; `description` is one line for a user.
public enum RuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
    case fileUnreadable(path: String, reason: String)
    /// The bytes are not a TFLite model, or are damaged or truncated.
    case malformedModel(name: String, reason: String)
    case unsupportedOperator(name: String, operation: Int, code: String)
    /// The model is well formed but uses something this runtime does not do.
    case unsupportedFeature(name: String, detail: String)
    /// An operator's inputs or options do not fit together.
    case invalidOperation(name: String, operation: Int, code: String, reason: String)
    case unknownTensor(name: String, tensor: String)
    case inputShapeMismatch(tensor: String, expected: [Int], got: [Int])

    public var description: String {
        switch self {
        case .fileUnreadable(let path, let reason): "\(path): cannot read the model (\(reason))"
        case .malformedModel(let name, let reason): "\(name): not a valid TFLite model (\(reason))"
        case .unsupportedOperator(let name, let operation, let code):
            "\(name): operator #\(operation) \(code) is not supported by actone's runtime"
        case .unsupportedFeature(let name, let detail): "\(name): unsupported: \(detail)"
        case .invalidOperation(let name, let operation, let code, let reason):
            "\(name): operator #\(operation) \(code): \(reason)"
        case .unknownTensor(let name, let tensor): "\(name): no tensor named '\(tensor)'"
        case .inputShapeMismatch(let tensor, let expected, let got):
            "input '\(tensor)' must have shape \(expected), got \(got)"
        }
    }
}
