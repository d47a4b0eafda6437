/// ARKit blendshapes in 0...1 from raw measures and a neutral (see docs/blendshapes.md).
///
/// Each shape is `clamp((raw − neutral) / range, 0, 1)` of one measure (sign chosen per shape),
/// some combined. Ranges are in canonical units (outer eye corners 1 apart, ≈ 9.5 cm on an adult,
/// so 0.01 ≈ 1 mm) or relative to the neutral, and say how far from neutral a shape is full (1).
/// Shapes in `notEstimated` are always 0.
public enum BlendshapeEstimator {
    /// Full-scale ranges.
    public enum Range {
        /// Blink is full when the eye opening falls by 75 % of the neutral opening.
        public static let blinkFraction: Float = 0.75
        /// Wide is full when the opening rises by 40 % of the neutral.
        public static let wideFraction: Float = 0.40
        /// Lower lid raised by 0.03 (≈ 3 mm).
        public static let squint: Float = 0.03
        /// Gaze angles (degrees) for eyeLook* = 1.
        public static let lookHorizontal: Float = 30, lookVertical: Float = 25
        /// Chin drop of 0.30 (≈ 3 cm).
        public static let jawOpen: Float = 0.30
        /// Lip gap of 0.25 beyond neutral means the lips follow a full jaw opening.
        public static let lipOpen: Float = 0.25
        /// Mouth narrower by 25 % of its neutral width.
        public static let narrowFraction: Float = 0.25
        /// Lip gap at which a narrow mouth counts fully as a funnel rather than a pucker.
        public static let funnelGap: Float = 0.08
        /// Smile: mouth corner up 0.10 (`FaceMeasure.cornerRiseLeft`, the jaw's share removed).
        /// Frown: corner down 0.05 relative to the lip centre.
        public static let smile: Float = 0.10, frown: Float = 0.05
        /// A smile also draws the corner 0.06 outwards; both halves are needed for a full smile.
        public static let smileOut: Float = 0.06
        /// Mouth corner out by 0.08 from the midline.
        public static let stretch: Float = 0.08
        /// Brows up 0.08 / inner brows down 0.05.
        public static let browUp: Float = 0.08, browDown: Float = 0.05
        /// Chin 0.08 to one side (a full sideways jaw shift is about a centimetre).
        public static let jawSide: Float = 0.08
        /// Mouth corners' midpoint 0.10 to one side.
        public static let mouthSide: Float = 0.10
        /// Upper lip raised 0.10 (the lip lifted off the upper teeth; a broad grin reaches ≈ 0.07).
        public static let upperLipUp: Float = 0.10
        /// Lower lip 0.12 below where the jaw alone would put it (off the lower teeth).
        public static let lowerLipDown: Float = 0.12
        /// A lip thinner by 40 % of its neutral thickness counts as rolled in: the mesh keeps
        /// some thickness even on lips rolled out of sight (d6: 35–40 % lost).
        public static let rollFraction: Float = 0.40
        /// Both lips' height at the side lower by 40 % of the neutral.
        public static let pressFraction: Float = 0.40
        /// Chin boss pushed up 0.05 above the jaw (a chin-raising pout), or upper lip up 0.05.
        public static let shrug: Float = 0.05
        /// Mouth corner 0.05 further back.
        public static let dimple: Float = 0.05
        /// Cheeks below the eyes raised 0.05 (a broad grin reaches ≈ 0.03).
        public static let cheekSquint: Float = 0.05
        /// Nose wings raised 0.06. They also rise a little with the upper lip, so the range is
        /// wider than the cheeks'.
        public static let noseSneer: Float = 0.06
        /// Face 0.10 wider across the cheeks.
        public static let cheekPuff: Float = 0.10
    }

