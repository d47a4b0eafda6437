import Motion

/// Streams the capture over the VMC protocol (OSC over UDP, protocol.vmc.info), as a VMC
/// "Assistant" or "Performer" sends face tracking to a "Marionette" such as VSeeFace, VMagicMirror,
/// Warudo or the Unity (EVMC4U) and Blender (VMC4B) receivers.
///
/// One OSC bundle per frame with a face, so a receiver applies the frame at once:
/// - `/VMC/Ext/OK 1`: a model is loaded and data follows;
/// - `/VMC/Ext/T (float)`: the frame's time in seconds from the start of the source (VMC's sender
///   time; receivers use it to see the stream is alive, a test to pair frames);
/// - `/VMC/Ext/Blend/Val (string name, float value)` for each of the 52 ARKit blendshapes, by
///   ARKit's names (`eyeBlinkLeft`, ... `tongueOut`: the "perfect sync" names), then
///   `/VMC/Ext/Blend/Apply`;
/// - `/VMC/Ext/Bone/Pos ("Head", px, py, pz, qx, qy, qz, qw)`: the head's rotation (`HeadRotation`,
///   Unity's frame), position 0 (actone knows the head's place in pixels, not in the avatar's
///   metres; receivers drive the head bone by its rotation).
/// Frames without a face send nothing: the receiver holds the last expression.
final class VMCSender {
    let target: SendTarget
    private let socket: UDPSender

    init(target: SendTarget) throws {
        self.target = target
        socket = try UDPSender(host: target.host, port: target.port)
    }

    /// Datagrams lost for want of buffer space.
    var lost: Int { socket.lost }

    func send(_ frame: FrameMotion) throws {
        guard let bundle = Self.bundle(for: frame) else { return }
        try socket.send(bundle.encoded)
    }

    /// The frame's bundle; nil without a face.
    static func bundle(for frame: FrameMotion) -> OSCBundle? {
        guard frame.faceFound, frame.blendshapes.count == Blendshape.allCases.count else { return nil }
        var messages: [OSCMessage] = [
            OSCMessage("/VMC/Ext/OK", [.int(1)]),
            OSCMessage("/VMC/Ext/T", [.float(Float(frame.time))]),
        ]
        for (shape, value) in zip(Blendshape.allCases, frame.blendshapes) {
            messages.append(OSCMessage("/VMC/Ext/Blend/Val", [.string(shape.rawValue), .float(value)]))
        }
        messages.append(OSCMessage("/VMC/Ext/Blend/Apply"))
        if let pose = frame.pose {
            let q = HeadRotation(pose: pose)
            messages.append(
                OSCMessage(
                    "/VMC/Ext/Bone/Pos",
                    [.string("Head"), .float(0), .float(0), .float(0), .float(q.x), .float(q.y), .float(q.z), .float(q.w)]))
        }
        return OSCBundle(messages)
    }
}
