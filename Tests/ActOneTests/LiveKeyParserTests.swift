import Testing

@testable import ActOne

/// `actone live`'s keys as standard input gives them: key by key from a terminal, line by line
/// from a pipe.
@Suite struct LiveKeyParserTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func keystrokesAreKeysAsPressed() {
        var parser = LiveKeyParser(mode: .keystrokes)
        #expect(parser.keys(in: bytes("n")) == [.newNeutral])
        #expect(parser.keys(in: bytes("Q")) == [.stop])
        #expect(parser.keys(in: bytes("nx")) == [.newNeutral, .unknown("x")])
        // Enter, space, Ctrl-D and other control bytes are no keys.
        #expect(parser.keys(in: [10, 13, 32, 4, 0x7F]) == [])
    }

    @Test func anEscapeSequenceIsNotReadAsLetters() {
        var parser = LiveKeyParser(mode: .keystrokes)
        // The up arrow (ESC [ A), as a terminal sends it in one go, then a key in the next read.
        #expect(parser.keys(in: [0x1B, UInt8(ascii: "["), UInt8(ascii: "A")]) == [])
        #expect(parser.keys(in: bytes("n")) == [.newNeutral])
    }

    @Test func linesAreCommandsWhateverTheReadsCut() {
        var parser = LiveKeyParser(mode: .lines)
        #expect(parser.keys(in: bytes("n")) == [])
        #expect(parser.keys(in: bytes("\n")) == [.newNeutral])
        #expect(parser.keys(in: bytes("  q \r\n\n\nhello\nN\n")) == [.stop, .unknown("hello"), .newNeutral])
        // Within a line, a letter is no command on its own.
        #expect(parser.keys(in: bytes("nq\n")) == [.unknown("nq")])
    }

    @Test func aLongLineIsCutAndDoesNotGrow() {
        var parser = LiveKeyParser(mode: .lines)
        let keys = parser.keys(in: [UInt8](repeating: UInt8(ascii: "n"), count: 100_000) + bytes("\nq\n"))
        #expect(keys.count == 2 && keys.last == .stop)
        guard case .unknown(let text) = keys.first else {
            Issue.record("expected the long line as unknown, got \(keys)")
            return
        }
        #expect(text.count <= LiveKeyParser.longestLine + 1)
    }
}
