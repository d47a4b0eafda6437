/// Text from a file (a track's `sourceName`, a neutral's file name) made safe to print: control
/// characters, ESC sequences included, could otherwise move the cursor, recolour or clear the
/// terminal, or hide what follows them.
public enum TerminalText {
    /// `text` with every control or invisible formatting character (C0, DEL, C1, bidirectional
    /// overrides) written as `\u{…}`, and backslashes doubled so the result reads unambiguously.
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if scalar == "\\" {
                out += "\\\\"
            } else if isUnsafe(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }
}
