// The built-in text face for overlay labels and plot annotations.
//
// Overlays need a few words and numbers ("frame 120", "yaw -12.5", "jaw 0.62") on any machine,
// with no font files or text engine, so Imaging carries one small bitmap font of its own design.
// The glyphs are kept as ASCII art below so the next person can read and adjust them directly.

/// A fixed-width bitmap font covering printable ASCII (32...126).
///
/// Each glyph is 5 pixels wide and 9 tall: rows 0–6 hold capitals, digits and the bodies of
/// lower-case letters (x-height rows 2–6), rows 7–8 hold descenders (g j p q y , ;). Glyphs are
/// placed 1 pixel apart and lines 2 pixels apart; a scale factor enlarges every pixel to a square.
public struct BitmapFont: Sendable {
    public let glyphWidth: Int
    public let glyphHeight: Int
    /// Blank columns between neighbouring glyphs (unscaled).
    public let letterSpacing: Int
    /// Blank rows between lines (unscaled).
    public let lineSpacing: Int
    /// Ink bits: row `r` of the glyph for code `c` is `rows[(c - 32) * glyphHeight + r]`, and
    /// column `x` is inked when bit `glyphWidth - 1 - x` is set (leftmost column = high bit).
    let rows: [UInt8]

    static let firstCode = 32
    static let lastCode = 126

    /// The font Imaging draws with unless told otherwise.
    public static let standard = BitmapFont(
        art: standardFontArt, glyphWidth: 5, glyphHeight: 9,
        letterSpacing: 1, lineSpacing: 2)

    /// Horizontal distance from one glyph's origin to the next, unscaled.
    public var advance: Int { glyphWidth + letterSpacing }
    /// Vertical distance from one line's top to the next line's top, unscaled.
    public var lineAdvance: Int { glyphHeight + lineSpacing }

    /// Builds a font from ASCII art laid out in bands: a label line naming the characters (each
    /// centred over its glyph), then `glyphHeight` lines of glyph rows, glyphs separated by one
    /// column, with `#` for ink and `.` for blank. Blank lines between bands are ignored. Every
    /// code 32...126 must appear exactly once.
    init(art: String, glyphWidth: Int, glyphHeight: Int, letterSpacing: Int, lineSpacing: Int) {
        precondition(glyphWidth <= 8, "glyph rows are stored in UInt8")
        self.glyphWidth = glyphWidth
        self.glyphHeight = glyphHeight
        self.letterSpacing = letterSpacing
        self.lineSpacing = lineSpacing

        let glyphCount = Self.lastCode - Self.firstCode + 1
        var table = [UInt8](repeating: 0, count: glyphCount * glyphHeight)
        var defined = [Bool](repeating: false, count: glyphCount)
        let lines = art.split(separator: "\n", omittingEmptySubsequences: true).map { Array($0) }
        precondition(lines.count % (glyphHeight + 1) == 0, "font art must be bands of 1 label + \(glyphHeight) rows")
        let cell = glyphWidth + 1
        for bandStart in stride(from: 0, to: lines.count, by: glyphHeight + 1) {
            let label = lines[bandStart]
            let bandRows = lines[(bandStart + 1)...(bandStart + glyphHeight)]
            let glyphsInBand = (bandRows.first!.count + 1) / cell
            for k in 0..<glyphsInBand {
                let labelColumn = k * cell + glyphWidth / 2
                // A label past the end of its (whitespace-trimmed) line is the space character.
                let character = labelColumn < label.count ? label[labelColumn] : " "
                guard let code = character.asciiValue.map(Int.init),
                    code >= Self.firstCode, code <= Self.lastCode
                else {
                    preconditionFailure("font art labels a glyph with '\(character)', not printable ASCII")
                }
                let glyph = code - Self.firstCode
                precondition(!defined[glyph], "font art defines '\(character)' twice")
                defined[glyph] = true
                for (r, line) in bandRows.enumerated() {
                    precondition(line.count >= k * cell + glyphWidth, "font art row too short for '\(character)'")
                    var bits: UInt8 = 0
                    for x in 0..<glyphWidth where line[k * cell + x] == "#" {
                        bits |= 1 << UInt8(glyphWidth - 1 - x)
                    }
                    table[glyph * glyphHeight + r] = bits
                }
            }
        }
        precondition(defined.allSatisfy { $0 }, "font art does not define every printable ASCII character")
        rows = table
    }

    /// The glyph drawn for `character`: its own for printable ASCII, `?` for anything else
    /// (accents, emoji, tabs), so unsupported text still shows where it is.
    func glyphIndex(for character: Character) -> Int {
        if let code = character.asciiValue, Int(code) >= Self.firstCode, Int(code) <= Self.lastCode {
            return Int(code) - Self.firstCode
        }
        return Int(Character("?").asciiValue!) - Self.firstCode
    }

