/// How a character clip (`actone DRIVER CHARACTER.mp4`) is played against the driver.
public struct CharacterClipSettings: Sendable {
    /// `--pose`: whose head motion the output has.
    public enum Pose: String, CaseIterable, Sendable {
        /// The character clip's own head pose, body and camera; only expressions come from the driver.
        case character
        /// The clip's own pose turned further by the driver's head motion since its reference.
        case driver
    }

    /// `--loop`: how a character clip shorter than the driver goes on.
    public enum Loop: String, CaseIterable, Sendable {
        /// Forwards, backwards, forwards...: no jump where the clip meets its start.
        case pingpong
        /// From the start again after the end: a cut, unless the clip was made to loop.
        case `repeat`
    }

    /// `--length`: which clip the output's length follows.
    public enum Length: String, CaseIterable, Sendable {
        /// The driver's frame count; a shorter character clip loops.
        case driver
        /// Stops at the end of the character clip (or the driver's, whichever comes first).
        case character
    }

    /// `--audio`: the sound of the output.
    public enum Audio: String, CaseIterable, Sendable {
        case driver, character, none
    }

    public var pose: Pose = .character
    public var loop: Loop = .pingpong
    public var length: Length = .driver
    public var audio: Audio = .driver
    public init() {}
}
