import Imaging
import Testing

@testable import Rendering

/// The driver's mouth colours carried into the character's palette.
@Suite struct ColourTransferTests {
    let driver = CharacterPalette(lips: FloatRGB(200, 90, 110), sclera: FloatRGB(235, 235, 240), skin: FloatRGB(230, 180, 160))
    let character = CharacterPalette(lips: FloatRGB(120, 70, 60), sclera: FloatRGB(190, 180, 160), skin: FloatRGB(150, 110, 90))

    static func close(_ a: FloatRGB, _ b: FloatRGB, within: Float = 2) -> Bool {
        abs(a.r - b.r) <= within && abs(a.g - b.g) <= within && abs(a.b - b.b) <= within
    }

    @Test func lipsBecomeTheCharactersLipsAndEyeWhitesItsEyeWhites() {
        let transfer = ColourTransfer(from: driver, to: character)
        #expect(Self.close(transfer.apply(driver.lips), character.lips))
        #expect(Self.close(transfer.apply(driver.sclera), character.sclera))
    }

    @Test func theThroatStaysAsDarkAgainstTheLipsAsInTheDriver() {
        let transfer = ColourTransfer(from: driver, to: character)
        // A throat at a quarter of the driver's lips stays near a quarter of the character's.
        let throat = transfer.apply(scale(driver.lips, 0.25))
        #expect(Self.close(throat, scale(character.lips, 0.25), within: 3))
        // And a tongue a little darker than the lips stays darker than the character's lips.
        #expect(luma(transfer.apply(scale(driver.lips, 0.8))) < luma(character.lips))
    }

    @Test func gainsAreBoundedForAPaletteMeasuredOnSomethingElse() {
        let black = CharacterPalette(lips: FloatRGB(0, 0, 0), sclera: FloatRGB(2, 2, 2), skin: FloatRGB(1, 1, 1))
        let transfer = ColourTransfer(from: black, to: character)
        let c = transfer.apply(FloatRGB(40, 40, 40))
        #expect(c.r <= 160 && c.g <= 160 && c.b <= 160)
    }
}
