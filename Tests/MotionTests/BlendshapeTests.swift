import Testing

@testable import Motion

@Suite struct BlendshapeTests {
    @Test func fiftyTwoInLiveLinkOrder() {
        #expect(Blendshape.allCases.count == 52)
        #expect(Blendshape.allCases.first == .eyeBlinkLeft && Blendshape.allCases.last == .tongueOut)
        #expect(Blendshape.jawOpen.index == 17)
        #expect(Blendshape.browInnerUp.pascalCaseName == "BrowInnerUp")
        #expect(Set(Blendshape.allCases.map(\.rawValue)).count == 52)
    }
}
