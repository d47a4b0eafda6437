import Imaging
import Testing

@Suite struct AlphaBleedingTests {
    @Test func transparentColourContinuesTheEdgeThenFills() {
        // A red square, opaque, on black that is fully transparent.
        var image = RGBImage(width: 20, height: 20)
        var alpha = GrayImage(width: 20, height: 20)
        for y in 8..<12 { for x in 8..<12 { image[x, y] = RGB(200, 20, 30); alpha[x, y] = 255 } }
        alpha[12, 10] = 1  // barely visible: its stored colour is kept
        image[12, 10] = RGB(10, 200, 10)
        let bled = image.bleedingColour(under: alpha, rings: 2, fill: .white)
        // Visible pixels keep their colour, however faint.
        #expect(bled[9, 9] == RGB(200, 20, 30) && bled[12, 10] == RGB(10, 200, 10))
        // The first rings around the square take its colour, not the black under them.
        #expect(bled[7, 9] == RGB(200, 20, 30) && bled[6, 8] == RGB(200, 20, 30))
        // Beyond the rings: the fill.
        #expect(bled[0, 0] == .white && bled[19, 19] == .white && bled[3, 10] == .white)
    }
}
