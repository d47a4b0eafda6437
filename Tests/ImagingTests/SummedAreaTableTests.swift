import Testing

@testable import Imaging

@Suite struct SummedAreaTableTests {
    @Test func rectangleSumsMatchAddingThePixels() throws {
        var random = SplitMix(seed: 7)
        var image = GrayImage(width: 37, height: 23)
        for i in image.pixels.indices { image.pixels[i] = UInt8(random.next() % 256) }
        let table = try #require(SummedAreaTable(image))
        for _ in 0..<200 {
            let x0 = Int(random.next() % 40) - 2, x1 = Int(random.next() % 40) - 2
            let y0 = Int(random.next() % 26) - 2, y1 = Int(random.next() % 26) - 2
            var expected: UInt32 = 0
            for y in max(y0, 0)..<max(min(y1, 23), max(y0, 0)) {
                for x in max(x0, 0)..<max(min(x1, 37), max(x0, 0)) { expected += UInt32(image.pixels[y * 37 + x]) }
            }
            #expect(table.sum(x0: x0, y0: y0, x1: x1, y1: y1) == expected, "\(x0)..<\(x1) x \(y0)..<\(y1)")
        }
    }

    @Test func solidRectanglesAreFoundAndMixedOnesAreNot() throws {
        // Left half 0, right half 255, one grey pixel at (15, 5).
        var image = GrayImage(width: 20, height: 10)
        for y in 0..<10 { for x in 10..<20 { image.pixels[y * 20 + x] = 255 } }
        image.pixels[5 * 20 + 15] = 128
        let table = try #require(SummedAreaTable(image))
        #expect(table.uniformExtreme(x0: 0, y0: 0, x1: 10, y1: 10) == 0)
        #expect(table.uniformExtreme(x0: 10, y0: 0, x1: 15, y1: 10) == 255)
        #expect(table.uniformExtreme(x0: 9, y0: 0, x1: 12, y1: 3) == nil, "straddles the edge")
        #expect(table.uniformExtreme(x0: 14, y0: 4, x1: 17, y1: 7) == nil, "holds the grey pixel")
        #expect(table.uniformExtreme(x0: -5, y0: -5, x1: 3, y1: 3) == 0, "clamped to the picture")
        #expect(table.uniformExtreme(x0: 25, y0: 0, x1: 30, y1: 10) == nil, "outside: empty")
    }

    @Test func anEmptyPictureOrOneTooBigForThirtyTwoBitSumsHasNoTable() {
        #expect(SummedAreaTable(GrayImage(width: 0, height: 0)) == nil)
        // 4200 x 4011 pixels of 255 would sum past 2^32.
        #expect(SummedAreaTable(GrayImage(width: 4200, height: 4011)) == nil)
        #expect(SummedAreaTable(GrayImage(width: 4200, height: 4010)) != nil)
    }
}
