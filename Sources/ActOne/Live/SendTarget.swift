/// `--send PROTOCOL://HOST:PORT`: where the capture is streamed to other programs.
public struct SendTarget: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// VMC (OSC over UDP): VSeeFace, VMagicMirror, Warudo, the Unity and Blender receivers.
        case vmc
        /// Live Link Face packets (`LiveLinkPacket`): Unreal's Live Link.
        case livelink
    }

    public var kind: Kind
    public var host: String
    public var port: Int

    public init(kind: Kind, host: String, port: Int) {
        self.kind = kind
        self.host = host
        self.port = port
    }

    /// `vmc://127.0.0.1:39539`, `vmc://[::1]:39539`, `vmc://studio.local:39539`; nil when the
    /// text is not that shape (unknown protocol, no host, a port outside 1...65535).
    public init?(argument: String) {
        guard let schemeEnd = argument.range(of: "://"),
            let kind = Kind(rawValue: String(argument[..<schemeEnd.lowerBound]).lowercased())
        else { return nil }
        let rest = argument[schemeEnd.upperBound...]
        let host: Substring, portText: Substring
        if rest.hasPrefix("[") {
            // An IPv6 address in brackets, as in URLs.
            guard let close = rest.firstIndex(of: "]"), rest[rest.index(after: close)...].hasPrefix(":") else { return nil }
            host = rest[rest.index(after: rest.startIndex)..<close]
            portText = rest[rest.index(close, offsetBy: 2)...]
        } else {
            guard let colon = rest.lastIndex(of: ":") else { return nil }
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains("/"), !host.contains(" "), portText.allSatisfy(\.isASCIIDigit),
            let port = Int(portText), (1...65535).contains(port)
        else { return nil }
        self.init(kind: kind, host: String(host), port: port)
    }

    public var description: String { "\(kind.rawValue)://\(host.contains(":") ? "[\(host)]" : host):\(port)" }
}
