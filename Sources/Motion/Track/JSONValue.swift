/// One JSON value as `JSONTokenizer` reads it. Small on purpose: the pose-track reader builds
/// these for the metadata and for one frame at a time, never for a whole file.
enum JSONValue {
    case null
    case bool(Bool)
    /// A number that fits a Double; one written past it (1e400) is `.number(.infinity)` and is
    /// refused by the field that reads it.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    var isNull: Bool { if case .null = self { true } else { false } }

    var number: Double? { if case .number(let d) = self { d } else { nil } }

    var string: String? { if case .string(let s) = self { s } else { nil } }

    var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }

    var object: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }

    /// How an error message shows a value that is not what was expected.
    var described: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .number(let d): d.isFinite && abs(d) < 1e9 ? CompactNumber.format(d, decimals: 6) : "\(d)"
        case .string(let s): JSONText.quoted(s)
        case .array: "an array"
        case .object: "an object"
        }
    }
}
