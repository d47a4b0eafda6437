/// Motion JPEG over HTTP: one response of type `multipart/x-mixed-replace` whose parts are JPEG
/// pictures, each replacing the last. Browsers show it in a plain `<img>`; so do VLC and ffplay.
enum MJPEGFraming {
    /// Separates the parts; must not occur in a part's headers (a JPEG's bytes never matter:
    /// each part says its length).
    static let boundary = "actone-preview-frame"

    /// The head of the stream's response.
    static var responseHead: [UInt8] {
        HTTPResponse.head(status: 200, reason: "OK", headers: ["Content-Type: multipart/x-mixed-replace; boundary=\(boundary)"])
    }

    /// One picture of the stream: the boundary, the part's headers, the JPEG, and a line end.
    static func part(jpeg: [UInt8]) -> [UInt8] {
        Array("--\(boundary)\r\nContent-Type: image/jpeg\r\nContent-Length: \(jpeg.count)\r\n\r\n".utf8) + jpeg + [13, 10]
    }
}
