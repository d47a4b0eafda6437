import Foundation

/// A key `actone live` acts on while it runs, typed in its terminal or sent on its standard input.
public enum LiveKey: Equatable, Sendable {
    /// `n`: measure a new neutral over the next `--calibrate` seconds (`LiveControl.recalibrate()`).
    case newNeutral
    /// `q`: stop, as the first Ctrl-C does.
    case stop
    /// Anything else typed: the user is reminded of the keys.
    case unknown(String)

    /// The keys, for the user.
    public static let help = "n measures a new neutral (look at the camera calmly), q stops"
}

/// Turns what standard input gives into keys, in one of two ways:
///
/// - `keystrokes`, for a terminal in non-canonical mode: every byte is a key as it is pressed
///   (`n`, `q`, either case). Control bytes are ignored, and an escape sequence (an arrow key,
///   which a terminal sends in one go as ESC and a few bytes) is skipped to the end of the bytes
///   that came with it, so that it is not read as letters.
/// - `lines`, for a pipe or a file: every line is one command (`n` or `q`, spaces around it and a
///   CR before the LF ignored, empty lines skipped), so that a script can drive a session:
///   `(sleep 5; echo n; sleep 5; echo q) | actone live ...`.
public struct LiveKeyParser: Sendable {
    public enum Mode: Sendable { case keystrokes, lines }

    public let mode: Mode
    private var line: [UInt8] = []
    /// A line longer than this is not a command: the rest of it is dropped, so input that is not
    /// commands cannot make the buffer grow.
    static let longestLine = 64

    public init(mode: Mode) { self.mode = mode }

    /// The keys in the bytes read this time (a line's end may come in a later read).
    public mutating func keys(in bytes: some Sequence<UInt8>) -> [LiveKey] {
        switch mode {
        case .keystrokes: return Self.keystrokes(bytes)
        case .lines:
            var keys: [LiveKey] = []
            for byte in bytes {
                if byte == UInt8(ascii: "\n") {
                    if let key = Self.command(line) { keys.append(key) }
                    line.removeAll(keepingCapacity: true)
                } else if line.count <= Self.longestLine {
                    line.append(byte)
                }
            }
            return keys
        }
    }

    private static func keystrokes(_ bytes: some Sequence<UInt8>) -> [LiveKey] {
        var keys: [LiveKey] = []
        for byte in bytes {
            if byte == 0x1B { break }
            guard (0x20..<0x7F).contains(byte), byte != UInt8(ascii: " ") else { continue }
            keys.append(key(String(UnicodeScalar(byte))))
        }
        return keys
    }

    private static func command(_ line: [UInt8]) -> LiveKey? {
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : key(text)
    }

    private static func key(_ text: String) -> LiveKey {
        switch text.lowercased() {
        case "n": .newNeutral
        case "q": .stop
        default: .unknown(text)
        }
    }
}
