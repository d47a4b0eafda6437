import Foundation
import Motion

/// A program the capture is streamed to (`--send`): one frame at a time, fire and forget.
protocol CaptureSender: AnyObject {
    var target: SendTarget { get }
    /// Datagrams lost for want of buffer space.
    var lost: Int { get }
    func send(_ frame: FrameMotion) throws
}

extension VMCSender: CaptureSender {}

/// `--send livelink://HOST:PORT`: Live Link Face packets (`LiveLinkPacket`) for Unreal's Live
/// Link (the app's port is 11111), as subject "actone".
final class LiveLinkSender: CaptureSender {
    let target: SendTarget
    private let socket: UDPSender
    private let rateNumerator: Int32
    private let rateDenominator: Int32
    private let deviceID = "$" + UUID().uuidString

    init(target: SendTarget, rateNumerator: Int32, rateDenominator: Int32) throws {
        self.target = target
        self.rateNumerator = rateNumerator
        self.rateDenominator = rateDenominator
        socket = try UDPSender(host: target.host, port: target.port)
    }

    var lost: Int { socket.lost }

    func send(_ frame: FrameMotion) throws {
        guard
            let packet = LiveLinkPacket(
                frame, rateNumerator: rateNumerator, rateDenominator: rateDenominator, deviceID: deviceID, subject: "actone")
        else { return }
        try socket.send(packet.encoded)
    }
}

/// The sender for a `--send` target.
func makeSender(for target: SendTarget, rateNumerator: Int32, rateDenominator: Int32) throws -> CaptureSender {
    switch target.kind {
    case .vmc: try VMCSender(target: target)
    case .livelink: try LiveLinkSender(target: target, rateNumerator: rateNumerator, rateDenominator: rateDenominator)
    }
}
