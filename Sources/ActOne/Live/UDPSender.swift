import Foundation

/// A plain POSIX UDP socket that sends datagrams to one host and port (IPv4 or IPv6, the name
/// resolved once with getaddrinfo). The socket is closed when the sender goes away.
///
/// Sending is fire-and-forget, as VMC and Live Link expect: nobody listening is not an error (an
/// unconnected socket never hears of it), and a datagram the kernel has no buffer for
/// (ENOBUFS, EAGAIN) is counted as lost rather than stopping the performance.
final class UDPSender {
    let host: String
    let port: Int
    private let descriptor: Int32
    private var address = sockaddr_storage()
    private let addressLength: socklen_t
    /// Datagrams the kernel refused for want of buffer space.
    private(set) var lost = 0

    init(host: String, port: Int) throws {
        self.host = host
        self.port = port
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &found)
        guard status == 0, let first = found else {
            throw LiveError.unresolvedHost(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(found) }
        descriptor = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard descriptor >= 0 else { throw LiveError.socketFailed(host: host, port: port, reason: String(cString: strerror(errno))) }
        addressLength = first.pointee.ai_addrlen
        withUnsafeMutableBytes(of: &address) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(first.pointee.ai_addrlen)))
        }
    }

    deinit { close(descriptor) }

    /// Sends one datagram.
    func send(_ bytes: [UInt8]) throws {
        let sent = bytes.withUnsafeBytes { data in
            withUnsafePointer(to: &address) { storage in
                storage.withMemoryRebound(to: sockaddr.self, capacity: 1) { target in
                    sendto(descriptor, data.baseAddress, data.count, 0, target, addressLength)
                }
            }
        }
        guard sent < 0 else { return }
        switch errno {
        case ENOBUFS, EAGAIN, ECONNREFUSED, EINTR: lost += 1
        default: throw LiveError.socketFailed(host: host, port: port, reason: String(cString: strerror(errno)))
        }
    }
}
