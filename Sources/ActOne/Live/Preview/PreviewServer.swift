import Foundation

/// The preview's HTTP/1.1 server on a plain POSIX socket: three routes, one request per
/// connection, one thread per client and at most `maximumClients` of them (more are answered
/// 503 and closed), so a page left open in a few tabs cannot grow it without bound.
///
/// - `/` the page (`PreviewPage`);
/// - `/stats` the live figures as JSON (`PreviewStats`);
/// - `/stream` the picture as MJPEG: each client is sent the newest JPEG when it is ready for
///   one and skips those that came meanwhile, so a slow client sees fewer pictures and holds up
///   nobody; one that takes no bytes for `clientTimeoutSeconds` is dropped.
final class PreviewServer: @unchecked Sendable {
    static let maximumClients = 8
    static let clientTimeoutSeconds = 5

    let host: String
    let port: Int
    private let listener: Int32
    private let page: [UInt8]
    private let stats: @Sendable () -> [UInt8]
    private let jpegs: NewestValue<[UInt8]>
    /// Guards the client set and the counts; signalled when a client or the accept loop ends.
    private let state = NSCondition()
    private var clients: Set<Int32> = []
    private var streaming = 0
    private var stopped = false
    private var accepting = true

    /// Binds and listens at once (a port in use fails here, before the session captures
    /// anything), then accepts clients on a thread of its own.
    init(host: String, port: Int, page: [UInt8], stats: @escaping @Sendable () -> [UInt8], jpegs: NewestValue<[UInt8]>) throws {
        self.host = host
        self.port = port
        self.page = page
        self.stats = stats
        self.jpegs = jpegs
        listener = try PreviewSocket.listening(host: host, port: port)
        let thread = Thread { [self] in acceptClients() }
        thread.name = "actone preview server"
        thread.start()
    }

    /// Clients reading `/stream` now: without one, nothing is encoded.
    var streamingClients: Int { state.withLock { streaming } }

    private func acceptClients() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if state.withLock({ stopped }) { break }
                // EINTR, a client gone before it was accepted, or out of descriptors for a moment.
                if errno != EINTR && errno != ECONNABORTED { usleep(10_000) }
                continue
            }
            let admitted = state.withLock {
                guard !stopped, clients.count < Self.maximumClients else { return false }
                clients.insert(client)
                return true
            }
            guard admitted else {
                PreviewSocket.setTimeouts(client, seconds: 1)
                _ = PreviewSocket.send(client, HTTPResponse.text(status: 503, reason: "Service Unavailable", "too many preview clients"))
                Glibc.close(client)
                continue
            }
            let thread = Thread { [self] in
                serve(client)
                // Closed under the lock, so `close()` never shuts down a descriptor number reused meanwhile.
                state.withLock {
                    clients.remove(client)
                    Glibc.close(client)
                    state.broadcast()
                }
            }
            thread.name = "actone preview client"
            thread.start()
        }
        state.withLock {
            accepting = false
            state.broadcast()
        }
    }

    private func serve(_ client: Int32) {
        PreviewSocket.setTimeouts(client, seconds: Self.clientTimeoutSeconds)
        guard let head = PreviewSocket.readHead(client), let request = HTTPRequestHead(head) else {
            _ = PreviewSocket.send(client, HTTPResponse.text(status: 400, reason: "Bad Request", "not an HTTP/1.x request"))
            return
        }
        guard request.method == "GET" else {
            _ = PreviewSocket.send(client, HTTPResponse.text(status: 405, reason: "Method Not Allowed", "the preview only answers GET"))
            return
        }
        switch request.path {
        case "/", "/index.html":
            _ = PreviewSocket.send(
                client, HTTPResponse.complete(status: 200, reason: "OK", contentType: "text/html; charset=utf-8", body: page))
        case "/stats":
            _ = PreviewSocket.send(client, HTTPResponse.complete(status: 200, reason: "OK", contentType: "application/json", body: stats()))
        case "/stream":
            stream(to: client)
        default:
            _ = PreviewSocket.send(client, HTTPResponse.text(status: 404, reason: "Not Found", "no \(request.path) here: / /stream /stats"))
        }
    }

    private func stream(to client: Int32) {
        guard PreviewSocket.send(client, MJPEGFraming.responseHead) else { return }
        state.withLock { streaming += 1 }
        defer { state.withLock { streaming -= 1 } }
        var seen = 0
        while let (number, jpeg) = jpegs.next(after: seen) {
            seen = number
            guard PreviewSocket.send(client, MJPEGFraming.part(jpeg: jpeg)) else { return }
        }
    }

    /// Stops accepting, cuts every client's connection (a stream ends; its waits must be ended
    /// too, by closing `jpegs`), and waits for their threads, at most a few seconds.
    func close() {
        state.withLock {
            stopped = true
            for client in clients { shutdown(client, Int32(SHUT_RDWR)) }
        }
        // Wakes the accept() waiting on it.
        shutdown(listener, Int32(SHUT_RDWR))
        let deadline = Date().addingTimeInterval(3)
        state.withLock {
            while (accepting || !clients.isEmpty) && state.wait(until: deadline) {}
        }
        Glibc.close(listener)
    }
}