    /// Whether the glyph for `character` has ink at (`column`, `row`); false outside the glyph.
    public func hasInk(_ character: Character, column: Int, row: Int) -> Bool {
        guard column >= 0, column < glyphWidth, row >= 0, row < glyphHeight else { return false }
        return rows[glyphIndex(for: character) * glyphHeight + row] & (1 << UInt8(glyphWidth - 1 - column)) != 0
    }

    /// Scale factors are clamped to 1...256: zero or negative would draw nothing useful and huge
    /// ones would overflow pixel arithmetic.
    static func clampedScale(_ scale: Int) -> Int { Swift.min(Swift.max(scale, 1), 256) }

    /// Calls `body(glyphIndex, x, y)` with the top-left corner, in scaled pixels relative to the
    /// text origin, of every glyph in `text`. Newlines start a new line; they draw nothing.
    func layOut(_ text: String, scale: Int, _ body: (Int, Int, Int) -> Void) {
        let s = Self.clampedScale(scale)
        var column = 0, line = 0
        for character in text {
            if character.isNewline {
                column = 0
                line += 1
                continue
            }
            body(glyphIndex(for: character), column * advance * s, line * lineAdvance * s)
            column += 1
        }
    }

    /// The size of the box `text` occupies when drawn at `scale`: from the first glyph's left
    /// edge to the last glyph's right edge (no trailing spacing), and from the top of the first
    /// line to the bottom of the last line's descenders. Empty text measures zero.
    public func measureText(_ text: String, scale: Int = 1) -> IntSize {
        guard !text.isEmpty else { return .zero }
        let s = Self.clampedScale(scale)
        var longestLine = 0, currentLine = 0, lineCount = 1
        for character in text {
            if character.isNewline {
                lineCount += 1
                currentLine = 0
            } else {
                currentLine += 1
                longestLine = Swift.max(longestLine, currentLine)
            }
        }
        let width = longestLine == 0 ? 0 : (longestLine * advance - letterSpacing) * s
        return IntSize(width: width, height: (lineCount * lineAdvance - lineSpacing) * s)
    }
}

