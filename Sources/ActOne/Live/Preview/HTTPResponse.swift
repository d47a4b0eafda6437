/// The bytes of the preview's HTTP/1.1 responses. Every response closes its connection (the page
/// polls `/stats` with a new request each time; a stream lasts until the client or the session
/// goes), and nothing is cached: the figures and the picture are live.
enum HTTPResponse {
    /// A complete response with a body.
    static func complete(status: Int, reason: String, contentType: String, body: [UInt8]) -> [UInt8] {
        head(status: status, reason: reason, headers: ["Content-Type: \(contentType)", "Content-Length: \(body.count)"]) + body
    }

    static func text(status: Int, reason: String, _ message: String) -> [UInt8] {
        complete(status: status, reason: reason, contentType: "text/plain; charset=utf-8", body: Array((message + "\n").utf8))
    }

    /// The status line and headers of a response whose body follows (or, without a length, runs
    /// until the connection closes, as a stream's does).
    static func head(status: Int, reason: String, headers: [String]) -> [UInt8] {
        let lines = ["HTTP/1.1 \(status) \(reason)"] + headers + ["Cache-Control: no-store", "Connection: close", "", ""]
        return Array(lines.joined(separator: "\r\n").utf8)
    }
}
