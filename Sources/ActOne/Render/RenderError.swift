import Foundation

/// Why a render could not be made; each reads as one line after `actone: `.
public enum RenderError: Error, CustomStringConvertible, Equatable {
    case noCharacterFace(path: String)
    case notAHumanFace(path: String, reason: String)
    case characterTooLarge(path: String, width: Int, height: Int)
    case noDriverFace(path: String)
    case trackHasNoLandmarks(path: String)
    case referenceOutOfRange(index: Int, frames: Int)
    case referenceHasNoFace(index: Int)
    case badCharacterLandmarks(path: String, reason: String)
    /// `keepAlpha` on an image without transparency (a JPEG, an opaque PNG).
    case characterHasNoAlpha(path: String)
    /// `keepAlpha` with `compare`: the side-by-side panels have no meaningful transparency.
    case compareWithAlpha
    /// `--face-box` outside the picture, or too small or large to hold a face.
    case faceBoxOutsideImage(path: String, width: Int, height: Int)
    /// A face box whose region the mesh could not place landmarks in.
    case noFaceInBox(path: String)
    /// A character clip in none of whose frames a face was found.
    case noFaceInCharacterClip(path: String)
    /// A character clip that decodes to no frame at all.
    case characterClipEmpty(path: String)
    /// A frame of a character clip that could be read once and not again (for a loop).
    case characterClipUnreadable(path: String, frame: Int)
    /// An option that needs a still character image, given with a character clip.
    case needsStillCharacter(option: String, path: String)
    /// `--audio character` with a still character image, or a clip without sound.
    case characterHasNoAudio(path: String)

    public var description: String {
        switch self {
        case .noCharacterFace(let path):
            "\(path): no face found in the character image; give its place with --face-box x,y,w,h "
                + "(e.g. for a cartoon) or its landmarks with --character-landmarks FILE"
        case .notAHumanFace(let path, let reason):
            "\(path): the character does not look like a human face: it \(reason); "
                + "if it is one, give its place with --face-box x,y,w,h"
        case .characterTooLarge(let path, let w, let h):
            "\(path): the character image is \(w)x\(h); images up to \(CharacterAnalysis.maximumSide) px on a side "
                + "are accepted (scale it down first)"
        case .noDriverFace(let path): "\(path): no face found in any frame of the driving video"
        case .trackHasNoLandmarks(let path):
            "\(path): the pose track has no landmarks (made with --no-landmarks); rendering needs a track with landmarks"
        case .referenceOutOfRange(let index, let frames): "rest frame \(index) (--neutral) is outside the driver's \(frames) frames"
        case .referenceHasNoFace(let index): "rest frame \(index) (--neutral): no face in that frame of the driver"
        case .badCharacterLandmarks(let path, let reason): "\(path): \(reason)"
        case .characterHasNoAlpha(let path):
            "\(path): has no transparency; --keep-alpha needs an image with an alpha channel"
        case .compareWithAlpha: "--compare cannot be combined with --keep-alpha"
        case .faceBoxOutsideImage(let path, let w, let h):
            "\(path): --face-box must lie on the \(w)x\(h) image, at least 8 px and at most the image's size on a side"
        case .noFaceInBox(let path): "\(path): no face could be placed in the --face-box; check its position and size"
        case .noFaceInCharacterClip(let path): "\(path): no face found in any frame of the character clip"
        case .characterClipEmpty(let path): "\(path): the character clip has no frame that can be decoded"
        case .characterClipUnreadable(let path, let frame):
            "\(path): frame \(frame) of the character clip could not be read again to loop it"
        case .needsStillCharacter(let option, let path):
            "\(path): \(option) needs a still character image; this character is a video"
        case .characterHasNoAudio(let path): "\(path): --audio character: the character has no sound"
        }
    }
}
