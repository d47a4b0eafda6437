import Testing

@testable import Imaging

@Suite struct ImageDescriptionTests {
    @Test func descriptionsAreShortAndTellImagesApart() {
        let a = patternedImage(width: 64, height: 48), b = patternedImage(width: 64, height: 48, seed: 2)
        #expect(a.description.hasPrefix("RGBImage(64×48, fnv 0x"))
        #expect(a.description.count < 40)
        #expect(a.description != b.description)
        #expect(GrayImage(width: 3, height: 2).description.hasPrefix("GrayImage(3×2, fnv 0x"))
        #expect(FloatPlane(width: 2, height: 2).description != FloatPlane(width: 2, height: 2, fill: 1).description)
    }
}
