/// The parts of a performance that can be transferred separately (`--animate eyes,brows,...`).
public enum AnimatedRegion: String, CaseIterable, Sendable, Hashable {
    /// Eyelids: blinks, squints, wide eyes (transferred as openness ratios).
    case eyes
    /// Brows and forehead.
    case brows
    /// Lips, jaw, cheeks and the rest of the lower face.
    case mouth
    /// Head rotation, translation and scale.
    case pose
    /// Iris movement within the eyes.
    case gaze
}

/// How the driver's motion is put on the character.
public struct RetargetSettings: Sendable, Hashable {
    /// Multiplies every expression change (landmark deltas, eye closure, gaze); 1 = as performed.
    public var expressionScale: Float = 1
    /// Multiplies head rotation angles, translation and the change of scale; 0 = a still head.
    public var poseScale: Float = 1
    /// The regions that move; the others keep the character's still shape.
    public var regions: Set<AnimatedRegion> = Set(AnimatedRegion.allCases)

    public init(expressionScale: Float = 1, poseScale: Float = 1, regions: Set<AnimatedRegion> = Set(AnimatedRegion.allCases)) {
        self.expressionScale = expressionScale
        self.poseScale = poseScale
        self.regions = regions
    }
}
