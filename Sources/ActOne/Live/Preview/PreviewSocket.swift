import Foundation

/// A TCP socket's descriptor with the few calls the preview makes on it, each failure said in
/// `errno`'s words.
enum PreviewSocket {
    /// A socket listening on `host`:`port` (IPv4 or IPv6, the name resolved with getaddrinfo).
    /// Fails with `LiveError.previewUnavailable` when the port is in use, not ours to bind, or the
    /// host is no address of this machine.
    static func listening(host: String, port: Int, backlog: Int32 = 16) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        hints.ai_flags = AI_PASSIVE
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &found)
        guard status == 0, let first = found else {
            throw LiveError.previewUnavailable(host: host, port: port, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(found) }
        let descriptor = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard descriptor >= 0 else { throw LiveError.previewUnavailable(host: host, port: port, reason: String(cString: strerror(errno))) }
        // A port left in TIME_WAIT by the last session can be bound again at once; one another
        // program listens on still cannot (Linux refuses it without SO_REUSEPORT on both).
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard bind(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0, listen(descriptor, backlog) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw LiveError.previewUnavailable(host: host, port: port, reason: reason)
        }
        return descriptor
    }

    /// Sends all of `bytes`; false when the client has gone or stopped reading for longer than
    /// the socket's send timeout. Never raises SIGPIPE (MSG_NOSIGNAL).
    static func send(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Reads a request head (up to its blank line); nil when the client sent none in time,
    /// closed, or sent more than `HTTPRequestHead.maximumBytes` without one.
    static func readHead(_ descriptor: Int32) -> [UInt8]? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 2048)
        while bytes.count <= HTTPRequestHead.maximumBytes {
            if let end = HTTPRequestHead.end(in: bytes) { return Array(bytes[..<end]) }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            bytes += buffer[..<count]
        }
        return nil
    }

    /// Sets the receive and send timeouts, so a client that stalls costs its thread at most that long.
    static func setTimeouts(_ descriptor: Int32, seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }
}
