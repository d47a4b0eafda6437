/// The 52 ARKit face blendshapes, with ARKit's names, in the order ARKit and the Live Link Face
/// app list them (that order is the column order of Live Link Face CSV files).
public enum Blendshape: String, CaseIterable, Sendable, Codable {
    case eyeBlinkLeft, eyeLookDownLeft, eyeLookInLeft, eyeLookOutLeft, eyeLookUpLeft, eyeSquintLeft, eyeWideLeft
    case eyeBlinkRight, eyeLookDownRight, eyeLookInRight, eyeLookOutRight, eyeLookUpRight, eyeSquintRight, eyeWideRight
    case jawForward, jawRight, jawLeft, jawOpen
    case mouthClose, mouthFunnel, mouthPucker, mouthRight, mouthLeft
    case mouthSmileLeft, mouthSmileRight, mouthFrownLeft, mouthFrownRight, mouthDimpleLeft, mouthDimpleRight
    case mouthStretchLeft, mouthStretchRight, mouthRollLower, mouthRollUpper, mouthShrugLower, mouthShrugUpper
    case mouthPressLeft, mouthPressRight, mouthLowerDownLeft, mouthLowerDownRight, mouthUpperUpLeft, mouthUpperUpRight
    case browDownLeft, browDownRight, browInnerUp, browOuterUpLeft, browOuterUpRight
    case cheekPuff, cheekSquintLeft, cheekSquintRight
    case noseSneerLeft, noseSneerRight
    case tongueOut

    /// The name in PascalCase, as Live Link Face writes it ("EyeBlinkLeft").
    public var pascalCaseName: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    /// Position in ARKit's order (0..<52).
    public var index: Int { Blendshape.allCases.firstIndex(of: self)! }
}
