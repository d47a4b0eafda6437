/// One directory the locator looks in, and why it is on the list.
public struct ModelSearchLocation: Sendable, Equatable, Codable {
    /// Why a directory is searched; the order of the cases is the search order.
    public enum Origin: String, Sendable, Codable, CaseIterable {
        /// `--models DIR` on the command line.
        case explicitOption
        /// `$ACTONE_MODELS`.
        case environmentVariable
        /// `models/` next to one of the executable's ancestor directories (a source checkout).
        case executableAncestor
        /// `$XDG_DATA_HOME/actone/models`, by default `~/.local/share/actone/models`.
        case userData
        /// `/usr/local/share/actone/models`, `/usr/share/actone/models`.
        case system

        /// How the origin reads in messages.
        public var label: String {
            switch self {
            case .explicitOption: "--models"
            case .environmentVariable: "ACTONE_MODELS"
            case .executableAncestor: "next to the executable"
            case .userData: "user data directory"
            case .system: "system directory"
            }
        }
    }

    /// Absolute, standardized directory path.
    public let path: String
    public let origin: Origin

    public init(path: String, origin: Origin) {
        self.path = path
        self.origin = origin
    }
}
