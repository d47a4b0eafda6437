import Foundation
import Motion
import Testing

@testable import ActOne

/// Values from track files reach the terminal and the file system only in safe forms.
@Suite struct UntrustedTrackTextTests {
    @Test func timecodeFormatsAnyDouble() {
        #expect(Timecode.format(seconds: 3723.5) == "01:02:03.500")
        #expect(Timecode.format(seconds: -5) == "00:00:00.000")
        #expect(Timecode.format(seconds: .nan) == "--:--:--.---")
        #expect(Timecode.format(seconds: .infinity) == Timecode.format(seconds: Timecode.maximumSeconds))
        #expect(Timecode.format(seconds: 1e16) == Timecode.format(seconds: Timecode.maximumSeconds))
        #expect(Timecode.format(seconds: -.infinity) == "00:00:00.000")
        #expect(Timecode.format(seconds: .greatestFiniteMagnitude).hasSuffix(":00:00.000"))
    }

    @Test func terminalTextEscapesControlsOnly() {
        #expect(TerminalText.escaped("clip é 😀.mp4") == "clip é 😀.mp4")
        #expect(TerminalText.escaped("a\u{1B}[31mb\u{7F}c\u{85}d\u{202E}e\\f") == #"a\u{1b}[31mb\u{7f}c\u{85}d\u{202e}e\\f"#)
    }

    @Test func sourceVideoNamesOnlyAFileBesideTheTrack() {
        #expect(TrackOverlayRender.baseName("clip.mp4") == "clip.mp4")
        #expect(TrackOverlayRender.baseName("../../x.mp4") == "x.mp4")
        #expect(TrackOverlayRender.baseName("/etc/passwd") == "passwd")
        #expect(TrackOverlayRender.baseName("..") == "")
        #expect(TrackOverlayRender.baseName("dir/") == "")
    }
}
