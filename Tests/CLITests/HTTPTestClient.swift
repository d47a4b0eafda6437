import Foundation

/// Just enough of an HTTP/1.1 client, on a plain socket, to test `actone live --preview`: GET
/// requests whose response ends with the connection, and the parts of an MJPEG stream.
final class HTTPTestClient {
    struct Response {
        var status: Int
        var head: String
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    let descriptor: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port` and sends `GET path`; nil when nothing listens there.
    init?(port: Int, path: String, timeoutSeconds: Int = 30) {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUser-Agent: actone-tests\r\n\r\n".utf8)
        guard connected == 0, request.withUnsafeBytes({ send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count
        else {
            close(descriptor)
            return nil
        }
    }

    deinit { close(descriptor) }

    /// Reads more bytes into the buffer; false at the end of the connection or after the timeout.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer += chunk[..<count]
        return true
    }

    /// Reads through the next blank line and returns what came before it.
    func readHead() -> String? {
        while true {
            if let end = Self.find([13, 10, 13, 10], in: buffer) {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                return head
            }
            guard fill() else { return nil }
        }
    }

    /// A whole response, whose body runs to the end of the connection.
    func response() -> Response? {
        guard let head = readHead(), let statusText = head.split(separator: " ").dropFirst().first, let status = Int(statusText) else {
            return nil
        }
        while fill() {}
        return Response(status: status, head: head, body: buffer)
    }

    /// The next part of a multipart stream: its headers, then the `Content-Length` bytes it says.
    func nextPart() -> (head: String, body: [UInt8])? {
        guard let head = readHead() else { return nil }
        guard let lengthLine = head.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
            let length = Int(lengthLine.split(separator: ":")[1].trimmingCharacters(in: .whitespaces))
        else { return nil }
        while buffer.count < length + 2 { guard fill() else { return nil } }
        let body = Array(buffer[..<length])
        buffer.removeFirst(length + 2)  // the part's body and its line end
        return (head, body)
    }

    /// Whether the server closes the connection within the timeout (reading and dropping what comes first).
    func readsToEnd() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { return true }
            if count < 0 { return false }
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }

    /// A TCP port nothing listens on now (the kernel's choice of a free one).
    static func freePort() -> Int {
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(holder, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
