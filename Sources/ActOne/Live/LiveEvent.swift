/// What a live session tells its user as it goes, in order; `actone live` prints each as a line
/// on stderr (`message`), and acts on `capturing`.
public enum LiveEvent: Sendable, Equatable {
    /// The preview page is served at this address (before the source is opened).
    case previewServed(url: String)
    /// The source is open and its frames are being taken: the session is under way.
    case capturing
    /// A new neutral was asked for (`LiveControl.recalibrate()`) and is measured from this frame
    /// on, over `seconds` from the first face seen; the neutral in use until then stays.
    case recalibrating(frame: Int, seconds: Double)
    /// The new neutral is in use from this frame on: `neutral` says how it was found.
    case neutralChanged(frame: Int, neutral: String)

    /// The line for the user; nil for an event that is not said.
    public var message: String? {
        switch self {
        case .previewServed(let url): "preview at \(url)"
        case .capturing: nil
        case .recalibrating(let frame, let seconds):
            "new neutral: measuring the rest face from frame \(frame) over \(Self.seconds(seconds)): look at the camera calmly"
        case .neutralChanged(let frame, let neutral): "new neutral in use from frame \(frame) (\(neutral))"
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
