import Imaging

/// Carries a colour from one face's palette to another's: a per-channel gain that turns the
/// source's lips into the target's, for colours as dark as lips or darker (the throat, the
/// tongue), moving over to the gain that turns the source's eye whites into the target's for
/// colours as bright as those (the teeth).
///
/// The driver's mouth interior, put in the character's mouth, then keeps its own light and dark:
/// mapping its brightness range onto the character's palette stretched a mostly-tongue opening
/// into lip colour, which read as a swollen lip (and dlib read as closed lips) rather than as an
/// open mouth. Teeth take the eye whites' gain, so a pink-lipped driver does not tint them.
struct ColourTransfer {
    let darkGain: FloatRGB
    let brightGain: FloatRGB
    /// Brightness of the source's lips and eye whites: where the gain moves from one to the other.
    let darkLevel: Float
    let brightLevel: Float

    /// Gains are kept within 0.25-4: a palette measured on a dark or blown-out patch (a hand over
    /// the mouth, a blink's lashes) must not turn the interior black or white.
    init(from source: CharacterPalette, to target: CharacterPalette) {
        func gain(_ a: FloatRGB, _ b: FloatRGB) -> FloatRGB {
            func one(_ x: Float, _ y: Float) -> Float { min(max((y + 1) / (x + 1), 0.25), 4) }
            return FloatRGB(one(a.r, b.r), one(a.g, b.g), one(a.b, b.b))
        }
        darkGain = gain(source.lips, target.lips)
        brightGain = gain(source.sclera, target.sclera)
        darkLevel = luma(source.lips)
        brightLevel = max(luma(source.sclera), darkLevel + 1)
    }

    func apply(_ c: FloatRGB) -> FloatRGB {
        let t = smoothstep(darkLevel, brightLevel, luma(c))
        let g = mix(darkGain, brightGain, t)
        return FloatRGB(min(c.r * g.r, 255), min(c.g * g.g, 255), min(c.b * g.b, 255))
    }
}
