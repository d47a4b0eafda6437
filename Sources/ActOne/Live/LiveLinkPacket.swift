import Foundation
import Motion

/// One frame as the Live Link Face app (Epic Games) streams it to Unreal's Live Link over UDP.
/// Epic publishes no specification; this is the layout the open-source senders and receivers
/// that interoperate with the app and Unreal agree on (JimWest's PyLiveLinkFace and its forks,
/// packet version 6), not tested here against Unreal itself:
///
/// - the packet version, 6, as a 4-byte little-endian integer (the one little-endian field);
/// - the device id: `$` and a UUID, 37 bytes of UTF-8, no length;
/// - the subject name: big-endian int32 length, then UTF-8 bytes;
/// - the frame time: frame number (int32), sub-frame (float32), frame rate numerator and
///   denominator (int32), all big-endian;
/// - the value count (one byte, 61), then 61 big-endian float32: the 52 ARKit blendshapes in
///   ARKit's order, then head yaw, pitch, roll and each eye's yaw, pitch, roll.
///
/// Angles are in degrees / 180 (±1 a half turn), the unit the project's Live Link CSV calls
/// `unit` because Unreal's ARKit face code reads it; eye roll is 0, as in the app's CSV.
struct LiveLinkPacket {
    static let version: UInt32 = 6
    static let valueCount = 61

    var deviceID: String
    var subject: String
    var frame: Int32
    var subFrame: Float
    var rateNumerator: Int32
    var rateDenominator: Int32
    /// 61 values as described on the type.
    var values: [Float]

    /// The packet for `motion` at `rate` frames per second; nil without a face.
    init?(_ motion: FrameMotion, rateNumerator: Int32, rateDenominator: Int32, deviceID: String, subject: String) {
        guard motion.faceFound, motion.blendshapes.count == Blendshape.allCases.count, rateNumerator > 0, rateDenominator > 0 else {
            return nil
        }
        // A time on the frame grid may come out a hair under it (0.12 s × 25 = 2.9999999999999996).
        let position = max(0, motion.time) * Double(rateNumerator) / Double(rateDenominator) + 1e-6
        self.deviceID = deviceID
        self.subject = subject
        frame = Int32(clamping: Int(position.rounded(.down)))
        subFrame = Float(max(0, position - position.rounded(.down) - 1e-6))
        self.rateNumerator = rateNumerator
        self.rateDenominator = rateDenominator
        func unit(_ degrees: Float?) -> Float { (degrees ?? 0) / 180 }
        values =
            motion.blendshapes + [
                unit(motion.pose?.yaw), unit(motion.pose?.pitch), unit(motion.pose?.roll),
                unit(motion.gaze?.leftYaw), unit(motion.gaze?.leftPitch), 0,
                unit(motion.gaze?.rightYaw), unit(motion.gaze?.rightPitch), 0,
            ]
    }

    var encoded: [UInt8] {
        var bytes: [UInt8] = []
        func bigEndian(_ value: UInt32) {
            bytes += [
                UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
                UInt8(truncatingIfNeeded: value),
            ]
        }
        let v = Self.version
        bytes += [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v >> 16), UInt8(v >> 24)]
        bytes += Array(deviceID.utf8)
        let name = Array(subject.utf8)
        bigEndian(UInt32(name.count))
        bytes += name
        bigEndian(UInt32(bitPattern: frame))
        bigEndian(subFrame.bitPattern)
        bigEndian(UInt32(bitPattern: rateNumerator))
        bigEndian(UInt32(bitPattern: rateDenominator))
        bytes.append(UInt8(values.count))
        for value in values { bigEndian(value.bitPattern) }
        return bytes
    }
}
