import Foundation
import Imaging
import MediaIO

/// What the `actone live` tests read, made into a test's own scratch folder: a short clip of the
/// Samples driver (1.6 s, 40 frames of 180x180 at 25 fps) and the Samples astronaut at 200 px.
/// With `repeats`, the 40 frames play that many times over (a longer session for a test that
/// ends it itself).
struct LiveFixture {
    static let frames = 40
    let folder = ScratchFolder()
    let clip: String
    let character: String

    init(repeats: Int = 1) throws {
        clip = folder.file("driver.mp4")
        let reader = try VideoReader(path: RenderCommandTests.driving)
        let writer = try VideoWriter(
            path: clip, width: 180, height: 180, frameRate: Rational(25, 1), settings: VideoEncoderSettings(crf: 20, preset: "ultrafast"))
        var pictures: [RGBImage] = []
        for _ in 0..<Self.frames {
            guard let frame = try reader.nextFrame() else { break }
            pictures.append(frame.image.resized(width: 180, height: 180))
        }
        for _ in 0..<repeats { for picture in pictures { try writer.write(picture) } }
        try writer.finish()
        character = folder.file("astronaut.png")
        try ImageWriter.writePNG(try BatchFixture.sample("astronaut.png", width: 200), to: character)
    }

    /// The summary line `live: N frames, D dropped, latency median X ms, p95 Y ms`, parsed: nil
    /// unless it is stderr's last line.
    static func summary(_ stderr: String) -> (frames: Int, dropped: Int, median: Double, p95: Double)? {
        guard let last = stderr.split(separator: "\n").last else { return nil }
        let pattern = /^live: (\d+) frames, (\d+) dropped, latency median ([0-9.]+) ms, p95 ([0-9.]+) ms$/
        guard let match = try? pattern.wholeMatch(in: String(last)) else { return nil }
        return (Int(match.1)!, Int(match.2)!, Double(match.3)!, Double(match.4)!)
    }
}

/// A UDP socket on 127.0.0.1 and a free port, collecting every datagram in the background until
/// `stop()`.
final class UDPReceiver: @unchecked Sendable {
    let port: Int
    private let descriptor: Int32
    private let lock = NSLock()
    private var received: [[UInt8]] = []
    private var thread: Thread?
    private var stopped = false

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        // A big buffer: the test reads while the sender runs, but must not lose a burst.
        var size: Int32 = 8 << 20
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            while !lock.withLock({ stopped }) {
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if count > 0 { lock.withLock { received.append(Array(buffer[0..<count])) } }
            }
        }
        self.thread = thread
        thread.start()
    }

    /// Stops listening (after a last moment for datagrams in flight) and returns what came.
    func stop() -> [[UInt8]] {
        usleep(300_000)
        lock.withLock { stopped = true }
        usleep(200_000)
        close(descriptor)
        return lock.withLock { received }
    }
}

/// Just enough OSC 1.0 decoding to read what `--send vmc://` sends: bundles of messages whose
/// arguments are int32, float32 and strings.
enum OSCDecoding {
    enum Value: Equatable {
        case int(Int32)
        case float(Float)
        case string(String)
    }

    struct Message {
        var address: String
        var arguments: [Value]
    }

    /// The messages of a datagram (a bundle's elements in order, or one message); nil when malformed.
    static func messages(_ bytes: [UInt8]) -> [Message]? {
        var offset = 0
        guard let head = string(bytes, &offset) else { return nil }
        if head != "#bundle" {
            offset = 0
            return message(bytes, &offset).map { [$0] }
        }
        offset += 8  // the time tag
        var messages: [Message] = []
        while offset < bytes.count {
            guard let size = uint32(bytes, &offset), offset + Int(size) <= bytes.count else { return nil }
            var inner = 0
            guard let element = message(Array(bytes[offset..<offset + Int(size)]), &inner) else { return nil }
            messages.append(element)
            offset += Int(size)
        }
        return messages
    }

    static func message(_ bytes: [UInt8], _ offset: inout Int) -> Message? {
        guard let address = string(bytes, &offset), let tags = string(bytes, &offset), tags.first == "," else { return nil }
        var arguments: [Value] = []
        for tag in tags.dropFirst() {
            switch tag {
            case "i": guard let v = uint32(bytes, &offset) else { return nil }; arguments.append(.int(Int32(bitPattern: v)))
            case "f": guard let v = uint32(bytes, &offset) else { return nil }; arguments.append(.float(Float(bitPattern: v)))
            case "s": guard let s = string(bytes, &offset) else { return nil }; arguments.append(.string(s))
            default: return nil
            }
        }
        return Message(address: address, arguments: arguments)
    }

    static func string(_ bytes: [UInt8], _ offset: inout Int) -> String? {
        guard let end = bytes[offset...].firstIndex(of: 0) else { return nil }
        let text = String(decoding: bytes[offset..<end], as: UTF8.self)
        offset = (end + 4) & ~3
        return offset <= bytes.count ? text : nil
    }

    static func uint32(_ bytes: [UInt8], _ offset: inout Int) -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        defer { offset += 4 }
        return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
}

/// A TCP socket listening on 127.0.0.1 at a port the system picks, and that port. `configure`
/// sets its options before it is bound.
func listeningOnLoopback(_ configure: (Int32) -> Void = { _ in }) -> (fd: Int32, port: Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    configure(fd)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    listen(fd, 1)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

/// A TCP port on 127.0.0.1 held listening by the test, so that a command asked to listen on it
/// finds it in use.
final class HeldTCPPort {
    private let socketFD: Int32
    let port: Int

    init() {
        (socketFD, port) = listeningOnLoopback()
    }

    func release() { close(socketFD) }
}

/// A TCP receiver on 127.0.0.1 that accepts one connection and never reads from it, as a player
/// that froze. Its small receive buffer and small segment size (the sender's kernel sizes its
/// send buffer from the segment size) make a sender's writes block after about 100 KB instead of
/// several megabytes.
final class StalledTCPReceiver: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var connection: Int32 = -1

    init() {
        let (fd, port) = listeningOnLoopback { fd in
            var small: Int32 = 4096
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            var segment: Int32 = 536
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_MAXSEG, &segment, socklen_t(MemoryLayout<Int32>.size))
        }
        listener = fd
        self.port = port
        let thread = Thread { [self] in
            let accepted = accept(fd, nil, nil)
            lock.withLock { connection = accepted }
        }
        thread.start()
    }

    /// Bytes that arrived and wait unread (0 before a connection).
    var bytesWaiting: Int {
        lock.withLock {
            guard connection >= 0 else { return 0 }
            var count: Int32 = 0
            return ioctl(connection, UInt(FIONREAD), &count) == 0 ? Int(count) : 0
        }
    }

    /// Waits until bytes have come and stayed as they are for a second (the sender's writes are
    /// then blocked, its buffers full), while `process` runs; false if that does not happen
    /// within a minute.
    func waitUntilStalled(while process: Process) -> Bool {
        let deadline = Date().addingTimeInterval(60)
        var last = -1
        var steadySince = Date()
        while process.isRunning, Date() < deadline {
            let waiting = bytesWaiting
            if waiting != last || waiting == 0 {
                last = waiting
                steadySince = Date()
            } else if Date().timeIntervalSince(steadySince) >= 1 {
                return true
            }
            usleep(50_000)
        }
        return false
    }

    func close() {
        // Shutting the listener down ends an accept still waiting.
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
        lock.withLock { if connection >= 0 { Glibc.close(connection) } }
    }
}