    public static let estimated: [Blendshape] = [
        .eyeBlinkLeft, .eyeLookDownLeft, .eyeLookInLeft, .eyeLookOutLeft, .eyeLookUpLeft, .eyeSquintLeft, .eyeWideLeft,
        .eyeBlinkRight, .eyeLookDownRight, .eyeLookInRight, .eyeLookOutRight, .eyeLookUpRight, .eyeSquintRight, .eyeWideRight,
        .jawRight, .jawLeft, .jawOpen,
        .mouthClose, .mouthFunnel, .mouthPucker, .mouthRight, .mouthLeft,
        .mouthSmileLeft, .mouthSmileRight, .mouthFrownLeft, .mouthFrownRight, .mouthDimpleLeft, .mouthDimpleRight,
        .mouthStretchLeft, .mouthStretchRight, .mouthRollLower, .mouthRollUpper, .mouthShrugLower, .mouthShrugUpper,
        .mouthPressLeft, .mouthPressRight, .mouthLowerDownLeft, .mouthLowerDownRight, .mouthUpperUpLeft, .mouthUpperUpRight,
        .browDownLeft, .browDownRight, .browInnerUp, .browOuterUpLeft, .browOuterUpRight,
        .cheekPuff, .cheekSquintLeft, .cheekSquintRight,
        .noseSneerLeft, .noseSneerRight,
    ]

    /// Always 0. jawForward: the mesh's chin depth is not steady enough (on d3 it moves ≈ 1 cm
    /// with head pitch and between resting frames). tongueOut: the mesh has no tongue points.
    public static var notEstimated: [Blendshape] { Blendshape.allCases.filter { !estimated.contains($0) } }

    @inline(__always) static func clamp01(_ v: Float) -> Float { v.isFinite ? min(max(v, 0), 1) : 0 }

