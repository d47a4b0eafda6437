import Imaging

/// Carries a colour of the driver's mouth interior into the character's palette.
///
/// Each colour keeps its brightness relative to the driver's own tones and takes its hue from the
/// character's: a colour as dark as the driver's lips or darker (the throat, the tongue) becomes
/// the character's lip colour at the same share of brightness, one as bright as the driver's
/// teeth the character's teeth colour, and in between a mix. Only a share of how the driver's
/// colour differs from its own tone there is kept (a tongue a shade pinker than the lips), and
/// none for a grey character, so a black-and-white photograph gets a grey mouth.
///
/// Per-channel gains between the two palettes (before) tinted the teeth green or blew them out
/// to white where the driver's eye whites, measured between lids, were dim; mapping the
/// brightness range onto the palette stretched a mostly-tongue opening into lip colour, which
/// read as a swollen lip rather than an open mouth.
struct ColourTransfer {
    /// The driver's lips' and teeth's brightness, where the target tone moves from one to the
    /// other.
    let darkLevel: Float
    let brightLevel: Float
    /// The driver's lip and teeth colours, and the character's.
    let sourceDark: FloatRGB, sourceBright: FloatRGB
    let darkTone: FloatRGB, brightTone: FloatRGB
    /// How much of the driver's colour's difference from its own tone is kept.
    let chromaKept: Float

    /// The share of the driver's colour kept on a character as colourful as the driver.
    static let chromaShare: Float = 0.35
    /// The darkest the interior gets, as a share of the character's lips (`CharacterPalette.cavity`).
    static let cavityShare: Float = 0.22
    /// How much brighter than the character's teeth tone the brightest driver teeth may come
    /// out: a highlight, not a white block.
    static let highlightHeadroom: Float = 1.12

    init(from source: CharacterPalette, to target: CharacterPalette) {
        darkLevel = max(luma(source.lips), 1)
        brightLevel = max(luma(source.teeth), darkLevel + 1)
        sourceDark = source.lips
        sourceBright = source.teeth
        darkTone = target.lips
        brightTone = target.teeth
        // A grey picture's skin has no chroma: its mouth stays grey.
        let sourceChroma = chroma(source.skin), targetChroma = chroma(target.skin)
        chromaKept = Self.chromaShare * min(targetChroma / max(sourceChroma, 1), 1)
    }

    func apply(_ c: FloatRGB) -> FloatRGB {
        let l = luma(c)
        let t = smoothstep(darkLevel, brightLevel, l)
        let reference = darkLevel + (brightLevel - darkLevel) * t
        let tone = mix(darkTone, brightTone, t)
        // Below the lips' brightness the driver's range is lifted onto the character's cavity's
        // (the lips at `cavityShare`): a throat under a small, enlarged driver mouth is black
        // blotches with hard edges otherwise.
        let ratio = l / reference
        let k = ratio < 1 ? Self.cavityShare + (1 - Self.cavityShare) * ratio : min(ratio, Self.highlightHeadroom)
        // The driver's colour against its own tone at this brightness, both as differences from
        // grey, scaled to the output's brightness.
        let own = mix(sourceDark, sourceBright, t)
        let ownGrey = luma(own)
        let gain = chromaKept * k * luma(tone) / max(l, 1)
        func channel(_ toneValue: Float, _ source: Float, _ ownValue: Float) -> Float {
            let departure = (source - l) - (ownValue - ownGrey) * l / max(ownGrey, 1)
            return min(max(k * toneValue + gain * departure, 0), 255)
        }
        return FloatRGB(channel(tone.r, c.r, own.r), channel(tone.g, c.g, own.g), channel(tone.b, c.b, own.b))
    }
}

/// How far a colour is from grey: its largest channel difference from its brightness.
@inline(__always) func chroma(_ c: FloatRGB) -> Float {
    let l = luma(c)
    return max(abs(c.r - l), abs(c.g - l), abs(c.b - l))
}