/// The standard font's glyphs, 16 to a band in ASCII order. Designed for this project.
private let standardFontArt = #"""
            !     "     #     $     %     &     '     (     )     *     +     ,     -     .     /
    ..... ..#.. .#.#. .#.#. ..#.. ##... .##.. ..#.. ...#. .#... ..... ..... ..... ..... ..... ....#
    ..... ..#.. .#.#. .#.#. .#### ##..# #..#. ..#.. ..#.. ..#.. ..#.. ..#.. ..... ..... ..... ...#.
    ..... ..#.. .#.#. ##### #.#.. ...#. #.#.. .#... .#... ...#. #.#.# ..#.. ..... ..... ..... ...#.
    ..... ..#.. ..... .#.#. .###. ..#.. .#... ..... .#... ...#. .###. ##### ..... ##### ..... ..#..
    ..... ..#.. ..... ##### ..#.# .#... #.#.# ..... .#... ...#. #.#.# ..#.. ..... ..... ..... .#...
    ..... ..... ..... .#.#. ####. #..## #..#. ..... ..#.. ..#.. ..#.. ..#.. .##.. ..... .##.. .#...
    ..... ..#.. ..... .#.#. ..#.. ...## .##.# ..... ...#. .#... ..... ..... .##.. ..... .##.. #....
    ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..#.. ..... ..... .....
    ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .#... ..... ..... .....

      0     1     2     3     4     5     6     7     8     9     :     ;     <     =     >     ?
    .###. ..#.. .###. ##### ...#. ##### ..##. ##### .###. .###. ..... ..... ...#. ..... .#... .###.
    #...# .##.. #...# ...#. ..##. #.... .#... ....# #...# #...# .##.. .##.. ..#.. ..... ..#.. #...#
    #..## ..#.. ....# ..#.. .#.#. ####. #.... ...#. #...# #...# .##.. .##.. .#... ##### ...#. ....#
    #.#.# ..#.. ...#. ...#. #..#. ....# ####. ..#.. .###. .#### ..... ..... #.... ..... ....# ...#.
    ##..# ..#.. ..#.. ....# ##### ....# #...# .#... #...# ....# ..... ..... .#... ##### ...#. ..#..
    #...# ..#.. .#... #...# ...#. #...# #...# .#... #...# ...#. .##.. .##.. ..#.. ..... ..#.. .....
    .###. .###. ##### .###. ...#. .###. .###. .#... .###. .##.. .##.. .##.. ...#. ..... .#... ..#..
    ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..#.. ..... ..... ..... .....
    ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .#... ..... ..... ..... .....

      @     A     B     C     D     E     F     G     H     I     J     K     L     M     N     O
    .###. .###. ####. .###. ####. ##### ##### .###. #...# .###. ..### #...# #.... #...# #...# .###.
    #...# #...# #...# #...# #...# #.... #.... #...# #...# ..#.. ...#. #..#. #.... ##.## #...# #...#
    #.### #...# #...# #.... #...# #.... #.... #.... #...# ..#.. ...#. #.#.. #.... #.#.# ##..# #...#
    #.#.# ##### ####. #.... #...# ####. ####. #.### ##### ..#.. ...#. ##... #.... #.#.# #.#.# #...#
    #.### #...# #...# #.... #...# #.... #.... #...# #...# ..#.. ...#. #.#.. #.... #...# #..## #...#
    #.... #...# #...# #...# #...# #.... #.... #...# #...# ..#.. #..#. #..#. #.... #...# #...# #...#
    .#### #...# ####. .###. ####. ##### #.... .#### #...# .###. .##.. #...# ##### #...# #...# .###.
    ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .....
    ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .....

      P     Q     R     S     T     U     V     W     X     Y     Z     [     \     ]     ^     _
    ####. .###. ####. .#### ##### #...# #...# #...# #...# #...# ##### .###. #.... .###. ..#.. .....
    #...# #...# #...# #.... ..#.. #...# #...# #...# #...# #...# ....# .#... .#... ...#. .#.#. .....
    #...# #...# #...# #.... ..#.. #...# #...# #...# .#.#. .#.#. ...#. .#... .#... ...#. #...# .....
    ####. #...# ####. .###. ..#.. #...# #...# #.#.# ..#.. ..#.. ..#.. .#... ..#.. ...#. ..... .....
    #.... #.#.# #.#.. ....# ..#.. #...# #...# #.#.# .#.#. ..#.. .#... .#... ...#. ...#. ..... .....
    #.... #..#. #..#. ....# ..#.. #...# .#.#. #.#.# #...# ..#.. #.... .#... ...#. ...#. ..... .....
    #.... .##.# #...# ####. ..#.. .###. ..#.. .#.#. #...# ..#.. ##### .###. ....# .###. ..... .....
    ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... #####
    ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .....

      `     a     b     c     d     e     f     g     h     i     j     k     l     m     n     o
    .#... ..... #.... ..... ....# ..... ..##. ..... #.... ..#.. ...#. #.... .##.. ..... ..... .....
    ..#.. ..... #.... ..... ....# ..... .#..# ..... #.... ..... ..... #.... ..#.. ..... ..... .....
    ..... .###. #.##. .###. .##.# .###. .#... .#### #.##. .##.. ..##. #..#. ..#.. ##.#. #.##. .###.
    ..... ....# ##..# #.... #..## #...# ###.. #...# ##..# ..#.. ...#. #.#.. ..#.. #.#.# ##..# #...#
    ..... .#### #...# #.... #...# ##### .#... #...# #...# ..#.. ...#. ##... ..#.. #.#.# #...# #...#
    ..... #...# #...# #...# #...# #.... .#... #...# #...# ..#.. ...#. #.#.. ..#.. #.#.# #...# #...#
    ..... .#### ####. .###. .#### .###. .#... .#### #...# .###. ...#. #..#. .###. #.#.# #...# .###.
    ..... ..... ..... ..... ..... ..... ..... ....# ..... ..... #..#. ..... ..... ..... ..... .....
    ..... ..... ..... ..... ..... ..... ..... .###. ..... ..... .##.. ..... ..... ..... ..... .....

      p     q     r     s     t     u     v     w     x     y     z     {     |     }     ~
    ..... ..... ..... ..... .#... ..... ..... ..... ..... ..... ..... ...## ..#.. ##... .....
    ..... ..... ..... ..... .#... ..... ..... ..... ..... ..... ..... ..#.. ..#.. ..#.. .....
    ####. .#### #.##. .#### ###.. #...# #...# #...# #...# #...# ##### ..#.. ..#.. ..#.. .#...
    #...# #...# ##..# #.... .#... #...# #...# #...# .#.#. #...# ...#. .#... ..#.. ...#. #.#.#
    #...# #...# #.... .###. .#... #...# #...# #.#.# ..#.. #...# ..#.. ..#.. ..#.. ..#.. ...#.
    #...# #...# #.... ....# .#..# #..## .#.#. #.#.# .#.#. #...# .#... ..#.. ..#.. ..#.. .....
    ####. .#### #.... ####. ..##. .##.# ..#.. .#.#. #...# .#### ##### ...## ..#.. ##... .....
    #.... ....# ..... ..... ..... ..... ..... ..... ..... ....# ..... ..... ..#.. ..... .....
    #.... ....# ..... ..... ..... ..... ..... ..... ..... .###. ..... ..... ..... ..... .....
    """#
