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

    @Test func lipsBecomeTheCharactersLipsAndTeethItsTeeth() {
        let transfer = ColourTransfer(from: driver, to: character)
        #expect(Self.close(transfer.apply(driver.lips), character.lips))
        #expect(Self.close(transfer.apply(driver.teeth), character.teeth))
    }

    @Test func aGreyCharacterGetsAGreyMouth() {
        let grey = CharacterPalette(lips: FloatRGB(90, 90, 90), sclera: FloatRGB(200, 200, 200), skin: FloatRGB(150, 150, 150))
        let transfer = ColourTransfer(from: driver, to: grey)
        for c in [FloatRGB(180, 60, 80), FloatRGB(40, 10, 15), FloatRGB(230, 225, 200), driver.lips] {
            let out = transfer.apply(c)
            #expect(abs(out.r - out.g) < 1 && abs(out.g - out.b) < 1, "\(c) -> \(out)")
        }
    }

    @Test func aTonguePinkerThanTheLipsStaysAShadePinker() {
        let transfer = ColourTransfer(from: driver, to: character)
        // As bright as the driver's lips and redder: the character's lips, a little redder.
        let l = luma(driver.lips)
        let redder = FloatRGB(driver.lips.r + 30, driver.lips.g - 10, driver.lips.b - 10)
        let out = transfer.apply(scale(redder, l / luma(redder)))
        let lips = character.lips
        #expect(out.r - luma(out) > lips.r - luma(lips))
        #expect(out.r - luma(out) < lips.r - luma(lips) + 30)
    }

    @Test func teethBrighterThanTheDriversEyeWhitesAreAHighlightNotAWhiteBlock() {
        // Eye whites measured dim between narrow lids; the teeth are far brighter.
        let dim = CharacterPalette(lips: FloatRGB(120, 60, 70), sclera: FloatRGB(110, 105, 100), skin: FloatRGB(150, 110, 95))
        let transfer = ColourTransfer(from: dim, to: character)
        let out = transfer.apply(FloatRGB(250, 250, 245))
        #expect(luma(out) <= ColourTransfer.highlightHeadroom * luma(character.teeth) + 1)
        #expect(out.r < 250 && out.b < 245)
    }

    @Test func theThroatStaysDarkerThanTheLipsButNeverBlack() {
        let transfer = ColourTransfer(from: driver, to: character)
        let throat = transfer.apply(scale(driver.lips, 0.25)), black = transfer.apply(FloatRGB(0, 0, 0))
        // Black becomes the character's cavity colour; a quarter of the lips lies between it
        // and the lips, in the lips' hue.
        #expect(Self.close(black, character.cavity))
        #expect(luma(throat) > luma(black) + 5 && luma(throat) < luma(character.lips) - 20)
        #expect(Self.close(scale(throat, luma(character.lips) / luma(throat)), character.lips, within: 3))
        // A tongue a little darker than the lips stays darker than the character's lips.
        #expect(luma(transfer.apply(scale(driver.lips, 0.8))) < luma(character.lips))
    }

    @Test func gainsAreBoundedForAPaletteMeasuredOnSomethingElse() {
        let black = CharacterPalette(lips: FloatRGB(0, 0, 0), sclera: FloatRGB(2, 2, 2), skin: FloatRGB(1, 1, 1))
        let transfer = ColourTransfer(from: black, to: character)
        let c = transfer.apply(FloatRGB(40, 40, 40))
        #expect(luma(c) <= ColourTransfer.highlightHeadroom * luma(character.teeth) + 1)
    }
}
