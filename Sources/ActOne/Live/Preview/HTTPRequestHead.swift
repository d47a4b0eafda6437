/// The head of an HTTP/1.x request, as far as the preview needs it: the method and the path.
/// Headers are read past (the preview answers every client the same) but must be complete.
struct HTTPRequestHead: Equatable {
    var method: String
    /// The request target without its query (`/stats?t=1` is `/stats`).
    var path: String

    /// Heads longer than this are refused: a browser's is under 2 KB.
    static let maximumBytes = 8192

    /// The offset just past the blank line that ends the head, nil while it has not all come.
    static func end(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i + 4
        }
        return nil
    }
}

extension HTTPRequestHead {
    /// Parses a complete head (its request line, `GET /path HTTP/1.1`); nil when it is not one.
    init?(_ bytes: some Collection<UInt8>) {
        guard let line = String(decoding: bytes, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false).first
        else { return nil }
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1."), !parts[0].isEmpty, parts[1].hasPrefix("/") else { return nil }
        method = String(parts[0])
        path = String(parts[1].prefix { $0 != "?" && $0 != "#" })
    }
}
