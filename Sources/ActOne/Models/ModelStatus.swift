/// What the locator found for one model file.
public enum ModelStatus: Sendable, Equatable, Hashable {
    /// Found, and its SHA-256 matches the catalogue.
    case verified
    /// Found, but its contents differ from the released file (truncated download, edited, other version).
    case checksumMismatch(actual: String)
    /// Something with the file's name exists but could not be read (a directory, no permission, a broken link).
    case unreadable(String)
    /// Not present in any searched directory.
    case missing

    /// True only for `.verified`: the one state in which the model may be loaded.
    public var isUsable: Bool { self == .verified }

    /// Stable machine-readable name, used as the JSON `status` value.
    public var code: String {
        switch self {
        case .verified: "verified"
        case .checksumMismatch: "checksumMismatch"
        case .unreadable: "unreadable"
        case .missing: "missing"
        }
    }
}

extension ModelStatus: CustomStringConvertible {
    /// Short human form for a table cell.
    public var description: String {
        switch self {
        case .verified: "ok"
        case .checksumMismatch(let actual): "checksum mismatch (sha256 \(actual.prefix(12))…)"
        case .unreadable(let reason): "unreadable: \(reason)"
        case .missing: "missing"
        }
    }
}
