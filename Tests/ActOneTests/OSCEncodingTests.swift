import Motion
import Testing

@testable import ActOne

/// The OSC encoder against the byte arrays of the OSC 1.0 specification's examples, and the VMC
/// layer's parsing and head rotation.
@Suite struct OSCEncodingTests {
    @Test func specificationExampleWithOneFloat() {
        // OSC 1.0, "Examples": the message "/oscillator/4/frequency" with the float 440.0.
        let bytes = OSCMessage("/oscillator/4/frequency", [.float(440)]).encoded
        let expected: [UInt8] = [
            0x2f, 0x6f, 0x73, 0x63, 0x69, 0x6c, 0x6c, 0x61, 0x74, 0x6f, 0x72, 0x2f, 0x34, 0x2f, 0x66, 0x72,
            0x65, 0x71, 0x75, 0x65, 0x6e, 0x63, 0x79, 0x00, 0x2c, 0x66, 0x00, 0x00, 0x43, 0xdc, 0x00, 0x00,
        ]
        #expect(bytes == expected)
    }

    @Test func specificationExampleWithMixedArguments() {
        // OSC 1.0, "Examples": "/foo" with 1000, -1, "hello", 1.234, 5.678.
        let bytes = OSCMessage("/foo", [.int(1000), .int(-1), .string("hello"), .float(1.234), .float(5.678)]).encoded
        let expected: [UInt8] = [
            0x2f, 0x66, 0x6f, 0x6f, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x69, 0x69, 0x73, 0x66, 0x66, 0x00, 0x00,
            0x00, 0x00, 0x03, 0xe8, 0xff, 0xff, 0xff, 0xff, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x00, 0x00, 0x00,
            0x3f, 0x9d, 0xf3, 0xb6, 0x40, 0xb5, 0xb2, 0x2d,
        ]
        #expect(bytes == expected)
    }

    @Test func stringsArePaddedToFourBytesWithAtLeastOneNUL() {
        // "/VMC/Ext/Blend/Apply" is 20 characters: a whole word of NULs follows. No arguments: ",".
        let bytes = OSCMessage("/VMC/Ext/Blend/Apply").encoded
        #expect(bytes == Array("/VMC/Ext/Blend/Apply".utf8) + [0, 0, 0, 0] + [0x2c, 0, 0, 0])
        #expect(OSCMessage("/abc").encoded.prefix(4) == [0x2f, 0x61, 0x62, 0x63])
        #expect(OSCMessage("/abc").encoded.count == 12)
    }

    @Test func bundleHasItsHeaderTimeTagAndSizedElements() {
        let message = OSCMessage("/a", [.int(7)])
        let bytes = OSCBundle([message, message]).encoded
        var expected: [UInt8] = Array("#bundle".utf8) + [0]
        expected += [0, 0, 0, 0, 0, 0, 0, 1]  // "immediately"
        let element: [UInt8] = [0x2f, 0x61, 0, 0, 0x2c, 0x69, 0, 0, 0, 0, 0, 7]
        expected += [0, 0, 0, 12] + element + [0, 0, 0, 12] + element
        #expect(bytes == expected)
    }

    @Test func sendTargetsParseHostAndPort() {
        #expect(SendTarget(argument: "vmc://127.0.0.1:39539") == SendTarget(kind: .vmc, host: "127.0.0.1", port: 39539))
        #expect(SendTarget(argument: "vmc://[::1]:39540") == SendTarget(kind: .vmc, host: "::1", port: 39540))
        #expect(SendTarget(argument: "VMC://studio.local:1")?.host == "studio.local")
        for bad in [
            "vmc://127.0.0.1", "vmc://:39539", "vmc://host:0", "vmc://host:70000", "osc://host:1", "127.0.0.1:39539", "vmc://host:12a",
        ] {
            #expect(SendTarget(argument: bad) == nil, "\(bad)")
        }
    }

