import Testing

@testable import Imaging

@Suite struct BitmapFontTests {
    private let font = BitmapFont.standard
    private let printable = (32...126).map { Character(Unicode.Scalar(UInt8($0))) }

    private func inkBits(_ c: Character) -> [Bool] {
        (0..<font.glyphHeight).flatMap { row in (0..<font.glyphWidth).map { font.hasInk(c, column: $0, row: row) } }
    }

    @Test func everyPrintableCharacterHasItsOwnGlyph() {
        #expect(font.glyphWidth >= 5 && font.glyphHeight >= 7)
        var seen: [[Bool]: Character] = [:]
        for c in printable {
            let bits = inkBits(c)
            #expect(bits.contains(true) == (c != " "), "'\(c)' should \(c == " " ? "be blank" : "have ink")")
            if let other = seen[bits] { Issue.record("'\(c)' and '\(other)' share a glyph") }
            seen[bits] = c
        }
    }

    @Test func knownGlyphShapes() {
        // 'I' has a full-height vertical stroke in the middle column, and 'g' a descender.
        for row in 0..<7 { #expect(font.hasInk("I", column: 2, row: row)) }
        #expect(!font.hasInk("I", column: 0, row: 3))
        #expect((7..<font.glyphHeight).contains { row in (0..<5).contains { font.hasInk("g", column: $0, row: row) } })
        #expect(!(7..<font.glyphHeight).contains { row in (0..<5).contains { font.hasInk("A", column: $0, row: row) } })
        #expect(inkBits("é") == inkBits("?"))  // unsupported characters fall back to '?'
    }

    @Test func measureText() {
        #expect(font.measureText("") == .zero)
        #expect(font.measureText("A") == IntSize(width: 5, height: 9))
        #expect(font.measureText("Ab1") == IntSize(width: 17, height: 9))  // 3 glyphs, 2 gaps
        #expect(font.measureText("Ab1", scale: 3) == IntSize(width: 51, height: 27))
        #expect(font.measureText("ab\nlonger") == IntSize(width: 35, height: 20))  // 2 lines, 2-pixel gap
        #expect(RGBImage.measureText("x", scale: 0) == IntSize(width: 5, height: 9))  // scale clamped to 1
    }
}

@Suite struct TextDrawingTests {
    @Test func textChangesPixelsInsideItsMeasuredBoxOnly() {
        for scale in [1, 2, 3] {
            let blank = RGBImage(width: 80, height: 40)
            var image = blank
            let box = image.drawText("Ab1", x: 7, y: 5, color: .white, scale: scale)
            let size = RGBImage.measureText("Ab1", scale: scale)
            #expect(box == IntRect(x: 7, y: 5, width: size.width, height: size.height))
            let changed = changedPixels(blank, image)
            #expect(changed.count > 20 * scale * scale)
            #expect(changed.allSatisfy { box.contains(x: $0.x, y: $0.y) })
            // Ink reaches the box's left and top edges, and the last glyph ('1', whose rightmost
            // font column is blank) is drawn in the box's last glyph cell.
            #expect(changed.contains { $0.x == box.minX } && changed.contains { $0.y == box.minY })
            #expect(changed.contains { $0.x == box.maxX - 2 * scale })
            #expect(!changed.contains { $0.x == box.maxX - 1 })
        }
    }

    @Test func glyphPixelsLandWhereTheFontSays() {
        var image = RGBImage(width: 20, height: 20)
        image.drawText("T", x: 4, y: 3, color: .white, scale: 2)
        // 'T' has a full top bar and a middle stem; each font pixel is a 2×2 square.
        for x in 4..<14 { #expect(image[x, 3] == .white && image[x, 4] == .white) }
        #expect(image[8, 10] == .white && image[9, 10] == .white)
        #expect(image[4, 10] == .black)
    }

    @Test func textIsClippedAtTheBorders() {
        let blank = RGBImage(width: 12, height: 6)
        var image = blank
        image.drawText("Hello, world", x: -4, y: -3, color: .white, scale: 2)
        image.drawText("x", x: 11, y: 5, color: .white)
        #expect(!changedPixels(blank, image).isEmpty)
    }

    @Test func labelFillsABoxWithContrastingBackground() {
        var image = filledImage(width: 60, height: 30, RGB(200, 200, 200))
        let box = image.drawLabel("ok", x: 3, y: 4, color: .white, backgroundOpacity: 1, padding: 2)
        #expect(box == IntRect(x: 3, y: 4, width: 11 + 4, height: 9 + 4))
        #expect(image[3, 4] == .black)  // white text gets a black box
        #expect(image[box.maxX - 1, box.maxY - 1] == .black)
        #expect(image[box.maxX, box.maxY] == RGB(200, 200, 200))
        let changed = changedPixels(filledImage(width: 60, height: 30, RGB(200, 200, 200)), image)
        #expect(changed.allSatisfy { box.contains(x: $0.x, y: $0.y) })
        #expect(changed.contains { image[$0.x, $0.y] == .white })
        #expect(RGB(250, 240, 10).contrasting == .black && RGB(10, 20, 90).contrasting == .white)
    }
}
