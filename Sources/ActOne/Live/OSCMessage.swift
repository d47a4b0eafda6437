/// An Open Sound Control 1.0 message: an address pattern and typed arguments. Only the types the
/// VMC protocol uses are here: int32 (`i`), float32 (`f`) and string (`s`).
public struct OSCMessage: Sendable, Equatable {
    public enum Argument: Sendable, Equatable {
        case int(Int32)
        case float(Float)
        case string(String)

        /// The argument's letter in the type tag string.
        var tag: Character {
            switch self {
            case .int: "i"
            case .float: "f"
            case .string: "s"
            }
        }
    }

    public var address: String
    public var arguments: [Argument]

    public init(_ address: String, _ arguments: [Argument] = []) {
        self.address = address
        self.arguments = arguments
    }

    /// The message's bytes (OSC 1.0): the address as an OSC string, the type tag string (`,`
    /// then one letter per argument), then each argument: int32 and float32 big-endian, strings
    /// NUL-terminated and padded with NULs to a multiple of 4 bytes.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        OSCEncoding.appendString(address, to: &bytes)
        OSCEncoding.appendString("," + String(arguments.map(\.tag)), to: &bytes)
        for argument in arguments {
            switch argument {
            case .int(let value): OSCEncoding.appendUInt32(UInt32(bitPattern: value), to: &bytes)
            case .float(let value): OSCEncoding.appendUInt32(value.bitPattern, to: &bytes)
            case .string(let value): OSCEncoding.appendString(value, to: &bytes)
            }
        }
        return bytes
    }
}

/// An OSC 1.0 bundle: messages delivered together, in one UDP datagram. VMC senders send a
/// frame's messages as one bundle so that a receiver applies them together.
public struct OSCBundle: Sendable, Equatable {
    /// OSC's time tag meaning "immediately" (NTP format: 0 seconds, fraction 1).
    public static let immediately: UInt64 = 1

    public var timeTag: UInt64
    public var messages: [OSCMessage]

    public init(_ messages: [OSCMessage], timeTag: UInt64 = OSCBundle.immediately) {
        self.messages = messages
        self.timeTag = timeTag
    }

    /// `#bundle` as an OSC string, the 64-bit time tag big-endian, then each element as its
    /// int32 size followed by its bytes.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        OSCEncoding.appendString("#bundle", to: &bytes)
        OSCEncoding.appendUInt32(UInt32(truncatingIfNeeded: timeTag >> 32), to: &bytes)
        OSCEncoding.appendUInt32(UInt32(truncatingIfNeeded: timeTag), to: &bytes)
        for message in messages {
            let element = message.encoded
            OSCEncoding.appendUInt32(UInt32(element.count), to: &bytes)
            bytes += element
        }
        return bytes
    }
}

/// OSC's two atoms of layout.
enum OSCEncoding {
    /// UTF-8 bytes, a NUL, then NULs up to a multiple of 4 (so "abc" is 4 bytes, "abcd" 8).
    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes += Array(text.utf8)
        bytes.append(0)
        while bytes.count % 4 != 0 { bytes.append(0) }
    }

    static func appendUInt32(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [
            UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value),
        ]
    }
}