    @Test func headRotationIsIdentityAtRestAndTurnsAboutUnityAxes() {
        let rest = HeadRotation(pose: HeadPose(yaw: 0, pitch: 0, roll: 0, x: 0, y: 0, scale: 1))
        #expect(rest == HeadRotation(x: 0, y: 0, z: 0, w: 1))
        // 90° to the subject's left: a negative half-turn about Unity's y.
        let left = HeadRotation(pose: HeadPose(yaw: 90, pitch: 0, roll: 0, x: 0, y: 0, scale: 1))
        #expect(abs(left.y + 0.70710677) < 1e-5 && abs(left.w - 0.70710677) < 1e-5 && left.x == 0 && left.z == 0)
        let up = HeadRotation(pose: HeadPose(yaw: 0, pitch: 30, roll: 0, x: 0, y: 0, scale: 1))
        #expect(up.x < 0 && up.y == 0 && up.z == 0)
        let combined = HeadRotation(pose: HeadPose(yaw: 20, pitch: -10, roll: 15, x: 0, y: 0, scale: 1))
        let norm = combined.x * combined.x + combined.y * combined.y + combined.z * combined.z + combined.w * combined.w
        #expect(abs(norm - 1) < 1e-5)
    }

    @Test func vmcBundleCarriesTheFiftyTwoShapesThenApplyAndTheHead() throws {
        let shapes = (0..<52).map { Float($0) / 51 }
        let frame = FrameMotion(
            index: 3, time: 0.5, faceFound: true, confidence: 1, pose: HeadPose(yaw: 0, pitch: 0, roll: 0, x: 0, y: 0, scale: 1),
            gaze: nil, blendshapes: shapes, landmarks: nil)
        let bundle = try #require(VMCSender.bundle(for: frame))
        let addresses = bundle.messages.map(\.address)
        #expect(addresses.prefix(2) == ["/VMC/Ext/OK", "/VMC/Ext/T"])
        #expect(addresses.filter { $0 == "/VMC/Ext/Blend/Val" }.count == 52)
        #expect(addresses.suffix(2) == ["/VMC/Ext/Blend/Apply", "/VMC/Ext/Bone/Pos"])
        #expect(bundle.messages[2].arguments == [.string("eyeBlinkLeft"), .float(0)])
        #expect(bundle.messages[53].arguments == [.string("tongueOut"), .float(1)])
        var lost = frame
        lost.faceFound = false
        #expect(VMCSender.bundle(for: lost) == nil)
    }

    @Test func liveLinkPacketLayout() throws {
        let shapes = (0..<52).map { Float($0) / 100 }
        let frame = FrameMotion(
            index: 0, time: 1.25, faceFound: true, confidence: 1, pose: HeadPose(yaw: 90, pitch: -18, roll: 0, x: 0, y: 0, scale: 1),
            gaze: Gaze(leftYaw: 9, leftPitch: 0, rightYaw: 9, rightPitch: 0), blendshapes: shapes, landmarks: nil)
        let id = "$" + String(repeating: "A", count: 36)
        let packet = try #require(LiveLinkPacket(frame, rateNumerator: 30, rateDenominator: 1, deviceID: id, subject: "actone"))
        let bytes = packet.encoded
        #expect(bytes.prefix(4) == [6, 0, 0, 0])
        #expect(Array(bytes[4..<41]) == Array(id.utf8))
        #expect(Array(bytes[41..<45]) == [0, 0, 0, 6] && String(decoding: bytes[45..<51], as: UTF8.self) == "actone")
        // 1.25 s at 30 fps: frame 37, sub-frame 0.5; then 30/1.
        #expect(Array(bytes[51..<55]) == [0, 0, 0, 37])
        #expect(Array(bytes[55..<59]) == [0x3f, 0, 0, 0])
        #expect(Array(bytes[59..<67]) == [0, 0, 0, 30, 0, 0, 0, 1])
        #expect(bytes[67] == 61 && bytes.count == 68 + 61 * 4)
        func float(_ k: Int) -> Float {
            Float(bitPattern: bytes[68 + 4 * k..<72 + 4 * k].reduce(0) { $0 << 8 | UInt32($1) })
        }
        #expect(float(17) == shapes[17])
        // Head yaw 90° is 0.5 (degrees / 180), pitch -0.1, the left eye's yaw 0.05, eye roll 0.
        #expect(float(52) == 0.5 && abs(float(53) + 0.1) < 1e-7 && float(55) == 0.05 && float(57) == 0)
    }
}