    /// 52 values in `Blendshape.allCases` order.
    public static func blendshapes(_ m: FaceMeasures, neutral n: FaceMeasures) -> [Float] {
        var out = [Float](repeating: 0, count: Blendshape.allCases.count)
        func set(_ b: Blendshape, _ v: Float) { out[b.index] = clamp01(v) }
        func up(_ k: FaceMeasure, _ range: Float) -> Float { clamp01((m[k] - n[k]) / range) }
        func down(_ k: FaceMeasure, _ range: Float) -> Float { clamp01((n[k] - m[k]) / range) }

        // Eyes.
        set(.eyeBlinkLeft, down(.eyeOpenLeft, Range.blinkFraction * n[.eyeOpenLeft]))
        set(.eyeBlinkRight, down(.eyeOpenRight, Range.blinkFraction * n[.eyeOpenRight]))
        set(.eyeWideLeft, up(.eyeOpenLeft, Range.wideFraction * n[.eyeOpenLeft]))
        set(.eyeWideRight, up(.eyeOpenRight, Range.wideFraction * n[.eyeOpenRight]))
        set(.eyeSquintLeft, up(.lowerLidLeft, Range.squint))
        set(.eyeSquintRight, up(.lowerLidRight, Range.squint))
        // Gaze: for the left eye, outward is the subject's left (+yaw); for the right eye, −yaw.
        let lYaw = m[.gazeYawLeft] - (n[.gazeYawLeft].isFinite ? n[.gazeYawLeft] : 0)
        let lPitch = m[.gazePitchLeft] - (n[.gazePitchLeft].isFinite ? n[.gazePitchLeft] : 0)
        let rYaw = m[.gazeYawRight] - (n[.gazeYawRight].isFinite ? n[.gazeYawRight] : 0)
        let rPitch = m[.gazePitchRight] - (n[.gazePitchRight].isFinite ? n[.gazePitchRight] : 0)
        set(.eyeLookOutLeft, lYaw / Range.lookHorizontal)
        set(.eyeLookInLeft, -lYaw / Range.lookHorizontal)
        set(.eyeLookUpLeft, lPitch / Range.lookVertical)
        set(.eyeLookDownLeft, -lPitch / Range.lookVertical)
        set(.eyeLookOutRight, -rYaw / Range.lookHorizontal)
        set(.eyeLookInRight, rYaw / Range.lookHorizontal)
        set(.eyeLookUpRight, rPitch / Range.lookVertical)
        set(.eyeLookDownRight, -rPitch / Range.lookVertical)

        // Jaw and mouth.
        let jaw = up(.jawDrop, Range.jawOpen)
        set(.jawOpen, jaw)
        let lipOpen = up(.lipGap, Range.lipOpen)
        set(.mouthClose, jaw - lipOpen)
        let narrow = down(.mouthWidth, Range.narrowFraction * n[.mouthWidth])
        let openness = up(.lipGap, Range.funnelGap)
        set(.mouthFunnel, narrow * openness)
        set(.mouthPucker, narrow * (1 - openness))
        // A smile lifts the corner *and* draws it out towards the cheekbone; a corner that only rises
        // (a sneer, a tongue-out grimace, the mesh settling on an open mouth) or only widens
        // (stretch) is not one. The geometric mean needs both.
        let smileL = (up(.cornerRiseLeft, Range.smile) * up(.cornerOutLeft, Range.smileOut)).squareRoot()
        let smileR = (up(.cornerRiseRight, Range.smile) * up(.cornerOutRight, Range.smileOut)).squareRoot()
        set(.mouthSmileLeft, smileL)
        set(.mouthSmileRight, smileR)
        set(.mouthFrownLeft, down(.cornerLiftLeft, Range.frown))
        set(.mouthFrownRight, down(.cornerLiftRight, Range.frown))
        set(.mouthStretchLeft, up(.cornerOutLeft, Range.stretch) * (1 - smileL))
        set(.mouthStretchRight, up(.cornerOutRight, Range.stretch) * (1 - smileR))
        // Left is +x (the subject's left).
        set(.jawLeft, up(.chinLateral, Range.jawSide))
        set(.jawRight, down(.chinLateral, Range.jawSide))
        set(.mouthLeft, up(.mouthLateral, Range.mouthSide))
        set(.mouthRight, down(.mouthLateral, Range.mouthSide))
        set(.mouthUpperUpLeft, up(.upperLipLeft, Range.upperLipUp))
        set(.mouthUpperUpRight, up(.upperLipRight, Range.upperLipUp))
        // The lower lip is pulled down off the lower teeth, which parts the lips; with the lips
        // together a lower reading is the lip rolled or pressed in, not pulled down.
        set(.mouthLowerDownLeft, down(.lowerLipLeft, Range.lowerLipDown) * openness)
        set(.mouthLowerDownRight, down(.lowerLipRight, Range.lowerLipDown) * openness)
        // Rolling, pressing, the pout (shrug), the dimple and the puff are done with the lips
        // together; apart, the same thinning or movement comes from talking, grins and the tongue.
        let closed = 1 - openness
        set(.mouthRollUpper, down(.upperLipThickness, Range.rollFraction * n[.upperLipThickness]) * closed)
        set(.mouthRollLower, down(.lowerLipThickness, Range.rollFraction * n[.lowerLipThickness]) * closed)
        set(.mouthPressLeft, down(.lipsHeightLeft, Range.pressFraction * n[.lipsHeightLeft]) * closed)
        set(.mouthPressRight, down(.lipsHeightRight, Range.pressFraction * n[.lipsHeightRight]) * closed)
        set(.mouthShrugLower, up(.chinBoss, Range.shrug) * closed)
        set(.mouthShrugUpper, up(.upperLipMiddle, Range.shrug) * closed)
        // A smile pulls the corners back too; the dimple is the corner going back without rising.
        set(.mouthDimpleLeft, down(.cornerDepthLeft, Range.dimple) * (1 - smileL) * closed)
        set(.mouthDimpleRight, down(.cornerDepthRight, Range.dimple) * (1 - smileR) * closed)

        // Brows.
        let innerL = m[.browInnerLeft] - n[.browInnerLeft], innerR = m[.browInnerRight] - n[.browInnerRight]
        set(.browInnerUp, (innerL + innerR) / 2 / Range.browUp)
        set(.browDownLeft, -innerL / Range.browDown)
        set(.browDownRight, -innerR / Range.browDown)
        set(.browOuterUpLeft, up(.browOuterLeft, Range.browUp))
        set(.browOuterUpRight, up(.browOuterRight, Range.browUp))

        // Cheeks and nose. A smile widens the face at the cheeks as well; a puff does not lift the corners.
        set(.cheekSquintLeft, up(.cheekHeightLeft, Range.cheekSquint))
        set(.cheekSquintRight, up(.cheekHeightRight, Range.cheekSquint))
        set(.noseSneerLeft, up(.noseWingLeft, Range.noseSneer))
        set(.noseSneerRight, up(.noseWingRight, Range.noseSneer))
        set(.cheekPuff, up(.cheekWidth, Range.cheekPuff) * (1 - max(smileL, smileR)) * closed)
        return out
    }
}
